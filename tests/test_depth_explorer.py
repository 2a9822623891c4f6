"""The depth explorer, headless: it shows nnlib.depth's numbers, every control moves the
picture, extreme settings draw nothing that is not finite, the log axis stays put while the
depth slider moves, and bad starting values are named."""

import numpy as np
import pytest

from nnlib.depth import activation_percentiles, depth_run
from nnlib.widgets.axes import CLIP
from nnlib.widgets.depth import INIT_CHOICES, DepthExplorer, decade_limits, depth_explorer


def shown(e):
    """What the explorer shows: the PNG bytes and the readout's text."""
    return bytes(e.image.value), e.readout_text()


def check_numbers(e):
    """The readout, the line and the bands equal a depth_run at the controls' values."""
    s = e.state()
    run = depth_run(s["depth"], s["width"], s["activation"], s["init"], s["seed"])
    norms = run.weight_norms
    assert e.values["||dC/dW_1||"] == pytest.approx(norms[0], rel=1e-12)
    assert e.values[f"||dC/dW_{s['depth'] + 1}||"] == pytest.approx(norms[-1], rel=1e-12)
    if norms[-1] > 0:
        assert e.values["first / last"] == pytest.approx(norms[0] / norms[-1], rel=1e-12)
    else:
        assert "first / last = none" in e.readout_text()
    layers, drawn = e.norm_line.get_data()
    np.testing.assert_array_equal(layers, np.arange(1, s["depth"] + 2))
    # a zero gradient is drawn on the bottom edge of the log axis
    np.testing.assert_allclose(drawn, np.clip(norms, *e.ax_norms.get_ylim()), rtol=1e-12)
    p = activation_percentiles(run.activations)
    drawn_median = e.median.get_data()[1]  # clipped to +-CLIP, so that extremes still draw
    np.testing.assert_allclose(drawn_median, np.clip(p[:, 2], -CLIP, CLIP), rtol=1e-12)
    assert len(e.wide.get_paths()) == len(e.narrow.get_paths()) == s["depth"]


def assert_finite_drawing(e):
    assert np.isfinite(e.norm_line.get_data()[1]).all()
    assert np.isfinite(e.median.get_data()[1]).all()
    for bands in (e.wide, e.narrow):
        assert all(np.isfinite(path.vertices).all() for path in bands.get_paths())
    assert np.isfinite(e.ax_norms.get_ylim()).all() and np.isfinite(e.ax_acts.get_ylim()).all()
    assert all(np.isfinite(v) for v in e.values.values() if not isinstance(v, str))


def test_starts_at_sigmoid_depth_10_and_shows_the_vanishing_gradient():
    e = depth_explorer()
    assert repr(e).startswith("depth_explorer: ")
    assert e.state() == {
        "depth": 10,
        "width": 32,
        "activation": "sigmoid",
        "init": "xavier",
        "seed": 0,
    }
    check_numbers(e)
    assert e.values["first / last"] < 1e-4
    assert bytes(e.image.value).startswith(b"\x89PNG")


@pytest.mark.parametrize(
    "control, value",
    [
        ("depth", 4),
        ("width", 8),
        ("activation", "relu"),
        ("activation", "tanh"),
        ("init", "he"),
        ("init", 4.0),
    ],
)
def test_every_control_moves_the_picture(control, value):
    e = depth_explorer()
    before = shown(e)
    widget = e.sliders.get(control) or e.dropdowns[control]
    widget.value = value
    after = shown(e)
    assert after[0] != before[0] and after[1] != before[1]
    check_numbers(e)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu", "linear"])
def test_extremes_draw_nothing_that_is_not_finite(activation):
    e = depth_explorer(activation=activation)
    for init in (16.0, 0.5):
        with e.hold():
            e.sliders["depth"].value, e.sliders["width"].value = 20, 64
            e.dropdowns["init"].value = init
        assert_finite_drawing(e)
        check_numbers(e)
    with e.hold():
        e.sliders["depth"].value, e.sliders["width"].value = 1, 4
    assert_finite_drawing(e)


def test_the_log_axis_stays_put_while_the_depth_slider_moves():
    e = depth_explorer(depth=1)
    limits, draws = e.ax_norms.get_ylim(), e.background_draws
    for depth in range(2, 21):
        e.sliders["depth"].value = depth
        lo, hi = e.ax_norms.get_ylim()
        drawn = e.norm_line.get_data()[1]
        assert lo <= drawn.min() and drawn.max() <= hi
    assert e.ax_norms.get_ylim() == limits and e.background_draws == draws


def test_a_network_without_gradient_is_drawn_on_the_bottom_edge_and_named():
    e = depth_explorer(depth=20, width=4, activation="relu", init="he")
    assert depth_run(20, 4, "relu", "he").weight_norms.max() == 0  # every relu of a layer off
    check_numbers(e)
    assert_finite_drawing(e)
    lo, hi = e.ax_norms.get_ylim()
    assert hi / lo < 1e30  # the axis fits the gradients there are, not the zeros
    assert np.all(e.norm_line.get_data()[1] == lo)


def test_decade_limits_keep_what_fits_and_move_for_what_leaves():
    assert decade_limits(None, [1e-3, 2.0]) == (1e-4, 1e2)
    assert decade_limits((1e-4, 1e2), [1e-2, 1.0]) == (1e-4, 1e2)  # fits, fills a third
    assert decade_limits((1e-4, 1e2), [0.5, 1.0]) == (1e-2, 1e2)  # fills too little
    assert decade_limits((1e-4, 1e2), [1e3]) == (1e1, 1e5)  # leaves
    assert decade_limits(None, [0.0, np.inf]) == (1e-301, 1e301)


def test_compute_is_pure():
    state = {"depth": 3, "width": 6, "activation": "tanh", "init": 2.0, "seed": 1}
    a, b = DepthExplorer.compute(dict(state)), DepthExplorer.compute(dict(state))
    np.testing.assert_array_equal(a["norms"], b["norms"])
    np.testing.assert_array_equal(a["percentiles"], b["percentiles"])
    assert a["std"] == pytest.approx(2.0 / np.sqrt(6))


def test_the_init_dropdown_offers_the_named_and_scaled_choices():
    e = depth_explorer(init="he")
    assert [v for _, v in e.dropdowns["init"].options] == [v for _, v in INIT_CHOICES]
    assert e.values["weight std"] == pytest.approx(np.sqrt(2 / 32))


@pytest.mark.parametrize(
    "kwargs, error, words",
    [
        ({"depth": 0}, ValueError, "depth must be between 1 and 20"),
        ({"depth": 2.5}, TypeError, "depth must be a whole number"),
        ({"width": 100}, ValueError, "width must be between 4 and 64"),
        ({"activation": "softmax"}, ValueError, "activation must be one of"),
        ({"init": 3.0}, ValueError, "init must be one of"),
        ({"seed": -1}, ValueError, "seed must be a whole number >= 0"),
    ],
)
def test_bad_starting_values_are_named(kwargs, error, words):
    with pytest.raises(error, match=words):
        depth_explorer(**kwargs)
