"""PNG bytes for the explorers: a fast encoder for each slider move, a paletted one for
the stored still picture, and the readout drawn as an image strip beneath the figure."""

import io
import struct
import zlib
from types import MappingProxyType

import numpy as np
from isal import isal_zlib
from matplotlib.font_manager import FontProperties

from ..plots import COLORS, new_figure

# The readout drawn beneath the figure in the picture shown without a kernel.
READOUT_FONT = MappingProxyType({"family": "DejaVu Sans Mono", "size": 10})  # matplotlib ships it
READOUT_LINE_SPACING = 1.35  # as in the live readout's HTML
READOUT_PAD = 0.1  # inches around the lines
READOUT_RULE = 221  # grey level of the rule between figure and readout


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bytes(rgba):
    """An (H, W, 4) uint8 RGBA image as PNG bytes, unfiltered, deflated at level 1 by
    ISA-L (isal): mostly flat figures compress well this way, and ISA-L does it about
    nine times as fast as zlib's own level 1, to the same size, which is what lets the
    explorers send images sharp on HiDPI screens at every slider move."""
    height, width, _ = rgba.shape
    raw = np.empty((height, 4 * width + 1), dtype=np.uint8)
    raw[:, 0] = 0  # each row's filter: none
    raw[:, 1:] = rgba.reshape(height, 4 * width)
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", isal_zlib.compress(raw, 1))
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
