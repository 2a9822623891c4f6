"""What a learner might answer to each exercise, for tests/test_exercises.py: for every
exercise in the registry a correct answer and at least three typical mistakes, each written
independently of nnlib, with the words its feedback must contain.  A new exercise without
an entry here fails test_every_exercise_has_cases."""

from typing import Any, NamedTuple

import numpy as np


def _sig(z):
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))


# The article's network, by hand: x = (1, 1), y = 0, W1[i, j] = w_(i+1)(j+1), w3 = (w31, w32, w33).
W1 = np.array([[0.8, 0.4, 0.3], [0.2, 0.9, 0.5]])
W3 = np.array([0.3, 0.5, 0.9])
X = np.array([1.0, 1.0])
A = _sig(X @ W1)
Y_HAT = float(A @ W3)
DC_DW12 = 2 * Y_HAT * W3[1] * A[1] * (1 - A[1]) * X[0]
DC_DW11 = 2 * Y_HAT * W3[0] * A[0] * (1 - A[0]) * X[0]


# dC/dw22 at x = (1, 2), y = 0.5 by hand: delta_j = dC/dh1j = 2(y_hat - y) w3j a1j(1 - a1j).
X2 = np.array([1.0, 2.0])
H2 = X2 @ W1
A2 = _sig(H2)
D_OUT2 = 2 * (float(A2 @ W3) - 0.5)
DELTA2 = D_OUT2 * W3 * A2 * (1 - A2)
DC_DW22 = DELTA2[1] * X2[1]


def _backward(X, Y, W1, b1, W2, b2, slope=lambda Z, A: A * (1 - A), mean=True):
    """The batch backward pass by hand; slope(Z1, A1) stands for sigma'(Z1)."""
    Z1 = X @ W1 + b1
    A1 = _sig(Z1)
    dZ2 = 2 * (A1 @ W2 + b2 - Y) / (len(X) if mean else 1)
    dZ1 = dZ2 @ W2.T * slope(Z1, A1)
    return X.T @ dZ1, dZ1.sum(axis=0), A1.T @ dZ2, dZ2.sum(axis=0)


def _backward_unsummed_db(X, Y, W1, b1, W2, b2):
    Z1 = X @ W1 + b1
    A1 = _sig(Z1)
    dZ2 = 2 * (A1 @ W2 + b2 - Y) / len(X)
    dZ1 = dZ2 @ W2.T * A1 * (1 - A1)
    return X.T @ dZ1, dZ1, A1.T @ dZ2, dZ2


def _backward_x_not_transposed(X, Y, W1, b1, W2, b2):
    Z1 = X @ W1 + b1
    A1 = _sig(Z1)
    dZ2 = 2 * (A1 @ W2 + b2 - Y) / len(X)
    dZ1 = dZ2 @ W2.T * A1 * (1 - A1)
    return X @ dZ1, dZ1.sum(axis=0), A1.T @ dZ2, dZ2.sum(axis=0)


class Case(NamedTuple):
    correct: Any
    mistakes: tuple  # (answer, words its feedback must contain)


LEARNER = {
    "count_weights": Case(
        2 * 3 + 3 * 1,
        (
            (2 * 3, "only the weights from the inputs to the hidden layer"),
            (3 * 1, "only the weights into the output node"),
            (2 + 3, "you added layer sizes"),
            (2 * 3 + 3 * 1 + 3 + 1, "the article's network has none"),
        ),
    ),
    "count_params_with_biases": Case(
        2 * 3 + 3 * 1 + 3 + 1,
        (
            (9, "that is the weights alone"),
            (9 + 2 + 3 + 1, "inputs have no bias"),
            (9 + 3, "hidden nodes only"),
            (9 + 2, "one bias per layer"),
        ),
    ),
    "weighted_sum": Case(
        0.5 * 2.0 + 0.25 * -1.0 + 0.1,
        (
            (0.5 * 2.0 + 0.25 * -1.0, "the bias b is missing"),
            (0.5 * 2.0 + 0.25 * -1.0 - 0.1, "the bias is added, not subtracted"),
            (0.5 * 2.0 + 0.25 * 1.0 + 0.1, "the sign of x2 got lost"),
            (float(_sig(0.85)), "that is the activation sigma(z)"),
        ),
    ),
    "neuron_output": Case(
        lambda x, w, b: float(_sig(np.dot(w, x) + b)),
        (
            (lambda x, w, b: np.dot(w, x) + b, "you returned the weighted sum z"),
            (lambda x, w, b: float(_sig(np.dot(w, x))), "the bias is missing"),
            (lambda x, w, b: np.tanh(np.dot(w, x) + b), "that is tanh"),
            (lambda x, w, b: 1 / (1 + np.exp(np.dot(w, x) + b)), "sign error in the exponent"),
            (lambda x, w, b: _sig(w * x + b), "you returned one value per input"),
        ),
    ),
    "sigmoid_prime": Case(
        lambda z: _sig(z) * (1 - _sig(z)),
        (
            (lambda z: _sig(z), "missing the (1 - sigma) factor"),
            (lambda z: 1 - _sig(z), "missing the sigma factor"),
            (lambda z: z * (1 - z), "you applied s(1 - s) to z itself"),
            (lambda z: -_sig(z) * (1 - _sig(z)), "sign flipped"),
        ),
    ),
    "tanh_prime": Case(
        lambda z: 1 - np.tanh(z) ** 2,
        (
            (lambda z: 1 - np.asarray(z) ** 2, "you used z where tanh(z) belongs"),
            (lambda z: np.tanh(z), "that is tanh(z) itself"),
            (lambda z: 1 - np.tanh(z), "the square is missing"),
            (lambda z: np.tanh(z) ** 2 - 1, "sign flipped"),
            (lambda z: _sig(z) * (1 - _sig(z)), "that is the sigmoid's derivative"),
        ),
    ),
    "mse_grad": Case(
        lambda y_hat, y: 2 * (y_hat - y) / y_hat.size,
        (
            (lambda y_hat, y: (y_hat - y) / y_hat.size, "off by a factor of 2"),
            (lambda y_hat, y: 2 * (y_hat - y), "the 1/n of the mean is missing"),
            (lambda y_hat, y: 2 * (y - y_hat) / y_hat.size, "sign flipped"),
            (lambda y_hat, y: (y_hat - y) ** 2 / y_hat.size, "not its derivative"),
            (lambda y_hat, y: np.mean(2 * (y_hat - y)), "you returned one number"),
        ),
    ),
    "cross_entropy_row": Case(
        lambda p, target: -np.log(p[target]),
        (
            (lambda p, target: np.log(p[target]), "sign flipped"),
            (lambda p, target: -np.log10(p[target]), "not log10"),
            (lambda p, target: -np.log2(p[target]), "not log2"),
            (lambda p, target: -np.sum(np.log(p)), "over every class"),
            (lambda p, target: -np.log(p[0]), "you always used the first class"),
        ),
    ),
    "hidden_preactivations": Case(
        np.array([1.0, 2.0]) @ W1,
        (
            (_sig(np.array([1.0, 2.0]) @ W1), "those are the activations"),
            (X @ W1, "that is h at x = (1, 1)"),
            (np.array([2.0, 1.0]) @ W1, "you swapped x1 and x2"),
        ),
    ),
    "forward_y_hat": Case(
        lambda x, W1, W2: _sig(x @ W1) @ W2,
        (
            (lambda x, W1, W2: _sig(_sig(x @ W1) @ W2), "your output node applies the sigmoid"),
            (lambda x, W1, W2: (x @ W1) @ W2, "the hidden sigmoid is missing"),
            (lambda x, W1, W2: np.sum(_sig(x @ W1)), "without their weights"),
        ),
    ),
    "dC_dy_hat": Case(
        2 * (Y_HAT - 0.0),
        (
            (Y_HAT - 0.0, "off by a factor of 2"),
            (2 * (0.0 - Y_HAT), "sign flipped"),
            ((Y_HAT - 0.0) ** 2, "that is the loss C itself"),
            (2 * (0.3 * 0.73 + 0.5 * 0.79 + 0.9 * 0.69), "rounded to two decimals"),
        ),
    ),
    "dC_dw12": Case(
        DC_DW12,
        (
            (2 * Y_HAT * W3[1] * X[0], "missing the sigma(1 - sigma) factor"),
            (2 * Y_HAT * W3[1] * A[1] * X[0], "you multiplied by a12"),
            (Y_HAT * W3[1] * A[1] * (1 - A[1]) * X[0], "off by a factor of 2"),
            (-DC_DW12, "sign flipped"),
            (DC_DW11, "that is dC/dw11"),
        ),
    ),
    "dC_dw22": Case(
        DC_DW22,
        (
            (D_OUT2 * W3[1] * X2[1], "the sigma(1 - sigma) factor is missing"),
            (D_OUT2 * W3[1] * H2[1] * (1 - H2[1]) * X2[1], "you used h12 where a12 belongs"),
            (-DC_DW22, "sign flipped"),
            (DC_DW22 / 2, "off by a factor of 2"),
            (DELTA2[0] * X2[1], "the delta of hidden node 1"),
            (DELTA2[2] * X2[1], "the delta of hidden node 3"),
            (D_OUT2 * W1[1, 1] * A2[1] * (1 - A2[1]) * X2[1], "you used w22"),
        ),
    ),
    "backward_batch": Case(
        _backward,
        (
            (lambda *a: _backward(*a, mean=False), "you forgot to average over the batch"),
            (_backward_unsummed_db, "db1 has one row per example"),
            (lambda *a: _backward(*a, slope=lambda Z, A: 1.0), "the sigmoid's slope is missing"),
            (
                lambda *a: _backward(*a, slope=lambda Z, A: _sig(A) * (1 - _sig(A))),
                "you used A1 where Z1 belongs",
            ),
            (_backward_x_not_transposed, "X is not transposed"),
            (lambda *a: tuple(g / 2 for g in _backward(*a)), "off by a factor of 2"),
        ),
    ),
    "central_difference": Case(
        lambda f, x, eps: (f(x + eps) - f(x - eps)) / (2 * eps),
        (
            (lambda f, x, eps: (f(x + eps) - f(x)) / eps, "that is the forward difference"),
            (lambda f, x, eps: (f(x + eps) - f(x - eps)) / eps, "off by a factor of 2"),
            (lambda f, x, eps: (f(x - eps) - f(x + eps)) / (2 * eps), "sign flipped"),
            (lambda f, x, eps: (f(x) - f(x - eps)) / eps, "backward difference"),
        ),
    ),
    "forward_passes": Case(
        lambda n_weights: 2 * n_weights,
        (
            (lambda n_weights: n_weights, "one pass per weight"),
            (lambda n_weights: n_weights + 1, "the forward difference's count"),
            (lambda n_weights: 2 * n_weights + 1, "never evaluates C at w itself"),
            (lambda n_weights: 2, "that is backprop's cost"),
        ),
    ),
    "sgd_update": Case(
        lambda w, grad, lr: w - lr * grad,
        (
            (lambda w, grad, lr: w + lr * grad, "that step goes uphill"),
            (lambda w, grad, lr: w - grad, "the learning rate is missing"),
            (lambda w, grad, lr: lr * grad, "you returned the step lr * grad"),
            (lambda w, grad, lr: w - lr, "you subtracted lr alone"),
        ),
    ),
    "new_w11": Case(
        0.8 - 0.1 * DC_DW11,
        (
            (0.8 + 0.1 * DC_DW11, "that step goes uphill"),
            (0.8 - DC_DW11, "the learning rate is missing"),
            (0.1 * DC_DW11, "that is the step lr * dC/dw11"),
            (0.8 - 0.1 * DC_DW11 / 2, "off by a factor of 2"),
        ),
    ),
}
