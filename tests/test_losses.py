"""Losses: values, gradients against central differences (driven by the registry), the
source's cross-entropy table, stability at extreme inputs, and input checks."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import nnlib
from nnlib import LOSSES, PROB_CLIP, numerical_gradient

shapes = st.tuples(st.integers(1, 5), st.integers(1, 5))


def _inputs(name, takes, data, shape):
    """A prediction and a target suited to one registry entry."""
    n, c = shape
    if name.startswith("categorical"):
        c = max(c, 2)
        logits = data.draw(hnp.arrays(np.float64, (n, c), elements=st.floats(-2, 2)))
        labels = data.draw(hnp.arrays(np.int64, (n,), elements=st.integers(0, c - 1)))
        y = np.eye(c)[labels]
        pred = logits if takes == "logit" else nnlib.softmax(logits)
        return pred, y
    if takes == "probability":
        pred = data.draw(hnp.arrays(np.float64, (n, c), elements=st.floats(0.05, 0.95)))
        y = data.draw(hnp.arrays(np.float64, (n, c), elements=st.floats(0, 1)))
        return pred, y
    pred = data.draw(hnp.arrays(np.float64, (n, c), elements=st.floats(-5, 5)))
    low = -5.0 if takes == "value" else 0.0
    y = data.draw(hnp.arrays(np.float64, (n, c), elements=st.floats(low, 5.0 if low else 1.0)))
    return pred, y


def test_registry_lists_every_public_loss():
    assert set(LOSSES) == {
        "mse",
        "binary_cross_entropy",
        "binary_cross_entropy_with_logits",
        "categorical_cross_entropy",
        "categorical_cross_entropy_with_logits",
    }
    for name, loss in LOSSES.items():
        assert loss.name == name
        assert loss.f is getattr(nnlib, name)
        assert loss.grad is getattr(nnlib, f"{name}_grad")
        assert loss.takes == (
            "logit" if name.endswith("logits") else "value" if name == "mse" else "probability"
        )


@pytest.mark.parametrize("name", list(LOSSES))
@given(data=st.data(), shape=shapes)
def test_gradient_matches_central_differences(name, data, shape):
    loss = LOSSES[name]
    pred, y = _inputs(name, loss.takes, data, shape)
    num = numerical_gradient(lambda p: loss.f(p, y), pred.copy())
    grad = loss.grad(pred, y)
    assert grad.shape == pred.shape
    np.testing.assert_allclose(grad, num, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("name", list(LOSSES))
@given(data=st.data(), shape=shapes)
def test_kernel_gives_the_loss_and_its_gradient(name, data, shape):
    """The kernel networks compute with: the same value and gradient as f and grad, from
    one call; only the value without gradients."""
    loss = LOSSES[name]
    pred, y = _inputs(name, loss.takes, data, shape)
    value, grad = loss.kernel(pred, y)
    assert value == pytest.approx(loss.f(pred, y), rel=1e-12, abs=1e-300)
    np.testing.assert_allclose(grad, loss.grad(pred, y), rtol=1e-12, atol=1e-15)
    assert loss.kernel(pred, y, gradients=False) == (value, None)
    if loss.labels:
        labels = y.argmax(axis=1)
        assert loss.kernel(pred, labels)[0] == pytest.approx(value, rel=1e-12, abs=1e-300)
        np.testing.assert_allclose(loss.kernel(pred, labels)[1], grad, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("name", [n for n, entry in LOSSES.items() if entry.link is not None])
@given(data=st.data(), shape=shapes)
def test_logit_loss_is_the_probability_loss_after_its_link(name, data, shape):
    loss = LOSSES[name]
    z, y = _inputs(name, loss.takes, data, shape)
    on_probabilities = LOSSES[name.removesuffix("_with_logits")]
    p = nnlib.ACTIVATIONS[loss.link].f(z)
    assert loss.f(z, y) == pytest.approx(on_probabilities.f(p, y), rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("name", list(LOSSES))
@given(data=st.data(), shape=shapes)
def test_reduction_none_averages_to_the_mean(name, data, shape):
    loss = LOSSES[name]
    pred, y = _inputs(name, loss.takes, data, shape)
    per_item = loss.f(pred, y, reduction="none")
    expected_shape = (pred.shape[0],) if name.startswith("categorical") else pred.shape
    assert per_item.shape == expected_shape
    assert loss.f(pred, y) == pytest.approx(per_item.mean(), rel=1e-12)


@given(data=st.data(), shape=shapes)
def test_logit_losses_equal_probability_losses(data, shape):
    n, c = shape
    z = data.draw(hnp.arrays(np.float64, (n, max(c, 2)), elements=st.floats(-6, 6)))
    labels = data.draw(hnp.arrays(np.int64, (n,), elements=st.integers(0, max(c, 2) - 1)))
    assert nnlib.categorical_cross_entropy_with_logits(z, labels) == pytest.approx(
        nnlib.categorical_cross_entropy(nnlib.softmax(z), labels), rel=1e-9
    )
    y = (z > 0).astype(float)
    assert nnlib.binary_cross_entropy_with_logits(z, y) == pytest.approx(
        nnlib.binary_cross_entropy(nnlib.sigmoid(z), y), rel=1e-9
    )
    np.testing.assert_allclose(
        nnlib.categorical_cross_entropy_with_logits_grad(z, labels),
        (nnlib.softmax(z) - np.eye(z.shape[1])[labels]) / n,
        atol=1e-15,
    )


def test_known_values():
    assert nnlib.mse(np.array([1.0, 3.0]), np.array([0.0, 0.0])) == 5.0
    np.testing.assert_array_equal(nnlib.mse_grad(np.array([1.0, 3.0]), np.zeros(2)), [1.0, 3.0])
    assert nnlib.binary_cross_entropy(np.array([0.5]), np.array([1.0])) == pytest.approx(
        math.log(2)
    )
    assert nnlib.binary_cross_entropy(np.array([0.8, 0.25]), np.array([1.0, 0.0])) == pytest.approx(
        -(math.log(0.8) + math.log(0.75)) / 2, rel=1e-14
    )
    assert nnlib.binary_cross_entropy_with_logits(np.zeros(3), np.ones(3)) == pytest.approx(
        math.log(2)
    )


def test_article_loss_is_mse_of_one_point():
    # C = (y_hat - y)^2 for a single prediction is mse over one element.
    assert nnlib.mse(np.array([1.235]), np.array([0.0])) == pytest.approx(1.235**2, rel=1e-15)


# The source's 5-class table (Dog, Cat, Cow, Hen, Rat); row k's target is class k.
TABLE = np.array(
    [
        [0.88, 0.02, 0.04, 0.04, 0.02],
        [0.26, 0.21, 0.17, 0.18, 0.18],
        [0.01, 0.01, 0.96, 0.01, 0.01],
        [0.14, 0.09, 0.01, 0.57, 0.19],
        [0.21, 0.02, 0.05, 0.17, 0.55],
    ]
)


def test_cross_entropy_table_of_the_source():
    labels = np.arange(5)
    per_row = nnlib.categorical_cross_entropy(TABLE, labels, reduction="none")
    assert round(per_row[0], 3) == 0.128
    assert round(per_row[1], 2) == 1.56
    assert round(per_row[2], 2) == 0.04
    assert round(per_row[3], 2) == 0.56
    assert math.floor(per_row[4] * 1000) / 1000 == 0.597  # the source truncates
    assert round(per_row[4], 3) == 0.598
    np.testing.assert_allclose(per_row, -np.log(TABLE[labels, labels]), rtol=1e-15)
    one_hot = np.eye(5)
    np.testing.assert_array_equal(
        nnlib.categorical_cross_entropy(TABLE, one_hot, reduction="none"), per_row
    )
    assert nnlib.categorical_cross_entropy(TABLE, labels) == pytest.approx(
        per_row.mean(), rel=1e-15
    )


def _no_warnings(fn, *args):
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        return fn(*args)


def test_extreme_logits_are_finite_and_exact():
    z = np.array([[1000.0, 0.0, -1000.0], [1000.0, 999.0, 998.0]])
    labels = np.array([0, 2])
    per_row = _no_warnings(
        lambda: nnlib.categorical_cross_entropy_with_logits(z, labels, reduction="none")
    )
    assert per_row[0] == pytest.approx(0.0, abs=1e-300)
    assert per_row[1] == pytest.approx(2.0 + math.log(1 + math.exp(-1) + math.exp(-2)), rel=1e-12)
    grad = _no_warnings(nnlib.categorical_cross_entropy_with_logits_grad, z, labels)
    assert np.isfinite(grad).all()
    bce = _no_warnings(
        lambda: nnlib.binary_cross_entropy_with_logits(
            np.array([1000.0, -1000.0, 1000.0]), np.array([0.0, 1.0, 1.0]), "none"
        )
    )
    np.testing.assert_allclose(bce, [1000.0, 1000.0, 0.0], atol=1e-300)
    grad = _no_warnings(
        nnlib.binary_cross_entropy_with_logits_grad,
        np.array([1000.0, -1000.0]),
        np.array([0.0, 1.0]),
    )
    np.testing.assert_allclose(grad, [0.5, -0.5])


def test_probability_losses_clip_zero_and_one():
    p = np.array([0.0, 1.0, 0.0, 1.0])
    y = np.array([0.0, 1.0, 1.0, 0.0])
    per = _no_warnings(lambda: nnlib.binary_cross_entropy(p, y, "none"))
    grad = _no_warnings(nnlib.binary_cross_entropy_grad, p, y)
    assert np.isfinite(per).all() and np.isfinite(grad).all()
    assert per[0] == pytest.approx(0.0, abs=1e-11) and per[1] == pytest.approx(0.0, abs=1e-11)
    # 1 - PROB_CLIP is not exact in binary, so the second one differs in the 6th digit.
    np.testing.assert_allclose(per[2:], -math.log(PROB_CLIP), rtol=1e-5)
    cce = _no_warnings(nnlib.categorical_cross_entropy, np.array([[0.0, 1.0]]), np.array([0]))
    assert cce == pytest.approx(-math.log(PROB_CLIP))
    assert np.isfinite(
        _no_warnings(nnlib.categorical_cross_entropy_grad, np.array([[0.0, 1.0]]), np.array([0]))
    ).all()


@pytest.mark.parametrize("name", [n for n in LOSSES if not n.startswith("categorical")])
def test_mismatched_shapes_raise_and_do_not_broadcast(name):
    with pytest.raises(ValueError, match=r"y_hat has shape \(3, 1\) but y has shape \(3,\)"):
        LOSSES[name].f(np.full((3, 1), 0.5), np.full(3, 0.5))
    with pytest.raises(ValueError, match=r"y_hat has shape"):
        LOSSES[name].grad(np.full((2, 2), 0.5), np.full((2, 1), 0.5))


@pytest.mark.parametrize("name", [n for n in LOSSES if n.startswith("categorical")])
def test_categorical_target_checks(name):
    f = LOSSES[name].f
    p = np.full((3, 2), 0.5)
    with pytest.raises(ValueError, match=r"^y must be one-hot of shape \(3, 2\)"):
        f(p, np.ones((3, 3)))
    with pytest.raises(ValueError, match=r"^y holds class labels, which must be in 0..1"):
        f(p, np.array([0, 1, 2]))
    with pytest.raises(ValueError, match=r"^y_hat must have shape \(N, C\)"):
        f(np.full(3, 0.5), np.array([0, 1, 0]))


@pytest.mark.parametrize("name", list(LOSSES))
@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_non_finite_inputs_raise_naming_the_argument(name, bad):
    f = LOSSES[name].f
    p = np.full((2, 2), 0.5)
    y = np.array([[1.0, 0.0], [0.0, 1.0]])
    p_bad, y_bad = p.copy(), y.copy()
    p_bad[0, 0] = bad
    y_bad[1, 1] = bad
    with pytest.raises(ValueError, match=r"^y_hat must contain only finite numbers"):
        f(p_bad, y)
    with pytest.raises(ValueError, match=r"^y must contain only finite numbers"):
        f(p, y_bad)


@pytest.mark.parametrize("name", [n for n, entry in LOSSES.items() if entry.takes == "probability"])
def test_probabilities_outside_0_1_raise(name):
    with pytest.raises(ValueError, match=r"^y_hat must hold probabilities in \[0, 1\]"):
        LOSSES[name].f(np.array([[1.5, -0.5]]), np.array([[1.0, 0.0]]))


def test_unknown_loss_and_reduction_raise():
    with pytest.raises(ValueError, match=r"^loss must be one of .*'mse'.*got 'mae'"):
        nnlib.get_loss("mae")
    with pytest.raises(ValueError, match=r"^reduction must be one of .*got 'sum'"):
        nnlib.mse(np.ones(2), np.ones(2), reduction="sum")
    assert nnlib.get_loss("mse") is LOSSES["mse"]
