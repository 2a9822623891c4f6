"""Exercises of the tests' own, so that the exercise engine is tested whatever the
notebooks ask, and check_answer with every warning turned into an error."""

import warnings

import numpy as np

from nnlib.exercises import Exercise, Mistake
from nnlib.exercises.engine import check_answer


def _slope(z):
    s = 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))
    return s * (1.0 - s)


WHOLE = Exercise(
    "a_count", "00_start_here", kind="value", returns="integer", hint="h",
    answer=lambda: 9, mistakes=(),
)  # fmt: skip
NUMBER = Exercise(
    "a_number", "05_chain_rule", kind="value", returns="number", hint="h",
    answer=lambda: 2.466424196250264, mistakes=(),
)  # fmt: skip
THREE = Exercise(
    "three", "04_forward_pass", kind="value", returns="array", hint="h",
    what="three numbers (h11, h12, h13)", answer=lambda: np.array([1.2, 2.2, 1.3]), mistakes=(),
)  # fmt: skip
SLOPE = Exercise(
    "slope", "02_activations", kind="function", returns="array", hint="h",
    what="an array shaped like z", signature="my_slope(z)", params=("z",),
    cases=lambda: ((0.0,), (np.array([-2.0, 0.5, 3.0]),), (-1.0,)), answer=_slope, mistakes=(),
)  # fmt: skip
# How many forward passes central differences make for n_weights weights.
FORWARD_PASSES = Exercise(
    "forward_passes",
    "07_numerical_vs_analytic",
    kind="function",
    returns="integer",
    hint="two forward passes per weight",
    answer=lambda n_weights: 2 * n_weights,
    mistakes=(Mistake("one pass per weight", lambda n_weights: n_weights),),
    signature="my_forward_passes(n_weights)",
    params=("n_weights",),
    cases=lambda: ((1,), (9,), (1000,), (0,)),
)


def strict_check(ex, answer):
    """check_answer(ex, answer) with every warning turned into an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return check_answer(ex, answer)
