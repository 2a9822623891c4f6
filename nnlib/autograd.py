"""Value, a scalar that remembers how it was computed, so that backward() can run the
backward pass you did by hand in 06_backward_pass.ipynb on any expression built from it.

The parts, and what they are in the hand-made pass:
- data: the number, what the forward pass computed (h11, a11, y_hat, C ...).
- _prev: the Values it was computed from (its parents in the computation graph).
- op: the operation that made it ("+", "*", "sigmoid", ...; "" for an input or weight).
- _local: d(this)/d(parent) for each parent, taken during the forward pass: the local
  derivatives (a11(1 - a11) for a11 = sigmoid(h11)), the caches of the hand-made pass.
- grad: dC/d(this), filled in by backward(): dC/dC = 1 at the root, then each node hands
  grad * local to each parent, adding up over every path (the sum over j of dC/dx1).
- backward(): visits the nodes in reverse topological order, so every node has its full
  grad before it passes it on: each upstream gradient computed once and reused.
Grads are not accumulated across calls: backward() on a graph whose grads are not all 0
raises RuntimeError; zero_grad() resets them (PyTorch adds silently instead).
seed_network() builds the article's 2-3-1 network from Values; mlp_loss() an MLP's loss.
Pure Python; taught in 11_from_backprop_to_autograd.ipynb.
"""

import math
import numbers
import sys

import numpy as np

from ._check import as_float, describe
from .seed_network import ARTICLE_X, ARTICLE_Y, WEIGHT_NAMES, SeedNetwork

_EXP_MAX = math.log(sys.float_info.max)  # the largest x whose exp is a finite float


class Value:
    """A scalar and its gradient.  Value(data, label="") -> data: float, grad: float.
    Operators + - * / ** (exponent a number) and methods exp, log, sigmoid, tanh, relu."""

    __slots__ = ("data", "grad", "_prev", "_local", "op", "label")

    def __init__(self, data, label="", *, _prev=(), _local=(), op=""):
        self.data = as_float(data, "data") if not _prev else float(data)
        self.grad, self._prev, self._local, self.op, self.label = 0.0, _prev, _local, op, label

    def __repr__(self):
        name = f"{self.label}: " if self.label else ""
        return f"Value({name}data={self.data:.6g}, grad={self.grad:.6g})"

    def _make(self, data, parents, local, op):
        """A new node: data, its parents, d(data)/d(parent) for each, its op."""
        return Value(data, _prev=parents, _local=local, op=op)

    def __add__(self, other):
        other = _lift(other, "+")
        return self._make(self.data + other.data, (self, other), (1.0, 1.0), "+")

    def __sub__(self, other):
        other = _lift(other, "-")
        return self._make(self.data - other.data, (self, other), (1.0, -1.0), "-")

    def __mul__(self, other):
        other = _lift(other, "*")
        return self._make(self.data * other.data, (self, other), (other.data, self.data), "*")

    def __truediv__(self, other):
        other = _lift(other, "/")
        if other.data == 0:
            raise ZeroDivisionError(f"division by zero: the divisor {other!r} is 0")
        a, b = self.data, other.data
        return self._make(a / b, (self, other), (1.0 / b, -a / (b * b)), "/")

    def __pow__(self, n):
        n = _exponent(n, self.data)
        return self._make(self.data**n, (self,), (n * self.data ** (n - 1),), f"**{n:g}")

    def exp(self):
        if self.data > _EXP_MAX:
            raise OverflowError(
                f"exp needs a number <= {_EXP_MAX:.1f} (larger overflows a float), got {self!r}"
            )
        e = math.exp(self.data)
        return self._make(e, (self,), (e,), "exp")

    def log(self):
        if self.data <= 0:
            raise ValueError(f"log needs a number > 0, got {self!r}")
        return self._make(math.log(self.data), (self,), (1.0 / self.data,), "log")

    def sigmoid(self):
        e = math.exp(-abs(self.data))  # stable: never exp of a large positive number
        s = 1.0 / (1.0 + e) if self.data >= 0 else e / (1.0 + e)
        return self._make(s, (self,), (s * (1.0 - s),), "sigmoid")

    def tanh(self):
        t = math.tanh(self.data)
        return self._make(t, (self,), (1.0 - t * t,), "tanh")

    def relu(self):
        up = self.data > 0
        return self._make(self.data if up else 0.0, (self,), (1.0 if up else 0.0,), "relu")

    def __neg__(self):
        return self * -1.0

    def __radd__(self, other):
        return _lift(other, "+") + self

    def __rsub__(self, other):
        return _lift(other, "-") - self

    def __rmul__(self, other):
        return _lift(other, "*") * self

    def __rtruediv__(self, other):
        return _lift(other, "/") / self

    def _backward(self):
        """Hand grad on: each parent's grad += d(self)/d(parent) * grad (the chain rule)."""
        for parent, local in zip(self._prev, self._local):
            parent.grad += local * self.grad

    def backward(self):
        """dC/dv for every Value v this one depends on, into v.grad (self is C; dC/dC = 1)."""
        order = topological_order(self)
        dirty = [v for v in order if v.grad != 0]
        if dirty:
            raise RuntimeError(
                f"backward() needs every grad in the graph to be 0, but {dirty[0]!r} has "
                "one already (from an earlier backward()): the new grads would add to it. "
                "Call .zero_grad() on the root first."
            )
        self.grad = 1.0
        for v in reversed(order):
            v._backward()

    def zero_grad(self):
        """Set grad = 0 on this Value and every Value it depends on."""
        for v in topological_order(self):
            v.grad = 0.0


def topological_order(root):
    """Every Value root depends on, each after all its parents, root last: the forward
    pass's order (reversed, the backward pass's).  Iterative, so a deep graph does not hit
    Python's recursion limit.  root: Value -> list of Values."""
    if not isinstance(root, Value):
        raise TypeError(f"root must be a Value, got {describe(root)}")
    order, seen, stack = [], {root}, [(root, iter(root._prev))]
    while stack:
        node, parents = stack[-1]
        for parent in parents:
            if parent not in seen:
                seen.add(parent)
                stack.append((parent, iter(parent._prev)))
                break
        else:  # every parent is placed: the node comes next
            stack.pop()
            order.append(node)
    return order


def _lift(other, op):
    """other as a Value: a Value itself, a real number as a new constant Value."""
    if isinstance(other, Value):
        return other
    if isinstance(other, bool) or not isinstance(other, numbers.Real):
        raise TypeError(f"{op} combines a Value with a Value or a number, got {describe(other)}")
    return Value(other)


def _exponent(n, base):
    """n as a float exponent of base, refusing what has no real power or derivative."""
    if isinstance(n, bool) or not isinstance(n, numbers.Real):
        raise TypeError(
            f"the exponent of ** must be a number (a constant, not a Value), got {describe(n)}"
        )
    n = as_float(n, "exponent")
    if base == 0 and n < 1:
        raise ZeroDivisionError(
            f"0 ** {n:g} has no finite derivative: n * 0 ** (n - 1) divides by zero"
        )
    if base < 0 and not n.is_integer():
        raise ValueError(f"a negative base {base:g} has no real power {n:g}")
    return n


def seed_network(weights=None, x=ARTICLE_X, y=ARTICLE_Y):
    """The article's 2-3-1 network built from Values: h1j = x1 w1j + x2 w2j,
    a1j = sigmoid(h1j), y_hat = sum_j a1j w3j, C = (y_hat - y)^2.  weights: a dict
    overriding ARTICLE_WEIGHTS (as SeedNetwork).  -> (C, named): named maps x1, x2, y,
    w11 .. w33, h11 .. h13, a11 .. a13, y_hat and C to their Values."""
    net = SeedNetwork(weights)
    x, y = net._xy(x, y)
    v = {name: Value(value, name) for name, value in net.weights.items()}
    v["x1"], v["x2"], v["y"] = Value(x[0], "x1"), Value(x[1], "x2"), Value(y, "y")
    for j in (1, 2, 3):
        v[f"h1{j}"] = v["x1"] * v[f"w1{j}"] + v["x2"] * v[f"w2{j}"]
        v[f"a1{j}"] = v[f"h1{j}"].sigmoid()
    v["y_hat"] = v["a11"] * v["w31"] + v["a12"] * v["w32"] + v["a13"] * v["w33"]
    v["C"] = (v["y_hat"] - v["y"]) ** 2
    for name in ("h11", "h12", "h13", "a11", "a12", "a13", "y_hat", "C"):
        v[name].label = name
    order = ("x1", "x2", "y", *WEIGHT_NAMES, "h11", "h12", "h13", "a11", "a12", "a13")
    return v["C"], {name: v[name] for name in (*order, "y_hat", "C")}


ACTIVATION_METHODS = ("sigmoid", "tanh", "relu", "linear")


def mlp_loss(model, X, Y):
    """An MLP's mse loss, mean over all N x K elements of (y_hat - Y)^2, built from Values
    with the model's current weights.  model: nnlib.MLP with loss "mse" and hidden
    activations among ACTIVATION_METHODS; X (N, D), Y (N, K) or (N,) when K = 1.
    -> (C, params): params parallel to model.params, object arrays of Values."""
    if model.loss_name != "mse" or any(a not in ACTIVATION_METHODS for a in model.activations):
        raise ValueError(
            f"model must use loss 'mse' and activations among {ACTIVATION_METHODS}, got {model!r}"
        )
    X = model._check_X(X)
    Y = model._check_Y(Y, X.shape[0])
    names = model.param_names
    params = [_values_like(p, name) for p, name in zip(model.params, names)]
    by_name = dict(zip(names, params))
    out = np.array([[Value(v) for v in row] for row in X], dtype=object)
    for k, act in enumerate(model.activations, start=1):
        out = out @ by_name[f"W{k}"]
        if f"b{k}" in by_name:
            out = out + by_name[f"b{k}"]
        if act != "linear":
            out = np.vectorize(lambda v, a=act: getattr(v, a)(), otypes=[object])(out)
    squares = [(v - float(t)) ** 2 for v, t in zip(out.ravel(), Y.ravel())]
    return sum(squares) / len(squares), params


def _values_like(p, name):
    """An object array shaped like p holding a Value per entry, labelled name[i, j]."""
    out = np.empty(p.shape, dtype=object)
    for index in np.ndindex(p.shape):
        out[index] = Value(p[index], f"{name}[{', '.join(map(str, index))}]")
    return out


def grads(values):
    """The .grad of each Value in an object array, as a float array of the same shape."""
    return np.vectorize(lambda v: v.grad, otypes=[float])(np.asarray(values, dtype=object))
