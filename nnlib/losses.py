"""Loss functions, each beside its gradient with respect to the prediction, and the
registry LOSSES: each entry carries the loss, its gradient and the kernel that networks
compute both with; adding a loss is one entry here.  Taught in 03_losses.ipynb.

Shapes: y_hat and y have the same shape; for the categorical losses the rows are data
points (N, C) and y is one-hot (each row one 1, zeros elsewhere), class probabilities
(soft targets: each row >= 0 and summing to 1; other rows are refused) or integer class
labels (N,).  reduction="mean" (default) averages over data
points, "none" returns one loss per data point (per element for mse and binary
cross-entropy, per row for categorical cross-entropy).
Cross-entropy uses the natural log.  The probability versions clip p to
[PROB_CLIP, 1 - PROB_CLIP] so that log(0) gives a large finite loss, not inf; the
logit versions need no clipping (they use a stable log-sum-exp).
"""

from collections.abc import Callable
from types import MappingProxyType
from typing import NamedTuple

import numpy as np

from ._check import as_float_array, choice, describe, one_hot_rows
from .activations import _sigmoid

PROB_CLIP = 1e-12
REDUCTIONS = ("mean", "none")


def _pair(y_hat, y):
    y_hat = as_float_array(y_hat, "y_hat")
    y = as_float_array(y, "y")
    if y_hat.shape != y.shape:
        raise ValueError(
            f"y_hat has shape {y_hat.shape} but y has shape {y.shape}; they must match"
        )
    return y_hat, y


def _probabilities(p, name):
    if (p < 0).any() or (p > 1).any():
        raise ValueError(
            f"{name} must hold probabilities in [0, 1], got values from "
            f"{p.min():.4g} to {p.max():.4g}"
        )
    return np.clip(p, PROB_CLIP, 1.0 - PROB_CLIP)


def _reduce(per_item, reduction):
    choice(reduction, "reduction", REDUCTIONS)
    return float(per_item.mean()) if reduction == "mean" else per_item


def _one_hot(y, scores):
    """y as a one-hot float array shaped like scores (N, C); y is one-hot (exactly one 1
    per row, zeros elsewhere) or labels (N,)."""
    if scores.ndim != 2:
        raise ValueError(
            f"y_hat must have shape (N, C) (one row of C class scores per data "
            f"point), got shape {scores.shape}"
        )
    n, c = scores.shape
    y_arr = np.asarray(y)
    if y_arr.ndim == 1 and y_arr.shape[0] == n and np.issubdtype(y_arr.dtype, np.integer):
        if (y_arr < 0).any() or (y_arr >= c).any():
            raise ValueError(
                f"y holds class labels, which must be in 0..{c - 1}, got "
                f"{y_arr.min()}..{y_arr.max()}"
            )
        out = np.zeros((n, c), dtype=scores.dtype)
        out[np.arange(n), y_arr] = 1.0
        return out
    y_arr = as_float_array(y, "y")
    if y_arr.shape != (n, c):
        raise ValueError(
            f"y must be one-hot of shape {(n, c)} or integer labels of shape "
            f"({n},), got {describe(y_arr)}"
        )
    return one_hot_rows(y_arr, "y")


def mse_kernel(y_hat, y, gradients=True):
    """(C, dC/dy_hat) = (mean((y_hat - y)^2), 2 (y_hat - y) / n) on checked arrays of the
    same shape, n = number of elements; dC/dy_hat is None when gradients is False."""
    diff = y_hat - y
    sq = diff * diff
    # sum / size is np.mean's own arithmetic, without its overhead (float16 keeps np.mean,
    # which accumulates it in float32).
    loss = float(sq.mean() if sq.dtype == np.float16 else sq.sum() / sq.size)
    return loss, (diff * (2.0 / diff.size) if gradients else None)


def mse(y_hat, y, reduction="mean"):
    """C = mean((y_hat - y)^2) over all elements.  y_hat, y: same shape -> float."""
    y_hat, y = _pair(y_hat, y)
    if choice(reduction, "reduction", REDUCTIONS) == "mean":
        return mse_kernel(y_hat, y, gradients=False)[0]
    return (y_hat - y) ** 2


def mse_grad(y_hat, y):
    """dC/dy_hat = 2 (y_hat - y) / n, n = number of elements.  -> shape of y_hat."""
    return mse_kernel(*_pair(y_hat, y))[1]


def binary_cross_entropy(p, y, reduction="mean"):
    """C = -mean(y ln p + (1 - y) ln(1 - p)); p clipped to [1e-12, 1 - 1e-12].
    p, y: same shape, p in [0, 1] -> float."""
    p, y = _pair(p, y)
    p = _probabilities(p, "y_hat")
    return _reduce(-(y * np.log(p) + (1.0 - y) * np.log1p(-p)), reduction)


def binary_cross_entropy_grad(p, y):
    """dC/dp = (p - y) / (p (1 - p)) / n (with the same clipping).  -> shape of p."""
    p, y = _pair(p, y)
    p = _probabilities(p, "y_hat")
    return (p - y) / (p * (1.0 - p)) / p.size


def binary_cross_entropy_with_logits(z, y, reduction="mean"):
    """C = mean(softplus(z) - y z) = BCE(sigmoid(z), y), stable for any z.
    z (logits), y: same shape -> float."""
    z, y = _pair(z, y)
    softplus = np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))
    return _reduce(softplus - y * z, reduction)


def binary_cross_entropy_with_logits_grad(z, y):
    """dC/dz = (sigmoid(z) - y) / n.  -> shape of z."""
    z, y = _pair(z, y)
    return (_sigmoid(z) - y) / z.size


def categorical_cross_entropy(p, y, reduction="mean"):
    """C = -mean over rows of sum_k y_k ln p_k; p clipped to [1e-12, 1].
    p: (N, C) probabilities; y: one-hot (N, C) or labels (N,) -> float (or (N,))."""
    p = as_float_array(p, "y_hat")
    y = _one_hot(y, p)
    p = _probabilities(p, "y_hat")
    return _reduce(-(y * np.log(p)).sum(axis=1), reduction)


def categorical_cross_entropy_grad(p, y):
    """dC/dp = -y / p / N (with the same clipping).  -> (N, C)."""
    p = as_float_array(p, "y_hat")
    y = _one_hot(y, p)
    p = _probabilities(p, "y_hat")
    return -y / p / p.shape[0]


def logsumexp_parts(z):
    """(logsumexp of each row, e = exp(z - max), s = row sums of e), so that
    softmax(z) = e / s shares the exponentials with the loss.  z: (N, C)."""
    m = z.max(axis=1, keepdims=True)
    e = np.exp(z - m)
    s = e.sum(axis=1, keepdims=True)
    return (m + np.log(s))[:, 0], e, s


def cross_entropy_rows(z, y, logsumexp):
    """Each row's logsumexp(z) - sum_k y_k z_k; y one-hot (N, C) or integer labels (N,)."""
    if y.ndim == 1:
        return logsumexp - z[np.arange(z.shape[0]), y]
    return logsumexp * y.sum(axis=1) - (y * z).sum(axis=1)


def categorical_cross_entropy_with_logits_kernel(z, y, gradients=True):
    """(C, dC/dz) = (mean over rows of logsumexp(z) - sum_k y_k z_k, (softmax(z) - y) / N)
    on checked arrays: z (N, C) logits, y one-hot (N, C) or integer labels (N,).  softmax
    shares exp(z - max z) with logsumexp.  Logits that overflowed (a diverging training
    run) give an infinite or NaN loss, without a warning; dC/dz is None without gradients."""
    with np.errstate(over="ignore", invalid="ignore"):
        logsumexp, e, s = logsumexp_parts(z)
        per_row = cross_entropy_rows(z, y, logsumexp)
    loss = float(per_row.sum() / per_row.size)  # the mean, as np.mean does it
    if not gradients:
        return loss, None
    n = z.shape[0]
    dz = e / s
    if y.ndim == 1:
        dz[np.arange(n), y] -= 1.0
    else:
        dz -= y
    dz /= n
    return loss, dz


def categorical_cross_entropy_with_logits(z, y, reduction="mean"):
    """C = mean over rows of (logsumexp(z) - sum_k y_k z_k) = CCE(softmax(z), y); stable.
    z: (N, C) logits; y: one-hot (N, C) or labels (N,) -> float (or (N,))."""
    z = as_float_array(z, "y_hat")
    y = _one_hot(y, z)
    logsumexp, _, _ = logsumexp_parts(z)
    return _reduce(cross_entropy_rows(z, y, logsumexp), reduction)


def categorical_cross_entropy_with_logits_grad(z, y):
    """dC/dz = (softmax(z) - y) / N, i.e. p - y per row.  -> (N, C)."""
    z = as_float_array(z, "y_hat")
    return categorical_cross_entropy_with_logits_kernel(z, _one_hot(y, z))[1]


def _kernel_of(f, grad):
    """A kernel (pred, y, gradients) -> (C, dC/dpred or None) from the checked pair."""

    def kernel(pred, y, gradients=True):
        return f(pred, y), (grad(pred, y) if gradients else None)

    return kernel


class Loss(NamedTuple):
    """A registry entry.  f(pred, y, reduction) and grad(pred, y): the checked loss and its
    gradient with respect to the prediction; takes: what the prediction is ("value",
    "probability" or "logit").  kernel(pred, y, gradients=True) -> (C, dC/dpred or None):
    both from one pass on arrays already checked, what networks compute with.  link: the
    output activation a logit loss includes (a network's output layer leaves it to the
    loss); labels: whether y may be integer class labels (N,)."""

    name: str
    f: Callable
    grad: Callable
    takes: str
    formula: str
    kernel: Callable
    link: str | None = None
    labels: bool = False


LOSSES = MappingProxyType(
    {
        loss.name: loss
        for loss in (
            Loss(
                "mse",
                mse,
                mse_grad,
                "value",
                r"C = \frac{1}{n}\sum_i (\hat y_i - y_i)^2",
                mse_kernel,
            ),
            Loss(
                "binary_cross_entropy",
                binary_cross_entropy,
                binary_cross_entropy_grad,
                "probability",
                r"C = -\frac{1}{n}\sum_i \left[y_i \ln p_i + (1 - y_i)\ln(1 - p_i)\right]",
                _kernel_of(binary_cross_entropy, binary_cross_entropy_grad),
            ),
            Loss(
                "binary_cross_entropy_with_logits",
                binary_cross_entropy_with_logits,
                binary_cross_entropy_with_logits_grad,
                "logit",
                r"C = \frac{1}{n}\sum_i \left[\ln(1 + e^{z_i}) - y_i z_i\right]",
                _kernel_of(binary_cross_entropy_with_logits, binary_cross_entropy_with_logits_grad),
                link="sigmoid",
            ),
            Loss(
                "categorical_cross_entropy",
                categorical_cross_entropy,
                categorical_cross_entropy_grad,
                "probability",
                r"C = -\frac{1}{N}\sum_i \sum_k y_{ik} \ln p_{ik}",
                _kernel_of(categorical_cross_entropy, categorical_cross_entropy_grad),
                labels=True,
            ),
            Loss(
                "categorical_cross_entropy_with_logits",
                categorical_cross_entropy_with_logits,
                categorical_cross_entropy_with_logits_grad,
                "logit",
                r"C = \frac{1}{N}\sum_i \left[\ln \sum_k e^{z_{ik}} - \sum_k y_{ik} z_{ik}\right]",
                categorical_cross_entropy_with_logits_kernel,
                link="softmax",
                labels=True,
            ),
        )
    }
)


def get_loss(name):
    """The registry entry for name; ValueError naming the known losses otherwise."""
    return LOSSES[choice(name, "loss", LOSSES)]
