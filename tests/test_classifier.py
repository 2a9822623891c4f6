"""nnlib.classifier: mini-batches, the Trainer's updates against sgd_step by hand, its
history, divergence, accuracy, the decision grid, the symmetric start that never breaks
the tie, and the setup of 09_training_a_classifier reaching its validation accuracy."""

import numpy as np
import pytest

import nnlib
from nnlib.classifier import (
    DIVERGED_LOSS,
    Trainer,
    accuracy,
    decision_grid,
    grid_limits,
    minibatches,
    predict,
)
from nnlib.datasets import make_moons, make_spirals, train_validation_split

# The setup 09_training_a_classifier trains on the two moons.
SETUP = {"hidden": 16, "activation": "tanh", "lr": 0.5, "batch_size": 16, "epochs": 100}


def moons_split(seed=0):
    return train_validation_split(*make_moons(seed=seed), seed=seed)


def classifier(hidden=8, activation="tanh", classes=2, seed=0):
    return nnlib.MLP([2, hidden, classes], activation, loss="cross_entropy", seed=seed)


@pytest.mark.parametrize("n, batch_size", [(10, 3), (10, 10), (10, 32), (1, 1), (150, 16)])
def test_minibatches_cover_a_permutation(n, batch_size):
    batches = minibatches(n, batch_size, np.random.default_rng(0))
    assert len(batches) == -(-n // batch_size)
    assert all(len(b) == batch_size for b in batches[:-1]) and 1 <= len(batches[-1]) <= batch_size
    np.testing.assert_array_equal(np.sort(np.concatenate(batches)), np.arange(n))


def test_minibatches_are_shuffled_anew_each_epoch():
    rng = np.random.default_rng(0)
    first, second = np.concatenate(minibatches(50, 8, rng)), np.concatenate(minibatches(50, 8, rng))
    assert not np.array_equal(first, second) and not np.array_equal(first, np.arange(50))


def test_each_update_is_sgd_on_its_batch():
    X, y, _, _ = moons_split()
    model, copy = classifier(), classifier()
    trainer = Trainer(model, X, y, lr=0.3, batch_size=16, seed=5)
    rng = np.random.default_rng(5)
    for _ in range(2):  # two epochs: the second reshuffles
        for batch in minibatches(len(y), 16, rng):
            _, grads = copy.loss_and_gradients(X[batch], y[batch])
            nnlib.sgd_step(copy.params, grads, 0.3)
    trainer.run(2 * 10)
    assert trainer.steps == 20 and trainer.epochs == 2
    for mine, theirs in zip(model.params, copy.params):
        np.testing.assert_allclose(mine, theirs, rtol=1e-12, atol=1e-15)


def test_history_records_every_update_and_every_epoch():
    X, y, X_val, y_val = moons_split()
    trainer = Trainer(classifier(), X, y, lr=0.1, batch_size=32, X_val=X_val, y_val=y_val)
    start = trainer.history
    assert len(start.losses) == 0 and len(start.epoch_losses) == 1
    for _ in range(3):
        trainer.epoch()
    h = trainer.history
    assert len(h.losses) == trainer.steps == 3 * 5 and len(h.epoch_losses) == 4
    model = trainer.model
    assert h.epoch_losses[-1] == pytest.approx(model.loss(X, y))
    assert h.train_accuracy[-1] == accuracy(model, X, y)
    assert h.val_accuracy[-1] == accuracy(model, X_val, y_val)
    assert not h.diverged
    no_val = Trainer(classifier(), X, y).history
    assert np.isnan(no_val.val_accuracy).all()


def test_epoch_finishes_the_current_epoch():
    X, y, _, _ = moons_split()
    trainer = Trainer(classifier(), X, y, batch_size=32)
    trainer.run(2)
    trainer.epoch()
    assert trainer.steps == 5 and trainer.epochs == 1


def test_full_batch_makes_one_update_per_epoch():
    X, y, _, _ = moons_split()
    trainer = Trainer(classifier(), X, y, batch_size=1000)
    for _ in range(4):
        trainer.epoch()
    assert trainer.steps == trainer.epochs == 4


def test_a_diverging_run_stops_with_its_last_finite_parameters():
    X, y, _, _ = moons_split()
    trainer = Trainer(classifier(activation="linear"), X, y, lr=30.0, batch_size=8)
    trainer.run(500)
    assert trainer.diverged and trainer.steps < 500
    assert all(np.isfinite(p).all() for p in trainer.model.params)
    h = trainer.history
    assert np.isfinite(h.losses).all() and (h.losses <= DIVERGED_LOSS).all()
    kept = [p.copy() for p in trainer.model.params]
    assert trainer.step() is False
    assert all(np.array_equal(a, b) for a, b in zip(kept, trainer.model.params))


def test_accuracy_and_predict():
    X, y = make_spirals(n=90)
    model = classifier(classes=3)
    probs = model.forward(X)
    np.testing.assert_array_equal(predict(model, X), probs.argmax(axis=1))
    assert accuracy(model, X, y) == pytest.approx(np.mean(probs.argmax(axis=1) == y))
    with pytest.raises(ValueError, match="y must have shape"):
        accuracy(model, X, y[:-1])


def test_decision_grid_covers_the_data_and_matches_predict():
    X, _ = make_moons()
    model = classifier()
    grid = decision_grid(model, X, resolution=31)
    (x_lo, x_hi), (y_lo, y_hi) = grid_limits(X)
    assert grid.probs.shape == (31, 31, 2) and grid.labels.shape == (31, 31)
    assert grid.xs[0] == x_lo and grid.xs[-1] == x_hi and grid.ys[-1] == y_hi
    assert x_lo < X[:, 0].min() and y_hi > X[:, 1].max()
    i, j = 7, 20
    point = np.array([[grid.xs[j], grid.ys[i]]])
    np.testing.assert_allclose(grid.probs[i, j], model.forward(point)[0])
    assert grid.labels[i, j] == predict(model, point)[0]


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu"])
def test_equal_initial_weights_keep_the_hidden_units_equal(activation):
    X, y, _, _ = moons_split()
    model = classifier(hidden=6, activation=activation)
    for p in model.params:
        p[...] = 0.3
    Trainer(model, X, y, lr=0.5, batch_size=16).run(200)
    W1, b1, W2, _ = model.params
    assert np.ptp(W1, axis=1).max() < 1e-12 and np.ptp(b1) < 1e-12
    assert np.ptp(W2, axis=0).max() < 1e-12
    assert np.abs(W1 - 0.3).max() > 0.01  # they moved, together


def test_the_notebook_setup_reaches_95_percent_validation_accuracy():
    X, y, X_val, y_val = moons_split()
    model = classifier(SETUP["hidden"], SETUP["activation"])
    trainer = Trainer(model, X, y, SETUP["lr"], SETUP["batch_size"], 0, X_val, y_val)
    for _ in range(SETUP["epochs"]):
        trainer.epoch()
    assert accuracy(model, X_val, y_val) >= 0.95


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"lr": 0.0}, "lr must be > 0"),
        ({"batch_size": 0}, "batch_size must be a whole number >= 1"),
        ({"model": nnlib.MLP([2, 3, 2])}, "loss 'cross_entropy'"),
        ({"y": np.ones(5, int)}, "integer labels must have shape"),
        ({"X_val": np.zeros((4, 2))}, "X_val and y_val must be given together"),
        ({"X_val": np.zeros((4, 2)), "y_val": np.zeros(3, int)}, "integer labels must have"),
    ],
)
def test_bad_trainer_arguments_are_named(kwargs, words):
    X, y, _, _ = moons_split()
    args = {"model": classifier(), "X": X, "y": y, **kwargs}
    with pytest.raises((ValueError, TypeError)) as info:
        Trainer(**args)
    assert words in str(info.value)
