"""The PNG bytes the explorers send: the live image decodes to exactly what the canvas
holds, the still picture to the figure up to its palette, and png_bytes round-trips any
RGBA array through an independent decoder (Pillow)."""

import io
import zlib

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from PIL import Image

from nnlib.widgets import (
    activation_explorer,
    autograd_explorer,
    finite_difference_explorer,
    gradient_descent_explorer,
    loss_explorer,
    neuron_explorer,
    png_bytes,
    training_explorer,
    weight_explorer,
)

EXPLORERS = {  # explorer -> the slider a learner moves most
    "weight_explorer": (weight_explorer, "w11"),
    "neuron_explorer": (neuron_explorer, "w1"),
    "activation_explorer": (activation_explorer, "x"),
    "loss_explorer": (loss_explorer, "p"),
    "finite_difference_explorer": (finite_difference_explorer, "log10_eps"),
    "gradient_descent_explorer": (gradient_descent_explorer, "lr"),
    "training_explorer": (training_explorer, "hidden"),
    "autograd_explorer": (autograd_explorer, "w"),
}
STOPS = (0.25, 0.8)  # where on its range the slider is set, one update each

# The still picture has a palette of 256 colours, not dithered: a pixel whose colour is not
# in the palette takes the nearest one.  On these frames the worst channel moved by 71 levels
# of 255 (weight_explorer) and at most 2.4% of the pixels changed at all; a misplaced line or
# glyph moves pixels by about 200, and a shifted or rescaled figure changes far more of them.
PALETTE_GAP = 80
PALETTE_CHANGED = 0.04


def decode(data, mode):
    """PNG bytes -> (H, W, 4) uint8 RGBA, after checking the file's colour mode."""
    assert bytes(data[:8]) == b"\x89PNG\r\n\x1a\n"
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG" and image.mode == mode
        return np.asarray(image.convert("RGBA"))


def move(explorer, key, where):
    """Set the slider `key` to the fraction `where` of its range (one update)."""
    slider = explorer.sliders[key]
    value = slider.min + where * (slider.max - slider.min)
    slider.value = round(value) if isinstance(slider.value, int) else float(value)


@pytest.mark.parametrize("name", list(EXPLORERS))
def test_live_image_is_exactly_the_canvas_after_each_update(name):
    make, key = EXPLORERS[name]
    explorer = make()
    shown = bytes(explorer.image.value)
    for where in STOPS:
        move(explorer, key, where)
        canvas = np.asarray(explorer.figure.canvas.buffer_rgba()).copy()
        assert bytes(explorer.image.value) != shown, "the image did not change"
        shown = bytes(explorer.image.value)
        np.testing.assert_array_equal(decode(shown, "RGBA"), canvas)


@pytest.mark.parametrize("name", list(EXPLORERS))
def test_picture_is_the_canvas_up_to_its_palette(name):
    make, key = EXPLORERS[name]
    explorer = make()
    for where in STOPS:
        move(explorer, key, where)
        canvas = np.asarray(explorer.figure.canvas.buffer_rgba()).copy()
        picture = decode(explorer.picture(), "P")
        height, width, _ = canvas.shape
        assert picture.shape[1] == width and picture.shape[0] > height  # readout beneath
        top = picture[:height].astype(int)
        gap = np.abs(top - canvas).max()
        changed = (top != canvas).any(axis=-1).mean()
        assert gap <= PALETTE_GAP, f"a pixel moved by {gap} levels"
        assert changed <= PALETTE_CHANGED, f"{changed:.1%} of the pixels changed"


def round_trip(rgba):
    decoded = decode(png_bytes(rgba), "RGBA")
    assert decoded.dtype == np.uint8
    np.testing.assert_array_equal(decoded, rgba)


@given(
    arrays(
        np.uint8,
        st.tuples(st.integers(1, 40), st.integers(1, 40), st.just(4)),
        elements=st.integers(0, 255),
    )
)
def test_png_bytes_round_trips_random_rgba(rgba):
    round_trip(rgba)


@pytest.mark.parametrize("shape", [(1, 1, 4), (1000, 1, 4), (1, 1000, 4), (3, 2, 4)])
def test_png_bytes_round_trips_edge_shapes(shape):
    rng = np.random.default_rng(0)
    round_trip(rng.integers(0, 256, size=shape, dtype=np.uint8))


@pytest.mark.parametrize("shape", [(1, 1, 4), (95, 3, 4), (96, 7, 4), (97, 5, 4), (544, 1440, 4)])
def test_png_bytes_is_one_zlib_stream_whose_checksum_holds(shape):
    """The image data are one zlib stream: zlib itself inflates it and checks its Adler-32
    (a decoder may stop before reading the checksum)."""
    rgba = np.random.default_rng(sum(shape)).integers(0, 256, shape, dtype=np.uint8)
    rgba[: shape[0] // 2] = 255  # a flat half, as a figure's margins
    data = png_bytes(rgba)
    length = int.from_bytes(data[33:37], "big")
    assert data[37:41] == b"IDAT"
    raw = zlib.decompress(data[41 : 41 + length])
    rows = np.frombuffer(raw, dtype=np.uint8).reshape(shape[0], 4 * shape[1] + 1)
    assert not rows[:, 0].any()
    np.testing.assert_array_equal(rows[:, 1:].reshape(shape), rgba)
