"""Exercises of 05_chain_rule.ipynb: the gradient of the loss with respect to an input,
dC/dx1, which sums the chains through all three hidden nodes; and the three output
weights' gradients written as a function of the forward values."""

import numpy as np

from .. import network
from ._common import HALF, backprop
from .engine import Exercise, Mistake

NOTEBOOK = "05_chain_rule"


def _values():
    return backprop().backprop_values()


def _dC_dx1(through=(1, 2, 3), weight_row=1, slope=True, upstream=1.0):
    """sum over the hidden nodes j in through of dC/da1j * a1j(1 - a1j) * w_(weight_row)j,
    from nnlib's backward pass at the article's example; slope False leaves a1j(1 - a1j)
    out, upstream scales dC/dy_hat."""
    v, net = _values(), network.SeedNetwork()
    total = 0.0
    for j in through:
        local = v[f"dC/dh1{j}"] if slope else v[f"dC/da1{j}"]
        total += upstream * local * net[f"w{weight_row}{j}"]
    return total


def _output_grads(a, y_hat, y):
    """dC/dw3j = dC/dy_hat * a1j, dC/dy_hat = 2(y_hat - y), as nnlib's mse gradient."""
    d_y_hat = network.SeedNetwork().mlp.loss_entry.kernel(
        np.array([[float(y_hat)]]), np.array([[float(y)]])
    )[1]
    return float(d_y_hat[0, 0]) * np.asarray(a, dtype=np.float64)


def _cases():
    return (
        (np.array([0.7311, 0.7858, 0.69]), 1.5, 0.0),
        (np.array([0.2, 0.5, 0.9]), -0.4, 1.0),
        (np.array([0.99, 0.01, 0.5]), 0.3, 0.3),
        (np.array([0.5, 0.25, 0.75]), 2.0, -1.0),
    )


EXERCISES = (
    Exercise(
        "dC_dx1",
        NOTEBOOK,
        kind="value",
        returns="number",
        hint="x1 feeds all three hidden sums, h1j = x1 w1j + x2 w2j, so its gradient adds "
        "three chains: dC/dx1 = sum over j of dC/dh1j * w1j, with "
        "dC/dh1j = 2(y_hat - y) * w3j * a1j(1 - a1j)",
        answer=_dC_dx1,
        mistakes=(
            Mistake(
                "that is only the chain through hidden node 1; x1 feeds all three hidden "
                "sums, so add the chains through h12 and h13 too",
                lambda: _dC_dx1(through=(1,)),
            ),
            Mistake(
                "you used w2j, the weights leaving x2: that is dC/dx2; x1 reaches h1j through w1j",
                lambda: _dC_dx1(weight_row=2),
            ),
            Mistake(
                "each chain is missing the sigmoid's slope da1j/dh1j = a1j(1 - a1j)",
                lambda: _dC_dx1(slope=False),
            ),
            Mistake(HALF, lambda: _dC_dx1(upstream=0.5)),
            Mistake("sign flipped: every factor here is positive", lambda: -_dC_dx1()),
        ),
    ),
    Exercise(
        "output_weight_grads",
        NOTEBOOK,
        kind="function",
        returns="array",
        what="the three gradients dC/dw31, dC/dw32, dC/dw33, an array shaped like a",
        hint="an output weight w3j multiplies a1j in y_hat, so dC/dw3j = dC/dy_hat * a1j "
        "with dC/dy_hat = 2(y_hat - y)",
        signature="my_output_grads(a, y_hat, y)",
        params=("a", "y_hat", "y"),
        cases=_cases,
        answer=_output_grads,
        mistakes=(
            Mistake(HALF, lambda a, y_hat, y: _output_grads(a, y_hat, y) / 2.0),
            Mistake(
                "sign flipped: dC/dy_hat = 2(y_hat - y), positive when the prediction is too high",
                lambda a, y_hat, y: -_output_grads(a, y_hat, y),
            ),
            Mistake(
                "you used the loss (y_hat - y)^2 where its derivative 2(y_hat - y) belongs",
                lambda a, y_hat, y: (float(y_hat) - float(y)) ** 2 * np.asarray(a, float),
            ),
            Mistake(
                "you multiplied by the sigmoid's slope a(1 - a); the output is linear, so "
                "dy_hat/dw3j is a1j alone",
                lambda a, y_hat, y: _output_grads(a, y_hat, y) * (1 - np.asarray(a, float)),
            ),
        ),
    ),
)
