"""Activation functions, each beside its derivative, and the registry ACTIVATIONS.

Every public function checks its input (finite numbers) and returns an ndarray of
the same shape.  The registry ACTIVATIONS maps a name to an Activation: the function,
its derivative, and the kernel and backward that layers and networks compute with.
Tests, networks and widgets iterate over it; adding an activation is one entry here.
Taught in 02_activations.ipynb.
"""

from collections.abc import Callable
from types import MappingProxyType
from typing import NamedTuple

import numpy as np

from ._check import as_float_array, choice

# --- raw kernels: no checks, used on the networks' hot paths -------------------

# exp(-z) is capped where it would overflow: 1 / (1 + exp(709)) is already ~1e-308.
_EXP_CAP = MappingProxyType({np.dtype(np.float32): 88.0, np.dtype(np.float16): 11.0})


def _sigmoid(z):
    # 1 / (1 + exp(min(-z, cap))), computed in one buffer when z is a float array.
    cap = _EXP_CAP.get(z.dtype, 709.0)
    if z.ndim == 0 or z.dtype.kind != "f":
        return 1.0 / (1.0 + np.exp(np.minimum(-z, cap)))
    t = np.negative(z)
    np.minimum(t, cap, out=t)
    np.exp(t, out=t)
    t += 1.0
    return np.divide(1.0, t, out=t)


def _sigmoid_prime(z):
    s = _sigmoid(z)
    return s * (1.0 - s)


def _tanh(z):
    return np.tanh(z)


def _tanh_prime(z):
    t = np.tanh(z)
    return 1.0 - t * t


def _relu(z):
    return np.maximum(z, 0.0)


def _relu_prime(z):
    return (z > 0).astype(z.dtype)


def _leaky_relu(z, alpha=0.01):
    return np.where(z > 0, z, alpha * z)


def _leaky_relu_prime(z, alpha=0.01):
    return np.where(z > 0, 1.0, alpha).astype(z.dtype)


def _linear(z):
    return z


def _linear_prime(z):
    return np.ones_like(z)


def _softmax(z, axis=-1):
    shifted = z - z.max(axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=axis, keepdims=True)


def _softmax_jacobian(z):
    p = _softmax(z)
    return p[..., :, None] * (np.eye(p.shape[-1], dtype=p.dtype) - p[..., None, :])


# --- public functions -----------------------------------------------------------


def sigmoid(z):
    """sigma(z) = 1 / (1 + exp(-z)), elementwise; stable for large |z|.
    z: any shape -> same shape.  Taught in 02_activations.ipynb."""
    return _sigmoid(as_float_array(z, "z"))


def sigmoid_prime(z):
    """sigma'(z) = sigma(z) (1 - sigma(z)), elementwise.  z: any shape -> same shape."""
    return _sigmoid_prime(as_float_array(z, "z"))


def tanh(z):
    """tanh(z) = (e^z - e^-z) / (e^z + e^-z), elementwise.  z: any shape -> same shape."""
    return _tanh(as_float_array(z, "z"))


def tanh_prime(z):
    """tanh'(z) = 1 - tanh(z)^2, elementwise.  z: any shape -> same shape."""
    return _tanh_prime(as_float_array(z, "z"))


def relu(z):
    """relu(z) = max(z, 0), elementwise.  z: any shape -> same shape."""
    return _relu(as_float_array(z, "z"))


def relu_prime(z):
    """relu'(z) = 1 if z > 0 else 0 (0 is used at the kink z = 0).  z: any shape -> same shape."""
    return _relu_prime(as_float_array(z, "z"))


def leaky_relu(z, alpha=0.01):
    """leaky_relu(z) = z if z > 0 else alpha z, elementwise.  z: any shape -> same shape."""
    return _leaky_relu(as_float_array(z, "z"), alpha)


def leaky_relu_prime(z, alpha=0.01):
    """leaky_relu'(z) = 1 if z > 0 else alpha (alpha at the kink).  z: any shape -> same shape."""
    return _leaky_relu_prime(as_float_array(z, "z"), alpha)


def linear(z):
    """linear(z) = z (the identity; an output layer with no activation)."""
    return _linear(as_float_array(z, "z")).copy()


def linear_prime(z):
    """linear'(z) = 1, elementwise.  z: any shape -> same shape."""
    return _linear_prime(as_float_array(z, "z"))


def softmax(z, axis=-1):
    """softmax(z)_k = exp(z_k) / sum_j exp(z_j) along axis; stable (subtracts max z).
    z: (..., K) -> (..., K), each slice along axis sums to 1."""
    return _softmax(as_float_array(z, "z"), axis=axis)


def softmax_prime(z):
    """The Jacobian of softmax along the last axis: J_kj = p_k (delta_kj - p_j).
    z: (..., K) -> (..., K, K).  Softmax mixes its inputs, so its derivative is a matrix."""
    z = as_float_array(z, "z")
    if z.ndim == 0:
        raise ValueError("z must have at least one axis (the K scores), got a scalar")
    return _softmax_jacobian(z)


# --- backward: dz = dC/dz from dout = dC/da and the forward cache (z, a) ----------------
# cache is a layer's ActivationCache; each reads the field its derivative needs.


def _sigmoid_backward(dout, cache):
    dz = dout * cache.a  # sigma' = a (1 - a), from the saved activation
    dz *= 1.0 - cache.a
    return dz


def _tanh_backward(dout, cache):
    return dout * (1.0 - cache.a * cache.a)


def _relu_backward(dout, cache):
    return dout * _relu_prime(cache.z)


def _leaky_relu_backward(dout, cache):
    return dout * _leaky_relu_prime(cache.z)


def _linear_backward(dout, cache):
    return dout  # linear' = 1: the upstream gradient passes through


def _softmax_backward(dout, cache):
    # The Jacobian-vector product J^T dout = p * (dout - sum(dout * p)), without forming J.
    return cache.a * (dout - (dout * cache.a).sum(axis=-1, keepdims=True))


class Activation(NamedTuple):
    """A registry entry.  f, df: the checked public function and its derivative (softmax's
    is a Jacobian (..., K, K), so it is not elementwise).  kernel: f on raw arrays, no
    checks; backward(dout, cache) -> dz, the chain rule through f given the forward cache
    (z, a).  gain: the weight-initialisation gain (2 for the relu family, He et al.)."""

    name: str
    f: Callable
    df: Callable
    elementwise: bool
    formula: str
    kernel: Callable
    backward: Callable
    gain: float = 1.0


ACTIVATIONS = MappingProxyType(
    {
        a.name: a
        for a in (
            Activation(
                "sigmoid",
                sigmoid,
                sigmoid_prime,
                True,
                r"\sigma(z) = \frac{1}{1 + e^{-z}}",
                _sigmoid,
                _sigmoid_backward,
            ),
            Activation(
                "tanh",
                tanh,
                tanh_prime,
                True,
                r"\tanh(z) = \frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}",
                _tanh,
                _tanh_backward,
            ),
            Activation(
                "relu",
                relu,
                relu_prime,
                True,
                r"\mathrm{relu}(z) = \max(z, 0)",
                _relu,
                _relu_backward,
                2.0,
            ),
            Activation(
                "leaky_relu",
                leaky_relu,
                leaky_relu_prime,
                True,
                r"\mathrm{leaky}(z) = \max(z, 0.01 z)",
                _leaky_relu,
                _leaky_relu_backward,
                2.0,
            ),
            Activation(
                "linear",
                linear,
                linear_prime,
                True,
                r"\mathrm{linear}(z) = z",
                _linear,
                _linear_backward,
            ),
            Activation(
                "softmax",
                softmax,
                softmax_prime,
                False,
                r"\mathrm{softmax}(z)_k = \frac{e^{z_k}}{\sum_j e^{z_j}}",
                _softmax,
                _softmax_backward,
            ),
        )
    }
)


def get_activation(name):
    """The registry entry for name; ValueError naming the known activations otherwise."""
    return ACTIVATIONS[choice(name, "activation", ACTIVATIONS)]
