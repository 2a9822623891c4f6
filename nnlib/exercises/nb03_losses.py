"""Exercises of 03_losses.ipynb: the gradient of the mean squared error, and the gradient
of a class-weighted binary cross-entropy with respect to the logit, written as functions."""

import numpy as np

from .. import activations, losses
from ._common import HALF
from .engine import Exercise, Mistake

NOTEBOOK = "03_losses"


def _mse_cases():
    return (
        (np.array([1.5]), np.array([0.0])),
        (np.array([0.2, 0.8, 0.5]), np.array([0.0, 1.0, 1.0])),
        (np.array([1.0, -2.0, 3.0, 0.5]), np.array([1.0, 2.0, 0.0, 0.5])),
        (np.array([[0.1, 0.4, 0.9], [2.0, -1.0, 0.0]]), np.zeros((2, 3))),
    )


def _bce_cases():
    """(z, y, w): logits, targets 0 or 1, the weight of the y = 1 term; w = 1 first."""
    return (
        (np.array([2.0]), np.array([1.0]), 1.0),
        (np.array([-3.0, 0.5, 4.0]), np.array([1.0, 0.0, 1.0]), 5.0),
        (np.linspace(-5.0, 5.0, 6), np.array([0.0, 1.0, 0.0, 1.0, 0.0, 1.0]), 0.25),
        (np.array([[-8.0, 8.0], [0.0, -2.0]]), np.array([[1.0, 0.0], [0.0, 1.0]]), 3.0),
    )


def _p(z):
    return activations.sigmoid(np.asarray(z, dtype=np.float64))


def _weighted_bce_grad(z, y, w):
    """dC/dz of C = -[w y ln p + (1 - y) ln(1 - p)], p = sigmoid(z), per point: the
    y = 1 term gives -w y (1 - p), the y = 0 term (1 - y) p.  With w = 1 it is
    nnlib's p - y."""
    p, y = _p(z), np.asarray(y, dtype=np.float64)
    return (1.0 - y) * p - w * y * (1.0 - p)


EXERCISES = (
    Exercise(
        "mse_grad",
        NOTEBOOK,
        kind="function",
        returns="array",
        what="an array shaped like y_hat",
        signature="my_mse_grad(y_hat, y)",
        params=("y_hat", "y"),
        cases=_mse_cases,
        hint="differentiate (y_hat_i - y_i)^2 / n with respect to y_hat_i; n = y_hat.size",
        answer=lambda y_hat, y: losses.mse_grad(y_hat, y),
        mistakes=(
            Mistake(
                HALF + " The power rule brings down a 2",
                lambda y_hat, y: losses.mse_grad(y_hat, y) / 2.0,
            ),
            Mistake(
                "the 1/n of the mean is missing: each prediction's share is 2(y_hat - y) / n",
                lambda y_hat, y: losses.mse_grad(y_hat, y) * np.size(y_hat),
            ),
            Mistake(
                "sign flipped: the derivative with respect to y_hat is "
                "2(y_hat - y) / n, not 2(y - y_hat) / n",
                lambda y_hat, y: -losses.mse_grad(y_hat, y),
            ),
            Mistake(
                "that is each prediction's share of the loss, not its derivative",
                lambda y_hat, y: losses.mse(y_hat, y, reduction="none") / np.size(y_hat),
            ),
            Mistake(
                "you returned one number; the gradient has one entry per prediction",
                lambda y_hat, y: np.sum(losses.mse_grad(y_hat, y)),
            ),
        ),
    ),
    Exercise(
        "weighted_bce_grad",
        NOTEBOOK,
        kind="function",
        returns="array",
        what="an array shaped like z",
        signature="my_weighted_bce_grad(z, y, w)",
        params=("z", "y", "w"),
        cases=_bce_cases,
        hint="write C with p = sigma(z) and differentiate each term with the chain rule: "
        "d ln p / dz = (1 - p) and d ln(1 - p) / dz = -p, because dp/dz = p(1 - p)",
        answer=_weighted_bce_grad,
        mistakes=(
            Mistake(
                "the weight w is missing: with w = 1 the gradient is p - y, but w multiplies "
                "the y = 1 term",
                lambda z, y, w: _p(z) - y,
            ),
            Mistake(
                "you multiplied the whole gradient by w; w weighs only the y ln p term, so a "
                "point with y = 0 keeps the gradient p",
                lambda z, y, w: w * (_p(z) - y),
            ),
            Mistake(
                "that is dC/dp; the gradient with respect to z needs one more factor, "
                "dp/dz = p(1 - p)",
                lambda z, y, w: -w * y / _p(z) + (1.0 - y) / (1.0 - _p(z)),
            ),
            Mistake(
                "sign flipped: raising z raises p, which lowers the loss of a y = 1 point, "
                "so its gradient is negative",
                lambda z, y, w: -_weighted_bce_grad(z, y, w),
            ),
            Mistake(
                "you used z where p = sigma(z) belongs",
                lambda z, y, w: (1.0 - y) * z - w * y * (1.0 - z),
            ),
        ),
    ),
)
