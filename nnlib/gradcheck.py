"""Numerical gradients by finite differences, and gradient checking: comparing
backprop's gradients with them.  Taught in 07_numerical_vs_analytic.ipynb."""

import warnings
from typing import NamedTuple

import numpy as np

from ._check import as_float_array, choice, describe, positive

METHODS = ("central", "forward")
ROUNDING_LIMIT = 1e-3  # warn when rounding may move a difference by more than this share


def _scalar(value):
    """f's value as a real number; TypeError naming f for anything else."""
    if value is None:
        raise TypeError(
            "f returned None, but it must return a number (the loss at its argument): "
            "does f end with a return statement?"
        )
    arr = np.asarray(value)
    if arr.size != 1:
        raise TypeError(
            f"f must return a single number, got {describe(value)}; "
            "reduce it to one number, e.g. with .sum() or .mean()"
        )
    if arr.dtype.kind not in "iuf":
        raise TypeError(f"f must return a single number, got {describe(value)}")
    return arr.reshape(())[()]


def numerical_gradient(f, x, eps=1e-6, method="central", *, check_eps=True):
    """df/dx_i by finite differences, one (forward) or two (central) calls of f per
    element of x:  central (f(x + eps e_i) - f(x - eps e_i)) / (2 eps),
    forward (f(x + eps e_i) - f(x)) / eps.
    f: array -> number.  x: any shape -> gradient of the same shape and dtype.
    A writable float ndarray x is perturbed in place and restored (even when f raises
    or the run is interrupted), so x may be a model's parameter array that f reads;
    anything else is copied first.  eps must change x in its precision (ValueError
    otherwise), and a UserWarning says when rounding in x's dtype spoils the estimate;
    check_eps=False skips both, to show round-off on purpose."""
    if not callable(f):
        raise TypeError(f"f must be a function of one array returning a number, got {describe(f)}")
    eps = positive(eps, "eps")
    choice(method, "method", METHODS)
    x = _perturbable(x)
    if check_eps:
        _check_eps([("x", x)], eps, method, stacklevel=3)
    grad = np.zeros_like(x)
    base = _scalar(f(x)) if method == "forward" else None
    for idx in np.ndindex(x.shape):
        old = x[idx]
        try:
            x[idx] = old + eps
            plus = _scalar(f(x))
            if method == "central":
                x[idx] = old - eps
                grad[idx] = (plus - _scalar(f(x))) / (2 * eps)
            else:
                grad[idx] = (plus - base) / eps
        finally:
            x[idx] = old
    return grad


def _perturbable(x):
    """x itself when it is a writable float ndarray, else a float copy of it."""
    if isinstance(x, np.ndarray) and x.dtype.kind == "f":
        return x if x.flags.writeable else x.copy()
    return as_float_array(x, "x").copy()


def _suggested_eps(dtype, scale=1.0, method="central"):
    """A step balancing truncation against rounding in dtype for values of size scale:
    max(1, scale) * finfo(dtype).eps ** (1/3) (central) or ** (1/2) (forward)."""
    power = 1 / 3 if method == "central" else 1 / 2
    return float(max(scale, 1.0) * np.finfo(dtype).eps ** power)


def _rounding(x, eps, method, name):
    """The relative rounding error to expect in x's finite differences at its worst,
    finfo(dtype).eps * max(1, |x_i|) / eps, and that |x_i|.  ValueError when eps does not
    change some entry of x in its dtype: its difference would be exactly 0."""
    step = x.dtype.type(eps)
    finite = np.isfinite(x)
    lost = finite & ((x + step == x) | ((x - step == x) if method == "central" else False))
    tiny = float(np.finfo(x.dtype).eps)
    if lost.any():
        idx = tuple(int(i) for i in np.argwhere(lost)[0])
        where = f"{name}[{', '.join(map(str, idx))}]" if idx else name
        raise ValueError(
            f"eps={eps:g} is too small for {name} in {x.dtype}: {where} = {x[idx]:g} does "
            f"not change when eps is added ({x.dtype} resolves relative steps of about "
            f"{tiny:.1e}, np.finfo({x.dtype}).eps), so its finite difference would be "
            f"exactly 0; eps around {_suggested_eps(x.dtype, abs(float(x[idx])), method):.0e} "
            "would work"
        )
    scale = max(1.0, float(np.max(np.abs(x), initial=0.0, where=finite)))
    return tiny * scale / eps, scale


def _check_eps(named_arrays, eps, method, stacklevel):
    """ValueError when eps vanishes in one of the (name, array) pairs; one UserWarning
    when rounding in their dtype would spoil the estimate by more than ROUNDING_LIMIT."""
    worst = max(
        (_rounding(x, eps, method, name) + (name, x.dtype) for name, x in named_arrays),
        default=None,
        key=lambda found: found[0],
    )
    if worst is None or worst[0] <= ROUNDING_LIMIT:
        return
    rounding, scale, name, dtype = worst
    share = (
        f"about {rounding:.0%} of its size"
        if rounding < 1
        else "more than its size (the estimate may be pure rounding, even exactly 0)"
    )
    better = "" if dtype == np.float64 else ", or float64 values"
    warnings.warn(
        f"eps={eps:g} is small for {name} in {dtype}: {dtype} resolves relative steps of "
        f"about {np.finfo(dtype).eps:.1e} (np.finfo({dtype}).eps), so for values of size "
        f"about {scale:.2g} rounding may change each finite difference by {share}; "
        f"eps around {_suggested_eps(dtype, scale, method):.0e} would work{better}",
        UserWarning,
        stacklevel=stacklevel,
    )


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


def _param_names(model):
    """model.param_names, or W1, W2, ... for a model without them."""
    return getattr(model, "param_names", None) or [f"W{i + 1}" for i in range(len(model.params))]


def numerical_gradients(model, X, Y, eps=1e-6, method="central", *, check_eps=True):
    """dC/dp for every parameter array p of model by finite differences, C = model.loss(X, Y):
    each entry of each p in turn is nudged in place (p[i] + eps, and p[i] - eps for
    central), the loss is recomputed by a forward pass, and the entry is put back.
    -> list of arrays parallel to model.params.  Costs 2N forward passes for N
    parameters (central), or N plus one per array (forward).  Taught in 07_numerical_vs_analytic."""
    eps = positive(eps, "eps")
    choice(method, "method", METHODS)
    if check_eps:
        _check_eps(list(zip(_param_names(model), model.params)), eps, method, stacklevel=3)

    def loss_with_nudged_entry(p):  # p is one of model.params, an entry of it nudged
        return model.loss(X, Y)

    return [
        numerical_gradient(loss_with_nudged_entry, p, eps, method, check_eps=False)
        for p in model.params
    ]


def gradient_check(model, X, Y, eps=1e-6, method="central", *, check_eps=True):
    """Compare backprop's model.loss_and_gradients(X, Y), computed once, with
    numerical_gradients(model, X, Y), which calls model.loss (a forward pass only).
    model: an MLP or SeedNetwork (anything with params, loss and loss_and_gradients).
    Each parameter is restored even when the check raises or is
    interrupted.  eps is
    checked against the parameters' precision as in numerical_gradient (one warning for
    all of them; check_eps=False skips the check).
    -> GradCheckReport, one row per parameter array.  Taught in 07_numerical_vs_analytic."""
    eps = positive(eps, "eps")
    choice(method, "method", METHODS)
    _, grads = model.loss_and_gradients(X, Y)
    names = _param_names(model)
    if check_eps:
        _check_eps(list(zip(names, model.params)), eps, method, stacklevel=3)
    numerical = numerical_gradients(model, X, Y, eps, method, check_eps=False)
    report = GradCheckReport()
    for name, p, g, num in zip(names, model.params, grads, numerical):
        report.append(
            GradCheckRow(name, p.shape, float(np.max(np.abs(num - g))), rel_error(g, num))
        )
    return report
