"""Exercises of 08_gradient_descent.ipynb: one gradient-descent update written as a
function, the linearised best learning rate lr* at a new example, and lr* derived from
the gradient of the prediction instead of the loss."""

import numpy as np

from .. import network
from ..train import gradient_norm, linearised_lr, sgd_step
from ._common import SIGN_FLIP
from .engine import Exercise, Mistake

NOTEBOOK = "08_gradient_descent"
X_NEW, Y_NEW = (1.0, 2.0), 0.5  # the example of best_lr_new_input


def _sgd_once(w, grad, lr):
    w = np.array(w, dtype=np.float64)
    return sgd_step([w], [np.array(grad, dtype=np.float64)], lr)[0]


def _cases():
    return (
        (0.8, 0.05, 0.1),
        (np.array([0.8, 0.4, 0.3]), np.array([0.1, -0.2, 0.3]), 0.5),
        (np.array([[1.0, -1.0], [0.0, 2.0]]), np.array([[2.0, 0.0], [-4.0, 1.0]]), 0.01),
    )


def _at(x, y):
    """(y_hat, C, ||grad C||) of the article's weights at (x, y)."""
    net = network.SeedNetwork()
    C, grads = net.loss_and_gradients(x, y)
    return net.forward(x, y)["y_hat"], C, gradient_norm(grads)


def _lr_new(x=X_NEW, y=Y_NEW, target=None, loss_power=2, norm_power=2):
    """2 |y_hat - target|^loss_power / ||grad C at (x, y)||^norm_power; the correct lr*
    with the defaults, a typical mistake otherwise."""
    y_hat, _, norm = _at(x, y)
    residual = abs(y_hat - (y if target is None else target))
    return 2.0 * residual**loss_power / norm**norm_power


def _best_lr_new():
    net = network.SeedNetwork()
    _, grads = net.loss_and_gradients(X_NEW, Y_NEW)
    return linearised_lr(net.forward(X_NEW, Y_NEW)["y_hat"], Y_NEW, grads)


def _sq(g):
    g = np.asarray(g, dtype=np.float64)
    return float(np.sum(g * g))


def _best_lr_cases():
    return (
        (0.9, 0.0, np.array([0.2, -0.4, 0.1])),
        (-0.3, 0.5, np.array([[1.0, 0.5], [0.0, -2.0]])),
        (2.0, 1.25, np.array([0.05, 0.02, 0.01, 0.03])),
    )


def _best_lr_from_y_hat(y_hat, y, grad_y_hat):
    """lr* = 2 (y_hat - y)^2 / ||2 (y_hat - y) grad y_hat||^2 = 1 / (2 ||grad y_hat||^2)."""
    return 1.0 / (2.0 * _sq(grad_y_hat))


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
        "best_lr_new_input",
        NOTEBOOK,
        kind="value",
        returns="number",
        what="lr* at x = (1, 2), y = 0.5",
        hint="compute y_hat and all nine gradients at x = (1, 2), y = 0.5, then "
        "lr* = 2 (y_hat - y)^2 / ||grad C||^2, the squared norm summing all nine (dC/dw)^2",
        answer=_best_lr_new,
        mistakes=(
            Mistake(
                "that is lr* at the article's example x = (1, 1), y = 0; compute y_hat and "
                "the gradients at x = (1, 2), y = 0.5",
                lambda: _lr_new(x=network.ARTICLE_X, y=network.ARTICLE_Y),
            ),
            Mistake(
                "that is half of lr*: C / ||grad C||^2 is where the straight line "
                "C - lr ||grad C||^2 reaches zero; lr* makes the linearised y_hat reach y, "
                "where C = (y_hat - y)^2 is lowest, which takes twice as far",
                lambda: _lr_new() / 2.0,
            ),
            Mistake(
                "the norm is not squared: divide by ||grad C||^2, the sum of the squared "
                "gradients, not by its square root",
                lambda: _lr_new(norm_power=1),
            ),
            Mistake(
                "(y_hat - y) is not squared: lr* = 2 (y_hat - y)^2 / ||grad C||^2",
                lambda: _lr_new(loss_power=1),
            ),
            Mistake(
                "you used y = 0 in (y_hat - y)^2; the target here is y = 0.5",
                lambda: _lr_new(target=0.0),
            ),
        ),
    ),
    Exercise(
        "best_lr_from_y_hat",
        NOTEBOOK,
        kind="function",
        returns="number",
        what="lr* (a number)",
        signature="my_best_lr(y_hat, y, grad_y_hat)",
        params=("y_hat", "y", "grad_y_hat"),
        cases=_best_lr_cases,
        hint="by the chain rule grad C = 2 (y_hat - y) grad y_hat; put that into "
        "lr* = 2 (y_hat - y)^2 / ||grad C||^2 and simplify",
        answer=_best_lr_from_y_hat,
        correct_note="(y_hat - y) cancels: lr* = 1 / (2 ||grad y_hat||^2) depends only on "
        "how strongly the weights move y_hat, so where the sigmoids saturate and grad y_hat "
        "is small, the best rate is large.",
        mistakes=(
            Mistake(
                "you put grad y_hat where the formula has grad C; by the chain rule "
                "grad C = 2 (y_hat - y) grad y_hat",
                lambda y_hat, y, g: 2.0 * (y_hat - y) ** 2 / _sq(g),
            ),
            Mistake(
                "four times too large: dC/dy_hat is 2 (y_hat - y), not (y_hat - y), so "
                "||grad C||^2 = 4 (y_hat - y)^2 ||grad y_hat||^2",
                lambda y_hat, y, g: 2.0 / _sq(g),
            ),
            Mistake(
                "half of lr*: that is C / ||grad C||^2, where the linearised loss reaches "
                "zero; lr* = 2 (y_hat - y)^2 / ||grad C||^2",
                lambda y_hat, y, g: 1.0 / (4.0 * _sq(g)),
            ),
            Mistake(
                "the norm is not squared: ||grad y_hat||^2 is the sum of the squared "
                "entries, not its square root",
                lambda y_hat, y, g: 1.0 / (2.0 * np.sqrt(_sq(g))),
            ),
            Mistake(
                "you squared the sum of the entries; ||grad y_hat||^2 sums each entry squared",
                lambda y_hat, y, g: 1.0 / (2.0 * float(np.sum(g)) ** 2),
            ),
        ),
    ),
)
