"""Exercises of 08_gradient_descent.ipynb: one gradient-descent update written as a
function, and the new w11 of the article's network after one step."""

import numpy as np

from .. import network
from ..train import sgd_step
from ._common import HALF, SIGN_FLIP
from .engine import Exercise, Mistake

NOTEBOOK = "08_gradient_descent"


def _sgd_once(w, grad, lr):
    w = np.array(w, dtype=np.float64)
    return sgd_step([w], [np.array(grad, dtype=np.float64)], lr)[0]


def _dC_dw11():
    return network.SeedNetwork().gradients(network.ARTICLE_X, network.ARTICLE_Y)["w11"]


def _new_w11(lr, grad_scale=1.0, sign=1.0):
    return network.SeedNetwork()["w11"] - sign * lr * grad_scale * _dC_dw11()


def _cases():
    return (
        (0.8, 0.05, 0.1),
        (np.array([0.8, 0.4, 0.3]), np.array([0.1, -0.2, 0.3]), 0.5),
        (np.array([[1.0, -1.0], [0.0, 2.0]]), np.array([[2.0, 0.0], [-4.0, 1.0]]), 0.01),
    )


EXERCISES = (
    Exercise(
        "sgd_update",
        NOTEBOOK,
        kind="function",
        returns="array",
        what="the new w (shaped like w)",
        signature="my_sgd_update(w, grad, lr)",
        params=("w", "grad", "lr"),
        cases=_cases,
        hint="the gradient points uphill; the update takes a step of lr times the gradient "
        "the other way",
        answer=_sgd_once,
        mistakes=(
            Mistake(SIGN_FLIP, lambda w, grad, lr: _sgd_once(w, np.negative(grad), lr)),
            Mistake(
                "the learning rate is missing: w - lr * grad",
                lambda w, grad, lr: _sgd_once(w, grad, 1.0),
            ),
            Mistake(
                "you returned the step lr * grad; the new weight is w minus that step",
                lambda w, grad, lr: lr * np.asarray(grad, dtype=np.float64),
            ),
            Mistake(
                "you subtracted lr alone; scale the gradient by it: w - lr * grad",
                lambda w, grad, lr: _sgd_once(w, np.ones_like(np.asarray(grad, dtype=float)), lr),
            ),
        ),
    ),
    Exercise(
        "new_w11",
        NOTEBOOK,
        kind="value",
        returns="number",
        hint="take dC/dw11 from SeedNetwork().gradients() and apply w11 - lr * dC/dw11 with "
        "lr = 0.1",
        answer=lambda: _new_w11(0.1),
        mistakes=(
            Mistake(SIGN_FLIP, lambda: _new_w11(0.1, sign=-1.0)),
            Mistake("the learning rate is missing: w11 - 0.1 * dC/dw11", lambda: _new_w11(1.0)),
            Mistake(
                "that is the step lr * dC/dw11; subtract it from the old w11",
                lambda: 0.1 * _dC_dw11(),
            ),
            Mistake(
                "your gradient is " + HALF[0].lower() + HALF[1:],
                lambda: _new_w11(0.1, grad_scale=0.5),
            ),
        ),
    ),
)
