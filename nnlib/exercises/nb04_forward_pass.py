"""Exercises of 04_forward_pass.ipynb: the hidden pre-activations at x = (1, 2), and the
forward pass to y_hat written as a function."""

import numpy as np

from .. import activations, network
from ._common import random_inputs
from .engine import Exercise, Mistake

NOTEBOOK = "04_forward_pass"


def _h(x):
    return network.SeedNetwork().forward(x)["h"]


def _seed_forward(x, W1, W2):
    net = network.SeedNetwork()
    net.params[0][...] = np.asarray(W1, dtype=np.float64)
    net.params[1][...] = np.asarray(W2, dtype=np.float64).reshape(3, 1)
    return net.forward(x)


def _cases():
    """The article's weights at its x, with W2 as a vector and as a column, at x = (1, 2),
    then random weights."""
    W1, W2 = (p.copy() for p in network.SeedNetwork().params)
    x, drawn = np.array(network.ARTICLE_X), random_inputs()
    return (
        (x, W1, W2[:, 0]),
        (x, W1, W2),
        (np.array([1.0, 2.0]), W1, W2[:, 0]),
        (np.array([-1.0, 0.5]), drawn.W1, drawn.W2),
    )


EXERCISES = (
    Exercise(
        "hidden_preactivations",
        NOTEBOOK,
        kind="value",
        returns="array",
        what="three numbers (h11, h12, h13)",
        hint="h1j = x1 w1j + x2 w2j with x = (1, 2), for j = 1, 2, 3 (x @ W1 does all three)",
        answer=lambda: _h((1.0, 2.0)),
        mistakes=(
            Mistake(
                "those are the activations a1j = sigma(h1j); the pre-activations come "
                "before the sigmoid",
                lambda: network.SeedNetwork().forward((1.0, 2.0))["a"],
            ),
            Mistake(
                "that is h at x = (1, 1); this exercise uses x = (1, 2)", lambda: _h((1.0, 1.0))
            ),
            Mistake(
                "you swapped x1 and x2: w1j multiplies x1 = 1 and w2j multiplies x2 = 2",
                lambda: _h((2.0, 1.0)),
            ),
        ),
    ),
    Exercise(
        "forward_y_hat",
        NOTEBOOK,
        kind="function",
        returns="number",
        signature="my_forward(x, W1, W2)",
        params=("x", "W1", "W2"),
        cases=_cases,
        hint="a = sigmoid(x @ W1) gives the three hidden activations; y_hat = a @ W2 (no "
        "activation at the output)",
        answer=lambda x, W1, W2: _seed_forward(x, W1, W2)["y_hat"],
        mistakes=(
            Mistake(
                "your output node applies the sigmoid; in this network it is linear: "
                "y_hat = w31 a11 + w32 a12 + w33 a13",
                lambda x, W1, W2: float(activations.sigmoid(_seed_forward(x, W1, W2)["y_hat"])),
            ),
            Mistake(
                "the hidden sigmoid is missing: a1j = sigma(h1j) must come before the output sum",
                lambda x, W1, W2: float(_seed_forward(x, W1, W2)["h"] @ np.ravel(W2)),
            ),
            Mistake(
                "you summed the hidden activations without their weights w31, w32, w33",
                lambda x, W1, W2: float(np.sum(_seed_forward(x, W1, W2)["a"])),
            ),
        ),
    ),
)
