"""Exercises of 05_chain_rule.ipynb: dC/dy_hat and dC/dw12 of the article's network at its
example, each a product of chain-rule factors."""

import numpy as np

from .. import network
from ._common import HALF
from .engine import Exercise, Mistake

NOTEBOOK = "05_chain_rule"


def _article():
    return network.SeedNetwork().forward(network.ARTICLE_X, network.ARTICLE_Y)


def _chain(name):
    return network.SeedNetwork().chain_rule(name, network.ARTICLE_X, network.ARTICLE_Y)


def _factor(name, label_start):
    return next(f.value for f in _chain(name) if f.label.startswith(label_start))


def _rounded_dC_dy_hat():
    """2(y_hat - y) with the activations rounded to two decimals, as the book prints them."""
    w3 = network.SeedNetwork().params[1][:, 0]
    return 2.0 * (float(np.round(_article()["a"], 2) @ w3) - network.ARTICLE_Y)


def _without_sigmoid_slope():
    return _chain("w12").product / _factor("w12", "da12/dh12")


EXERCISES = (
    Exercise(
        "dC_dy_hat",
        NOTEBOOK,
        kind="value",
        returns="number",
        hint="C = (y_hat - y)^2, so dC/dy_hat = 2(y_hat - y); compute y_hat with "
        "SeedNetwork().forward()",
        answer=lambda: _factor("w11", "dC/dy_hat"),
        mistakes=(
            Mistake(HALF, lambda: _factor("w11", "dC/dy_hat") / 2.0),
            Mistake(
                "sign flipped: dC/dy_hat = 2(y_hat - y), and y_hat is above y here",
                lambda: -_factor("w11", "dC/dy_hat"),
            ),
            Mistake(
                "that is the loss C itself; its derivative is 2(y_hat - y)",
                lambda: _article()["loss"],
            ),
            Mistake(
                "that uses the activations rounded to two decimals, as the book prints "
                "them; compute with the exact values",
                _rounded_dC_dy_hat,
            ),
        ),
    ),
    Exercise(
        "dC_dw12",
        NOTEBOOK,
        kind="value",
        returns="number",
        hint="w12 feeds hidden node 2: dC/dw12 = dC/dy_hat * dy_hat/da12 * da12/dh12 * "
        "dh12/dw12 = 2(y_hat - y) * w32 * a12(1 - a12) * x1",
        answer=lambda: _chain("w12").product,
        mistakes=(
            Mistake(
                "your derivative is missing the sigma(1 - sigma) factor da12/dh12 = a12(1 - a12)",
                _without_sigmoid_slope,
            ),
            Mistake(
                "you multiplied by a12; the sigmoid's slope is a12(1 - a12)",
                lambda: _without_sigmoid_slope() * _article()["a"][1],
            ),
            Mistake(HALF, lambda: _chain("w12").product / 2.0),
            Mistake("sign flipped: every factor here is positive", lambda: -_chain("w12").product),
            Mistake(
                "that is dC/dw11 (equal to dC/dw21 at x = (1, 1)); w12 leads to hidden "
                "node 2, so the path goes through a12 and w32",
                lambda: _chain("w11").product,
            ),
        ),
    ),
)
