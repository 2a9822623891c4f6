"""Exercises of 01_neuron.ipynb: one neuron's weighted sum, and its output as a function."""

import numpy as np

from .. import activations, layers
from .engine import Exercise, Mistake

NOTEBOOK = "01_neuron"


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


EXERCISES = (
    Exercise(
        "weighted_sum",
        NOTEBOOK,
        kind="value",
        returns="number",
        hint="z = w1 x1 + w2 x2 + b; mind the sign of x2",
        answer=lambda: _layer_out([2.0, -1.0], [0.5, 0.25], 0.1),
        mistakes=(
            Mistake(
                "the bias b is missing: z = w.x + b",
                lambda: _layer_out([2.0, -1.0], [0.5, 0.25], 0.0),
            ),
            Mistake(
                "the bias is added, not subtracted: z = w.x + b",
                lambda: _layer_out([2.0, -1.0], [0.5, 0.25], -0.1),
            ),
            Mistake(
                "the sign of x2 got lost: x2 = -1, so its term w2 x2 is negative",
                lambda: _layer_out([2.0, 1.0], [0.5, 0.25], 0.1),
            ),
            Mistake(
                "that is the activation sigma(z); the weighted sum z comes before it",
                lambda: _neuron([2.0, -1.0], [0.5, 0.25], 0.1),
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
