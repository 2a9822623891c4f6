"""Comparing the explorers' still pictures with what they were drawn from."""

import numpy as np

# The picture is stored with a palette of 256 colours, which moves a pixel by up to about 70
# levels of 255; a different line or glyph moves its pixels by about 200.
PALETTE_TOLERANCE = 128


def worst_gap(actual, expected):
    """The largest difference of any colour channel between two RGBA pictures of one shape,
    in levels of 255 (alpha ignored); None when their shapes differ."""
    if actual.shape != expected.shape:
        return None
    return int(np.abs(actual[..., :3].astype(int) - expected[..., :3]).max())


def same_picture(actual, expected):
    """Whether two pictures agree up to what the palette changes."""
    gap = worst_gap(actual, expected)
    return gap is not None and gap <= PALETTE_TOLERANCE
