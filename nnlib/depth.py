"""Deep networks at initialisation: how large the gradient of each layer's weights is, and
how each layer's activations are spread, for a chosen depth, width, activation and initial
weight scale.  Every pass is nnlib.MLP's layers (nnlib.layers' forward_layers and
backward_layers).  Taught in 10_vanishing_gradients.ipynb.

The initial weights of every layer, the output layer included, are drawn from a normal
distribution of standard deviation  scale * sqrt(1 / fan_in), with
    init="xavier": scale = 1           (std sqrt(1 / fan_in), the tanh and sigmoid choice),
    init="he":     scale = sqrt(2)     (std sqrt(2 / fan_in), the relu choice),
    init=s > 0:    scale = s.
(nnlib.MLP's own default uses the activation's gain: xavier for sigmoid and tanh, he for
relu; here the init is set for every activation alike, so that they can be compared.)
"""

import numbers
from types import MappingProxyType
from typing import NamedTuple

import numpy as np

from ._check import as_float, choice, describe
from .activations import ACTIVATIONS
from .layers import Layer, backward_layers, forward_layers, overflow_ignored
from .network import MLP

# init name -> the variance gain: std = sqrt(gain / fan_in).
INITS = MappingProxyType({"xavier": 1.0, "he": 2.0})
BATCH = 64  # examples in the batch the gradients are averaged over
MAX_DEPTH, MAX_WIDTH = 64, 1024  # beyond these a pass takes more than a moment
# Hidden activations a deep network may use: the elementwise ones.
DEEP_ACTIVATIONS = tuple(name for name, a in ACTIVATIONS.items() if a.elementwise)


class DepthReport(NamedTuple):
    """One forward and one backward pass of a deep network on a batch.
    weight_norms (L,): ||dC/dW_l|| (Frobenius), l = 1 .. L = depth + 1 (the last is the
    output layer); bias_norms (L,): ||dC/db_l||, where dC/db_l is the layer's delta
    dC/dz_l summed over the batch; activations: per hidden layer its a_l (N, width);
    loss: C on the batch."""

    weight_norms: np.ndarray
    bias_norms: np.ndarray
    activations: tuple
    loss: float


def init_scale(init):
    """The multiplier s of sqrt(1 / fan_in): "xavier" -> 1, "he" -> sqrt(2), a number
    s > 0 -> s.  Taught in 10_vanishing_gradients.ipynb."""
    if isinstance(init, str):
        return float(np.sqrt(INITS[choice(init, "init", INITS)]))
    if isinstance(init, bool) or not isinstance(init, numbers.Real):
        raise TypeError(
            f"init must be 'xavier', 'he' or a number > 0 (the multiplier of "
            f"sqrt(1/fan_in)), got {describe(init)}"
        )
    scale = as_float(init, "init")
    if scale <= 0:
        raise ValueError(
            f"init as a number must be > 0 (the multiplier of sqrt(1/fan_in)), got {scale}"
        )
    return scale


def _whole(value, name, hi):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not 1 <= value <= hi:
        raise ValueError(f"{name} must be a whole number from 1 to {hi}, got {describe(value)}")
    return int(value)


def deep_network(depth, width, activation="sigmoid", init="xavier", seed=0):
    """An nnlib.MLP of `depth` hidden layers of `width` units with `activation`, taking
    `width` inputs and giving one output (linear, mse loss), its weights drawn with
    std init_scale(init) * sqrt(1 / fan_in) from seed, its biases zero.
    sizes: (width,) * (depth + 1) + (1,).  Taught in 10_vanishing_gradients.ipynb."""
    depth, width = _whole(depth, "depth", MAX_DEPTH), _whole(width, "width", MAX_WIDTH)
    choice(activation, "activation", DEEP_ACTIVATIONS)
    scale = init_scale(init)
    model = MLP((width,) * (depth + 1) + (1,), activation, loss="mse", seed=seed)
    for layer in model.layers:  # MLP drew std sqrt(gain / fan_in); make it scale / sqrt(fan_in)
        W = layer.W  # a view of the array in model.params, scaled in place
        W *= scale / np.sqrt(ACTIVATIONS[layer.activation].gain)
    return model


def depth_batch(width, seed=0, n=BATCH):
    """A batch for a deep network of `width` inputs: X (n, width) and Y (n, 1), both
    standard normal, drawn from seed."""
    width, n = _whole(width, "width", MAX_WIDTH), _whole(n, "n", 100_000)
    rng = np.random.default_rng([seed, width])
    return rng.standard_normal((n, width)), rng.standard_normal((n, 1))


def depth_report(model, X, Y):
    """One forward and one backward pass of model (an nnlib.MLP with an mse loss) on the
    batch X (N, D), Y (N, 1) -> DepthReport.  Values too large for a float are inf,
    without a warning.  Taught in 10_vanishing_gradients.ipynb."""
    if not isinstance(model, MLP) or model.loss_name != "mse":
        raise TypeError(f"model must be an nnlib.MLP with loss 'mse', got {describe(model)}")
    X = model._check_X(X)
    Y = model._check_Y(Y, X.shape[0])
    with overflow_ignored():
        out, caches = forward_layers(X, model.layers)
        loss, dout = model.loss_entry.kernel(out, Y)
        grads = backward_layers(dout, caches)
        weight_norms = np.array([np.linalg.norm(g.dW) for g in grads])
        bias_norms = np.array([np.linalg.norm(g.db) if g.db is not None else 0.0 for g in grads])
    activations = tuple(cache.activation.a for cache in caches[:-1])
    return DepthReport(weight_norms, bias_norms, activations, float(loss))


def layer_gradient_norms(model, X, Y):
    """||dC/dW_l|| for every layer l = 1 .. L of model on the batch (X, Y): (L,).
    Taught in 10_vanishing_gradients.ipynb."""
    return depth_report(model, X, Y).weight_norms


def layer_activations(model, X):
    """The activations a_l (N, width) of every hidden layer of model for X (N, D), in
    order, from one forward pass: a tuple of length depth."""
    X = model._check_X(X)
    with overflow_ignored():
        _, caches = forward_layers(X, model.layers)
    return tuple(cache.activation.a for cache in caches[:-1])


def depth_run(depth, width, activation="sigmoid", init="xavier", seed=0):
    """depth_report of deep_network(depth, width, activation, init, seed) on
    depth_batch(width, seed): what one setting of the depth explorer shows."""
    model = deep_network(depth, width, activation, init, seed)
    return depth_report(model, *depth_batch(width, seed))


PERCENTILES = (5.0, 25.0, 50.0, 75.0, 95.0)


def activation_percentiles(activations, q=PERCENTILES):
    """Per hidden layer, the percentiles q of all its activations (every example and unit):
    activations: a tuple of (N, width) arrays -> (depth, len(q))."""
    if not len(activations):
        return np.empty((0, len(q)))
    stacked = np.stack([np.ravel(a) for a in activations])
    return np.percentile(stacked, q, axis=1).T


def chain_factors(ws, x, activation="sigmoid"):
    """A chain of one unit per layer, z_l = w_l a_(l-1), a_l = f(z_l), a_0 = x: each
    layer's factor w_l f'(z_l) (L,), whose product is da_L/dx.  ws: L weights.
    Taught in 10_vanishing_gradients.ipynb, as 05_chain_rule's w3j sigma'(h1j)."""
    ws = np.ravel(np.asarray(ws, dtype=float)) if not isinstance(ws, str) else ws
    if isinstance(ws, str) or ws.size == 0 or not np.isfinite(ws).all():
        raise ValueError(f"ws must be one or more finite weights, got {describe(ws)}")
    x = as_float(x, "x")
    choice(activation, "activation", DEEP_ACTIVATIONS)
    layers = [Layer(np.array([[w]]), None, activation) for w in ws]
    _, caches = forward_layers(np.array([[x]]), layers)
    zs = np.array([cache.activation.z[0, 0] for cache in caches])
    return ws * ACTIVATIONS[activation].df(zs)
