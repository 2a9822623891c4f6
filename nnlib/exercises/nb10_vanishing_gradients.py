"""Exercises of 10_vanishing_gradients.ipynb: the largest product of sigmoid factors over
ten layers, the gradient through a chain of sigmoid units written as a function, and the
he initialisation's standard deviation."""

import numpy as np

from ..activations import sigmoid, sigmoid_prime
from ..depth import chain_factors, init_scale
from .engine import Exercise, Mistake

NOTEBOOK = "10_vanishing_gradients"
LAYERS = 10  # the layers of sigmoid_bound
FAN_IN = 48  # the inputs of the layer of he_std


def _bound(layers=LAYERS, slope=None):
    """The largest product of `layers` factors w sigma'(z) with |w| <= 1: slope^layers,
    slope the sigmoid's largest slope sigma'(0) unless given."""
    top = float(sigmoid_prime(0.0)) if slope is None else slope
    return top**layers


def _chain(ws, x):
    """da_L/dx of a chain of sigmoid units: the product of the factors w_l sigma'(z_l)."""
    return float(np.prod(chain_factors(ws, x, "sigmoid")))


def _chain_parts(ws, x):
    """(ws, zs): the chain's weights and pre-activations z_l = w_l a_(l-1), a_0 = x."""
    ws, zs, a = np.asarray(ws, dtype=float), [], float(x)
    for w in ws:
        zs.append(w * a)
        a = float(sigmoid(zs[-1]))
    return ws, np.array(zs)


def _chain_cases():
    return (
        (np.array([0.5, 2.0, -1.5]), 1.0),
        (np.array([1.0, 1.0, 1.0, 1.0, 1.0]), 0.3),
        (np.array([3.0, -4.0, 2.5, 1.0]), -0.7),
        (np.array([6.0, 6.0]), 0.2),
    )


def _no_weights(ws, x):
    _, zs = _chain_parts(ws, x)
    return float(np.prod(sigmoid_prime(zs)))


def _sigma_not_slope(ws, x):
    ws, zs = _chain_parts(ws, x)
    return float(np.prod(ws * sigmoid(zs)))


def _summed(ws, x):
    ws, zs = _chain_parts(ws, x)
    return float(np.sum(ws * sigmoid_prime(zs)))


def _not_fed_forward(ws, x):
    ws = np.asarray(ws, dtype=float)
    return float(np.prod(ws * sigmoid_prime(ws * x)))


def _he_std(fan_in=FAN_IN):
    return init_scale("he") / np.sqrt(fan_in)


EXERCISES = (
    Exercise(
        "sigmoid_bound",
        NOTEBOOK,
        kind="value",
        returns="number",
        what=f"the largest product of {LAYERS} factors",
        hint="find the largest value sigma'(z) takes (where is the sigmoid steepest?), then "
        "multiply one such factor per layer",
        answer=_bound,
        mistakes=(
            Mistake(
                "the sigmoid's steepest slope is sigma'(0) = sigma(0) (1 - sigma(0)) = 1/4, "
                "not 1/2",
                lambda: _bound(slope=0.5),
            ),
            Mistake(
                "the factors of the layers multiply (the chain rule), they do not add",
                lambda: LAYERS * _bound(1),
            ),
            Mistake(
                f"that is one layer's factor; {LAYERS} layers multiply {LAYERS} of them",
                lambda: _bound(1),
            ),
            Mistake(
                f"one factor short or one too many: count one factor for each of the {LAYERS} "
                "layers",
                lambda: _bound(LAYERS - 1),
            ),
            Mistake(
                "sigma'(z) is at most 1/4, so with |w| <= 1 no factor reaches 1 (a relu's slope "
                "is 1, a sigmoid's is not)",
                lambda: 1.0,
            ),
        ),
    ),
    Exercise(
        "chain_gradient",
        NOTEBOOK,
        kind="function",
        returns="number",
        signature="my_chain_gradient(ws, x)",
        params=("ws", "x"),
        cases=_chain_cases,
        hint="run the chain forward first, keeping every z_l = w_l a_(l-1); then multiply "
        "the factors w_l sigma'(z_l), with sigma'(z) = sigma(z) (1 - sigma(z))",
        answer=_chain,
        correct_note="each factor is a weight times a slope of at most 1/4: unless the weights "
        "are large, the product shrinks with every layer.",
        mistakes=(
            Mistake(
                "the weights are missing: each layer's factor is w_l sigma'(z_l), since "
                "z_l = w_l a_(l-1)",
                _no_weights,
            ),
            Mistake(
                "you multiplied sigma(z_l); the chain rule needs the slope sigma'(z_l) = "
                "sigma(z_l) (1 - sigma(z_l))",
                _sigma_not_slope,
            ),
            Mistake(
                "the chain rule multiplies the factors of the layers; you added them",
                _summed,
            ),
            Mistake(
                "every layer's z used x; z_l = w_l a_(l-1) takes the previous layer's "
                "activation, so run the chain forward",
                _not_fed_forward,
            ),
            Mistake(
                "you used the largest slope 1/4 for every layer; the slope is sigma'(z_l) at "
                "each layer's own z_l",
                lambda ws, x: float(np.prod(np.asarray(ws, dtype=float) / 4.0)),
            ),
        ),
    ),
    Exercise(
        "he_std",
        NOTEBOOK,
        kind="value",
        returns="number",
        what=f"the standard deviation of a relu layer's weights with {FAN_IN} inputs",
        hint="he initialisation draws weights of variance 2 / fan_in; the standard "
        "deviation is the square root of the variance",
        answer=_he_std,
        mistakes=(
            Mistake(
                "that is xavier's sqrt(1 / fan_in); a relu zeroes about half of its inputs, "
                "and he makes up for it with twice the variance: sqrt(2 / fan_in)",
                lambda: 1.0 / np.sqrt(FAN_IN),
            ),
            Mistake(
                "that is the variance 2 / fan_in; the standard deviation is its square root",
                lambda: 2.0 / FAN_IN,
            ),
            Mistake(
                "the square root covers the whole fraction: sqrt(2 / fan_in), not sqrt(2) / fan_in",
                lambda: np.sqrt(2.0) / FAN_IN,
            ),
        ),
    ),
)
