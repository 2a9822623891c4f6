"""Activations: values, derivatives against central differences (driven by the
registry), stability at extreme inputs, and input checks."""

import warnings

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import nnlib
from nnlib import ACTIVATIONS, numerical_gradient

ELEMENTWISE = [name for name, act in ACTIVATIONS.items() if act.elementwise]
KINKED = ("relu", "leaky_relu")

values = st.floats(-8.0, 8.0, allow_nan=False, allow_infinity=False)
arrays = hnp.arrays(
    np.float64, hnp.array_shapes(min_dims=1, max_dims=3, max_side=5), elements=values
)


def test_registry_lists_every_public_activation():
    assert set(ACTIVATIONS) == {"sigmoid", "tanh", "relu", "leaky_relu", "linear", "softmax"}
    for name, act in ACTIVATIONS.items():
        assert act.name == name
        assert act.f is getattr(nnlib, name)
        assert act.df is getattr(nnlib, f"{name}_prime")
    assert [n for n, a in ACTIVATIONS.items() if not a.elementwise] == ["softmax"]


@pytest.mark.parametrize(
    "name, z, expected",
    [
        ("sigmoid", [0.0, np.log(3.0)], [0.5, 0.75]),
        ("tanh", [0.0, np.log(2.0)], [0.0, 0.6]),
        ("relu", [-2.0, 0.0, 3.0], [0.0, 0.0, 3.0]),
        ("leaky_relu", [-2.0, 0.0, 3.0], [-0.02, 0.0, 3.0]),
        ("linear", [-2.0, 0.0, 3.0], [-2.0, 0.0, 3.0]),
        ("softmax", [0.0, np.log(3.0)], [0.25, 0.75]),
    ],
)
def test_known_values(name, z, expected):
    np.testing.assert_allclose(ACTIVATIONS[name].f(np.array(z)), expected, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize(
    "name, z, expected",
    [
        ("sigmoid", [0.0, np.log(3.0)], [0.25, 0.1875]),
        ("tanh", [0.0, np.log(2.0)], [1.0, 0.64]),
        ("relu", [-2.0, 0.0, 3.0], [0.0, 0.0, 1.0]),
        ("leaky_relu", [-2.0, 0.0, 3.0], [0.01, 0.01, 1.0]),
        ("linear", [-2.0, 0.0, 3.0], [1.0, 1.0, 1.0]),
    ],
)
def test_known_derivatives(name, z, expected):
    np.testing.assert_allclose(ACTIVATIONS[name].df(np.array(z)), expected, rtol=1e-12)


@given(z=hnp.arrays(np.float64, st.integers(1, 6), elements=values))
def test_numerical_gradient_of_the_summed_activation(z):
    """The same check through nnlib.numerical_gradient, one element at a time."""
    for name in ELEMENTWISE:
        act = ACTIVATIONS[name]
        if name in KINKED and np.abs(z).min() <= 1e-3:
            continue
        num = numerical_gradient(lambda t: act.f(t).sum(), z.copy())
        np.testing.assert_allclose(act.df(z), num, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("name", ELEMENTWISE)
@given(z=arrays)
def test_derivative_matches_central_differences(name, z):
    act = ACTIVATIONS[name]
    if name in KINKED:
        assume(np.abs(z).min() > 1e-3)
    # Elementwise, so one central difference per element, all at once:
    # (f(z + eps) - f(z - eps)) / (2 eps), each with its own rounding error only.
    eps = 1e-5
    num = (act.f(z + eps) - act.f(z - eps)) / (2 * eps)
    np.testing.assert_allclose(act.df(z), num, rtol=1e-6, atol=1e-9)
    assert act.f(z).shape == z.shape and act.df(z).shape == z.shape


@pytest.mark.parametrize("name", list(ACTIVATIONS))
@given(data=st.data(), shape=st.tuples(st.integers(1, 4), st.integers(1, 6)))
def test_kernel_and_backward_agree_with_f_and_df(name, data, shape):
    """The entry's unchecked kernel is f, and backward is dout times the derivative
    (for softmax, dout times its Jacobian), from the forward cache."""
    act = ACTIVATIONS[name]
    z = data.draw(hnp.arrays(np.float64, shape, elements=values))
    dout = data.draw(hnp.arrays(np.float64, shape, elements=st.floats(-2, 2)))
    a, cache = nnlib.activation_forward(z, name)
    np.testing.assert_array_equal(act.kernel(z), act.f(z))
    assert cache.z is z and cache.a is a and cache.activation is act
    expected = dout * act.df(z) if act.elementwise else np.einsum("nk,nkj->nj", dout, act.df(z))
    np.testing.assert_allclose(act.backward(dout, cache), expected, rtol=1e-12, atol=1e-15)


@given(z=hnp.arrays(np.float64, st.tuples(st.integers(1, 4), st.integers(1, 6)), elements=values))
def test_softmax_jacobian_matches_central_differences(z):
    jac = nnlib.softmax_prime(z)
    n, k = z.shape
    assert jac.shape == (n, k, k)
    for row in range(n):
        for out in range(k):
            num = numerical_gradient(lambda t: nnlib.softmax(t)[out], z[row].copy())
            np.testing.assert_allclose(jac[row, out], num, rtol=1e-6, atol=1e-9)


@given(z=hnp.arrays(np.float64, st.tuples(st.integers(1, 4), st.integers(1, 6)), elements=values))
def test_softmax_rows_are_distributions_and_shift_invariant(z):
    p = nnlib.softmax(z)
    assert (p > 0).all()
    np.testing.assert_allclose(p.sum(axis=-1), 1.0, rtol=1e-12)
    np.testing.assert_allclose(nnlib.softmax(z + 123.0), p, rtol=1e-9)


def test_sigmoid_and_tanh_identities():
    z = np.linspace(-5, 5, 11)
    np.testing.assert_allclose(nnlib.sigmoid(-z), 1.0 - nnlib.sigmoid(z), rtol=1e-12)
    np.testing.assert_allclose(nnlib.tanh(z), 2 * nnlib.sigmoid(2 * z) - 1, rtol=1e-12, atol=1e-15)


def test_extremes_are_finite_without_warnings():
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        s = nnlib.sigmoid(np.array([-1000.0, 1000.0]))
        ds = nnlib.sigmoid_prime(np.array([-1000.0, 1000.0]))
        p = nnlib.softmax(np.array([1000.0, 999.0, 998.0]))
        jac = nnlib.softmax_prime(np.array([1000.0, 999.0, 998.0]))
    assert np.isfinite(s).all() and np.isfinite(ds).all() and np.isfinite(jac).all()
    assert s[0] == pytest.approx(0.0, abs=1e-300) and s[1] == 1.0
    np.testing.assert_allclose(p, nnlib.softmax(np.array([2.0, 1.0, 0.0])), rtol=1e-12)


def test_float32_sigmoid_is_stable():
    with warnings.catch_warnings(), np.errstate(over="raise"):
        warnings.simplefilter("error")
        s = nnlib.activations._sigmoid(np.array([-1000.0, 1000.0], dtype=np.float32))
    assert s.dtype == np.float32
    assert np.isfinite(s).all() and 0.0 <= s[0] < 1e-37 and s[1] == 1.0


def test_linear_returns_a_copy():
    z = np.array([1.0, 2.0])
    out = nnlib.linear(z)
    out[0] = 5.0
    assert z[0] == 1.0


@pytest.mark.parametrize("name", list(ACTIVATIONS))
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_input_raises_naming_z(name, bad):
    for fn in (ACTIVATIONS[name].f, ACTIVATIONS[name].df):
        with pytest.raises(ValueError, match=r"^z .*finite"):
            fn(np.array([0.0, bad]))


@pytest.mark.parametrize("name", list(ACTIVATIONS))
@pytest.mark.parametrize("bad", ["1.0", None, ["a", "b"]])
def test_non_numeric_input_raises_type_error_naming_z(name, bad):
    with pytest.raises(TypeError, match=r"^z must be"):
        ACTIVATIONS[name].f(bad)


def test_softmax_prime_of_a_scalar_raises():
    with pytest.raises(ValueError, match=r"^z must have at least one axis"):
        nnlib.softmax_prime(1.0)


def test_unknown_activation_name_lists_the_known_ones():
    with pytest.raises(ValueError, match=r"activation must be one of .*'sigmoid'.*got 'sigmod'"):
        nnlib.get_activation("sigmod")
    with pytest.raises(TypeError, match=r"^activation must be a string"):
        nnlib.get_activation(3)
    assert nnlib.get_activation("tanh") is ACTIVATIONS["tanh"]
