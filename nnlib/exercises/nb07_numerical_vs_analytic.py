"""Exercises of 07_numerical_vs_analytic.ipynb: the central difference, and the number of
forward passes a numerical gradient costs, written as functions."""

import numpy as np

from .. import gradcheck
from ._common import Labeled
from .engine import Exercise, Mistake

NOTEBOOK = "07_numerical_vs_analytic"


def _difference_cases():
    return (
        (Labeled("sin", np.sin), 0.3, 1e-2),
        (Labeled("lambda x: x**3", lambda x: x**3), 2.0, 0.1),
        (Labeled("exp", np.exp), -1.0, 1e-3),
        (Labeled("sigmoid", lambda x: 1.0 / (1.0 + np.exp(-x))), 0.5, 0.05),
    )


def _difference(f, x, eps, method="central"):
    return float(gradcheck.numerical_gradient(f, x, eps, method))


def _count_passes(n_weights, method):
    """How often numerical_gradient evaluates its function for n_weights weights."""
    calls = []

    def f(w):
        calls.append(1)
        return float(np.sum(w))

    gradcheck.numerical_gradient(f, np.zeros(int(n_weights)), 1e-3, method)
    return len(calls)


EXERCISES = (
    Exercise(
        "central_difference",
        NOTEBOOK,
        kind="function",
        returns="number",
        signature="my_central_difference(f, x, eps)",
        params=("f", "x", "eps"),
        cases=_difference_cases,
        rtol=1e-8,
        atol=1e-10,
        hint="evaluate f at two points, one eps on each side of x, and divide the change in f "
        "by the distance between those points",
        answer=_difference,
        mistakes=(
            Mistake(
                "that is the forward difference; the central one steps both ways: "
                "(f(x + eps) - f(x - eps)) / (2 eps)",
                lambda f, x, eps: _difference(f, x, eps, "forward"),
            ),
            Mistake(
                "off by a factor of 2: f(x + eps) and f(x - eps) are 2 eps apart, so "
                "divide by 2 eps",
                lambda f, x, eps: 2.0 * _difference(f, x, eps),
            ),
            Mistake(
                "sign flipped: subtract f(x - eps) from f(x + eps), not the other way",
                lambda f, x, eps: -_difference(f, x, eps),
            ),
            Mistake(
                "that is the backward difference (f(x) - f(x - eps)) / eps; the central "
                "one uses f(x + eps) and f(x - eps)",
                lambda f, x, eps: float((f(x) - f(x - eps)) / eps),
            ),
        ),
    ),
    Exercise(
        "forward_passes",
        NOTEBOOK,
        kind="function",
        returns="integer",
        signature="my_forward_passes(n_weights)",
        params=("n_weights",),
        cases=lambda: ((1,), (9,), (1000,), (0,)),
        hint="each weight is nudged up once and down once, and each nudge costs one forward pass",
        answer=lambda n_weights: _count_passes(n_weights, "central"),
        mistakes=(
            Mistake(
                "that is one pass per weight; the central difference evaluates the loss "
                "twice per weight, at w + eps and at w - eps",
                lambda n_weights: _count_passes(n_weights, "central") // 2,
            ),
            Mistake(
                "that is the forward difference's count (one shared C(w) plus one per "
                "weight); the central difference needs two per weight",
                lambda n_weights: _count_passes(n_weights, "forward"),
            ),
            Mistake(
                "the central difference never evaluates C at w itself: exactly two "
                "passes per weight",
                lambda n_weights: _count_passes(n_weights, "central") + 1,
            ),
            Mistake(
                "that is backprop's cost (about two passes for all weights); the "
                "numerical gradient pays per weight",
                lambda n_weights: _count_passes(1, "central"),
            ),
        ),
    ),
)
