"""What a learner may do by mistake to the core of nnlib, and what comes of it: the
constants cannot be edited, targets that are not one-hot are refused, overflow gives
inf or nan alike in every method, an empty batch is refused, and an unknown attribute
of nnlib is an AttributeError."""

import importlib
import importlib.util
import pkgutil
import types
import warnings

import numpy as np
import pytest

import nnlib
from nnlib import (
    ACTIVATIONS,
    ARTICLE_WEIGHTS,
    ARTICLE_X,
    LOSSES,
    MLP,
    WEIGHT_NAMES,
    SeedNetwork,
    article,
    network,
)

# The article's weights, typed out here so that a test does not compare ARTICLE_WEIGHTS
# with itself.
ARTICLE = {
    "w11": 0.8,
    "w12": 0.4,
    "w13": 0.3,
    "w21": 0.2,
    "w22": 0.9,
    "w23": 0.5,
    "w31": 0.3,
    "w32": 0.5,
    "w33": 0.9,
}
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


NOT_ONE_HOT = [
    ([[5, 5, 5]], 0, r"\[5\.0, 5\.0, 5\.0\]"),
    ([[0, 0, 0]], 0, r"\[0\.0, 0\.0, 0\.0\]"),
    ([[0.2, 0.3, 0.6]], 0, r"\[0\.2, 0\.3, 0\.6\]"),
    ([[0, 1, 0], [1, 0, 1]], 1, r"\[1\.0, 0\.0, 1\.0\]"),
    ([[0, 1, 0], [0, 0, 1], [-1, 2, 0]], 2, r"\[-1\.0, 2\.0, 0\.0\]"),
]
CATEGORICAL = [
    nnlib.categorical_cross_entropy,
    nnlib.categorical_cross_entropy_grad,
    nnlib.categorical_cross_entropy_with_logits,
    nnlib.categorical_cross_entropy_with_logits_grad,
    LOSSES["categorical_cross_entropy"].kernel,
]


def _one_hot_message(name, row, shown):
    return (
        rf"^{name} as rows of targets must be one-hot \(one 1, zeros elsewhere\) or class "
        rf"probabilities \(each >= 0, summing to 1\), but row {row} is {shown}"
    )


@pytest.mark.parametrize("y, row, shown", NOT_ONE_HOT)
@pytest.mark.parametrize("loss", CATEGORICAL)
def test_cross_entropy_refuses_targets_that_are_not_one_hot(loss, y, row, shown):
    p = np.full((len(y), 3), 1 / 3)
    with pytest.raises(ValueError, match=_one_hot_message("y", row, shown)):
        loss(p, y)


@pytest.mark.parametrize("y, row, shown", NOT_ONE_HOT)
def test_cross_entropy_network_refuses_targets_that_are_not_one_hot(y, row, shown):
    model = MLP([2, 4, 3], "tanh", "cross_entropy", seed=0)
    X = np.ones((len(y), 2))
    message = _one_hot_message("Y", row, shown)
    for call in (model.loss, model.loss_and_gradients, model.objective):
        with pytest.raises(ValueError, match=message):
            call(X, y)
    with pytest.raises(ValueError, match=message):
        nnlib.train(model, X, y, steps=1)


def test_one_hot_and_integer_labels_still_agree():
    p = np.array([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6]])
    labels = np.array([0, 2])
    expected = -np.log([0.7, 0.6]).mean()
    for y in (labels, np.eye(3)[labels], np.eye(3, dtype=int)[labels]):
        assert nnlib.categorical_cross_entropy(p, y) == pytest.approx(expected, rel=1e-14)
        z = np.log(p)
        assert nnlib.categorical_cross_entropy_with_logits(z, y) == pytest.approx(expected)
    model = MLP([2, 4, 3], "tanh", "cross_entropy", seed=0)
    X = np.array([[0.5, -1.0], [1.0, 2.0]])
    assert model.loss(X, np.eye(3)[labels]) == pytest.approx(model.loss(X, labels), rel=1e-14)


def _quietly(call):
    """call() with any warning raised as an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return call()


def _every_method(net, x):
    """What each method of the network gives at x (y = 0), all from the same weights."""
    return {
        "loss": _quietly(lambda: net.loss(x)),
        "forward": _quietly(lambda: net.forward(x)),
        "gradients": _quietly(lambda: net.gradients(x)),
        "trace": _quietly(lambda: net.trace(x)),
        "chain_rule": _quietly(lambda: [net.chain_rule(n, x) for n in WEIGHT_NAMES]),
        "loss_and_gradients": _quietly(lambda: net.loss_and_gradients(x)),
        "loss_curve": _quietly(lambda: net.loss_curve("w31", [net["w31"], 0.3], x)),
    }


@pytest.mark.parametrize(
    "weights, x",
    [({"w31": 1e200}, ARTICLE_X), ({"w32": 1e308, "w33": 1e308}, ARTICLE_X)],
    ids=["w31=1e200", "w32=w33=1e308"],
)
def test_an_overflowing_loss_is_inf_in_every_method(weights, x):
    net = SeedNetwork(weights)
    out = _every_method(net, x)
    assert out["loss"] == np.inf and isinstance(out["loss"], float)
    assert out["forward"]["loss"] == np.inf and out["trace"].C == np.inf
    assert out["loss_and_gradients"][0] == np.inf
    assert out["loss_curve"][0] == np.inf
    assert out["loss_curve"][1] == pytest.approx(SeedNetwork({**weights, "w31": 0.3}).loss())
    assert out["gradients"] == out["trace"].gradients
    assert np.isinf(out["gradients"]["w11"])
    for name, chain in zip(WEIGHT_NAMES, out["chain_rule"]):
        assert chain.product == pytest.approx(out["gradients"][name], rel=1e-12)
        assert str(chain).endswith(f"= {chain.product:.6g}")
    assert out["chain_rule"][0].product == np.inf
    assert np.isinf(out["loss_and_gradients"][1][0][0, 0])


def test_an_input_too_large_for_a_float_saturates_quietly():
    """x = (1.7e308, 1.7e308): h12 = x1 w12 + x2 w22 overflows to inf, its sigmoid is 1;
    the loss stays finite and every method agrees."""
    x = (1.7e308, 1.7e308)
    out = _every_method(SeedNetwork(), x)
    assert np.isinf(out["forward"]["h"][1]) and out["forward"]["a"][1] == 1.0
    y_hat = out["forward"]["y_hat"]
    assert np.isfinite(y_hat) and out["loss"] == pytest.approx(y_hat**2)
    assert out["trace"].C == out["loss"] == out["loss_and_gradients"][0]
    assert out["loss_curve"][0] == pytest.approx(out["loss"])
    assert out["gradients"]["w12"] == 0.0  # a12 = 1 exactly: da12/dh12 = 0
    big = _every_method(SeedNetwork({"w31": 1e200}), x)
    assert big["loss"] == np.inf and big["forward"]["loss"] == np.inf
    assert big["trace"].C == np.inf and big["loss_curve"][0] == np.inf


@pytest.mark.parametrize("loss", ["mse", "cross_entropy"])
def test_an_overflowing_mlp_gives_inf_or_nan_without_a_warning(loss):
    model = MLP([2, 3, 2], "linear", loss, seed=0)
    for p in model.params:
        p += 1e200
    X, Y = np.array([[1e200, -1e200]]), np.array([1])
    if loss == "mse":
        Y = np.zeros((1, 2))
    value, grads = _quietly(lambda: model.loss_and_gradients(X, Y))
    assert not np.isfinite(value)
    assert not np.isfinite(_quietly(lambda: model.loss(X, Y)))
    assert not all(np.isfinite(g).all() for g in grads)
    assert _quietly(lambda: model.forward(X)).shape == (1, 2)


@pytest.mark.parametrize("loss", ["mse", "cross_entropy"])
def test_an_empty_batch_is_refused_by_every_method(loss):
    model = MLP([2, 3, 2], "sigmoid", loss, seed=0)
    X = np.zeros((0, 2))
    Y = np.zeros((0, 2)) if loss == "mse" else np.zeros(0, dtype=int)
    message = r"^X has 0 rows: a batch needs at least one example"
    for call in (model.loss, model.loss_and_gradients, model.objective):
        with pytest.raises(ValueError, match=message):
            call(X, Y)
    with pytest.raises(ValueError, match=message):
        model.forward(X)
    before = [p.copy() for p in model.params]
    with pytest.raises(ValueError, match=message):
        nnlib.train(model, X, Y)
    assert all((p == q).all() for p, q in zip(model.params, before))


def test_train_on_an_empty_batch_names_X():
    with pytest.raises(ValueError, match=r"^X has 0 rows: a batch needs at least one example"):
        nnlib.train(MLP([2, 3, 1]), np.zeros((0, 2)), np.zeros((0, 1)))


def test_unknown_attributes_of_nnlib_are_attribute_errors(monkeypatch):
    assert hasattr(nnlib, "no_such_thing") is False
    assert hasattr(nnlib, "tables") is False
    with pytest.raises(AttributeError, match=r"^module 'nnlib' has no attribute 'tables'"):
        nnlib.tables  # noqa: B018
    # A name listed for lazy import whose module is gone is still only an AttributeError.
    monkeypatch.setattr(nnlib, "_LAZY", (*nnlib._LAZY, "tables"))
    assert hasattr(nnlib, "tables") is False


@pytest.mark.parametrize("name", ["plots", "widgets", "exercises"])
def test_the_lazy_submodules_exist_and_import(name):
    assert name in nnlib._LAZY and name in dir(nnlib)
    assert importlib.util.find_spec(f"nnlib.{name}") is not None
    module = getattr(nnlib, name)
    assert module is importlib.import_module(f"nnlib.{name}")
    assert hasattr(nnlib, name) is True


def test_every_lazy_name_is_a_submodule():
    for name in nnlib._LAZY:
        assert importlib.util.find_spec(f"nnlib.{name}") is not None, name
