"""Layers as pairs of pure functions: forward returns (out, cache), backward takes the
upstream gradient dout and the cache and returns the gradients of the inputs.
The cache is what the chain rule needs from the forward pass.  Taught in
05_chain_rule.ipynb; used by nnlib.MLP (and so by SeedNetwork).
"""

import numpy as np

from .activations import KERNELS, get_activation


def affine_forward(X, W, b=None):
    """z = X @ W + b.  X: (N, D), W: (D, M), b: (M,) or None -> z: (N, M), cache."""
    if X.ndim != 2 or X.shape[1] != W.shape[0]:
        raise ValueError(f"X has shape {X.shape} but W has shape {W.shape}; "
                         f"X must have shape (N, {W.shape[0]})")
    z = X @ W
    if b is not None:
        z += b
    return z, (X, W, b is not None)


def affine_backward(dout, cache):
    """dX = dout @ W.T, dW = X.T @ dout, db = sum of dout over rows (None without bias).
    dout: (N, M) -> (dX (N, D), dW (D, M), db (M,) or None)."""
    dX = dout @ cache[1].T
    dW, db = _affine_param_gradients(dout, cache)
    return dX, dW, db


def _affine_param_gradients(dout, cache):
    """Only dW = X.T @ dout and db (None without bias): what the first layer needs, whose
    input X is data, not a parameter.  dout: (N, M) -> (dW (D, M), db (M,) or None)."""
    X, _, has_bias = cache
    return X.T @ dout, (np.add.reduce(dout, axis=0) if has_bias else None)


def activation_forward(z, name):
    """a = f(z) for the named activation.  z: (N, M) -> a: (N, M), cache."""
    kernels = KERNELS.get(name) if isinstance(name, str) else None
    if kernels is None:
        kernels = KERNELS[get_activation(name).name]
    a = kernels[0](z)
    return a, (z, a, name)


def activation_backward(dout, cache):
    """dz = dout * f'(z) elementwise; for softmax, the Jacobian-vector product
    dz = p * (dout - sum(dout * p)).  dout: (N, M) -> dz: (N, M)."""
    z, a, name = cache
    if name == "sigmoid":
        dz = dout * a
        dz *= 1.0 - a
        return dz
    if name == "tanh":
        return dout * (1.0 - a * a)
    if name == "softmax":
        return a * (dout - (dout * a).sum(axis=-1, keepdims=True))
    return dout * KERNELS[name][1](z)
