"""Exercises of 02_activations.ipynb: the derivatives of the sigmoid and of tanh, written
as functions."""

import numpy as np

from .. import activations
from ._common import random_inputs
from .engine import Exercise, Mistake

NOTEBOOK = "02_activations"


def _z_cases():
    """A scalar, a range, a random (2, 3) array and values far out on both sides."""
    return ((0.0,), (np.linspace(-4.0, 4.0, 9),), (random_inputs().z,), (np.array([-20.0, 20.0]),))


def _derivative(name, hint, mistakes):
    """An exercise asking for an activation's derivative as a function my_<name>(z);
    the correct answer is nnlib's activations.<name>, looked up when checked."""
    return Exercise(
        name,
        NOTEBOOK,
        kind="function",
        returns="array",
        what="an array shaped like z",
        signature=f"my_{name}(z)",
        params=("z",),
        cases=_z_cases,
        hint=hint,
        mistakes=mistakes,
        answer=lambda z: getattr(activations, name)(z),
    )


EXERCISES = (
    _derivative(
        "sigmoid_prime",
        hint="the derivation above writes sigma'(z) with sigma(z) itself: compute sigma(z) "
        "once and build the derivative from it",
        mistakes=(
            Mistake(
                "your derivative is missing the (1 - sigma) factor: that is sigma(z) itself",
                lambda z: activations.sigmoid(z),
            ),
            Mistake(
                "your derivative is missing the sigma factor: sigma'(z) = sigma(z)(1 - sigma(z))",
                lambda z: 1.0 - activations.sigmoid(z),
            ),
            Mistake(
                "you applied s(1 - s) to z itself; s must be sigma(z)",
                lambda z: np.asarray(z) * (1.0 - np.asarray(z)),
            ),
            Mistake(
                "sign flipped: the sigmoid only rises, so its slope is positive",
                lambda z: -activations.sigmoid_prime(z),
            ),
        ),
    ),
    _derivative(
        "tanh_prime",
        hint="like sigma', the derivative of tanh can be written with tanh(z) itself; np.tanh "
        "computes tanh",
        mistakes=(
            Mistake(
                "you used z where tanh(z) belongs: tanh'(z) = 1 - tanh(z)^2",
                lambda z: 1.0 - np.asarray(z) ** 2,
            ),
            Mistake("that is tanh(z) itself, not its slope", lambda z: activations.tanh(z)),
            Mistake("the square is missing: 1 - tanh(z)^2", lambda z: 1.0 - activations.tanh(z)),
            Mistake(
                "sign flipped: tanh only rises, so its slope is positive",
                lambda z: -activations.tanh_prime(z),
            ),
            Mistake(
                "that is the sigmoid's derivative; tanh's is 1 - tanh(z)^2",
                lambda z: activations.sigmoid_prime(z),
            ),
        ),
    ),
)
