"""Layers: each forward/backward pair against its formula and against central
differences of the forward half."""

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from nnlib import (
    ACTIVATIONS,
    activation_backward,
    activation_forward,
    affine_backward,
    affine_forward,
    numerical_gradient,
)

dims = st.tuples(st.integers(1, 5), st.integers(1, 5), st.integers(1, 5))
small = st.floats(-3, 3)


@st.composite
def affine_case(draw):
    n, d, m = draw(dims)
    X = draw(hnp.arrays(np.float64, (n, d), elements=small))
    W = draw(hnp.arrays(np.float64, (d, m), elements=small))
    b = draw(hnp.arrays(np.float64, (m,), elements=small))
    dout = draw(hnp.arrays(np.float64, (n, m), elements=small))
    return X, W, b, dout


def test_affine_forward_values():
    X = np.array([[1.0, 2.0]])
    W = np.array([[1.0, 0.0, -1.0], [0.5, 2.0, 3.0]])
    z, _ = affine_forward(X, W, np.array([0.0, 1.0, -1.0]))
    np.testing.assert_array_equal(z, [[2.0, 5.0, 4.0]])
    z, _ = affine_forward(X, W)
    np.testing.assert_array_equal(z, [[2.0, 4.0, 5.0]])


@given(affine_case())
def test_affine_backward_matches_central_differences(case):
    X, W, b, dout = case
    out, cache = affine_forward(X, W, b)
    dX, dW, db = affine_backward(dout, cache)
    # d/dtheta of sum(dout * out) is the gradient backward returns.
    for arr, grad in ((X, dX), (W, dW), (b, db)):
        num = numerical_gradient(lambda _: (affine_forward(X, W, b)[0] * dout).sum(), arr)
        np.testing.assert_allclose(grad, num, rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(out, X @ W + b, rtol=1e-15)


@given(affine_case())
def test_affine_without_bias_has_no_bias_gradient(case):
    X, W, _, dout = case
    out, cache = affine_forward(X, W, None)
    dX, dW, db = affine_backward(dout, cache)
    assert db is None
    np.testing.assert_allclose(dX, dout @ W.T, rtol=1e-15)
    np.testing.assert_allclose(dW, X.T @ dout, rtol=1e-15)


def test_affine_cache_is_named_and_stacks_broadcast():
    X, W, b = np.ones((2, 3)), np.arange(12.0).reshape(3, 4), np.arange(4.0)
    z, cache = affine_forward(X, W, b)
    assert cache.X is X and cache.W is W and cache.b is b
    assert affine_forward(X, W)[1].b is None
    # A stack of two weight matrices: two networks' outputs in one pass.
    stacked, _ = affine_forward(X, np.stack([W, 2 * W]), b)
    np.testing.assert_array_equal(stacked, [z, X @ (2 * W) + b])


def test_affine_forward_rejects_mismatched_shapes():
    with pytest.raises(
        ValueError, match=r"X has shape \(2, 3\) but W has shape \(2, 4\).*\(N, 2\)"
    ):
        affine_forward(np.ones((2, 3)), np.ones((2, 4)))
    with pytest.raises(ValueError, match=r"^X has shape \(2,\)"):
        affine_forward(np.ones(2), np.ones((2, 4)))


@pytest.mark.parametrize("name", list(ACTIVATIONS))
@given(data=st.data(), shape=st.tuples(st.integers(1, 4), st.integers(1, 5)))
def test_activation_backward_matches_central_differences(name, data, shape):
    z = data.draw(hnp.arrays(np.float64, shape, elements=st.floats(-4, 4)))
    dout = data.draw(hnp.arrays(np.float64, shape, elements=st.floats(-2, 2)))
    if name in ("relu", "leaky_relu"):
        assume(np.abs(z).min() > 1e-3)
    a, cache = activation_forward(z, name)
    np.testing.assert_allclose(a, ACTIVATIONS[name].f(z), rtol=1e-15)
    dz = activation_backward(dout, cache)
    num = numerical_gradient(lambda t: (activation_forward(t, name)[0] * dout).sum(), z.copy())
    np.testing.assert_allclose(dz, num, rtol=1e-6, atol=1e-8)


def test_softmax_backward_is_the_jacobian_vector_product():
    rng = np.random.default_rng(0)
    z, dout = rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    _, cache = activation_forward(z, "softmax")
    jac = ACTIVATIONS["softmax"].df(z)
    np.testing.assert_allclose(
        activation_backward(dout, cache), np.einsum("nk,nkj->nj", dout, jac), rtol=1e-12, atol=1e-15
    )


def test_activation_forward_rejects_unknown_names():
    with pytest.raises(ValueError, match=r"^activation must be one of .*got 'gelu'"):
        activation_forward(np.zeros((1, 1)), "gelu")
