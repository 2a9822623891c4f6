"""Gradient descent: one update w <- w - lr * dC/dw, and a training loop with its loss
history.  Works for MLP and SeedNetwork alike.  Taught in 07_gradient_descent.ipynb."""

from typing import NamedTuple

import numpy as np

from ._check import describe, positive


def sgd_step(params, grads, lr):
    """w <- w - lr * dC/dw for each parameter array, in place.  Returns params."""
    lr = positive(lr, "lr")
    _check_grads(params, grads)
    _update(params, grads, lr)  # only after every shape is checked: no partial update
    return params


def _update(params, grads, lr):
    for p, g in zip(params, grads):
        p -= lr * g


def _check_grads(params, grads):
    if len(params) != len(grads):
        raise ValueError(
            f"grads must have one array per parameter ({len(params)}), got {len(grads)}"
        )
    for i, (p, g) in enumerate(zip(params, grads)):
        if np.shape(g) != p.shape:
            raise ValueError(
                f"grads[{i}] has shape {np.shape(g)} but params[{i}] has shape {p.shape}"
            )


class History(NamedTuple):
    """losses[k] is the loss after k updates (losses[0] before any); params[k] the
    parameters then (when recorded); diverged is True when the loss stopped being finite,
    where training stopped."""

    losses: np.ndarray
    params: list
    diverged: bool


def train(model, X, Y, lr=0.1, steps=100, record_params=False):
    """Run `steps` updates of full-batch gradient descent on model (changed in place).
    -> History.  Stops early, with diverged=True, if the loss overflows."""
    lr = positive(lr, "lr")
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 0:
        raise ValueError(f"steps must be a whole number >= 0, got {describe(steps)}")
    losses, snapshots = [], []
    diverged = False
    objective = _objective(model, X, Y)
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(steps + 1):
            loss, grads = objective()
            if record_params:
                snapshots.append([p.copy() for p in model.params])
            losses.append(loss)
            if not np.isfinite(loss) or not all(np.isfinite(g).all() for g in grads):
                diverged = True
                break
            if k < steps:
                if k == 0:  # sgd_step, its checks made once
                    _check_grads(model.params, grads)
                _update(model.params, grads, lr)
    return History(np.array(losses), snapshots, diverged)


def _objective(model, X, Y):
    """model.objective(X, Y) (inputs checked once), or for a model without it a function
    calling model.loss_and_gradients(X, Y)."""
    if hasattr(model, "objective"):
        return model.objective(X, Y)
    return lambda: model.loss_and_gradients(X, Y)
