"""Layers as pairs of pure functions: forward returns (out, cache), backward takes the
upstream gradient dout and the cache and returns the gradients of the inputs.
The cache is what the chain rule needs from the forward pass, a named tuple.  The
activation's math comes from its registry entry (nnlib.ACTIVATIONS).  Taught in
05_chain_rule.ipynb; used by nnlib.MLP (and so by SeedNetwork).
"""

from typing import NamedTuple

import numpy as np

from .activations import ACTIVATIONS, Activation, get_activation


class AffineCache(NamedTuple):
    """What affine_backward needs: the input X (N, D), W (D, M) and b (M,) or None."""

    X: np.ndarray
    W: np.ndarray
    b: np.ndarray | None


class ActivationCache(NamedTuple):
    """What activation_backward needs: z and a = f(z) (N, M), and f's registry entry."""

    z: np.ndarray
    a: np.ndarray
    activation: Activation


def overflow_ignored():
    """The numpy error state of a network's pass: a value too large for its float type
    becomes inf (and inf - inf, nan) without a warning, as an explorer shows it."""
    return np.errstate(over="ignore", invalid="ignore")


def affine_forward(X, W, b=None):
    """z = X @ W + b.  X: (N, D), W: (D, M), b: (M,) or None -> z: (N, M), AffineCache.
    Stacks broadcast as in np.matmul (X (..., N, D), W (..., D, M)) for the forward half."""
    if X.ndim < 2 or X.shape[-1] != W.shape[-2]:
        raise ValueError(
            f"X has shape {X.shape} but W has shape {W.shape}; X must have shape (N, {W.shape[-2]})"
        )
    z = X @ W
    if b is not None:
        z += b
    return z, AffineCache(X, W, b)


def affine_backward(dout, cache):
    """dX = dout @ W.T, dW = X.T @ dout, db = sum of dout over rows (None without bias).
    dout: (N, M) -> (dX (N, D), dW (D, M), db (M,) or None)."""
    dX = dout @ cache.W.T
    dW, db = affine_param_gradients(dout, cache)
    return dX, dW, db


def affine_param_gradients(dout, cache):
    """Only dW = X.T @ dout and db (None without bias): what the first layer needs, whose
    input X is data, not a parameter.  dout: (N, M) -> (dW (D, M), db (M,) or None)."""
    db = None if cache.b is None else np.add.reduce(dout, axis=0)
    return cache.X.T @ dout, db


def activation_forward(z, name):
    """a = f(z) for the named activation (its registry kernel).
    z: (N, M) -> a: (N, M), ActivationCache."""
    act = ACTIVATIONS.get(name) if isinstance(name, str) else None
    if act is None:
        act = get_activation(name)
    a = act.kernel(z)
    return a, ActivationCache(z, a, act)


def activation_backward(dout, cache):
    """dz = dout * f'(z) elementwise (for softmax the Jacobian-vector product
    dz = p * (dout - sum(dout * p))), by the registry entry's backward.
    dout: (N, M) -> dz: (N, M)."""
    return cache.activation.backward(dout, cache)


# --- layers in sequence: the forward and backward passes of a network ----------------


class Layer(NamedTuple):
    """One layer of an MLP: W (fan_in, fan_out) and b (fan_out,) or None, views of the
    live arrays in params, and the name of its activation."""

    W: np.ndarray
    b: np.ndarray | None
    activation: str


class LayerCache(NamedTuple):
    """One layer's forward cache: affine (AffineCache) and activation (ActivationCache,
    None for an output layer whose activation the loss includes)."""

    affine: AffineCache
    activation: ActivationCache | None


class LayerGradients(NamedTuple):
    """One layer's gradients: dW = dC/dW (fan_in, fan_out), db = dC/db (fan_out,) or None."""

    dW: np.ndarray
    db: np.ndarray | None


def forward_layers(X, layers, link=None):
    """a = f(a @ W + b), layer after layer.  X: (N, D) -> out (N, K), [LayerCache, ...].
    With link (a logit loss's activation) the output layer stops at its scores z: the
    loss applies link itself.  Stacks of networks broadcast as in np.matmul
    (W (S, D, M)): out (S, N, K).  Taught in 04_forward_pass.ipynb."""
    caches = []
    a = X
    last = len(layers) - 1
    for i, layer in enumerate(layers):
        z, affine_cache = affine_forward(a, layer.W, layer.b)
        if i == last and link is not None:
            caches.append(LayerCache(affine_cache, None))
            return z, caches
        a, act_cache = activation_forward(z, layer.activation)
        caches.append(LayerCache(affine_cache, act_cache))
    return a, caches


def backward_layers(dout, caches):
    """The chain rule back through forward_layers' caches, from dout = dC/dout (N, K).
    -> [LayerGradients(dW, db), ...] per layer; the input X gets no gradient.
    Taught in 05_chain_rule.ipynb."""
    grads = [None] * len(caches)
    for i in range(len(caches) - 1, -1, -1):
        cache = caches[i]
        if cache.activation is not None:
            dout = activation_backward(dout, cache.activation)
        if i > 0:
            dout, dW, db = affine_backward(dout, cache.affine)
        else:
            dW, db = affine_param_gradients(dout, cache.affine)
        grads[i] = LayerGradients(dW, db)
    return grads
