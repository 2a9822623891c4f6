"""What a learner can reach but must not be able to spoil, and what is put back when a call
is interrupted or fails: the constants, the class table, the registries and the palette
cannot be edited; numerical_gradient restores x and gradient_check the parameters; an
interrupted update or training run keeps the last completed step; and an explorer whose
frame failed, or whose control refused a value, goes on as before."""

import importlib
import pkgutil
import types
import warnings

import numpy as np
import pytest
import traitlets
from misuse_helpers import StopsAt

import nnlib
import nnlib.widgets as w
from nnlib import (
    ACTIVATIONS,
    ARTICLE_WEIGHTS,
    ARTICLE_X,
    LOSSES,
    MLP,
    SeedNetwork,
    article,
    gradient_check,
    network,
    numerical_gradient,
    sgd_step,
    train,
)
from nnlib.train import History

# -- constants a learner can reach are read-only ---------------------------------------------------


# A copy of the article's weights taken when this module is imported, before any test tries
# to edit them: a test then compares with it, not ARTICLE_WEIGHTS with itself.  (The values
# themselves are pinned against the article in tests/test_network.py.)
ARTICLE = dict(nnlib.ARTICLE_WEIGHTS)


ARTICLE_LOSS = SeedNetwork(ARTICLE).loss()


def _unchanged():
    """A network built after the edits still has the article's weights and loss."""
    net = SeedNetwork()
    assert net.weights == ARTICLE
    assert net.loss() == ARTICLE_LOSS
    assert dict(ARTICLE_WEIGHTS) == ARTICLE and ARTICLE_X == (1.0, 1.0)


def _gradient_step(w):
    g = 0.5
    w["w11"] -= 0.1 * g


@pytest.mark.parametrize(
    "edit",
    [
        _gradient_step,
        lambda w: w.__setitem__("w11", 0.0),
        lambda w: w.__delitem__("w33"),
        lambda w: w.update({"w11": 0.0}),
        lambda w: w.pop("w11"),
        lambda w: w.clear(),
        lambda w: w.setdefault("w41", 1.0),
    ],
)
def test_article_weights_cannot_be_edited(edit):
    for weights in (nnlib.ARTICLE_WEIGHTS, network.ARTICLE_WEIGHTS):
        with pytest.raises((TypeError, AttributeError)):
            edit(weights)
    _unchanged()


@pytest.mark.parametrize(
    "edit",
    [
        lambda: nnlib.ARTICLE_X.__setitem__(0, 2.0),
        lambda: nnlib.WEIGHT_NAMES.__setitem__(0, "w10"),
        lambda: article.CLASSES.__setitem__(0, "Wolf"),
        lambda: article.CLASS_TABLE.__setitem__("Dog", (1.0, 0.0, 0.0, 0.0, 0.0)),
        lambda: article.CLASS_TABLE["Dog"].__setitem__(0, 1.0),
        lambda: ACTIVATIONS.__setitem__("relu", ACTIVATIONS["tanh"]),
        lambda: LOSSES.__setitem__("mse", LOSSES["binary_cross_entropy"]),
        lambda: network.NETWORK_LOSSES.__setitem__("mse", "binary_cross_entropy"),
        lambda: setattr(ACTIVATIONS["sigmoid"], "f", np.tanh),
        lambda: setattr(LOSSES["mse"], "f", nnlib.binary_cross_entropy),
    ],
)
def test_other_constants_cannot_be_edited(edit):
    with pytest.raises((TypeError, AttributeError)):
        edit()
    _unchanged()
    assert article.CLASS_TABLE["Dog"] == (0.88, 0.02, 0.04, 0.04, 0.02)
    assert SeedNetwork().forward()["a"][0] == pytest.approx(1 / (1 + np.exp(-1.0)))


def test_no_module_level_data_a_learner_can_edit():
    from nnlib import _check, activations, layers, losses, seed_network

    modules = (nnlib, seed_network, network, article, losses, activations, layers, _check)
    for module in modules:
        for name, value in vars(module).items():
            if not name.startswith("__"):
                assert not isinstance(value, (dict, list, set, bytearray, np.ndarray)), (
                    f"{module.__name__}.{name}"
                )


def test_no_public_data_in_any_nnlib_module_can_be_edited():
    """Plots, explorers and exercises too: the palette, the style, the readout's font."""
    for info in pkgutil.walk_packages(nnlib.__path__, "nnlib."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if not name.startswith("_"):
                assert not isinstance(value, (dict, list, set, bytearray, np.ndarray)), (
                    f"{module.__name__}.{name}"
                )


def test_copies_of_the_article_weights_are_editable_and_accepted():
    w = dict(nnlib.ARTICLE_WEIGHTS)
    w["w11"] -= 0.1 * 0.5
    assert SeedNetwork(w)["w11"] == pytest.approx(0.75)
    assert SeedNetwork({**ARTICLE_WEIGHTS, "w33": -1.0}).weights == {**ARTICLE, "w33": -1.0}
    assert SeedNetwork(ARTICLE_WEIGHTS).weights == ARTICLE
    net = SeedNetwork({"w11": 2.0})
    assert net.set_weights(ARTICLE_WEIGHTS).weights == ARTICLE
    assert net.set_weights(types.MappingProxyType({"w12": 1.5}))["w12"] == 1.5
    _unchanged()


# -- a finite difference that is interrupted or fails leaves its inputs as they were ---------------


def _fails_on_call(n, error):
    """f(x) = sum(x^2), raising error on its n-th call (1-based)."""
    calls = []

    def f(x):
        calls.append(1)
        if len(calls) == n:
            raise error
        return float((x**2).sum())

    return f


@pytest.mark.parametrize("method", ["central", "forward"])
@pytest.mark.parametrize("error", [KeyboardInterrupt, ZeroDivisionError("in f")])
@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_numerical_gradient_restores_x_when_f_raises(method, error, n):
    x = np.array([[0.1, -0.7], [1.3, 2.9]])
    before = x.copy()
    with pytest.raises(type(error) if isinstance(error, Exception) else error):
        numerical_gradient(_fails_on_call(n, error), x, 1e-3, method)
    np.testing.assert_array_equal(x, before)


class _InterruptedCheck(MLP):
    """An MLP whose forward pass raises KeyboardInterrupt on its n-th loss-only call, as a
    learner's Ctrl-C would in the middle of a gradient check."""

    def loss_and_gradients(self, X, Y, gradients=True):
        if not gradients:
            self.forward_calls += 1
            if self.forward_calls == self.stop_at:
                raise self.error
        return super().loss_and_gradients(X, Y, gradients)


@pytest.mark.parametrize("error", [KeyboardInterrupt, FloatingPointError("overflow")])
@pytest.mark.parametrize("stop_at", [1, 2, 9, 14])
def test_gradient_check_restores_params_when_interrupted_or_failing(error, stop_at):
    model = _InterruptedCheck([2, 3, 1], "sigmoid", "mse", seed=0)
    model.forward_calls, model.stop_at, model.error = 0, stop_at, error
    before = [p.copy() for p in model.params]
    with pytest.raises(type(error) if isinstance(error, Exception) else error):
        gradient_check(model, np.ones((2, 2)), np.zeros(2))
    assert model.forward_calls == stop_at
    for p, q in zip(model.params, before):
        np.testing.assert_array_equal(p, q)


# -- an interrupted update or training run keeps the last completed step ---------------------------


class _Flaky(np.ndarray):
    """An array whose first write in full (p[...] = v) raises KeyboardInterrupt before
    writing: an interrupt landing between two parameters of one update."""

    def __setitem__(self, key, value):
        if key is Ellipsis and not getattr(self, "interrupted", False):
            self.interrupted = True
            raise KeyboardInterrupt
        super().__setitem__(key, value)


def test_an_interrupted_sgd_step_is_finished_not_half_applied():
    W, b = np.ones((2, 2)), np.ones(2).view(_Flaky)
    with pytest.raises(KeyboardInterrupt):
        sgd_step([W, b], [np.ones((2, 2)), np.ones(2)], 0.5)
    np.testing.assert_array_equal(W, np.full((2, 2), 0.5))
    np.testing.assert_array_equal(np.asarray(b), [0.5, 0.5])


def _reference(updates, lr=0.1):
    """The SeedNetwork and its losses after `updates` sgd_steps at (1, 1) -> 0."""
    net, losses = SeedNetwork(), []
    for _ in range(updates):
        loss, grads = net.loss_and_gradients((1.0, 1.0), 0.0)
        losses.append(loss)
        sgd_step(net.params, grads, lr)
    return net, losses


@pytest.mark.parametrize("k", [1, 2, 7, 30])
def test_an_interrupted_run_keeps_the_last_completed_step(k, capsys):
    model = StopsAt(k)
    history = train(model, (1.0, 1.0), 0.0, lr=0.1, steps=50, record_params=True)
    net, losses = _reference(k - 1)
    for p, q in zip(model.params, net.params):
        np.testing.assert_array_equal(p, q)
    assert history.interrupted and not history.diverged
    np.testing.assert_array_equal(history.losses, losses)
    assert len(history.params) == len(history.losses)
    err = capsys.readouterr().err
    assert err == (
        f"training interrupted after {k - 1} of 50 steps; the model keeps the parameters "
        "of the last completed step (History.interrupted is True)\n"
    )


class _Quadratic:
    """C = (|W|^2 + |b|^2) / 2 with gradients (W, b): each step scales both by 1 - lr."""

    def __init__(self, b):
        self.params = [np.ones((2, 2)), b]

    def loss_and_gradients(self, X, Y):
        return 0.5 * sum(float((p**2).sum()) for p in self.params), [p.copy() for p in self.params]


def test_an_interrupt_between_the_arrays_of_an_update_finishes_it(capsys):
    model = _Quadratic(np.ones(2).view(_Flaky))  # interrupted while writing update 1
    history = train(model, None, None, lr=0.5, steps=10)
    np.testing.assert_array_equal(model.params[0], np.full((2, 2), 0.5))
    np.testing.assert_array_equal(np.asarray(model.params[1]), [0.5, 0.5])
    assert history.interrupted and history.losses.tolist() == [3.0]
    assert "interrupted after 1 of 10 steps" in capsys.readouterr().err


def test_a_complete_run_is_not_interrupted_and_history_keeps_three_positional_fields():
    history = train(SeedNetwork(), (1.0, 1.0), 0.0, steps=3)
    assert history.interrupted is False
    assert History(np.array([1.0]), [], False).interrupted is False


# -- an explorer goes on after a refused value, an overflow or a failed frame ----------------------


def first_line(e):
    return e.readout_text().splitlines()[0]


def test_a_dropdown_set_to_none_through_its_index_is_refused_too():
    e = w.weight_explorer()
    with pytest.raises(traitlets.TraitError):
        e.dropdowns["plotted"].index = None
    assert e.dropdowns["plotted"].value == "w11"


def test_a_weight_that_overflows_shows_inf_quietly_and_the_next_value_recovers():
    e, fresh = w.weight_explorer(), w.weight_explorer()
    slider = e.sliders["w31"]
    slider.max = 1e201  # the learner raises the slider's range
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no RuntimeWarning may reach the notebook
        slider.value = 1e200
    assert e.values["C"] == np.inf
    assert "C = inf" in first_line(e)
    slider.value = 0.3
    fresh.sliders["w31"].value = 0.3
    assert e.readout_text() == fresh.readout_text()


def test_a_frame_that_fails_is_reported_in_the_readout_and_the_next_move_recovers(
    monkeypatch,
):
    e = w.neuron_explorer()
    compute = type(e).compute

    def broken(state):
        raise ArithmeticError("a deliberate failure")

    monkeypatch.setattr(type(e), "compute", staticmethod(broken))
    e.sliders["w1"].value = 0.5  # does not raise into the learner's cell
    assert "cannot be drawn (a deliberate failure)" in e.readout_text()
    monkeypatch.setattr(type(e), "compute", compute)
    e.sliders["w1"].value = 0.6
    assert first_line(e).startswith("w1 = 0.6")
