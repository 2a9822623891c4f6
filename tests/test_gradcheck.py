"""Numerical gradients, rel_error and the per-parameter gradient-check report."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from nnlib import MLP, SeedNetwork, gradient_check, numerical_gradient, rel_error
from nnlib.gradcheck import numerical_gradients


@given(hnp.arrays(np.float64, hnp.array_shapes(max_dims=3, max_side=4), elements=st.floats(-3, 3)))
def test_central_difference_of_a_cubic(x):
    # For f = sum(x^3) the central difference is 3x^2 + eps^2 exactly (up to rounding).
    eps = 1e-3
    num = numerical_gradient(lambda t: (t**3).sum(), x.copy(), eps=eps)
    np.testing.assert_allclose(num, 3 * x**2 + eps**2, rtol=1e-7, atol=1e-7)


def test_forward_difference_error_is_first_order():
    x = np.array([1.0, -2.0])
    eps = 1e-3
    num = numerical_gradient(lambda t: (t**2).sum(), x, eps=eps, method="forward")
    # (f(x + eps) - f(x)) / eps = 2x + eps for f = x^2.
    np.testing.assert_allclose(num, 2 * x + eps, rtol=1e-9)
    central = numerical_gradient(lambda t: (t**2).sum(), x, eps=eps)
    np.testing.assert_allclose(central, 2 * x, rtol=1e-9)


def test_counts_calls_per_element():
    calls = []
    x = np.zeros((2, 3))
    numerical_gradient(lambda t: calls.append(1) or 0.0, x)
    assert len(calls) == 2 * x.size
    calls.clear()
    numerical_gradient(lambda t: calls.append(1) or 0.0, x, method="forward")
    assert len(calls) == x.size + 1


def test_array_is_perturbed_in_place_and_restored():
    x = np.array([0.1, 0.2, 0.3])
    seen = []
    grad = numerical_gradient(lambda t: seen.append(t is x) or float(t @ [1.0, 2.0, 3.0]), x)
    assert all(seen)
    np.testing.assert_array_equal(x, [0.1, 0.2, 0.3])
    np.testing.assert_allclose(grad, [1.0, 2.0, 3.0], rtol=1e-9)
    assert grad.shape == x.shape and grad.dtype == x.dtype


def test_non_float_input_is_copied():
    ints = np.array([1, 2])
    grad = numerical_gradient(lambda t: float((t**2).sum()), ints)
    np.testing.assert_allclose(grad, [2.0, 4.0], rtol=1e-8)
    np.testing.assert_array_equal(ints, [1, 2])
    np.testing.assert_allclose(
        numerical_gradient(lambda t: t[0] * t[1], [3.0, 5.0]), [5.0, 3.0], rtol=1e-8
    )


@pytest.mark.parametrize("eps", [0, -1e-6, 0.0])
def test_eps_must_be_positive(eps):
    with pytest.raises(ValueError, match=r"^eps must be > 0, got"):
        numerical_gradient(lambda t: 0.0, np.zeros(2), eps=eps)


def test_other_bad_arguments():
    with pytest.raises(ValueError, match=r"^eps must be a finite number, got nan"):
        numerical_gradient(lambda t: 0.0, np.zeros(2), eps=float("nan"))
    with pytest.raises(TypeError, match=r"^eps must be a real number, got '1e-6'"):
        numerical_gradient(lambda t: 0.0, np.zeros(2), eps="1e-6")
    with pytest.raises(
        ValueError, match=r"^method must be one of \['central', 'forward'\], got 'backward'"
    ):
        numerical_gradient(lambda t: 0.0, np.zeros(2), method="backward")
    with pytest.raises(TypeError, match=r"^f must be a function of one array"):
        numerical_gradient(3.0, np.zeros(2))
    with pytest.raises(
        TypeError, match=r"^f must return a single number, got an array of shape \(2,\)"
    ):
        numerical_gradient(lambda t: t * 2, np.zeros(2))
    with pytest.raises(
        ValueError, match=r"^x must contain only finite numbers, but it contains inf"
    ):
        numerical_gradient(lambda t: 0.0, [1.0, np.inf])


def test_rel_error_values():
    assert rel_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert rel_error(np.zeros(3), np.zeros(3)) == 0.0
    assert rel_error([1.0, 0.0], [0.0, 1.0]) == pytest.approx(np.sqrt(2) / 2, rel=1e-15)
    assert rel_error([1.0], [-1.0]) == 1.0
    assert rel_error([3.0], [1.0]) == pytest.approx(0.5, rel=1e-15)
    assert rel_error(
        np.array([[1.0, 1.0]]) * 1e-8, np.array([[1.0, 1.0]]) * 1.01e-8
    ) == pytest.approx(rel_error([1.0, 1.0], [1.01, 1.01]), rel=1e-12)


def test_rel_error_does_not_broadcast():
    with pytest.raises(ValueError, match=r"^a has shape \(2, 1\) but b has shape \(2,\)"):
        rel_error(np.ones((2, 1)), np.ones(2))


def test_gradient_check_passes_on_mlp_and_lists_every_parameter():
    model = MLP([3, 4, 2], "tanh", "cross_entropy", seed=0)
    X = np.random.default_rng(1).standard_normal((5, 3))
    report = gradient_check(model, X, np.array([0, 1, 1, 0, 1]))
    assert [row.name for row in report] == ["W1", "b1", "W2", "b2"]
    assert [row.shape for row in report] == [(3, 4), (4,), (4, 2), (2,)]
    assert report.max_rel_error < 1e-7 and report.passed()
    assert all(row.max_abs_diff < 1e-8 for row in report)
    text = str(report).splitlines()
    assert text[0].split() == ["param", "shape", "max", "|diff|", "rel", "error"]
    assert [line.split()[0] for line in text[1:]] == ["W1", "b1", "W2", "b2"]


def test_gradient_check_on_seed_network():
    report = gradient_check(SeedNetwork(), (1.0, 2.0), 0.5)
    assert [row.name for row in report] == ["W1", "W2"]
    assert report.passed(1e-7)


class _WrongGradient(MLP):
    """An MLP whose backprop is off by 1% in its second weight matrix."""

    def loss_and_gradients(self, X, Y, gradients=True):
        loss, grads = super().loss_and_gradients(X, Y, gradients)
        if grads is not None:
            grads[2] = grads[2] * 1.01
        return loss, grads


def test_gradient_check_catches_a_wrong_gradient():
    model = _WrongGradient([2, 3, 1], "sigmoid", "mse", seed=0)
    X = np.array([[0.5, -1.0], [1.5, 0.2]])
    report = gradient_check(model, X, np.array([1.0, -1.0]))
    by_name = {row.name: row.rel_error for row in report}
    assert by_name["W1"] < 1e-7 and by_name["b1"] < 1e-7 and by_name["b2"] < 1e-7
    assert by_name["W2"] == pytest.approx(0.01 / 2.01, rel=1e-4)
    assert not report.passed()
    assert report.max_rel_error == by_name["W2"]


class _Counting(MLP):
    """An MLP that records each call of loss_and_gradients: True with gradients (a
    backward pass), False for the loss alone (a forward pass)."""

    def loss_and_gradients(self, X, Y, gradients=True):
        self.calls.append(gradients)
        return super().loss_and_gradients(X, Y, gradients)


def test_gradient_check_runs_one_backward_pass_and_forward_passes_only():
    model = _Counting([2, 3, 1], "sigmoid", "mse", seed=0)
    model.calls = []
    gradient_check(model, np.ones((2, 2)), np.zeros(2))
    assert model.calls.count(True) == 1
    assert model.calls.count(False) == 2 * model.n_params


def test_gradient_check_leaves_the_parameters_unchanged():
    model = MLP([2, 3, 1], seed=0)
    before = [p.copy() for p in model.params]
    gradient_check(model, np.ones((2, 2)), np.zeros(2))
    for p, q in zip(model.params, before):
        np.testing.assert_array_equal(p, q)


def test_numerical_gradients_nudges_each_parameter_and_counts_forward_passes():
    model = _Counting([2, 3, 1], "sigmoid", "mse", seed=0)
    X, Y = np.array([[0.5, -1.0], [1.5, 0.2]]), np.array([1.0, -1.0])
    before = [p.copy() for p in model.params]
    model.calls = []
    _, backprop = model.loss_and_gradients(X, Y)
    for method, passes in (
        ("central", 2 * model.n_params),
        ("forward", model.n_params + len(model.params)),
    ):
        model.calls = []
        grads = numerical_gradients(model, X, Y, eps=1e-6, method=method)
        assert model.calls == [False] * passes  # forward passes only
        assert [g.shape for g in grads] == [p.shape for p in model.params]
        tol = 1e-7 if method == "central" else 1e-4
        assert all(rel_error(g, n) < tol for g, n in zip(backprop, grads))
    for p, q in zip(model.params, before):
        np.testing.assert_array_equal(p, q)


def test_numerical_gradients_checks_eps_against_the_parameters():
    model = MLP([2, 1], seed=0)
    with pytest.raises(ValueError, match=r"^eps must be > 0"):
        numerical_gradients(model, np.ones((1, 2)), np.zeros(1), eps=0.0)
    with pytest.warns(UserWarning, match=r"^eps=1e-14 is small for W1 in float64"):
        numerical_gradients(model, np.ones((1, 2)), np.zeros(1), eps=1e-14)
