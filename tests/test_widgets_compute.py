"""The explorers' compute(state), without a figure: each frame's numbers compared with
nnlib, and one frame of the weight explorer costing one forward and one backward pass
besides the loss curve; the axis limits (fitted_range) and the placing of the marks of a
derivative (marks), which need no figure either."""

import itertools

import matplotlib.figure
import numpy as np
import pytest

import nnlib
import nnlib.network
from nnlib import ARTICLE_WEIGHTS, WEIGHT_NAMES, SeedNetwork, train
from nnlib.plots import fmt
from nnlib.train import History
from nnlib.widgets import (
    CLASS_TABLE,
    CLASSES,
    ELEMENTWISE,
    ActivationExplorer,
    FiniteDifferenceExplorer,
    GradientDescentExplorer,
    LossExplorer,
    NeuronExplorer,
    WeightExplorer,
    gradient_descent,
    weight_explorer,
)
from nnlib.widgets.axes import fitted_range
from nnlib.widgets.finite_difference import loss_of_w11
from nnlib.widgets.gradient_descent import first_steps
from nnlib.widgets.marks import GAP, beside, clip_segment, inside, slope_text


@pytest.fixture
def no_figure(monkeypatch):
    """compute must not create a figure: creating one fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("compute created a figure")

    monkeypatch.setattr(matplotlib.figure.Figure, "__init__", refuse)


def slope(segment):
    (x0, x1), (y0, y1) = segment
    return (y1 - y0) / (x1 - x0)


@pytest.mark.parametrize("name", WEIGHT_NAMES)
def test_weight_compute_matches_nnlib(no_figure, name):
    weights = {n: v + 0.1 * k for k, (n, v) in enumerate(ARTICLE_WEIGHTS.items())}
    x, y = (0.5, -1.25), 0.75
    n = WeightExplorer.compute({**weights, "x1": x[0], "x2": x[1], "y": y, "plotted": name})
    net = SeedNetwork(weights)
    forward, grads, chain = net.forward(x, y), net.gradients(x, y), net.chain_rule(name, x, y)
    assert n["name"] == name and n["w"] == weights[name]
    assert n["trace"].C == forward["loss"] and n["trace"].y_hat == forward["y_hat"]
    np.testing.assert_array_equal(n["trace"].h, forward["h"])
    assert n["trace"].gradients == grads
    assert list(n["chain"]) == list(chain) and n["chain"].product == chain.product
    np.testing.assert_array_equal(n["heights"], [grads[w] for w in WEIGHT_NAMES])
    np.testing.assert_allclose(n["curve"], net.loss_curve(name, WeightExplorer.grid(), x, y))
    assert slope(n["tangent"]) == pytest.approx(grads[name], rel=1e-12, abs=1e-15)


def test_one_weight_frame_is_one_forward_and_one_backward_pass(monkeypatch):
    e = weight_explorer()
    expected = SeedNetwork({"w21": -1.5}).gradients()
    calls = {"trace": 0, "forward": 0, "backward": 0}

    def counted(key, function):
        def wrapper(*args, **kwargs):
            calls[key] += 1
            return function(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(SeedNetwork, "trace", counted("trace", SeedNetwork.trace))
    for key, name in (("forward", "forward_layers"), ("backward", "backward_layers")):
        monkeypatch.setattr(nnlib.network, name, counted(key, getattr(nnlib.network, name)))
    e.sliders["w21"].value = -1.5
    # One trace: one forward and one backward pass; the other forward is the loss curve.
    assert calls == {"trace": 1, "forward": 2, "backward": 1}
    assert e.values["dC/dw21"] == expected["w21"] and e.values["dC/dw11"] == expected["w11"]


@pytest.mark.parametrize("activation", ELEMENTWISE)
def test_neuron_compute_matches_nnlib(no_figure, activation):
    state = {"w1": 0.5, "w2": -1.5, "b": 0.25, "x1": 2.0, "x2": 0.75, "activation": activation}
    n = NeuronExplorer.compute(state)
    z = 0.5 * 2.0 - 1.5 * 0.75 + 0.25
    f = nnlib.ACTIVATIONS[activation].f
    assert n["z"] == pytest.approx(z, rel=1e-15) and n["a"] == pytest.approx(float(f(z)))
    assert n["terms"] == pytest.approx([1.0, -1.125, 0.25, z])
    np.testing.assert_array_equal(n["curve"], f(NeuronExplorer.grid()))
    lo, hi = n["limits"]
    assert lo <= n["curve"].min() and n["curve"].max() <= hi


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_activation_compute_matches_nnlib(no_figure, name):
    act = nnlib.ACTIVATIONS[name]
    n = ActivationExplorer.compute({"x": -0.7, "function": name})
    assert n["fx"] == float(act.f(-0.7)) and n["dfx"] == float(act.df(-0.7))
    np.testing.assert_array_equal(n["dcurve"], act.df(ActivationExplorer.grid()))
    assert slope(n["tangent"]) == pytest.approx(n["dfx"], rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("target", CLASSES)
def test_loss_compute_matches_nnlib(no_figure, target):
    raw = [0.1, 0.0, 0.3, 0.2, 0.2]
    n = LossExplorer.compute({"p": 0.3, "y": 0.0, "target": target, **dict(zip(CLASSES, raw))})
    probs = np.array(raw) / 0.8
    k = CLASSES.index(target)
    np.testing.assert_allclose(n["probs"], probs, rtol=1e-15)
    assert n["mse"] == (nnlib.mse([0.3], [0.0]), float(nnlib.mse_grad([0.3], [0.0])[0]))
    bce = (
        nnlib.binary_cross_entropy([0.3], [0.0]),
        float(nnlib.binary_cross_entropy_grad([0.3], [0.0])[0]),
    )
    assert n["bce"] == bce
    assert slope(n["bce_tangent"]) == pytest.approx(bce[1], rel=1e-12)
    assert n["row_loss"] == nnlib.categorical_cross_entropy(probs[None, :], np.array([k]))
    table = np.array([CLASS_TABLE[c] for c in CLASSES])
    table[k] = probs
    assert n["mean_loss"] == pytest.approx(nnlib.categorical_cross_entropy(table, np.arange(5)))


def test_loss_compute_treats_an_all_zero_row_as_uniform(no_figure):
    n = LossExplorer.compute({"p": 0.5, "y": 1.0, "target": "Cat", **dict.fromkeys(CLASSES, 0.0)})
    np.testing.assert_array_equal(n["probs"], np.full(5, 0.2))


@pytest.mark.parametrize("method", ["central", "forward"])
@pytest.mark.parametrize("precision", ["float64", "float32"])
def test_finite_difference_compute_matches_nnlib(no_figure, method, precision):
    n = FiniteDifferenceExplorer.compute(
        {"log10_eps": -3.0, "method": method, "precision": precision}
    )
    f, w = loss_of_w11(precision)
    est = float(nnlib.numerical_gradient(f, w, eps=1e-3, method=method)[0])
    analytic = SeedNetwork().gradients()["w11"]
    assert n["estimate"] == est and n["backprop"] == analytic
    assert n["error"] == abs(est - analytic) and n["relative"] == nnlib.rel_error(est, analytic)


def test_gradient_descent_compute_matches_nnlib(no_figure):
    n = GradientDescentExplorer.compute({"lr": 0.5, "steps": 12})
    history = train(SeedNetwork(), (1.0, 1.0), 0.0, lr=0.5, steps=12, record_params=True)
    np.testing.assert_array_equal(n["losses"], history.losses)
    assert n["diverged"] == history.diverged
    np.testing.assert_array_equal(n["w31"], [p[1][0, 0] for p in history.params])
    assert n["final"]["w11"] == history.params[-1][0][0, 0]


@pytest.mark.parametrize("lr", [0.01, 0.5, 2.0, 60.0])
@pytest.mark.parametrize("steps", [0, 1, 9, 100])
def test_gradient_descent_reads_shorter_runs_off_the_longest(lr, steps):
    """first_steps gives exactly what a run of that many steps gives."""
    got = first_steps(lr, steps, GradientDescentExplorer.MAX_STEPS)
    history = train(SeedNetwork(), (1.0, 1.0), 0.0, lr=lr, steps=steps, record_params=True)
    np.testing.assert_array_equal(got.losses, history.losses)
    assert got.diverged == history.diverged
    assert len(got.params) == len(history.params)
    for mine, theirs in zip(got.params, history.params):
        for a, b in zip(mine, theirs):
            np.testing.assert_array_equal(a, b)


def test_a_run_that_diverged_is_cut_before_it_diverged(monkeypatch):
    """The article's network does not diverge at any learning rate (its sigmoids saturate),
    so a diverged run is stood in: 2 finite losses, then inf at step 2."""
    run = History(np.array([1.0, 2.0, np.inf]), [[np.zeros(1)]] * 3, True)
    monkeypatch.setattr(gradient_descent, "_runs", {0.1: run})
    short = first_steps(0.1, 1, 100)
    assert list(short.losses) == [1.0, 2.0] and not short.diverged and len(short.params) == 2
    for steps in (2, 50):
        assert first_steps(0.1, steps, 100) is run


# --- axis limits that fit the data -------------------------------------------------------

GRADIENTS = [0.1455, 0.2075, 0.4748, 0.1455, 0.2075, 0.4748, 1.803, 1.938, 1.702]


def test_limits_start_at_zero_when_every_value_has_one_sign():
    assert fitted_range(None, min(GRADIENTS), max(GRADIENTS), pad=0.0) == (0.0, 2.0)
    assert fitted_range(None, -max(GRADIENTS), -min(GRADIENTS), pad=0.0) == (-2.0, 0.0)
    lo, hi = fitted_range(None, min(GRADIENTS), max(GRADIENTS))  # a curve: a little below 0
    assert -0.1 < lo < 0.0 and hi == 2.0


def test_limits_are_symmetric_only_for_values_of_both_signs():
    assert fitted_range(None, -1.7, 1.9, pad=0.0) == (-2.0, 2.0)
    assert fitted_range(None, -0.3, 1.9, pad=0.0) == (-2.0, 2.0)
    # a value a hair below 0 (under REACH of the other side) leaves the limits one-sided
    assert fitted_range(None, -0.01, 1.9, pad=0.0) == (0.0, 2.0)
    assert fitted_range(None, 0.0, 0.0, pad=0.0) == (0.0, 0.001)  # never empty


def test_limits_change_once_as_values_cross_zero():
    """A bar dragged from 1 down through 0 to -0.25: [0, 1], then +-1 once it passes
    REACH, not a new limit at every 1-2-5 step of the small side."""
    limits, seen = None, []
    for low in np.linspace(0.5, -0.25, 76):
        limits = fitted_range(limits, low, 1.0, pad=0.0)
        if not seen or seen[-1] != limits:
            seen.append(limits)
    assert seen == [(0.0, 1.0), (-1.0, 1.0)]


def test_limits_drop_a_side_the_values_have_left():
    both = fitted_range(None, -1.5, 1.9, pad=0.0)
    assert both == (-2.0, 2.0)
    assert fitted_range(both, 0.15, 1.9, pad=0.0) == (0.0, 2.0)
    assert fitted_range(both, -1.9, -0.15, pad=0.0) == (-2.0, 0.0)
    assert fitted_range((-0.5, 2.0), -0.01, 1.5) == fitted_range(None, -0.01, 1.5)


def test_limits_stay_put_while_the_values_move_a_little():
    limits = fitted_range(None, 0.15, 1.9, pad=0.0)
    for hi in np.linspace(1.9, 0.61, 40):
        assert fitted_range(limits, 0.1, hi, pad=0.0) == limits
    assert fitted_range(limits, 0.1, 0.4, pad=0.0) == (0.0, 0.5)  # under 30% of the span
    assert fitted_range(limits, 0.1, 2.3, pad=0.0) == (0.0, 5.0)  # out of the limits


# --- the marks of a derivative --------------------------------------------------------


def test_slope_text_prints_the_readouts_digits():
    assert slope_text("dC/dw11", 0.14551234) == f"slope dC/dw11 = {fmt(0.14551234)}"
    assert slope_text("dC/dw11", 0.14551234) == "slope dC/dw11 = 0.1455"


def test_clip_segment_keeps_the_part_inside_the_box():
    xs, ys = clip_segment([0.0, 4.0], [0.0, 8.0], (-1.0, 5.0), (0.0, 4.0))
    np.testing.assert_allclose(xs, [0.0, 2.0])
    np.testing.assert_allclose(ys, [0.0, 4.0])
    inside_box = clip_segment([1.0, 2.0], [1.0, 1.5], (0.0, 3.0), (0.0, 3.0))
    np.testing.assert_allclose(inside_box, [[1.0, 2.0], [1.0, 1.5]])
    xs, ys = clip_segment([0.0, 1.0], [5.0, 6.0], (0.0, 1.0), (0.0, 1.0))  # all outside
    assert xs[0] == xs[1] and ys[0] == ys[1]


@pytest.mark.parametrize("size", [(0.2, 0.08), (0.6, 0.1), (0.9, 0.3)])
def test_a_label_beside_a_line_end_stays_inside_its_axes(size):
    w, h = size
    for u, v, du, dv, side in itertools.product(
        (0.0, 0.3, 0.7, 1.0), (0.0, 0.5, 1.0), (-0.2, 0.2), (-0.3, 0.0, 0.3), (-1, 0, 1)
    ):
        cu, cv = beside((u, v), (u + du, v + dv), size, side)
        assert GAP - 1e-12 <= cu - w / 2 and cu + w / 2 <= 1 - GAP + 1e-12
        assert GAP - 1e-12 <= cv - h / 2 and cv + h / 2 <= 1 - GAP + 1e-12
    assert inside(0.5, 1.5) == 0.5  # wider than the axes: centred


def test_a_label_goes_past_a_line_end_when_there_is_room():
    cu, cv = beside((0.3, 0.4), (0.1, 0.2), (0.2, 0.1))
    assert cu == pytest.approx(0.3 + GAP + 0.1) and cv == pytest.approx(0.4)
    # no room to the right: back along a rising line, above it
    cu, cv = beside((0.9, 0.4), (0.5, 0.2), (0.3, 0.1))
    assert cu < 0.9 and cv > 0.4
    # back along a falling line: below it
    cu, cv = beside((0.9, 0.4), (0.5, 0.6), (0.3, 0.1))
    assert cu < 0.9 and cv < 0.4


@pytest.mark.parametrize(
    "explorer, state, x_key",
    [
        (
            WeightExplorer,
            {**ARTICLE_WEIGHTS, "x1": 1.0, "x2": 1.0, "y": 0.0, "plotted": "w11"},
            "w",
        ),
        (ActivationExplorer, {"x": 1.0, "function": "sigmoid"}, "x"),
        (LossExplorer, {"p": 0.7, "y": 1.0, "target": "Cat", **dict(zip(CLASSES, [0.2] * 5))}, "p"),
    ],
)
def test_the_tangent_is_long_and_centred_on_the_point(no_figure, explorer, state, x_key):
    n = explorer.compute(state)
    ranges = {WeightExplorer: 8.0, ActivationExplorer: 12.0, LossExplorer: 1.0}
    for key in ("tangent", "mse_tangent", "bce_tangent"):
        if key not in n:
            continue
        xs = n[key][0]
        assert xs[1] - xs[0] == pytest.approx(2 * explorer.TANGENT_HALF_WIDTH)
        assert 1 / 3 <= (xs[1] - xs[0]) / ranges[explorer] <= 1 / 2
        assert (xs[0] + xs[1]) / 2 == pytest.approx(n[x_key])


def test_tick_labels_keep_to_six_characters_on_every_limit_of_the_ladder():
    """Panels are drawn again within the columns their first drawing took: a tick label
    longer than the others would spill out of them.  On every limit fitted_range can give,
    the ticks are two to four, each label is six characters and reads as its tick."""
    from nnlib.widgets.axes import few_ticks, short_y

    for top in (0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50):
        for lo in (0.0, -top, -top / 2, -top / 5, -0.04 * top):
            ticks = [v for v in few_ticks().tick_values(lo, top) if lo - 1e-12 <= v <= top + 1e-12]
            labels = [short_y()(v) for v in ticks]
            assert 2 <= len(labels) <= 4, (lo, top, labels)
            assert all(len(label) == 6 for label in labels), (lo, top, labels)
            read = [float(label.strip("\u2007").replace("\u2212", "-")) for label in labels]
            assert read == pytest.approx(ticks, abs=1e-15), (lo, top, labels)
