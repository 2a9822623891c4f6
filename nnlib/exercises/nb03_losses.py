"""Exercises of 03_losses.ipynb: the gradient of the mean squared error, and one row of
the article's cross-entropy table, written as functions."""

import numpy as np

from .. import losses
from ..article import CLASS_TABLE, CLASSES
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


def _ce_cases():
    """Each row of the article's five-class table with its class, then two edge cases."""
    rows = tuple((np.array(CLASS_TABLE[c]), k) for k, c in enumerate(CLASSES))
    return rows + ((np.full(4, 0.25), 2), (np.array([0.0, 1.0, 0.0]), 1))


def _ce_row(p, target):
    p = np.asarray(p, dtype=np.float64)
    return losses.categorical_cross_entropy(p[None, :], np.array([int(target)]))


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
        "cross_entropy_row",
        NOTEBOOK,
        kind="function",
        returns="number",
        signature="my_cross_entropy(p, target)",
        params=("p", "target"),
        cases=_ce_cases,
        hint="y is one-hot, so in the sum over classes only the true class's term is left; "
        "cross-entropy uses the natural log",
        answer=_ce_row,
        mistakes=(
            Mistake(
                "sign flipped: ln p is negative for p < 1, so the loss is -ln p[target]",
                lambda p, target: -_ce_row(p, target),
            ),
            Mistake(
                "wrong logarithm: cross-entropy uses the natural log (np.log), not log10",
                lambda p, target: _ce_row(p, target) / np.log(10.0),
            ),
            Mistake(
                "wrong logarithm: cross-entropy uses the natural log (np.log), not log2",
                lambda p, target: _ce_row(p, target) / np.log(2.0),
            ),
            Mistake(
                "you summed -ln p over every class; only the true class's probability "
                "counts (the target is one-hot)",
                lambda p, target: -np.sum(np.log(p)),
            ),
            Mistake(
                "you always used the first class; use p[target]", lambda p, target: -np.log(p[0])
            ),
        ),
    ),
)
