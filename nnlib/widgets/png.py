"""PNG bytes for the explorers: a fast encoder for each slider move, a paletted one for
the stored still picture, and the readout drawn as an image strip beneath the figure."""

import io
import struct
import zlib
from concurrent.futures import ThreadPoolExecutor
from types import MappingProxyType

import numpy as np
from matplotlib.font_manager import FontProperties

from ..plots import COLORS, new_figure

# The readout drawn beneath the figure in the picture shown without a kernel.
READOUT_FONT = MappingProxyType({"family": "DejaVu Sans Mono", "size": 10})  # matplotlib ships it
READOUT_LINE_SPACING = 1.35  # as in the live readout's HTML
READOUT_PAD = 0.1  # inches around the lines
READOUT_RULE = 221  # grey level of the rule between figure and readout


STRIP_ROWS = 96  # rows per independently compressed strip (one task each)
_pool = None  # the worker threads, made at the first large image


def _workers():
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="nnlib-png")
    return _pool


def _deflate_strip(rgba, last):
    """rgba's rows, each led by its filter byte 0 (none), as raw deflate that ends on a
    byte boundary (a final block when last) -> (bytes, adler32 of the rows, their length).
    zlib lets go of the GIL while it works, so two strips compress at once."""
    height, width, _ = rgba.shape
    raw = np.empty((height, 4 * width + 1), dtype=np.uint8)
    raw[:, 0] = 0
    raw[:, 1:] = rgba.reshape(height, 4 * width)
    packer = zlib.compressobj(1, zlib.DEFLATED, -15)
    data = packer.compress(raw) + packer.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH)
    return data, zlib.adler32(raw), raw.size


def adler32_combine(first, second, length):
    """The Adler-32 of a + b from adler32(a), adler32(b) and len(b) (as zlib's own
    adler32_combine, which Python does not expose)."""
    base = 65521
    rem = length % base
    a1, b1 = first & 0xFFFF, first >> 16
    a2, b2 = second & 0xFFFF, second >> 16
    a = (a1 + a2 - 1) % base
    b = (b1 + b2 + rem * a1 - rem) % base
    return (b << 16) | a


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bytes(rgba):
    """An (H, W, 4) uint8 RGBA image as PNG bytes, unfiltered, zlib level 1: mostly flat
    figures compress well this way, and it is several times faster than the default.
    Strips of STRIP_ROWS rows are compressed on two threads and joined into one zlib
    stream (each strip ends on a byte boundary, so the deflate data simply follow on)."""
    height, width, _ = rgba.shape
    starts = range(0, max(height, 1), STRIP_ROWS)
    strips = [rgba[k : k + STRIP_ROWS] for k in starts]
    lasts = [k == len(strips) - 1 for k in range(len(strips))]
    if len(strips) > 1:
        parts = list(_workers().map(_deflate_strip, strips, lasts))
    else:
        parts = [_deflate_strip(strips[0], True)]
    checksum = 1
    for _, adler, length in parts:
        checksum = adler32_combine(checksum, adler, length)
    stream = b"\x78\x01" + b"".join(p[0] for p in parts) + struct.pack(">I", checksum)
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", stream)
        + _chunk(b"IEND", b"")
    )


def paletted_png(rgba, colors=256):
    """An (H, W, 4) uint8 RGBA image, opaque, as a PNG with an adaptive palette of at most
    `colors` colours, not dithered: a plot and its text need no more, and the file is about a
    third of a full-colour one.  For pictures that are stored, not for each slider move."""
    from PIL import Image

    paletted = Image.fromarray(np.ascontiguousarray(rgba[..., :3])).quantize(
        colors=colors, dither=Image.Dither.NONE
    )
    out = io.BytesIO()
    paletted.save(out, format="png", optimize=True)
    return out.getvalue()


def wrap_readout(parts, width):
    """Readout lines (lists of "label = value" strings) joined by ",  " and wrapped at those
    joins to at most `width` characters where the parts allow; a wrapped line goes on
    indented.  -> list of str, one per row."""
    rows = []
    for line in parts:
        row = ""
        for part in line:
            if not row:
                row = part
            elif len(row) + 3 + len(part) <= width:
                row += ",  " + part
            else:
                rows.append(row + ",")
                row = "    " + part
        rows.append(row)
    return rows


def readout_image(parts, width, dpi, facecolor="white"):
    """The readout's lines in a monospace font, wrapped to a strip `width` pixels wide with
    a thin rule above them -> (H, width, 4) uint8 RGBA.  Drawn on a figure of its own, so
    no explorer figure and no rcParams change."""
    font = FontProperties(**READOUT_FONT)
    pad = round(READOUT_PAD * dpi)
    strip = new_figure((width / dpi, 1.0), dpi)
    renderer = strip.canvas.get_renderer()
    sample = "0" * 100
    char = renderer.get_text_width_height_descent(sample, font, ismath=False)[0] / len(sample)
    rows = wrap_readout(parts, max(20, int((width - 2 * pad) / char)))
    em = font.get_size_in_points() * dpi / 72
    line = round(READOUT_LINE_SPACING * em)
    height = 2 * pad + len(rows) * line
    strip.set_size_inches(width / dpi, height / dpi)
    strip.set_facecolor(facecolor)
    for k, row in enumerate(rows):
        baseline = pad + round(0.8 * em) + k * line
        strip.text(
            pad / width,
            1 - baseline / height,
            row,
            fontproperties=font,
            color=COLORS["point"],
            ha="left",
            va="baseline",
        )
    strip.canvas.draw()
    rgba = np.array(strip.canvas.buffer_rgba())[:, :width]
    if rgba.shape[1] < width:  # a pixel lost to rounding width / dpi * dpi
        rgba = np.concatenate([rgba, np.repeat(rgba[:, -1:], width - rgba.shape[1], 1)], 1)
    rgba[0, pad : width - pad, :3] = READOUT_RULE
    return rgba
