"""Gradient descent: one update's arithmetic, the training loop's history, divergence,
the gradient's length, the linearised best learning rate, and argument checks."""

import warnings

import numpy as np
import pytest

from nnlib import MLP, SeedNetwork, sgd_step, train
from nnlib.train import gradient_norm, linearised_lr


def test_sgd_step_arithmetic_is_exact_and_in_place():
    W = np.array([[1.0, 2.0], [-3.0, 0.5]])
    b = np.array([0.25, -0.75])
    gW = np.array([[0.5, -0.25], [2.0, 0.0]])
    gb = np.array([-1.0, 4.0])
    params = [W, b]
    out = sgd_step(params, [gW, gb], lr=0.5)
    assert out is params and out[0] is W and out[1] is b
    np.testing.assert_array_equal(W, [[0.75, 2.125], [-4.0, 0.5]])
    np.testing.assert_array_equal(b, [0.75, -2.75])


def test_sgd_step_equals_w_minus_lr_grad():
    rng = np.random.default_rng(0)
    params = [rng.standard_normal((3, 2)), rng.standard_normal(2)]
    grads = [rng.standard_normal((3, 2)), rng.standard_normal(2)]
    expected = [p - 0.1 * g for p, g in zip(params, grads)]
    sgd_step(params, grads, 0.1)
    for p, e in zip(params, expected):
        np.testing.assert_array_equal(p, e)


@pytest.mark.parametrize(
    "lr, error, pattern",
    [
        (0.0, ValueError, r"^lr must be > 0, got 0.0"),
        (-0.1, ValueError, r"^lr must be > 0, got -0.1"),
        (float("nan"), ValueError, r"^lr must be a finite number, got nan"),
        (float("inf"), ValueError, r"^lr must be a finite number, got inf"),
        ("0.1", TypeError, r"^lr must be a real number, got '0.1'"),
        (None, TypeError, r"^lr must be a real number, got None"),
    ],
)
def test_bad_lr_raises(lr, error, pattern):
    params = [np.ones(2)]
    with pytest.raises(error, match=pattern):
        sgd_step(params, [np.ones(2)], lr)
    np.testing.assert_array_equal(params[0], [1.0, 1.0])
    with pytest.raises(error, match=pattern):
        train(SeedNetwork(), (1.0, 1.0), 0.0, lr=lr, steps=1)


def test_sgd_step_rejects_mismatched_gradients():
    params = [np.ones((2, 3)), np.ones(3)]
    with pytest.raises(ValueError, match=r"^grads must have one array per parameter \(2\), got 1"):
        sgd_step(params, [np.ones((2, 3))], 0.1)
    with pytest.raises(
        ValueError, match=r"^grads\[1\] has shape \(3, 1\) but params\[1\] has shape \(3,\)"
    ):
        sgd_step(params, [np.ones((2, 3)), np.ones((3, 1))], 0.1)
    # Every shape is checked before any update: params[0] was not changed.
    np.testing.assert_array_equal(params[0], np.ones((2, 3)))
    # A gradient that numpy would broadcast is refused, and nothing changes.
    with pytest.raises(
        ValueError, match=r"^grads\[0\] has shape \(3,\) but params\[0\] has shape \(2, 3\)"
    ):
        sgd_step(params, [np.ones(3), np.ones(3)], 0.1)
    np.testing.assert_array_equal(params[0], np.ones((2, 3)))


def test_train_reduces_the_seed_network_loss():
    net = SeedNetwork()
    start = net.loss()
    history = train(net, (1.0, 1.0), 0.0, lr=0.1, steps=50, record_params=True)
    assert not history.diverged
    assert history.losses.shape == (51,)
    assert history.losses[0] == start
    assert np.all(np.diff(history.losses) < 0)
    assert history.losses[-1] < 1e-3 * start
    assert history.losses[-1] == pytest.approx(net.loss(), rel=1e-12)
    assert len(history.params) == 51
    np.testing.assert_array_equal(history.params[-1][0], net.params[0])
    # Snapshots are copies: the first is the article's weights.
    np.testing.assert_array_equal(history.params[0][0], [[0.8, 0.4, 0.3], [0.2, 0.9, 0.5]])


def test_train_steps_are_sgd_steps():
    a, b = SeedNetwork(), SeedNetwork()
    train(a, (1.0, 2.0), 0.5, lr=0.05, steps=3)
    for _ in range(3):
        _, grads = b.loss_and_gradients((1.0, 2.0), 0.5)
        sgd_step(b.params, grads, 0.05)
    for p, q in zip(a.params, b.params):
        np.testing.assert_array_equal(p, q)


def test_train_on_mlp_with_a_batch():
    model = MLP([2, 8, 1], "tanh", "mse", seed=0)
    X = np.random.default_rng(1).uniform(-1, 1, (32, 2))
    y = X[:, 0] * X[:, 1]
    history = train(model, X, y, lr=0.2, steps=200)
    assert not history.diverged and history.params == []
    assert history.losses[-1] < 0.5 * history.losses[0]


def test_zero_steps_records_only_the_start():
    net = SeedNetwork()
    history = train(net, (1.0, 1.0), 0.0, steps=0)
    assert history.losses.tolist() == [net.loss()]
    assert net.weights == SeedNetwork().weights


def test_divergence_is_flagged_without_warnings():
    # One linear weight and C = w^2: each step is w <- w - lr 2w = -19 w at lr = 10,
    # so the loss grows by 361 per step until it overflows.
    model = MLP([1, 1], "linear", "mse", bias=False, seed=0)
    w0 = model.params[0][0, 0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        history = train(model, np.ones((1, 1)), np.zeros(1), lr=10.0, steps=1000)
    assert history.diverged
    assert not np.isfinite(history.losses[-1])
    assert np.isfinite(history.losses[:-1]).all()
    assert len(history.losses) < 1001  # stopped early
    k = np.arange(5)
    np.testing.assert_allclose(history.losses[:5], w0**2 * 361.0**k, rtol=1e-12)


def test_cross_entropy_divergence_is_flagged_not_raised():
    # Logits that overflow during training end the run with diverged=True, as for mse,
    # instead of an exception in the middle of a notebook.
    model = MLP([2, 4, 3], "linear", "cross_entropy", seed=0)
    X = np.random.default_rng(0).normal(size=(8, 2)) * 10
    Y = np.arange(8) % 3
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        history = train(model, X, Y, lr=1e6, steps=200)
    assert history.diverged
    assert not np.isfinite(history.losses[-1])
    assert np.isfinite(history.losses[:-1]).all()
    assert len(history.losses) < 201


@pytest.mark.parametrize("steps", [-1, 2.5, True, "10"])
def test_bad_steps_raise(steps):
    with pytest.raises(ValueError, match=r"^steps must be a whole number >= 0, got"):
        train(SeedNetwork(), (1.0, 1.0), 0.0, steps=steps)


def test_gradient_norm_of_lists_arrays_and_dicts():
    grads = [np.array([[3.0, 0.0], [0.0, 0.0]]), np.array([4.0])]
    assert gradient_norm(grads) == 5.0
    assert gradient_norm(np.array([0.6, 0.8])) == 1.0
    assert gradient_norm({"w11": 12.0, "w12": -5.0}) == 13.0
    with pytest.raises(ValueError, match=r"^grads must hold at least one gradient"):
        gradient_norm([])
    with pytest.raises(ValueError, match=r"^grads\[1\] must contain only finite numbers"):
        gradient_norm([np.ones(2), np.array([np.nan])])


def _sig(z):
    return 1.0 / (1.0 + np.exp(-z))


def test_linearised_lr_of_the_article_by_hand():
    # y_hat and dy_hat/dw by hand at x = (1, 1), y = 0: lr* = 2 C / ||2 y_hat grad y_hat||^2
    # = 1 / (2 ||grad y_hat||^2), with dy_hat/dw3j = a1j and dy_hat/dwij = w3j a1j(1 - a1j) xi.
    W1 = np.array([[0.8, 0.4, 0.3], [0.2, 0.9, 0.5]])
    w3 = np.array([0.3, 0.5, 0.9])
    a = _sig(np.ones(2) @ W1)
    dy_hat = np.concatenate([np.tile(w3 * a * (1 - a), 2), a])
    net = SeedNetwork()
    C, grads = net.loss_and_gradients()
    y_hat = net.forward()["y_hat"]
    assert linearised_lr(y_hat, 0.0, grads) == pytest.approx(1 / (2 * dy_hat @ dy_hat), rel=1e-12)
    # The gradients by name (a dict) give the same rate; C = y_hat^2 here.
    assert linearised_lr(y_hat, 0.0, net.gradients()) == pytest.approx(
        2 * C / gradient_norm(grads) ** 2, rel=1e-12
    )


def test_one_step_at_linearised_lr_is_exact_for_a_linear_model():
    # y_hat = w . x is linear in w, so the linearisation is exact: one step lands on y.
    model = MLP([3, 1], "linear", "mse", bias=False, seed=0)
    x, y = np.array([[0.5, -1.0, 2.0]]), np.array([0.25])
    C, grads = model.loss_and_gradients(x, y)
    y_hat = model.forward(x)[0, 0]
    lr = linearised_lr(y_hat, y[0], grads)
    sgd_step(model.params, grads, lr)
    assert C > 0.1
    assert model.forward(x)[0, 0] == pytest.approx(0.25, abs=1e-12)
    assert lr == pytest.approx(1 / (2 * x @ x.T).item(), rel=1e-12)


def test_linearised_lr_is_close_to_the_best_single_step_on_the_seed_network():
    # The sigmoids bend y_hat(lr), so the best step is near, not at, lr*.
    net = SeedNetwork()
    C, grads = net.loss_and_gradients()
    lr_star = linearised_lr(net.forward()["y_hat"], 0.0, grads)
    rates = np.linspace(0.5 * lr_star, 1.5 * lr_star, 201)
    after = []
    for lr in rates:
        model = net.copy()
        sgd_step(model.params, grads, lr)
        after.append(model.loss())
    best = rates[np.argmin(after)]
    assert abs(best - lr_star) < 0.1 * lr_star
    assert min(after) < 1e-3 * C


@pytest.mark.parametrize(
    "args, error, pattern",
    [
        ((1.0, 0.0, [np.zeros(3)]), ValueError, r"^grads are all zero"),
        ((float("nan"), 0.0, [np.ones(3)]), ValueError, r"^y_hat must be a finite number"),
        ((1.0, "0", [np.ones(3)]), TypeError, r"^y must be a real number"),
    ],
)
def test_linearised_lr_rejects_bad_input(args, error, pattern):
    with pytest.raises(error, match=pattern):
        linearised_lr(*args)
