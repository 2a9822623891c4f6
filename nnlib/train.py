"""Gradient descent: one update w <- w - lr * dC/dw, and a training loop with its loss
history.  Works for MLP and SeedNetwork alike.  Taught in 07_gradient_descent.ipynb."""

from typing import NamedTuple

import numpy as np

from ._check import describe, positive


def sgd_step(params, grads, lr):
    """w <- w - lr * dC/dw for each parameter array, in place.  Returns params."""
    lr = positive(lr, "lr")
    if len(params) != len(grads):
        raise ValueError(
            f"grads must have one array per parameter ({len(params)}), got {len(grads)}"
        )
    for i, (p, g) in enumerate(zip(params, grads)):
        if np.shape(g) != p.shape:
            raise ValueError(
                f"grads[{i}] has shape {np.shape(g)} but params[{i}] has shape {p.shape}"
            )
    for p, g in zip(params, grads):  # only after every shape is checked: no partial update
        p -= lr * g
    return params


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
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(steps + 1):
            loss, grads = model.loss_and_gradients(X, Y)
            if record_params:
                snapshots.append([p.copy() for p in model.params])
            losses.append(loss)
            if not np.isfinite(loss) or not all(np.isfinite(g).all() for g in grads):
                diverged = True
                break
            if k < steps:
                sgd_step(model.params, grads, lr)
    return History(np.array(losses), snapshots, diverged)
