"""The autograd explorer, headless: the grads it shows are those of Value.backward() on the
same neuron built here, the chain rule written out and a central difference; every slider
moves the picture and the readout; the backward steps show the grads in reverse
topological order; extremes draw nothing that is not finite; bad starting values are
named."""

import math

import numpy as np
import pytest

from nnlib.autograd import Value, topological_order
from nnlib.plots_autograd import node_title
from nnlib.widgets.autograd import DOTS, AutogradExplorer, autograd_explorer, layout, neuron_loss
from nnlib.written import fmt, given


def shown(e):
    """What the explorer shows: the PNG bytes and the readout's text."""
    return bytes(e.image.value), e.readout_text()


def graph(x, w, b, y):
    """The neuron's loss built here from Values, and backward() run -> (C, x, w, b, y)."""
    vx, vw, vb, vy = (Value(v) for v in (x, w, b, y))
    C = ((vx * vw + vb).sigmoid() - vy) ** 2
    C.backward()
    return C, vx, vw, vb, vy


def loss(x, w, b, y):
    return (1 / (1 + math.exp(-(x * w + b))) - y) ** 2


def check_autograd_explorer(e):
    """Readout and boxes equal backward() on the graph built here, the chain rule and a
    central difference; the boxes show the grads the backward steps reached, in reverse
    topological order, and '?' for the others."""
    s = e.state()
    x, w, b, y = (s[k] for k in "xwby")
    C, vx, vw, vb, vy = graph(x, w, b, y)
    a = 1 / (1 + math.exp(-(x * w + b)))
    delta = 2 * (a - y) * a * (1 - a)
    assert e.values["dC/dw"] == pytest.approx(vw.grad, rel=1e-12, abs=1e-300)
    assert e.values["dC/db"] == pytest.approx(vb.grad, rel=1e-12, abs=1e-300)
    assert e.values["dC/dw by hand"] == pytest.approx(delta * x, rel=1e-12, abs=1e-300)
    assert e.values["dC/db by hand"] == pytest.approx(delta, rel=1e-12, abs=1e-300)
    h = 1e-6
    numeric_w = (loss(x, w + h, b, y) - loss(x, w - h, b, y)) / (2 * h)
    numeric_b = (loss(x, w, b + h, y) - loss(x, w, b - h, y)) / (2 * h)
    assert e.values["dC/dw"] == pytest.approx(numeric_w, rel=1e-5, abs=1e-8)
    assert e.values["dC/db"] == pytest.approx(numeric_b, rel=1e-5, abs=1e-8)
    assert e.values["C"] == pytest.approx(C.data, rel=1e-12)
    order = topological_order(C)
    reached = set(order[len(order) - s["steps"] :])
    grads = [t.get_text() for t in e.grad_texts]
    assert grads == [fmt(v.grad) if v in reached else DOTS for v in order]
    values = [t.get_text() for t in e.value_texts]
    assert values == [fmt(v.data) if v._prev else given(v.data) for v in order]
    locals_ = [t.get_text() for t in e.edge_labels]
    assert locals_ == [fmt(local) for v in order for local in v._local]
    assert all(np.isfinite(v) for v in e.values.values())


def test_starts_with_the_whole_backward_pass_done():
    e = autograd_explorer()
    assert repr(e).startswith("autograd_explorer: ") and len(repr(e)) < 100
    assert e.state() == {"x": 2.0, "w": -0.5, "b": 0.5, "y": 1.0, "steps": 9}
    check_autograd_explorer(e)
    assert DOTS not in [t.get_text() for t in e.grad_texts]
    assert e.values["dC/dw"] < 0 < e.values["C"]  # a < y: a larger w lowers C
    assert bytes(e.image.value).startswith(b"\x89PNG")


@pytest.mark.parametrize("key, value", [("x", -1.5), ("w", 2.0), ("b", -3.0), ("y", 0.0)])
def test_every_slider_moves_the_picture_and_the_readout(key, value):
    e = autograd_explorer()
    before = shown(e)
    e.sliders[key].value = value
    after = shown(e)
    assert after[0] != before[0] and after[1] != before[1]
    check_autograd_explorer(e)


def test_backward_steps_hand_each_node_its_grad_from_C_back():
    e = autograd_explorer()
    titles = layout()[2]
    C, *_ = graph(2.0, -0.5, 0.5, 1.0)
    order = topological_order(C)
    pictures = {shown(e)[0]}
    for steps in range(e.sliders["steps"].max + 1):
        e.sliders["steps"].value = steps
        check_autograd_explorer(e)
        grads = [t.get_text() for t in e.grad_texts]
        assert sum(g != DOTS for g in grads) == steps
        pictures.add(shown(e)[0])
        if steps == 0:
            assert not e.ring.get_visible() and "node = none yet" in e.readout_text()
            assert all(g == DOTS for g in grads)
            continue
        current = len(order) - steps  # the node handed its grad at this step
        assert e.ring.get_visible()
        (x, y) = e.centres[current]
        assert e.ring.get_x() + e.ring.get_width() / 2 == pytest.approx(x)
        assert e.ring.get_y() + e.ring.get_height() / 2 == pytest.approx(y)
        assert f"node = {titles[current]}" in e.readout_text()
        assert e.values["its grad"] == pytest.approx(order[current].grad, rel=1e-12)
    assert len(pictures) == len(order) + 1  # each step a picture of its own
    named = topological_order(neuron_loss(2.0, -0.5, 0.5, 1.0)[0])
    assert titles == tuple(node_title(v) for v in named)
    assert titles[-1] == "C: **2"  # the first node handed its grad: dC/dC = 1
    e.sliders["steps"].value = 1
    assert e.grad_texts[-1].get_text() == fmt(1.0)


def test_the_graph_keeps_its_shape_and_places():
    e = autograd_explorer()
    fixed = [p for p in e.ax.patches if p is not e.ring]  # boxes, arrows, backings
    boxes = [p.get_path().vertices.copy() for p in fixed]
    for key, value in (("x", -3.0), ("w", 3.0), ("steps", 2)):
        e.sliders[key].value = value
        assert all(np.array_equal(p.get_path().vertices, v) for p, v in zip(fixed, boxes))
    assert e.background_draws == 1  # only the texts and the ring move


@pytest.mark.parametrize("end", ["min", "max"])
def test_extremes_draw_nothing_that_is_not_finite(end):
    e = autograd_explorer()
    for x_end in ("min", "max"):
        with e.hold():
            for key in "wby":
                e.sliders[key].value = getattr(e.sliders[key], end)
            e.sliders["x"].value = getattr(e.sliders["x"], x_end)
        check_autograd_explorer(e)
        assert all(np.isfinite(v) for v in e.values.values())
        for artist in e.grad_texts + e.value_texts + e.edge_labels:
            assert "nan" not in artist.get_text() and "inf" not in artist.get_text()


def test_compute_is_pure():
    state = {"x": 1.5, "w": 0.25, "b": -1.0, "y": 0.0, "steps": 4}
    a, b = AutogradExplorer.compute(dict(state)), AutogradExplorer.compute(dict(state))
    assert a == b and state == {"x": 1.5, "w": 0.25, "b": -1.0, "y": 0.0, "steps": 4}
    assert sum(node.reached for node in a["nodes"]) == 4


def test_neuron_loss_names_its_nodes():
    C, v = neuron_loss(2.0, -0.5, 0.5, 1.0)
    assert set(v) == {"x", "w", "b", "y", "z", "a", "C"} and v["C"] is C
    assert [v[k].label for k in v] == list(v)
    assert C.data == pytest.approx(loss(2.0, -0.5, 0.5, 1.0))


@pytest.mark.parametrize(
    "kwargs, error, words",
    [
        ({"x": 5.0}, ValueError, "x must be between -3 and 3, got 5"),
        ({"w": "1"}, TypeError, "w must be a number between -3 and 3"),
        ({"b": float("nan")}, ValueError, "b must be between -3 and 3"),
        ({"y": True}, TypeError, "y must be a number"),
    ],
)
def test_bad_starting_values_are_named(kwargs, error, words):
    with pytest.raises(error, match=words):
        autograd_explorer(**kwargs)
