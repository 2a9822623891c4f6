"""Exercises of 00_start_here.ipynb: a function counting the parameters of a fully
connected network, and the article network's prediction for an input of zeros."""

import numpy as np

from .. import activations, network
from .engine import Exercise, Mistake

NOTEBOOK = "00_start_here"
ZERO_X = (0.0, 0.0)


def _n_params(sizes, bias=True):
    return network.MLP(list(sizes), "sigmoid", "mse", bias=bias).n_params


def _n_weights(sizes):
    return _n_params(sizes, bias=False)


def _sizes_cases():
    return (([2, 3, 1],), ([3, 4, 4, 2],), ([784, 100, 10],), ([4, 1],))


def _zero_input():
    return network.SeedNetwork().forward(ZERO_X)


def _output_weights():
    return network.SeedNetwork().params[1][:, 0]


EXERCISES = (
    Exercise(
        "count_params",
        NOTEBOOK,
        kind="function",
        returns="integer",
        signature="my_count_params(sizes)",
        params=("sizes",),
        cases=_sizes_cases,
        hint="two neighbouring layers of n and m nodes are joined by n x m weights, and the "
        "m nodes of the second one have one bias each; add that up over every pair of "
        "neighbouring layers",
        answer=_n_params,
        mistakes=(
            Mistake(
                "that counts the weights only; every node that computes a weighted sum (every "
                "layer but the inputs) has a bias too",
                _n_weights,
            ),
            Mistake(
                "inputs have no bias: only nodes that compute a weighted sum get one",
                lambda sizes: _n_params(sizes) + sizes[0],
            ),
            Mistake(
                "that is one bias per layer; each node has its own",
                lambda sizes: _n_weights(sizes) + len(sizes) - 1,
            ),
            Mistake(
                "you counted the first two layers only; every pair of neighbouring layers "
                "adds its weights and biases",
                lambda sizes: _n_params(sizes[:2]),
            ),
            Mistake(
                "you added layer sizes; connections multiply: each node of one layer meets "
                "every node of the next",
                lambda sizes: int(np.sum(sizes[:-1]) + np.sum(sizes[1:]) + np.sum(sizes[1:])),
            ),
        ),
    ),
    Exercise(
        "y_hat_at_zero",
        NOTEBOOK,
        kind="value",
        returns="number",
        hint="with x = (0, 0) every hidden weighted sum is 0, whatever the weights; the cell "
        "with the sigmoid tells you its value there; the output node weighs the three "
        "activations with w31, w32, w33 and adds them",
        answer=lambda: _zero_input()["y_hat"],
        mistakes=(
            Mistake(
                "zero inputs make every weighted sum 0, but the sigmoid of 0 is 1/2, not 0",
                lambda: 0.0,
            ),
            Mistake(
                "you took every hidden activation as 1; with weighted sums of 0 each is "
                "sigma(0) = 1/2",
                lambda: float(np.sum(_output_weights())),
            ),
            Mistake(
                "that is a single hidden activation sigma(0); the prediction weighs the three "
                "with w31, w32, w33 and adds them",
                lambda: float(_zero_input()["a"][0]),
            ),
            Mistake(
                "the output node has no activation: y_hat is the weighted sum itself, not its "
                "sigmoid",
                lambda: float(activations.sigmoid(_zero_input()["y_hat"])),
            ),
            Mistake(
                "that is the loss C = (y_hat - y)^2 with y = 0; the question asks for y_hat",
                lambda: _zero_input()["y_hat"] ** 2,
            ),
        ),
    ),
)
