"""What several notebooks' exercises share: the messages for the commonest mistakes, the
seeded random inputs of the cases, and labelled functions to pass as inputs."""

import importlib
from typing import NamedTuple

import numpy as np

SIGN_FLIP = "sign flipped: that step goes uphill; subtract lr times the gradient"
HALF = "off by a factor of 2: did you differentiate (y_hat - y)^2 as if it were (y_hat - y)?"
SEED = 20211104


class RandomInputs(NamedTuple):
    """The random inputs of the cases: z for 02_activations, W1 and W2 for 04_forward_pass."""

    z: np.ndarray  # (2, 3), normal with standard deviation 2
    W1: np.ndarray  # (2, 3), standard normal
    W2: np.ndarray  # (3, 1), standard normal


def random_inputs():
    """The cases' random inputs, drawn in a fixed order from one generator seeded SEED,
    so they are the same on every call and every machine."""
    rng = np.random.default_rng(SEED)
    z = rng.normal(0.0, 2.0, (2, 3))
    W1 = rng.normal(0.0, 1.0, (2, 3))
    return RandomInputs(z, W1, rng.normal(0.0, 1.0, (3, 1)))


class Labeled:
    """A function with a readable repr, used as an input in exercises' cases."""

    def __init__(self, label, fn):
        self.label, self.fn = label, fn

    def __call__(self, x):
        return self.fn(x)

    def __repr__(self):
        return self.label


def backprop():
    """nnlib.backprop, imported when an exercise is checked: its import builds its
    equations' table, and importing the exercises computes nothing."""
    return importlib.import_module("nnlib.backprop")
