"""Numerical gradients by finite differences, and gradient checking: comparing
backprop's gradients with them.  Taught in 06_numerical_vs_analytic.ipynb."""

from typing import NamedTuple

import numpy as np

from ._check import choice, describe, positive

METHODS = ("central", "forward")


def _scalar(value):
    arr = np.asarray(value)
    if arr.size != 1:
        raise TypeError(f"f must return a single number, got {describe(value)}")
    return arr.reshape(())[()]


def numerical_gradient(f, x, eps=1e-6, method="central"):
    """df/dx_i by finite differences, one (forward) or two (central) calls of f per
    element of x:  central (f(x + eps e_i) - f(x - eps e_i)) / (2 eps),
    forward (f(x + eps e_i) - f(x)) / eps.
    f: array -> number.  x: any shape -> gradient of the same shape and dtype.
    A float ndarray x is perturbed in place and restored, so x may be a model's
    parameter array that f reads; anything else is copied to float64 first."""
    if not callable(f):
        raise TypeError(f"f must be a function of one array returning a number, got {describe(f)}")
    eps = positive(eps, "eps")
    choice(method, "method", METHODS)
    if not (isinstance(x, np.ndarray) and x.dtype.kind == "f"):
        from ._check import as_float_array

        x = as_float_array(x, "x").copy()
    grad = np.zeros_like(x)
    base = _scalar(f(x)) if method == "forward" else None
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + eps
        plus = _scalar(f(x))
        if method == "central":
            x[idx] = old - eps
            minus = _scalar(f(x))
            grad[idx] = (plus - minus) / (2 * eps)
        else:
            grad[idx] = (plus - base) / eps
        x[idx] = old
    return grad


def rel_error(a, b):
    """||a - b|| / (||a|| + ||b||) (Euclidean norms over all elements; 0 when both are 0).
    Scale-free: about 1e-10 for a correct float64 gradient, near 1 for a wrong one."""
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"a has shape {a.shape} but b has shape {b.shape}; they must match")
    denom = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denom == 0 else float(np.linalg.norm(a - b) / denom)


class GradCheckRow(NamedTuple):
    """One parameter's check: analytic (backprop) vs numerical gradient."""

    name: str
    shape: tuple
    max_abs_diff: float
    rel_error: float


class GradCheckReport(list):
    """The per-parameter rows of a gradient check; str() is a table."""

    @property
    def max_rel_error(self):
        return max(row.rel_error for row in self)

    def passed(self, tol=1e-6):
        """True when every parameter's relative error is below tol."""
        return self.max_rel_error < tol

    def __str__(self):
        lines = [f"{'param':<8}{'shape':<14}{'max |diff|':>12}{'rel error':>12}"]
        for r in self:
            lines.append(
                f"{r.name:<8}{str(r.shape):<14}{r.max_abs_diff:>12.2e}{r.rel_error:>12.2e}"
            )
        return "\n".join(lines)


def gradient_check(model, X, Y, eps=1e-6, method="central"):
    """Compare backprop's model.loss_and_gradients(X, Y), computed once, with
    numerical_gradient of model.loss(X, Y) (a forward pass only) on every parameter.
    model: an MLP or SeedNetwork (anything with params, loss and loss_and_gradients).
    -> GradCheckReport, one row per parameter array.  Taught in 06_numerical_vs_analytic."""
    _, grads = model.loss_and_gradients(X, Y)
    names = getattr(model, "param_names", None) or [f"W{i + 1}" for i in range(len(grads))]
    report = GradCheckReport()
    for name, p, g in zip(names, model.params, grads):
        num = numerical_gradient(lambda _: model.loss(X, Y), p, eps, method)
        report.append(
            GradCheckRow(name, p.shape, float(np.max(np.abs(num - g))), rel_error(g, num))
        )
    return report
