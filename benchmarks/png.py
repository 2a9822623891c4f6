"""Which PNG encoder for the explorers' frames: nnlib's own or Pillow's?

Every slider move turns the explorer's canvas, an (H, W, 4) RGBA buffer, into PNG bytes.
nnlib.widgets.png_bytes writes unfiltered rows and deflates them at level 1 with ISA-L (isal).
Pillow (a dependency of matplotlib) chooses a filter for every row (none, sub, up or
Paeth; it has no option to turn that off for RGB and RGBA images) and compresses with
zlib's Z_FILTERED strategy; it is timed at level 1 on the RGBA buffer, and on its RGB
part (the canvas is opaque, so the alpha channel carries nothing), with the zlib
strategy Pillow picks and with zlib's default one.

The frames are real: for each explorer, its main slider set to a few values, at the
explorers' resolution and at twice it (four times the pixels, for sharper images).
Before timing, every encoder's bytes must decode (with Pillow) to the frame's pixels.
The contenders run alternately; the table gives median and p95 ms per frame and the
bytes, then a verdict per resolution from the ratios of the medians.

    python benchmarks/png.py               # about a minute
    python benchmarks/png.py --repeats 5   # a quicker, noisier run
"""

import argparse
import io
import zlib

import numpy as np
import PIL
from _timing import add_clock_argument, header, measure  # beside this script
from PIL import Image
from widgets import EXPLORERS  # benchmarks/widgets.py: explorer -> its main slider

import nnlib.widgets as widgets
from nnlib.widgets import png_bytes

STOPS = (0.2, 0.5, 0.9)  # where on its range the slider is set, one frame each
SHARP_STOP = 0.7  # the frame at twice the resolution
Z_DEFAULT_STRATEGY = 0  # zlib's strategy constants, as Pillow's compress_type takes them


def pillow_png(rgba, rgb=False, strategy=-1):
    """PNG bytes from Pillow at zlib level 1, of the RGBA image or of its RGB part;
    strategy -1 leaves Pillow's choice (Z_FILTERED)."""
    image = Image.fromarray(np.ascontiguousarray(rgba[..., :3]) if rgb else rgba)
    out = io.BytesIO()
    image.save(out, format="png", compress_level=1, compress_type=strategy)
    return out.getvalue()


ENCODERS = {
    "nnlib png_bytes RGBA": png_bytes,
    "Pillow RGBA": pillow_png,
    "Pillow RGB": lambda rgba: pillow_png(rgba, rgb=True),
    "Pillow RGB, zlib default": lambda rgba: pillow_png(
        rgba, rgb=True, strategy=Z_DEFAULT_STRATEGY
    ),
}
BASELINE = "nnlib png_bytes RGBA"


def set_slider(explorer, key, where):
    """Set the explorer's slider `key` to the fraction `where` of its range -> label."""
    slider = explorer.sliders[key]
    value = slider.min + where * (slider.max - slider.min)
    slider.value = round(value) if isinstance(slider.value, int) else float(value)
    return f"{key}={slider.value:g}"


def frames(name, key):
    """[(label, scale, rgba)]: copies of the explorer's canvas at STOPS (scale 1), then
    one frame at twice the resolution (scale 2)."""
    explorer = getattr(widgets, name)()
    out = []
    for where in STOPS:
        label = set_slider(explorer, key, where)
        out.append((label, 1, explorer._render().copy()))
    explorer.figure.set_dpi(2 * explorer.figure.dpi)
    label = set_slider(explorer, key, SHARP_STOP)
    out.append((label, 2, explorer._render().copy()))
    return out


def check_round_trip(rgba):
    """Every encoder's bytes decode to the frame's pixels (RGB ones to its RGB part)."""
    assert (rgba[..., 3] == 255).all(), "the canvas is not opaque"
    for name, encode in ENCODERS.items():
        with Image.open(io.BytesIO(encode(rgba))) as image:
            decoded = np.asarray(image.convert("RGBA"))
        assert np.array_equal(decoded, rgba), f"{name} does not round-trip"


def time_frame(rgba, repeats, clock):
    """-> dict encoder -> (Stats, bytes) for one frame."""
    stats = measure(
        {name: lambda encode=encode: encode(rgba) for name, encode in ENCODERS.items()},
        repeats,
        clock=clock,
    )
    return {name: (stats[name], len(encode(rgba))) for name, encode in ENCODERS.items()}


def print_rows(label, rgba, results):
    """One row per encoder of one frame."""
    height, width, _ = rgba.shape
    for name, (stats, size) in results.items():
        print(
            f"{label:42s} {f'{width}x{height}':>9s}  {name:26s} "
            f"{stats.median * 1e3:9.2f} {stats.p95 * 1e3:7.2f} {size:8d}"
        )


def verdict(scale, ratios):
    """The lines for one resolution: each Pillow variant's time and bytes against nnlib's
    (geometric mean over the frames, with the range of the time ratio), and which is
    faster.  ratios: encoder -> [(time ratio, bytes ratio) per frame]."""
    print(f"verdict at {scale}x the explorers' resolution ({len(ratios[BASELINE])} frames):")
    for name in ENCODERS:
        if name == BASELINE:
            continue
        r, s = np.array(ratios[name]).T
        mean = float(np.exp(np.log(r).mean()))
        faster = f"nnlib {mean:.2f}x faster" if mean > 1 else f"Pillow {1 / mean:.2f}x faster"
        print(
            f"  {name:26s} median time / nnlib's {mean:.2f} (frames {r.min():.2f}-"
            f"{r.max():.2f}): {faster}; bytes / nnlib's {np.exp(np.log(s).mean()):.2f}"
        )


def parse_args(argv):
    """The command line, checked -> argparse.Namespace."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--repeats", type=int, default=15, help="alternating repeats per frame (default 15)"
    )
    add_clock_argument(parser)
    args = parser.parse_args(argv)
    if args.repeats < 1:
        parser.error(f"--repeats must be at least 1, got {args.repeats}")
    args.clock = args.clock or "cpu"  # the encoders run on one thread
    return args


def main(argv=None):
    args = parse_args(argv)

    print(
        header(
            "PNG encoders on the explorers' frames: nnlib's png_bytes against Pillow",
            [
                f"Pillow {PIL.__version__}, zlib {zlib.ZLIB_RUNTIME_VERSION}; "
                f"{args.repeats} repeats per frame, {args.clock} clock; zlib level 1 for all"
            ],
        )
    )
    print(
        f"{'explorer, slider':42s} {'frame':>9s}  {'encoder':26s} "
        f"{'median ms':>9s} {'p95 ms':>7s} {'bytes':>8s}"
    )
    ratios = {}  # scale -> encoder -> [(time ratio, bytes ratio) per frame]
    for name, key in EXPLORERS.items():
        for label, scale, rgba in frames(name, key):
            check_round_trip(rgba)
            results = time_frame(rgba, args.repeats, args.clock)
            print_rows(f"{name} {label}", rgba, results)
            base_time, base_size = results[BASELINE][0].median, results[BASELINE][1]
            for encoder, (stats, size) in results.items():
                ratios.setdefault(scale, {}).setdefault(encoder, []).append(
                    (stats.median / base_time, size / base_size)
                )
    for scale in sorted(ratios):
        verdict(scale, ratios[scale])


if __name__ == "__main__":
    main()
