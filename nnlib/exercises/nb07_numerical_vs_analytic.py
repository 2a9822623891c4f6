"""Exercises of 07_numerical_vs_analytic.ipynb: the central difference written as a
function, the best central step derived by balancing truncation against round-off, and
the relative error a whole-vector gradient check reports for a bug in one array."""

import numpy as np

from .. import gradcheck, network
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


def _step_cases():
    """(u, f_size, f3_size): float32, float64 and float16 machine epsilons, and sizes of
    f and f''' other than the notebook's."""
    return (
        (float(np.finfo(np.float32).eps), 0.5, 2.0),
        (float(np.finfo(np.float64).eps), 3.0, 0.1),
        (float(np.finfo(np.float16).eps), 1.0, 4.0),
        (1e-12, 2.0, 0.5),
    )


def _best_step(u, f_size, f3_size, factor=3.0, power=1 / 3):
    """The eps minimising f3_size eps^2 / 6 + u f_size / eps: (3 u f_size / f3_size)^(1/3)
    (factor and power changed for the mistakes)."""
    return float((factor * u * f_size / f3_size) ** power)


def _grads():
    """(backprop, numerical): the article's network's gradients W1, W2 at its example."""
    net = network.SeedNetwork()
    _, backprop = net.loss_and_gradients(network.ARTICLE_X, network.ARTICLE_Y)
    numerical = gradcheck.numerical_gradients(net, network.ARTICLE_X, network.ARTICLE_Y)
    return backprop, numerical


def _flat(arrays):
    return np.concatenate([np.ravel(a) for a in arrays])


def _halved(which):
    """The whole-vector relative error when backprop halves array `which` (0: W1, 1: W2)."""
    backprop, numerical = _grads()
    buggy = [g * 0.5 if k == which else g for k, g in enumerate(backprop)]
    return gradcheck.rel_error(_flat(buggy), _flat(numerical))


def _one_norm_denominator():
    backprop, numerical = _grads()
    buggy, num = _flat([0.5 * backprop[0], backprop[1]]), _flat(numerical)
    return float(np.linalg.norm(buggy - num) / np.linalg.norm(num))


def _max_abs_diff():
    backprop, numerical = _grads()
    return float(np.max(np.abs(0.5 * backprop[0] - numerical[0])))


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
        "best_central_step",
        NOTEBOOK,
        kind="function",
        returns="number",
        signature="my_best_central_step(u, f_size, f3_size)",
        params=("u", "f_size", "f3_size"),
        cases=_step_cases,
        rtol=1e-6,
        atol=0.0,
        hint="set the derivative of E(eps) = f3_size eps^2 / 6 + u f_size / eps to zero: "
        "f3_size eps / 3 = u f_size / eps^2, then solve for eps",
        answer=_best_step,
        mistakes=(
            Mistake(
                "that has a 6 where the minimum has a 3: setting the two errors equal (or "
                "differentiating eps^2 / 6 as eps / 6) is not the minimum; dE/deps = "
                "f3_size eps / 3 - u f_size / eps^2 = 0",
                lambda u, f, f3: _best_step(u, f, f3, factor=6.0),
            ),
            Mistake(
                "that is the order of magnitude without its factor: solving dE/deps = 0 "
                "exactly leaves a 3 inside the cube root",
                lambda u, f, f3: _best_step(u, f, f3, factor=1.0),
            ),
            Mistake(
                "a square root belongs to the forward difference, whose truncation error "
                "grows like eps; here it grows like eps^2, so eps^3 appears and the root is "
                "a cube root",
                lambda u, f, f3: _best_step(u, f, f3, power=1 / 2),
            ),
            Mistake(
                "that is the forward difference's best step 2 sqrt(u f_size / M) with "
                "f3_size in place of f''; the central difference balances eps^2 against "
                "1/eps, which gives a cube root",
                lambda u, f, f3: 2.0 * _best_step(u, f, f3, factor=1.0, power=1 / 2),
            ),
            Mistake(
                "that is eps^3; take its cube root",
                lambda u, f, f3: _best_step(u, f, f3, power=1.0),
            ),
            Mistake(
                "upside down: a larger round-off u pushes the best step up, so u belongs "
                "in the numerator: eps^3 = 3 u f_size / f3_size",
                lambda u, f, f3: _best_step(1.0 / u, 1.0 / f, 1.0 / f3),
            ),
        ),
    ),
    Exercise(
        "whole_vector_rel_error",
        NOTEBOOK,
        kind="value",
        returns="number",
        hint="halve the first six entries of flat_backprop (W1's gradient), keep the three "
        "of W2, and call nnlib.rel_error on that vector and flat_numerical",
        answer=lambda: _halved(0),
        mistakes=(
            Mistake(
                "that is W1's own relative error, what the per-array check reports; over the "
                "whole vector W2's three large, correct gradients also count in the norms",
                lambda: 1 / 3,
            ),
            Mistake(
                "you divided by one norm only; the relative error divides by the sum "
                "||g_a|| + ||g_n|| of both vectors' norms",
                _one_norm_denominator,
            ),
            Mistake(
                "that halves W2's gradient (the last three entries); the bug is in W1's, "
                "the first six",
                lambda: _halved(1),
            ),
            Mistake(
                "that is the largest absolute difference, max |g_a - g_n|; the relative "
                "error is ||g_a - g_n|| / (||g_a|| + ||g_n||) over all nine entries",
                _max_abs_diff,
            ),
        ),
    ),
)
