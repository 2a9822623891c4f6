"""Exercises of 02_activations.ipynb: the derivative of tanh, derived and checked over a
range, and the slope of SiLU, z sigma(z), by the product rule; both written as functions."""

import numpy as np

from .. import activations
from ._common import random_inputs
from .engine import Exercise, Mistake

NOTEBOOK = "02_activations"


def _z_cases():
    """A scalar, a range, a random (2, 3) array and values far out on both sides."""
    return ((0.0,), (np.linspace(-4.0, 4.0, 9),), (random_inputs().z,), (np.array([-20.0, 20.0]),))


def _silu_prime(z):
    """d/dz [z sigma(z)] = sigma(z) + z sigma'(z), from nnlib's sigmoid and its slope."""
    z = np.asarray(z, dtype=np.float64)
    return activations.sigmoid(z) + z * activations.sigmoid_prime(z)


def _derivative(name, answer, hint, mistakes):
    """An exercise asking for an activation's derivative as a function my_<name>(z)."""
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
        answer=answer,
    )


def _sig(z):
    return activations.sigmoid(np.asarray(z, dtype=np.float64))


EXERCISES = (
    _derivative(
        "tanh_prime",
        lambda z: activations.tanh_prime(z),
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
    _derivative(
        "silu_prime",
        _silu_prime,
        hint="silu(z) = z * sigma(z) is a product: (uv)' = u'v + uv' with u = z and "
        "v = sigma(z), and sigma'(z) = sigma(z)(1 - sigma(z))",
        mistakes=(
            Mistake(
                "you kept only z sigma'(z); the product rule also gives sigma(z) times the "
                "slope of z, which is 1",
                lambda z: np.asarray(z, dtype=np.float64) * activations.sigmoid_prime(z),
            ),
            Mistake(
                "that is sigma(z), only the first term of the product rule; add z sigma'(z)",
                _sig,
            ),
            Mistake(
                "the factor z in the second term is missing: it is z sigma'(z), not sigma'(z)",
                lambda z: _sig(z) + activations.sigmoid_prime(z),
            ),
            Mistake(
                "that is the sigmoid's slope sigma'(z); silu multiplies the sigmoid by z",
                lambda z: activations.sigmoid_prime(z),
            ),
            Mistake(
                "that is silu(z) = z sigma(z) itself, not its slope",
                lambda z: np.asarray(z, dtype=np.float64) * _sig(z),
            ),
        ),
    ),
)
