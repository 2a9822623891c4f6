"""Exercises of 06_backward_pass.ipynb: dC/dw22 of the article's network at x = (1, 2),
y = 0.5 by a backward pass done by hand, and the backward pass in matrix form for a batch
with biases written as a function, checked against nnlib.backprop.batch_backward and a
numerical gradient."""

import numpy as np

from .. import activations, gradcheck, layers, network
from ._common import HALF, SEED, backprop
from .engine import Exercise, Mistake, Reference

NOTEBOOK = "06_backward_pass"
X22, Y22 = (1.0, 2.0), 0.5  # the example of the dC/dw22 exercise
PARTS = ("dW1", "db1", "dW2", "db2")
BATCH_SIZES = (2, 3, 5)  # 2 and 3 let a forgotten transpose return values on one case


def _batch_backward(X, Y, W1, b1, W2, b2):
    """The correct answer: nnlib.backprop.batch_backward."""
    return backprop().batch_backward(X, Y, W1, b1, W2, b2)


# --- dC/dw22 by hand ------------------------------------------------------------------


def _v():
    """Every quantity of the backward pass at X22, Y22 by name (backprop_values), with
    the input x2 and the article's weights."""
    return {**backprop().backprop_values(None, X22, Y22), **network.ARTICLE_WEIGHTS, "x2": X22[1]}


def _w22_with(delta):
    """dC/dw22's formula delta_2 * x2 with another quantity in place of delta_2."""
    v = _v()
    return v[delta] * v["x2"]


def _w22_path(slope="a12", weight="w32"):
    """dC/dy_hat * weight * s(1 - s) * x2 with s the value named slope: dC/dw22's chain
    with the sigmoid's slope taken at slope and the path through weight."""
    v = _v()
    return v["dC/dy_hat"] * v[weight] * v[slope] * (1.0 - v[slope]) * v["x2"]


# --- the batch backward pass ----------------------------------------------------------


def _cases():
    """Seeded batches of BATCH_SIZES examples with biases away from zero, so a gradient
    not averaged or not summed over the batch shows."""
    rng = np.random.default_rng(SEED + 6)
    out = []
    for n in BATCH_SIZES:
        out.append(
            (
                rng.normal(0.0, 1.0, (n, 2)),
                rng.normal(0.0, 1.0, (n, 1)),
                rng.normal(0.0, 1.0, (2, 3)),
                rng.uniform(0.2, 0.8, 3) * rng.choice((-1.0, 1.0), 3),
                rng.normal(0.0, 1.0, (3, 1)),
                rng.uniform(0.2, 0.8, 1),
            )
        )
    return tuple(out)


def _forward(X, W1, b1, W2, b2):
    """(Z1, A1, Y_hat) by nnlib's layers."""
    Z1, _ = layers.affine_forward(X, W1, b1)
    A1, _ = layers.activation_forward(Z1, "sigmoid")
    Y_hat, _ = layers.affine_forward(A1, W2, b2)
    return Z1, A1, Y_hat


def _wrong_backward(X, Y, W1, b1, W2, b2, scale=1.0, mean=True, slope=None, dW1=None, dW2=None):
    """A backward pass gone wrong in one place: dZ2 scaled by scale or not divided by N
    (mean False), sigma'(Z1) replaced by slope(Z1, A1), dW1 or dW2 computed by
    dW1(X, dZ1) or dW2(A1, dZ2)."""
    Z1, A1, Y_hat = _forward(X, W1, b1, W2, b2)
    dZ2 = scale * 2.0 * (Y_hat - Y) / (X.shape[0] if mean else 1.0)
    dZ1 = (dZ2 @ W2.T) * (activations.sigmoid_prime(Z1) if slope is None else slope(Z1, A1))
    return (
        X.T @ dZ1 if dW1 is None else dW1(X, dZ1),
        dZ1.sum(axis=0),
        A1.T @ dZ2 if dW2 is None else dW2(A1, dZ2),
        dZ2.sum(axis=0),
    )


def _unsummed(X, Y, W1, b1, W2, b2):
    """(dW1, dZ1, dW2, dZ2): the biases' gradients left one row per example."""
    Z1, A1, Y_hat = _forward(X, W1, b1, W2, b2)
    dZ2 = 2.0 * (Y_hat - Y) / X.shape[0]
    dZ1 = (dZ2 @ W2.T) * activations.sigmoid_prime(Z1)
    return X.T @ dZ1, dZ1, A1.T @ dZ2, dZ2


def _db_changed(change, X, Y, W1, b1, W2, b2):
    """A backward pass whose db1 and db2 are change(dZ1) and change(dZ2)."""
    dW1, dZ1, dW2, dZ2 = _unsummed(X, Y, W1, b1, W2, b2)
    return dW1, change(dZ1), dW2, change(dZ2)


def _numerical(X, Y, W1, b1, W2, b2):
    """(dW1, db1, dW2, db2) by central differences of nnlib.MLP's loss."""
    net = network.MLP([2, np.shape(W1)[1], 1], "sigmoid", "mse", bias=True)
    for p, value in zip(net.params, (W1, b1, W2, b2)):
        p[...] = value

    def loss(_):
        return net.loss(X, Y)  # reads the parameter numerical_gradient perturbs in place

    return tuple(gradcheck.numerical_gradient(loss, p, eps=1e-5) for p in net.params)


_DW1_SHAPES = "dW1 = X.T @ dZ1: (2, N) @ (N, 3) gives W1's shape (2, 3)"

EXERCISES = (
    Exercise(
        "dC_dw22",
        NOTEBOOK,
        kind="value",
        returns="number",
        hint="run the forward pass at x = (1, 2), then go backwards one node at a time: "
        "dC/dy_hat = 2(y_hat - y), then dC/da12 through w32, dC/dh12 through the sigmoid's "
        "slope a12(1 - a12), and dC/dw22 = dC/dh12 times the input w22 multiplies",
        correct_note="dC/dw22 = delta_2 * x2, and dC/dw12 = delta_2 * x1 reuses the same "
        "delta_2 = dC/dh12, computed once.",
        answer=lambda: _v()["dC/dw22"],
        mistakes=(
            Mistake(
                "the sigma(1 - sigma) factor is missing: dC/dh12 = dC/da12 * a12(1 - a12)",
                lambda: _w22_with("dC/da12"),
            ),
            Mistake(
                "you used h12 where a12 belongs: the sigmoid's slope is a12(1 - a12), "
                "with a12 = sigma(h12)",
                lambda: _w22_path(slope="h12"),
            ),
            Mistake(
                "sign flipped: dC/dy_hat = 2(y_hat - y), prediction minus target",
                lambda: -_v()["dC/dw22"],
            ),
            Mistake(HALF, lambda: _v()["dC/dw22"] / 2.0),
            Mistake(
                "that uses the delta of hidden node 1, dC/dh11; w22 leads into hidden node 2, "
                "so use dC/dh12",
                lambda: _w22_with("dC/dh11"),
            ),
            Mistake(
                "that uses the delta of hidden node 3, dC/dh13; w22 leads into hidden node 2, "
                "so use dC/dh12",
                lambda: _w22_with("dC/dh13"),
            ),
            Mistake(
                "you used w22, a weight of the first layer; the path from h12 to y_hat goes "
                "through w32",
                lambda: _w22_path(weight="w22"),
            ),
        ),
    ),
    Exercise(
        "backward_batch",
        NOTEBOOK,
        kind="function",
        returns="arrays",
        what="the four gradients (dW1, db1, dW2, db2), each of its parameter's shape",
        parts=PARTS,
        signature="backward(X, Y, W1, b1, W2, b2)",
        params=("X", "Y", "W1", "b1", "W2", "b2"),
        cases=_cases,
        correct_note="Your dW1, db1, dW2 and db2 equal nnlib.backprop.batch_backward's.",
        references=(Reference("a central-difference numerical gradient", _numerical, 1e-6, 1e-8),),
        hint="forward first, keeping Z1 = X @ W1 + b1, A1 = sigma(Z1) and Y_hat = A1 @ W2 + b2; "
        "then backwards: dZ2 = 2(Y_hat - Y) / N; each layer's dW is its input transposed "
        "times its dZ, its db is dZ summed over the batch (axis 0); dA1 = dZ2 @ W2.T and "
        "dZ1 = dA1 * sigma'(Z1), with sigma'(Z1) = A1(1 - A1); each gradient has its "
        "parameter's shape",
        answer=_batch_backward,
        mistakes=(
            Mistake(
                "you forgot to average over the batch: C is the mean of N squared errors, "
                "so dZ2 = 2(Y_hat - Y) / N, and every gradient is N times too large",
                lambda *args: _wrong_backward(*args, mean=False),
            ),
            Mistake(HALF, lambda *args: _wrong_backward(*args, scale=0.5)),
            Mistake(
                "sign flipped: dZ2 = 2(Y_hat - Y) / N, prediction minus target",
                lambda *args: _wrong_backward(*args, scale=-1.0),
            ),
            Mistake(
                "db1 has one row per example: b1 is added to every example, so its gradient "
                "is dZ1 summed over the batch, dZ1.sum(axis=0), of shape (3,)",
                lambda *args: _unsummed(*args)[:2] + _wrong_backward(*args)[2:],
                parts=("db1",),
            ),
            Mistake(
                "db2 has one row per example: b2 is added to every example, so its gradient "
                "is dZ2 summed over the batch, dZ2.sum(axis=0), of shape (1,)",
                lambda *args: _wrong_backward(*args)[:3] + _unsummed(*args)[3:],
                parts=("db2",),
            ),
            Mistake(
                "db1 and db2 are averaged over the batch, but dZ1 and dZ2 already carry the "
                "1/N of the mean: sum them over the batch instead",
                lambda *args: _db_changed(lambda dZ: dZ.mean(axis=0), *args),
                parts=("db1", "db2"),
            ),
            Mistake(
                "db1 and db2 come from the first example alone: sum dZ1 and dZ2 over all "
                "N rows of the batch",
                lambda *args: _db_changed(lambda dZ: dZ[0], *args),
                parts=("db1", "db2"),
            ),
            Mistake(
                "the sigmoid's slope is missing: dZ1 = dA1 * sigma'(Z1), with "
                "sigma'(Z1) = A1 * (1 - A1)",
                lambda *args: _wrong_backward(*args, slope=lambda Z1, A1: 1.0),
                parts=("dW1", "db1"),
            ),
            Mistake(
                "you used A1 where Z1 belongs: sigma' is evaluated at the pre-activation, "
                "sigma'(Z1) = A1 * (1 - A1), not sigma'(A1)",
                lambda *args: _wrong_backward(
                    *args, slope=lambda Z1, A1: activations.sigmoid_prime(A1)
                ),
                parts=("dW1", "db1"),
            ),
            Mistake(
                "you used Z1 where A1 belongs: the slope sigma'(Z1) is A1 * (1 - A1), "
                "written with the activation A1 = sigma(Z1)",
                lambda *args: _wrong_backward(*args, slope=lambda Z1, A1: Z1 * (1.0 - Z1)),
                parts=("dW1", "db1"),
            ),
            Mistake(
                "you multiplied dA1 by A1 alone: the sigmoid's slope is A1 * (1 - A1)",
                lambda *args: _wrong_backward(*args, slope=lambda Z1, A1: A1),
                parts=("dW1", "db1"),
            ),
            Mistake(
                f"X is not transposed: {_DW1_SHAPES}; X @ dZ1 fits only when N = 2",
                lambda *args: _wrong_backward(*args, dW1=lambda X, dZ1: X @ dZ1),
                parts=("dW1",),
                raises=(ValueError,),
            ),
            Mistake(
                f"dW1 is transposed: dZ1.T @ X has shape (3, 2); {_DW1_SHAPES}",
                lambda *args: _wrong_backward(*args, dW1=lambda X, dZ1: dZ1.T @ X),
                parts=("dW1",),
            ),
            Mistake(
                "A1 is not transposed: dW2 = A1.T @ dZ2, (3, N) @ (N, 1) gives W2's shape "
                "(3, 1); A1 @ dZ2 fits only when N = 3",
                lambda *args: _wrong_backward(*args, dW2=lambda A1, dZ2: A1 @ dZ2),
                parts=("dW2",),
                raises=(ValueError,),
            ),
            Mistake(
                "dW2 is transposed: dZ2.T @ A1 has shape (1, 3); dW2 = A1.T @ dZ2 has "
                "W2's shape (3, 1)",
                lambda *args: _wrong_backward(*args, dW2=lambda A1, dZ2: dZ2.T @ A1),
                parts=("dW2",),
            ),
        ),
    ),
)
