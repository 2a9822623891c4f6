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
# dC/dx1 adds the chains through the three hidden nodes: sum_j delta_j w1j.
DELTA = 2 * Y_HAT * W3 * A * (1 - A)
DC_DX1 = float(DELTA @ W1[0])


# dC/dw22 at x = (1, 2), y = 0.5 by hand: delta_j = dC/dh1j = 2(y_hat - y) w3j a1j(1 - a1j).
X2 = np.array([1.0, 2.0])
H2 = X2 @ W1
A2 = _sig(H2)
D_OUT2 = 2 * (float(A2 @ W3) - 0.5)
DELTA2 = D_OUT2 * W3 * A2 * (1 - A2)
DC_DW22 = DELTA2[1] * X2[1]


# 08_gradient_descent: lr* = 2 (y_hat - y)^2 / ||grad C||^2 by hand, at the article's example
# and at x = (1, 2), y = 0.5 (X2, A2, DELTA2, D_OUT2 above); the gradient lists dC/dw11..w23
# (row by row) and then dC/dw31..w33.
GRAD1 = np.concatenate([np.outer(X, 2 * Y_HAT * W3 * A * (1 - A)).ravel(), 2 * Y_HAT * A])
LR_STAR1 = 2 * Y_HAT**2 / (GRAD1 @ GRAD1)
GRAD2 = np.concatenate([np.outer(X2, DELTA2).ravel(), D_OUT2 * A2])
R2 = float(A2 @ W3) - 0.5
LR_STAR2 = 2 * R2**2 / (GRAD2 @ GRAD2)


# dC/dW1 and dC/dw3 of the article's network by hand (y = 0): the whole-vector relative
# error when backprop halves W1's gradient only.
G_W1 = 2 * Y_HAT * np.outer(X, W3 * A * (1 - A))
G_W3 = 2 * Y_HAT * A
G_FLAT = np.concatenate([G_W1.ravel(), G_W3])
G_HALF_W1 = np.concatenate([0.5 * G_W1.ravel(), G_W3])
G_HALF_W3 = np.concatenate([G_W1.ravel(), 0.5 * G_W3])


def _rel(a, b):
    return np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b))


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


def _y_hat_rows(X):
    return _sig(np.asarray(X, dtype=float) @ W1) @ W3


BATCH_X = np.array([[2.0, 0.0], [0.0, 2.0], [-1.0, -1.0]])


def _count(sizes, per_pair):
    return sum(per_pair(n, m) for n, m in zip(sizes[:-1], sizes[1:]))


def _fwd(X, W1, b1, W2, b2, b1_inside=True, out=lambda v: v):
    h = np.asarray(X) @ W1 + (b1 if b1_inside else 0.0)
    a = _sig(h) + (0.0 if b1_inside else b1)
    return out(a @ np.ravel(W2) + b2)


def _softmax_rows(z):
    """softmax of each row of z, by hand."""
    e = np.exp(np.asarray(z, dtype=float) - np.max(z, axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


# 10_vanishing_gradients: a chain of sigmoid units by hand, z_l = w_l a_(l-1), a_0 = x;
# factor(w, z) is one layer's factor, combine puts them together, feed=False uses x at
# every layer.
def _chain_by_hand(
    ws, x, factor=lambda w, z: w * _sig(z) * (1 - _sig(z)), combine=np.prod, feed=True
):
    a, factors = x, []
    for w in np.asarray(ws, dtype=float):
        z = w * (a if feed else x)
        factors.append(factor(w, z))
        a = _sig(z)
    return float(combine(factors))


# 11_from_backprop_to_autograd: softplus(x) = log(1 + exp(x)) and L = (a b + a)^2 by hand.
A11, B11 = 1.5, -0.4
D11 = A11 * B11 + A11

LEARNER = {
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
    "sgd_update": Case(
        lambda w, grad, lr: w - lr * grad,
        (
            (lambda w, grad, lr: w + lr * grad, "that step goes uphill"),
            (lambda w, grad, lr: w - grad, "the learning rate is missing"),
            (lambda w, grad, lr: lr * grad, "you returned the step lr * grad"),
            (lambda w, grad, lr: w - lr, "you subtracted lr alone"),
        ),
    ),
    "best_lr_new_input": Case(
        LR_STAR2,
        (
            (LR_STAR1, "the article's example"),
            (LR_STAR2 / 2, "half of lr*"),
            (2 * R2**2 / np.sqrt(GRAD2 @ GRAD2), "the norm is not squared"),
            (2 * abs(R2) / (GRAD2 @ GRAD2), "(y_hat - y) is not squared"),
            (2 * (R2 + 0.5) ** 2 / (GRAD2 @ GRAD2), "the target here is y = 0.5"),
        ),
    ),
    "best_lr_from_y_hat": Case(
        lambda y_hat, y, grad_y_hat: 1 / (2 * np.sum(np.square(grad_y_hat))),
        (
            (
                lambda y_hat, y, g: 2 * (y_hat - y) ** 2 / np.sum(np.square(g)),
                "where the formula has grad C",
            ),
            (lambda y_hat, y, g: 2 / np.sum(np.square(g)), "four times too large"),
            (lambda y_hat, y, g: 1 / (4 * np.sum(np.square(g))), "half of lr*"),
            (lambda y_hat, y, g: 1 / (2 * np.linalg.norm(g)), "the norm is not squared"),
            (lambda y_hat, y, g: 1 / (2 * np.sum(g) ** 2), "squared the sum"),
        ),
    ),
    "count_params": Case(
        lambda sizes: _count(sizes, lambda n, m: n * m + m),
        (
            (lambda sizes: _count(sizes, lambda n, m: n * m), "that counts the weights only"),
            (lambda sizes: _count(sizes, lambda n, m: n * m + m) + sizes[0], "inputs have no bias"),
            (lambda sizes: _count(sizes, lambda n, m: n * m + 1), "that is one bias per layer"),
            (lambda sizes: sizes[0] * sizes[1] + sizes[1], "you counted the first two layers only"),
        ),
    ),
    "y_hat_at_zero": Case(
        0.5 * (0.3 + 0.5 + 0.9),
        (
            (0.0, "the sigmoid of 0 is 1/2"),
            (0.3 + 0.5 + 0.9, "you took every hidden activation as 1"),
            (float(_sig(0.5 * (0.3 + 0.5 + 0.9))), "the output node has no activation"),
            ((0.5 * (0.3 + 0.5 + 0.9)) ** 2, "that is the loss"),
        ),
    ),
    "hidden_neuron_output": Case(
        float(_sig(2.0 * 0.8 + -1.0 * 0.2 - 1.5)),
        (
            (float(_sig(2.0 * 0.8 + -1.0 * 0.4 - 1.5)), "the weights leaving input 1"),
            (2.0 * 0.8 + -1.0 * 0.2 - 1.5, "that is the weighted sum z"),
            (float(_sig(2.0 * 0.8 + -1.0 * 0.2)), "the bias is missing"),
            (float(_sig(2.0 * 0.8 + 1.0 * 0.2 - 1.5)), "the sign of x2 got lost"),
            (float(_sig(2.0 * 0.8 + -1.0 * 0.2 + 1.5)), "b is negative"),
        ),
    ),
    "batch_y_hat": Case(
        _y_hat_rows(BATCH_X),
        (
            (_sig(_y_hat_rows(BATCH_X)), "your output node applies the sigmoid"),
            ((BATCH_X @ W1) @ W3, "the hidden sigmoid is missing"),
            (_sig(BATCH_X @ W1).sum(axis=1), "without their weights"),
            (_y_hat_rows(BATCH_X) ** 2, "those are the losses"),
            (_y_hat_rows(BATCH_X[:, ::-1]), "you swapped x1 and x2"),
        ),
    ),
    "forward_with_biases": Case(
        lambda X, W1, b1, W2, b2: _sig(X @ W1 + b1) @ W2 + b2,
        (
            (lambda *a: _fwd(*a, b1_inside=False), "b1 belongs inside the sigmoid"),
            (lambda X, W1, b1, W2, b2: _fwd(X, W1, 0.0, W2, b2), "the hidden biases are missing"),
            (lambda X, W1, b1, W2, b2: _fwd(X, W1, b1, W2, 0.0), "the output bias is missing"),
            (lambda *a: _fwd(*a, out=_sig), "your output node applies the sigmoid"),
            (
                lambda X, W1, b1, W2, b2: (X @ W1 + b1) @ np.ravel(W2) + b2,
                "the hidden sigmoid is missing",
            ),
            (
                lambda X, W1, b1, W2, b2: _sig(X @ W1 + b1).sum(axis=1) + b2,
                "without their weights",
            ),
        ),
    ),
    "silu_prime": Case(
        lambda z: _sig(z) + np.asarray(z) * _sig(z) * (1 - _sig(z)),
        (
            (lambda z: np.asarray(z) * _sig(z) * (1 - _sig(z)), "the product rule also gives"),
            (lambda z: _sig(z), "only the first term of the product rule"),
            (lambda z: _sig(z) + _sig(z) * (1 - _sig(z)), "the factor z in the second term"),
            (lambda z: _sig(z) * (1 - _sig(z)), "that is the sigmoid's slope"),
            (lambda z: np.asarray(z) * _sig(z), "that is silu(z) = z sigma(z) itself"),
        ),
    ),
    "weighted_bce_grad": Case(
        lambda z, y, w: -w * y * (1 - _sig(z)) + (1 - y) * _sig(z),
        (
            (lambda z, y, w: _sig(z) - y, "the weight w is missing"),
            (lambda z, y, w: w * (_sig(z) - y), "you multiplied the whole gradient by w"),
            (lambda z, y, w: -w * y / _sig(z) + (1 - y) / (1 - _sig(z)), "that is dC/dp"),
            (lambda z, y, w: w * y * (1 - _sig(z)) - (1 - y) * _sig(z), "sign flipped"),
            (lambda z, y, w: (1 - y) * z - w * y * (1 - z), "where p = sigma(z) belongs"),
        ),
    ),
    "dC_dx1": Case(
        DC_DX1,
        (
            (float(DELTA[0] * W1[0, 0]), "only the chain through hidden node 1"),
            (float(DELTA @ W1[1]), "that is dC/dx2"),
            (float((2 * Y_HAT * W3) @ W1[0]), "missing the sigmoid's slope"),
            (DC_DX1 / 2, "off by a factor of 2"),
            (-DC_DX1, "sign flipped"),
        ),
    ),
    "output_weight_grads": Case(
        lambda a, y_hat, y: 2 * (y_hat - y) * np.asarray(a),
        (
            (lambda a, y_hat, y: (y_hat - y) * np.asarray(a), "off by a factor of 2"),
            (lambda a, y_hat, y: 2 * (y - y_hat) * np.asarray(a), "sign flipped"),
            (lambda a, y_hat, y: (y_hat - y) ** 2 * np.asarray(a), "the loss"),
            (
                lambda a, y_hat, y: 2 * (y_hat - y) * np.asarray(a) * (1 - np.asarray(a)),
                "the output is linear",
            ),
        ),
    ),
    "best_central_step": Case(
        lambda u, f_size, f3_size: (3 * u * f_size / f3_size) ** (1 / 3),
        (
            (lambda u, f_size, f3_size: np.cbrt(6 * u * f_size / f3_size), "has a 6"),
            (lambda u, f_size, f3_size: np.cbrt(u * f_size / f3_size), "without its factor"),
            (lambda u, f_size, f3_size: np.sqrt(3 * u * f_size / f3_size), "cube root"),
            (
                lambda u, f_size, f3_size: 2 * np.sqrt(u * f_size / f3_size),
                "forward difference's best step",
            ),
            (lambda u, f_size, f3_size: 3 * u * f_size / f3_size, "that is eps^3"),
            (lambda u, f_size, f3_size: (3 * f3_size / (u * f_size)) ** (1 / 3), "upside down"),
        ),
    ),
    "whole_vector_rel_error": Case(
        _rel(G_HALF_W1, G_FLAT),
        (
            (1 / 3, "W1's own relative error"),
            (np.linalg.norm(G_HALF_W1 - G_FLAT) / np.linalg.norm(G_FLAT), "one norm only"),
            (_rel(G_HALF_W3, G_FLAT), "that halves W2's gradient"),
            (np.max(np.abs(G_HALF_W1 - G_FLAT)), "largest absolute difference"),
        ),
    ),
    # 09_training_a_classifier: accuracy, the batch's logit gradient and updates, by hand.
    "accuracy_from_probs": Case(
        lambda probs, y: np.mean(np.argmax(probs, axis=1) == y),
        (
            (lambda probs, y: np.sum(np.argmax(probs, axis=1) == y), "divide by"),
            (lambda probs, y: np.mean(np.argmax(probs, axis=1) != y), "error rate"),
            (lambda probs, y: np.mean(np.argmin(probs, axis=1) == y), "argmin"),
            (lambda probs, y: np.mean(probs[np.arange(len(y)), y]), "averaged the probabilities"),
        ),
    ),
    "batch_logit_gradient": Case(
        lambda z, y: (_softmax_rows(z) - np.eye(z.shape[1])[y]) / len(y),
        (
            (lambda z, y: _softmax_rows(z) - np.eye(z.shape[1])[y], "divided by N"),
            (lambda z, y: (np.eye(z.shape[1])[y] - _softmax_rows(z)) / len(y), "sign flipped"),
            (lambda z, y: _softmax_rows(z) / len(y), "left out the one-hot"),
            (lambda z, y: (z - np.eye(z.shape[1])[y]) / len(y), "instead of softmax(z)"),
        ),
    ),
    "updates_in_run": Case(
        250,
        (
            (225, "round the batches per epoch up"),
            (3750, "one update per example"),
            (25, "one update per epoch"),
        ),
    ),
    "sigmoid_bound": Case(
        0.25**10,
        (
            (0.5**10, "not 1/2"),
            (10 * 0.25, "they do not add"),
            (0.25, "one layer's factor"),
            (0.25**9, "one factor short"),
            (1.0, "no factor reaches 1"),
        ),
    ),
    "chain_gradient": Case(
        lambda ws, x: _chain_by_hand(ws, x),
        (
            (
                lambda ws, x: _chain_by_hand(ws, x, factor=lambda w, z: _sig(z) * (1 - _sig(z))),
                "the weights are missing",
            ),
            (
                lambda ws, x: _chain_by_hand(ws, x, factor=lambda w, z: w * _sig(z)),
                "you multiplied sigma(z_l)",
            ),
            (lambda ws, x: _chain_by_hand(ws, x, combine=np.sum), "you added them"),
            (lambda ws, x: _chain_by_hand(ws, x, feed=False), "run the chain forward"),
            (lambda ws, x: float(np.prod(np.asarray(ws) / 4)), "the largest slope 1/4"),
        ),
    ),
    "he_std": Case(
        np.sqrt(2 / 48),
        (
            (np.sqrt(1 / 48), "xavier's sqrt(1 / fan_in)"),
            (2 / 48, "that is the variance"),
            (np.sqrt(2) / 48, "covers the whole fraction"),
        ),
    ),
    "softplus_backward": Case(
        lambda x, dout: dout * np.exp(x) / (1 + np.exp(x)),
        (
            (lambda x, dout: _sig(x), "dout is missing"),
            (lambda x, dout: dout * np.log(1 + np.exp(x)), "the forward value"),
            (lambda x, dout: dout * _sig(x) * (1 - _sig(x)), "one derivative too many"),
            (lambda x, dout: dout / (1 + np.exp(x)), "the log's derivative alone"),
            (lambda x, dout: dout * np.exp(x), "the inside's derivative alone"),
        ),
    ),
    "grad_through_two_paths": Case(
        2 * D11 * (B11 + 1),
        (
            (2 * D11 * B11, "through e = a * b alone"),
            (2 * D11, "the direct path into d alone"),
            (D11 * (B11 + 1), "half of dL/da"),
            (2 * D11 * A11, "dL/db"),
        ),
    ),
}
