"""Exercises of 04_forward_pass.ipynb: the predictions for a batch of new inputs by two
matrix products, and the forward pass of a network with biases written as a function."""

import numpy as np

from .. import activations, network
from ._common import SEED
from .engine import Exercise, Mistake

NOTEBOOK = "04_forward_pass"
NEW_X = ((2.0, 0.0), (0.0, 2.0), (-1.0, -1.0))  # the batch of the first exercise


def _seed_batch(X=NEW_X):
    """The article network's forward values for each row of X, as arrays (N, ...)."""
    net = network.SeedNetwork()
    rows = [net.forward(x) for x in np.asarray(X, dtype=np.float64)]
    return {key: np.array([r[key] for r in rows]) for key in ("h", "a", "y_hat")}


def _output_weights():
    return network.SeedNetwork().params[1][:, 0]


def _biased_forward(X, W1, b1, W2, b2):
    """y_hat (N,) of a 2-3-1 network with biases, by nnlib.MLP."""
    net = network.MLP([2, 3, 1], "sigmoid", "mse", bias=True)
    for p, value in zip(net.params, (W1, b1, W2, b2)):
        p[...] = np.asarray(value, dtype=np.float64).reshape(p.shape)
    return net.forward(np.asarray(X, dtype=np.float64))[:, 0]


def _parts(X, W1, b1, W2, b2):
    """Arrays as a learner would hold them: X (N, 2), W1 (2, 3), b1 (3,), w2 (3,), b2."""
    arrays = (np.asarray(v, dtype=np.float64) for v in (X, W1, b1, W2, b2))
    X, W1, b1, W2, b2 = arrays
    return X, W1, b1, W2.reshape(-1), float(np.ravel(b2)[0])


def _biased_cases():
    """The article's weights with biases on a batch and on one input, then random ones."""
    W1, W2 = (p.copy() for p in network.SeedNetwork().params)
    rng = np.random.default_rng(SEED + 4)
    return (
        (np.array([[1.0, 1.0], [1.0, 2.0]]), W1, np.array([0.1, -0.2, 0.3]), W2, np.array([0.5])),
        (np.array([[0.5, -1.0]]), W1, np.zeros(3), W2, np.array([-1.0])),
        (
            rng.normal(0.0, 1.0, (4, 2)),
            rng.normal(0.0, 1.0, (2, 3)),
            rng.normal(0.0, 1.0, 3),
            rng.normal(0.0, 1.0, (3, 1)),
            rng.normal(0.0, 1.0, 1),
        ),
    )


def _variant(X, W1, b1, W2, b2, *, hidden="sigmoid", b1_after=False, out_sigmoid=False):
    """A wrong forward pass: hidden activation "sigmoid" or "none", b1 added after the
    sigmoid, or a sigmoid at the output."""
    X, W1, b1, w2, b2 = _parts(X, W1, b1, W2, b2)
    h = X @ W1 + (0.0 if b1_after else b1)
    a = activations.sigmoid(h) if hidden == "sigmoid" else h
    a = a + b1 if b1_after else a
    y_hat = a @ w2 + b2
    return activations.sigmoid(y_hat) if out_sigmoid else y_hat


def _without(X, W1, b1, W2, b2, *, drop):
    """The pass with b1 or b2 (drop) left out."""
    zero = {"b1": np.zeros(3), "b2": np.zeros(1)}[drop]
    args = {"X": X, "W1": W1, "b1": b1, "W2": W2, "b2": b2, drop: zero}
    return _biased_forward(**args)


def _unweighted(X, W1, b1, W2, b2):
    X, W1, b1, w2, b2 = _parts(X, W1, b1, W2, b2)
    return np.sum(activations.sigmoid(X @ W1 + b1), axis=1) + b2


EXERCISES = (
    Exercise(
        "batch_y_hat",
        NOTEBOOK,
        kind="value",
        returns="array",
        what="three numbers, one prediction y_hat per input",
        hint="stack the three inputs as the rows of a (3, 2) array X; then sigmoid(X @ W1) @ W2 "
        "gives one prediction per row",
        answer=lambda: _seed_batch()["y_hat"],
        mistakes=(
            Mistake(
                "your output node applies the sigmoid; in this network it is linear: y_hat = a W2",
                lambda: activations.sigmoid(_seed_batch()["y_hat"]),
            ),
            Mistake(
                "the hidden sigmoid is missing: a = sigma(X W1) must come before the product "
                "with W2",
                lambda: _seed_batch()["h"] @ _output_weights(),
            ),
            Mistake(
                "you added the hidden activations without their weights: the second product "
                "is a W2",
                lambda: np.sum(_seed_batch()["a"], axis=1),
            ),
            Mistake(
                "those are the losses (y_hat - y)^2 with y = 0; the question asks for the "
                "predictions",
                lambda: _seed_batch()["y_hat"] ** 2,
            ),
            Mistake(
                "you swapped x1 and x2: row i of W1 holds the weights leaving input i, so x1 "
                "multiplies the first row",
                lambda: _seed_batch(np.asarray(NEW_X)[:, ::-1])["y_hat"],
            ),
        ),
    ),
    Exercise(
        "forward_with_biases",
        NOTEBOOK,
        kind="function",
        returns="array",
        what="an array of N predictions, one per row of X",
        signature="my_forward(X, W1, b1, W2, b2)",
        params=("X", "W1", "b1", "W2", "b2"),
        cases=_biased_cases,
        hint="each layer is one matrix product plus its bias: h = X W1 + b1, a = sigma(h), "
        "y_hat = a W2 + b2 (no sigmoid at the output)",
        answer=_biased_forward,
        mistakes=(
            Mistake(
                "b1 belongs inside the sigmoid: a = sigma(X W1 + b1), not sigma(X W1) + b1",
                lambda *args: _variant(*args, b1_after=True),
            ),
            Mistake(
                "the hidden biases are missing: h = X W1 + b1",
                lambda *args: _without(*args, drop="b1"),
            ),
            Mistake(
                "the output bias is missing: y_hat = a W2 + b2",
                lambda *args: _without(*args, drop="b2"),
            ),
            Mistake(
                "your output node applies the sigmoid; in this network it is linear: "
                "y_hat = a W2 + b2",
                lambda *args: _variant(*args, out_sigmoid=True),
            ),
            Mistake(
                "the hidden sigmoid is missing: a = sigma(X W1 + b1) must come before the "
                "product with W2",
                lambda *args: _variant(*args, hidden="none"),
            ),
            Mistake(
                "you added the hidden activations without their weights: the second product "
                "is a W2",
                _unweighted,
            ),
        ),
    ),
)
