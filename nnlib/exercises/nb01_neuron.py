"""Exercises of 01_neuron.ipynb: the article's first hidden neuron given a bias and a new
input, and a neuron's output written as a function."""

import numpy as np

from .. import activations, layers, network
from .engine import Exercise, Mistake

NOTEBOOK = "01_neuron"
NEW_X = (2.0, -1.0)  # the new input of the first exercise
NEW_B = -1.5  # the bias it gives the first hidden neuron


def _layer_out(x, w, b):
    """z = w.x + b for one neuron, through nnlib's affine layer."""
    x = np.asarray(x, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    z, _ = layers.affine_forward(x[None, :], w[:, None], np.array([float(b)]))
    return float(z[0, 0])


def _neuron(x, w, b):
    return float(activations.sigmoid(_layer_out(x, w, b)))


def _cases():
    return (
        (np.array([2.0, -1.0]), np.array([0.5, 0.25]), 0.1),
        (np.array([1.0, 1.0, 1.0]), np.array([-1.0, 0.5, 0.2]), 0.0),
        (np.array([0.0, 0.0]), np.array([3.0, -2.0]), -1.5),
        (np.array([3.0]), np.array([2.0]), 1.0),
    )


def _first_hidden(x=NEW_X, b=NEW_B, weights_leaving=False):
    """The output of the article's first hidden neuron with bias b at input x: its weights
    are W1's first column (w11, w21); weights_leaving takes W1's first row (w11, w12)."""
    W1 = network.SeedNetwork().params[0]
    w = W1[0, :2] if weights_leaving else W1[:, 0]
    return _neuron(x, w, b)


def _first_hidden_z(x=NEW_X, b=NEW_B):
    return _layer_out(x, network.SeedNetwork().params[0][:, 0], b)


EXERCISES = (
    Exercise(
        "hidden_neuron_output",
        NOTEBOOK,
        kind="value",
        returns="number",
        hint="hidden neuron 1 takes x1 with w11 and x2 with w21 (the weights entering it); "
        "z = x1 w11 + x2 w21 + b, then a = sigma(z)",
        answer=_first_hidden,
        mistakes=(
            Mistake(
                "you used w11 and w12, the weights leaving input 1; neuron 1's weights are the "
                "ones entering it: w11 (from x1) and w21 (from x2)",
                lambda: _first_hidden(weights_leaving=True),
            ),
            Mistake(
                "that is the weighted sum z; the neuron's output is a = sigma(z)",
                _first_hidden_z,
            ),
            Mistake("the bias is missing: z = x1 w11 + x2 w21 + b", lambda: _first_hidden(b=0.0)),
            Mistake(
                "the sign of x2 got lost: x2 = -1, so its term x2 w21 is negative",
                lambda: _first_hidden(x=(NEW_X[0], -NEW_X[1])),
            ),
            Mistake(
                "the bias is added with its sign: b is negative, so it lowers z; yours raised it",
                lambda: _first_hidden(b=-NEW_B),
            ),
        ),
    ),
    Exercise(
        "neuron_output",
        NOTEBOOK,
        kind="function",
        returns="number",
        signature="my_neuron(x, w, b)",
        params=("x", "w", "b"),
        cases=_cases,
        hint="two steps, as in the neuron above: the weighted sum of the inputs plus the bias, "
        "then the activation applied to that sum",
        answer=_neuron,
        mistakes=(
            Mistake(
                "you returned the weighted sum z; pass it through the sigmoid",
                lambda x, w, b: _layer_out(x, w, b),
            ),
            Mistake("the bias is missing: sigma(w.x + b)", lambda x, w, b: _neuron(x, w, 0.0)),
            Mistake(
                "that is tanh; this neuron uses the sigmoid 1 / (1 + e^(-z))",
                lambda x, w, b: float(activations.tanh(_layer_out(x, w, b))),
            ),
            Mistake(
                "sign error in the exponent: sigma(z) = 1 / (1 + e^(-z))",
                lambda x, w, b: float(activations.sigmoid(-_layer_out(x, w, b))),
            ),
            Mistake(
                "you returned one value per input; add up the products w_i x_i (and b) "
                "into one z before the sigmoid",
                lambda x, w, b: activations.sigmoid(np.asarray(w) * np.asarray(x) + b),
            ),
        ),
    ),
)
