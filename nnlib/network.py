"""Networks: MLP, a general vectorized multilayer perceptron, and SeedNetwork, the
article's 2-3-1 network with named weights.  SeedNetwork computes its gradients with
MLP's backprop; its chain_rule() derives the same numbers factor by factor.
Taught in 04_forward_pass.ipynb and 05_chain_rule.ipynb.
"""

import numbers
from typing import NamedTuple

import numpy as np

from ._check import as_float, as_float_array, choice, describe
from .activations import ACTIVATIONS, KERNELS, _sigmoid
from .layers import (_affine_param_gradients, activation_backward, activation_forward,
                     affine_backward, affine_forward)
from .losses import cross_entropy_rows, logsumexp_parts

NETWORK_LOSSES = ("mse", "cross_entropy")


class MLP:
    """A multilayer perceptron for a batch X of shape (N, sizes[0]).

    sizes: layer widths, e.g. [2, 3, 1].
    activations: one name for every hidden layer, or a list with one name per hidden
        layer (len(sizes) - 2), or one per layer including the output (len(sizes) - 1).
        When the output's is not given it is "linear" for mse and "softmax" for
        cross_entropy (which requires softmax).
    loss: "mse" (mean over all elements) or "cross_entropy" (softmax output; Y one-hot
        (N, C) or integer labels (N,)).
    params: [W1, b1, W2, b2, ...] (no b's when bias=False), W of shape (fan_in, fan_out),
        so z = X @ W + b.  These are the arrays the model computes with.
    Taught in 06_numerical_vs_analytic.ipynb and 07_gradient_descent.ipynb.
    """

    def __init__(self, sizes, activations="sigmoid", loss="mse", bias=True, seed=None,
                 dtype=np.float64):
        self.sizes = _check_sizes(sizes)
        self.loss_name = choice(loss, "loss", NETWORK_LOSSES)
        self.activations = _check_activations(activations, self.sizes, self.loss_name)
        if not isinstance(bias, (bool, np.bool_)):
            raise TypeError(f"bias must be True or False, got {describe(bias)}")
        self.bias = bool(bias)
        self.dtype = np.dtype(dtype)
        if self.dtype.kind != "f":
            raise TypeError(f"dtype must be a floating-point type, got {self.dtype}")
        rng = np.random.default_rng(seed)
        self.params = []
        for fan_in, fan_out, act in zip(self.sizes[:-1], self.sizes[1:], self.activations):
            scale = np.sqrt((2.0 if act in ("relu", "leaky_relu") else 1.0) / fan_in)
            self.params.append((rng.standard_normal((fan_in, fan_out)) * scale).astype(self.dtype))
            if self.bias:
                self.params.append(np.zeros(fan_out, dtype=self.dtype))

    def __repr__(self):
        return (f"MLP(sizes={list(self.sizes)}, activations={list(self.activations)}, "
                f"loss={self.loss_name!r}, bias={self.bias})")

    @property
    def param_names(self):
        """["W1", "b1", "W2", ...], parallel to params."""
        names = []
        for layer in range(1, len(self.sizes)):
            names.append(f"W{layer}")
            if self.bias:
                names.append(f"b{layer}")
        return names

    @property
    def n_params(self):
        """The number of scalar parameters."""
        return sum(p.size for p in self.params)

    def _check_X(self, X):
        X = as_float_array(X, "X", self.dtype)
        if X.ndim != 2 or X.shape[1] != self.sizes[0]:
            raise ValueError(f"X has shape {X.shape} but the first layer expects "
                             f"{self.sizes[0]} inputs (shape (N, {self.sizes[0]}))")
        return X

    def _check_Y(self, Y, n):
        out = self.sizes[-1]
        if self.loss_name == "cross_entropy":
            Y_arr = np.asarray(Y)
            if Y_arr.ndim == 1 and Y_arr.dtype.kind in "iu":        # integer labels
                if Y_arr.shape[0] != n or (n and (Y_arr.min() < 0 or Y_arr.max() >= out)):
                    raise ValueError(f"Y as integer labels must have shape ({n},) with values "
                                     f"in 0..{out - 1}, got {describe(Y_arr)} with values "
                                     f"{Y_arr.min() if Y_arr.size else '-'}.."
                                     f"{Y_arr.max() if Y_arr.size else '-'}")
                return Y_arr
            Y = as_float_array(Y, "Y", self.dtype)
            if Y.shape != (n, out):
                raise ValueError(f"Y must be one-hot of shape ({n}, {out}) or integer labels of "
                                 f"shape ({n},), got {describe(Y)}")
            return Y
        Y = as_float_array(Y, "Y", self.dtype)
        if out == 1 and Y.shape == (n,):
            return Y.reshape(n, 1)
        if Y.shape != (n, out):
            raise ValueError(f"Y has shape {Y.shape} but the network has {out} output(s) and "
                             f"X has {n} rows: expected shape ({n}, {out})")
        return Y

    def _forward(self, X):
        """Scores of the last layer before softmax (logits for cross_entropy), caches."""
        caches = []
        a = X
        params, step = self.params, (2 if self.bias else 1)
        last = len(self.sizes) - 2
        for i, name in enumerate(self.activations):
            b = params[step * i + 1] if self.bias else None
            z, affine_cache = affine_forward(a, params[step * i], b)
            if i == last and self.loss_name == "cross_entropy":
                caches.append((affine_cache, None))
                return z, caches
            a, act_cache = activation_forward(z, name)
            caches.append((affine_cache, act_cache))
        return a, caches

    def forward(self, X):
        """The network's outputs (probabilities for cross_entropy).  X: (N, D) -> (N, K)."""
        out, _ = self._forward(self._check_X(X))
        if self.loss_name == "cross_entropy":
            return KERNELS["softmax"][0](out)
        return out

    def loss(self, X, Y):
        """The loss on the batch (a float)."""
        return self.loss_and_gradients(X, Y, gradients=False)[0]

    def loss_and_gradients(self, X, Y, gradients=True):
        """(loss, [dC/dW1, dC/db1, ...] parallel to params) by one forward and one backward
        pass.  X: (N, D); Y: (N, K) (or (N,) when K = 1, or labels (N,) for cross_entropy)."""
        X = self._check_X(X)
        Y = self._check_Y(Y, X.shape[0])
        n = X.shape[0]
        out, caches = self._forward(X)
        if self.loss_name == "cross_entropy":
            # C = mean(logsumexp(z) - z_label) from the logits; its gradient is
            # (softmax(z) - Y) / N, and softmax shares exp(z - max z) with logsumexp.
            # Logits that overflowed (a diverging training run) give an infinite or NaN
            # loss, which train() reports as diverged.
            with np.errstate(over="ignore", invalid="ignore"):
                logsumexp, e, s = logsumexp_parts(out)
                per_row = cross_entropy_rows(out, Y, logsumexp)
            loss = float(per_row.sum() / per_row.size)         # the mean, as np.mean does it
            if not gradients:
                return loss, None
            dout = e / s
            if Y.ndim == 1:
                dout[np.arange(n), Y] -= 1.0
            else:
                dout -= Y
            dout /= n
        else:
            diff = out - Y
            sq = diff * diff
            # sum / size is np.mean's own arithmetic, without its overhead (float16
            # keeps np.mean, which accumulates it in float32).
            loss = float(sq.mean() if sq.dtype == np.float16 else sq.sum() / sq.size)
            if not gradients:
                return loss, None
            dout = diff * (2.0 / diff.size)
        grads = [None] * len(self.params)
        step = 2 if self.bias else 1
        for i in range(len(caches) - 1, -1, -1):
            affine_cache, act_cache = caches[i]
            if act_cache is not None and act_cache[2] != "linear":   # linear: dz = dout
                dout = activation_backward(dout, act_cache)
            if i > 0:
                dout, dW, db = affine_backward(dout, affine_cache)
            else:                       # the input X needs no gradient
                dW, db = _affine_param_gradients(dout, affine_cache)
            grads[step * i] = dW
            if self.bias:
                grads[step * i + 1] = db
        return loss, grads


def _check_sizes(sizes):
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__"):
        raise TypeError(f"sizes must be a list of layer widths such as [2, 3, 1], got "
                        f"{describe(sizes)}")
    if len(sizes) < 2:
        raise ValueError(f"sizes must list at least an input and an output width, got {list(sizes)}")
    for s in sizes:
        if isinstance(s, bool) or not isinstance(s, numbers.Integral) or s < 1:
            raise ValueError(f"sizes must be positive whole numbers, got {list(sizes)}")
    return tuple(int(s) for s in sizes)


def _check_activations(activations, sizes, loss):
    n_layers = len(sizes) - 1
    default_out = "softmax" if loss == "cross_entropy" else "linear"
    if isinstance(activations, str):
        names = [activations] * (n_layers - 1) + [default_out]
    elif hasattr(activations, "__len__") and len(activations) == n_layers - 1:
        names = list(activations) + [default_out]
    elif hasattr(activations, "__len__") and len(activations) == n_layers:
        names = list(activations)
    else:
        raise ValueError(f"activations must be one name or a list of {n_layers - 1} (hidden "
                         f"layers) or {n_layers} (every layer) names, got {describe(activations)}")
    for i, name in enumerate(names):
        choice(name, f"activations[{i}]", ACTIVATIONS)
        if name == "softmax" and i < n_layers - 1:
            raise ValueError(f"activations[{i}] is 'softmax', which is only for the output layer")
    if loss == "cross_entropy" and names[-1] != "softmax":
        raise ValueError(f"loss 'cross_entropy' needs a softmax output layer, but the output "
                         f"activation is {names[-1]!r}")
    if loss == "mse" and names[-1] == "softmax":
        raise ValueError("the output activation 'softmax' goes with loss 'cross_entropy', not 'mse'")
    return tuple(names)


# --- the article's network ------------------------------------------------------

WEIGHT_NAMES = ("w11", "w12", "w13", "w21", "w22", "w23", "w31", "w32", "w33")
ARTICLE_WEIGHTS = {"w11": 0.8, "w12": 0.4, "w13": 0.3, "w21": 0.2, "w22": 0.9, "w23": 0.5,
                   "w31": 0.3, "w32": 0.5, "w33": 0.9}
ARTICLE_X = (1.0, 1.0)
ARTICLE_Y = 0.0


class Factor(NamedTuple):
    """One link of the chain rule: its label (e.g. "da11/dh11"), the formula it stands
    for, and its value."""
    label: str
    formula: str
    value: float


class Chain(tuple):
    """The chain-rule factors for one weight; .product is dC/dw."""

    def __new__(cls, weight, factors):
        obj = super().__new__(cls, factors)
        obj.weight = weight
        return obj

    @property
    def product(self):
        out = 1.0
        for f in self:
            out *= f.value
        return out

    def __str__(self):
        lhs = " x ".join(f.label for f in self)
        rhs = " x ".join(f"{f.value:.6g}" for f in self)
        return f"dC/d{self.weight} = {lhs}\n        = {rhs}\n        = {self.product:.6g}"


def _index(name):
    """Where weight name lives: (layer, i, j) into W1 (2, 3) or W2 (3, 1)."""
    if name not in WEIGHT_NAMES:
        raise ValueError(f"weight name must be one of {', '.join(WEIGHT_NAMES)}, got {name!r}")
    row, col = int(name[1]) - 1, int(name[2]) - 1
    return (0, row, col) if row < 2 else (1, col, 0)


class SeedNetwork:
    """The article's network: 2 inputs -> 3 sigmoid hidden nodes -> 1 linear output, no
    biases, loss C = (y_hat - y)^2.  w_ij joins input i to hidden node j; w3j joins hidden
    node j to the output.  h1j = x1 w1j + x2 w2j, a1j = sigmoid(h1j),
    y_hat = sum_j w3j a1j.  weights: a dict overriding some or all of ARTICLE_WEIGHTS.
    x defaults to (1, 1) and y to 0 everywhere.  Taught in 04_forward_pass.ipynb."""

    def __init__(self, weights=None):
        self.mlp = MLP([2, 3, 1], "sigmoid", "mse", bias=False)
        self.set_weights(ARTICLE_WEIGHTS)
        if weights is not None:
            self.set_weights(weights)

    def __repr__(self):
        inner = ", ".join(f"{k}={v:.4g}" for k, v in self.weights.items())
        return f"SeedNetwork({inner})"

    @property
    def params(self):
        """[W1 (2, 3), W2 (3, 1)]: the arrays the network computes with."""
        return self.mlp.params

    @property
    def weights(self):
        """All nine weights by name, in the order w11 .. w33 (a new dict)."""
        return {name: self[name] for name in WEIGHT_NAMES}

    def __getitem__(self, name):
        layer, i, j = _index(name)
        return float(self.mlp.params[layer][i, j])

    def __setitem__(self, name, value):
        layer, i, j = _index(name)
        self.mlp.params[layer][i, j] = as_float(value, name)

    def set_weights(self, weights):
        """Set some or all weights from a dict name -> value (checked before any is set)."""
        if not isinstance(weights, dict):
            raise TypeError(f"weights must be a dict such as {{'w11': 0.8}}, got {describe(weights)}")
        unknown = [k for k in weights if k not in WEIGHT_NAMES]
        if unknown:
            raise ValueError(f"weights has unknown name(s) {unknown}; the names are "
                             f"{', '.join(WEIGHT_NAMES)}")
        checked = {k: as_float(v, f"weights[{k!r}]") for k, v in weights.items()}
        for k, v in checked.items():
            self[k] = v
        return self

    def copy(self):
        """A new SeedNetwork with the same weights."""
        return SeedNetwork(self.weights)

    @staticmethod
    def _xy(x, y):
        x = as_float_array(x, "x")
        if x.shape != (2,):
            raise ValueError(f"x must be the two inputs (x1, x2), got shape {x.shape}")
        return x, as_float(y, "y")

    def forward(self, x=ARTICLE_X, y=ARTICLE_Y):
        """Every intermediate by name: x, y, h (h11, h12, h13), a (a11, a12, a13),
        y_hat and loss."""
        x, y = self._xy(x, y)
        out, caches = self.mlp._forward(x[None, :])
        (_, act_cache), _ = caches
        h, a = act_cache[0][0], act_cache[1][0]
        y_hat = float(out[0, 0])
        return {"x": x, "y": y, "h": h.copy(), "a": a.copy(), "y_hat": y_hat,
                "loss": (y_hat - y) ** 2}

    def loss(self, x=ARTICLE_X, y=ARTICLE_Y):
        """C = (y_hat - y)^2."""
        return self.forward(x, y)["loss"]

    def loss_and_gradients(self, x=ARTICLE_X, y=ARTICLE_Y):
        """(C, [dC/dW1 (2, 3), dC/dW2 (3, 1)]) by backprop, parallel to params."""
        x, y = self._xy(x, y)
        return self.mlp.loss_and_gradients(x[None, :], np.array([[y]]))

    def gradients(self, x=ARTICLE_X, y=ARTICLE_Y):
        """dC/dw for every weight by name, by backprop (one forward, one backward pass)."""
        _, grads = self.loss_and_gradients(x, y)
        out = {}
        for name in WEIGHT_NAMES:
            layer, i, j = _index(name)
            out[name] = float(grads[layer][i, j])
        return out

    def chain_rule(self, name, x=ARTICLE_X, y=ARTICLE_Y):
        """The chain rule for dC/d(name), factor by factor, as the article derives it.
        For w11: dC/dy_hat * dy_hat/da11 * da11/dh11 * dh11/dw11
               = 2(y_hat - y) * w31 * a11(1 - a11) * x1.
        For w3j: dC/dy_hat * dy_hat/dw3j = 2(y_hat - y) * a1j."""
        layer, i, j = _index(name)
        f = self.forward(x, y)
        first = Factor("dC/dy_hat", "2(y_hat - y)", 2.0 * (f["y_hat"] - f["y"]))
        if layer == 1:
            k = i + 1
            return Chain(name, [first, Factor(f"dy_hat/dw3{k}", f"a1{k}", float(f["a"][i]))])
        k, n = j + 1, i + 1
        a = float(f["a"][j])
        return Chain(name, [
            first,
            Factor(f"dy_hat/da1{k}", f"w3{k}", self[f"w3{k}"]),
            Factor(f"da1{k}/dh1{k}", f"a1{k}(1 - a1{k})", a * (1.0 - a)),
            Factor(f"dh1{k}/d{name}", f"x{n}", float(f["x"][i])),
        ])

    def loss_curve(self, name, values, x=ARTICLE_X, y=ARTICLE_Y):
        """C at each value of weight name, the others fixed; vectorized over values.
        values: (K,) -> (K,)."""
        layer, i, j = _index(name)
        values = as_float_array(values, "values")
        if values.ndim != 1:
            raise ValueError(f"values must be a 1-D array of weights, got shape {values.shape}")
        x, y = self._xy(x, y)
        W1, W2 = self.mlp.params
        k = values.shape[0]
        W1s = np.broadcast_to(W1, (k, 2, 3)).copy()
        W2s = np.broadcast_to(W2[:, 0], (k, 3)).copy()
        if layer == 0:
            W1s[:, i, j] = values
        else:
            W2s[:, i] = values
        a = _sigmoid(np.einsum("i,kij->kj", x, W1s))
        y_hat = np.einsum("kj,kj->k", a, W2s)
        return (y_hat - y) ** 2
