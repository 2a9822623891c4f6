"""The explorers' frame caches never show a stale picture: a frame that draws one panel
again alone (its band, over the cached background; the other panel left as the last
frame drew it) equals the whole figure drawn from nothing, whatever changed in between."""

import numpy as np
import pytest

import nnlib.widgets as widgets
import nnlib.widgets.base as base
from nnlib.widgets import loss_explorer, neuron_explorer, weight_explorer

EXPLORERS = [
    "weight_explorer",
    "neuron_explorer",
    "activation_explorer",
    "loss_explorer",
    "finite_difference_explorer",
    "gradient_descent_explorer",
    "training_explorer",
    "autograd_explorer",
]


def full_drawing(e):
    """The canvas of e drawn again from nothing: no cached background, band or frame."""
    e._backgrounds.clear()
    e._shown = None
    return np.array(e._render())


@pytest.fixture
def repaints(monkeypatch):
    """A list that gets True for each frame that drew some bands alone."""
    done = []
    repaint = base.repaint
    monkeypatch.setattr(base, "repaint", lambda *a: done.append(repaint(*a)) or done[-1])
    return done


def assert_whole(e, what, twin=None):
    """e's canvas is the whole figure drawn from nothing at e's settings: drawn by twin (an
    explorer of the same kind, set to them; its limits are e's), or else by e itself."""
    frame = np.array(e.figure.canvas.buffer_rgba())
    if twin is not None:
        with twin.hold():
            for name, dropdown in twin.dropdowns.items():
                dropdown.value = e.dropdowns[name].value
            for name, slider in twin.sliders.items():
                slider.value = e.sliders[name].value
    np.testing.assert_array_equal(frame, full_drawing(twin or e), err_msg=what)


def drag(e, key, values, twin=None):
    for value in values:
        e.sliders[key].value = value
        assert_whole(e, f"{key} = {value}", twin)


def test_one_panel_moved_at_a_time_looks_as_the_whole_figure_drawn(repaints):
    """Frame after frame drawn a band at a time (the twin draws each whole, apart)."""
    e, twin = loss_explorer(), loss_explorer()
    for key in ("Rat", "p", "Cow", "p", "Cat"):
        slider = e.sliders[key]
        values = [round(slider.min + f * (slider.max - slider.min), 2) for f in (0.3, 0.5, 0.7)]
        drag(e, key, values, twin)
        drag(e, key, [0.01, 0.99] if key == "p" else [0.0, 1.0], twin)  # points at the edges
    e.dropdowns["y"].value = 0.0
    drag(e, "Hen", [0.2, 0.4, 0.6], twin)
    e.dropdowns["target"].value = "Dog"
    drag(e, "p", [0.3, 0.4], twin)
    assert sum(repaints) >= 20, "too few frames drew a band alone"


def test_a_style_changed_in_the_panel_a_slider_leaves_alone_is_drawn():
    e = loss_explorer()
    drag(e, "Rat", [0.2, 0.3, 0.35])
    e.mse_tangent.set_color("green")  # no new data: only its being stale says it changed
    e.sliders["Rat"].value = 0.4
    assert (np.array(e.figure.canvas.buffer_rgba())[..., :3] == (0, 128, 0)).all(-1).any()
    assert_whole(e, "a tangent turned green")


def test_a_canvas_drawn_from_outside_is_not_taken_for_the_last_frame(repaints):
    e, twin = loss_explorer(), loss_explorer()
    drag(e, "Rat", [0.2, 0.3], twin)
    e.figure.canvas.draw()  # the static parts only: the moving artists are gone
    drag(e, "Rat", [0.4, 0.5], twin)


@pytest.mark.parametrize("make, key", [(weight_explorer, "w21"), (neuron_explorer, "x1")])
def test_explorers_whose_panels_all_move_look_as_drawn_whole(make, key):
    e = make()
    drag(e, key, [-1.0, -0.5, 0.5, 2.0])


@pytest.mark.parametrize("name", EXPLORERS)
def test_every_slider_then_the_picture_match_the_whole_figure(name):
    e = getattr(widgets, name)()
    for key, slider in e.sliders.items():
        for where in (0.2, 0.9):
            value = slider.min + where * (slider.max - slider.min)
            slider.value = round(value) if isinstance(slider.value, int) else round(value, 2)
            assert_whole(e, f"{name}: {key} = {slider.value}")
    shown = np.array(e.figure.canvas.buffer_rgba())
    e.picture()
    np.testing.assert_array_equal(np.array(e.figure.canvas.buffer_rgba()), shown)
