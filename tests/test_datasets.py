"""nnlib.datasets: shapes and types, balanced classes, reproducible seeds, what each set
looks like, the stratified split, and errors that name the bad argument."""

import numpy as np
import pytest

from nnlib import datasets
from nnlib.datasets import (
    DATASETS,
    make_circles,
    make_dataset,
    make_moons,
    make_spirals,
    make_xor,
    train_validation_split,
)


@pytest.mark.parametrize("name", list(DATASETS))
@pytest.mark.parametrize("n", [1, 2, 7, 200, 301])
def test_shapes_types_and_balance(name, n):
    X, y = make_dataset(name, n=n)
    classes = 3 if name == "spirals" else 2
    assert X.shape == (n, 2) and X.dtype == np.float64 and np.isfinite(X).all()
    assert y.shape == (n,) and y.dtype == np.int64
    counts = np.bincount(y, minlength=classes)
    assert len(counts) == classes and counts.max() - counts.min() <= 1


@pytest.mark.parametrize("classes", [2, 4, 5])
def test_spirals_have_the_classes_asked_for(classes):
    _, y = make_spirals(n=100, classes=classes)
    assert set(np.unique(y)) == set(range(classes))
    assert np.bincount(y).max() - np.bincount(y).min() <= 1


@pytest.mark.parametrize("name", list(DATASETS))
def test_a_seed_gives_the_same_data_and_another_seed_other_data(name):
    X1, y1 = make_dataset(name, seed=3)
    X2, y2 = make_dataset(name, seed=3)
    X3, _ = make_dataset(name, seed=4)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.allclose(X1, X3)


def test_seed_none_draws_fresh_data():
    assert not np.allclose(make_moons(seed=None)[0], make_moons(seed=None)[0])


def test_without_noise_the_points_lie_on_their_curves():
    X, y = make_moons(n=100, noise=0.0)
    upper, lower = X[y == 0], X[y == 1] - [1.0, 0.5]
    np.testing.assert_allclose(np.hypot(*upper.T), 1.0)
    np.testing.assert_allclose(np.hypot(*lower.T), 1.0)
    assert (upper[:, 1] >= 0).all() and (lower[:, 1] <= 0).all()
    X, y = make_circles(n=100, noise=0.0, factor=0.3)
    np.testing.assert_allclose(np.hypot(*X.T), np.where(y == 0, 1.0, 0.3))


def test_xor_classes_sit_in_opposite_quadrants():
    X, y = make_xor(n=400, noise=0.0)
    np.testing.assert_array_equal(X[:, 0] * X[:, 1] < 0, y == 1)
    quadrants = {(bool(a > 0), bool(b > 0)) for a, b in X}
    assert len(quadrants) == 4


def test_make_dataset_passes_n_noise_and_seed():
    X, y = make_dataset("circles", n=50, noise=0.0, seed=2)
    X2, y2 = make_circles(n=50, noise=0.0, seed=2)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    assert isinstance(DATASETS, type(datasets.DATASETS)) and set(DATASETS) == {
        "moons",
        "circles",
        "xor",
        "spirals",
    }
    with pytest.raises(TypeError):
        DATASETS["new"] = make_moons


@pytest.mark.parametrize("name", list(DATASETS))
@pytest.mark.parametrize("validation", [0.2, 0.25, 0.5])
def test_split_is_stratified_complete_and_shuffled(name, validation):
    X, y = make_dataset(name)
    X_train, y_train, X_val, y_val = train_validation_split(X, y, validation, seed=1)
    assert len(y_train) + len(y_val) == len(y)
    rows = {tuple(r) for r in np.concatenate([X_train, X_val])}
    assert rows == {tuple(r) for r in X}
    for label in np.unique(y):
        share = np.mean(y_val == label) if len(y_val) else 0
        assert abs(np.sum(y_val == label) - validation * np.sum(y == label)) <= 0.5 + 1e-9
        assert abs(share - np.mean(y == label)) < 0.05
    assert not (np.diff(y_train) >= 0).all()  # not in blocks of classes
    again = train_validation_split(X, y, validation, seed=1)
    np.testing.assert_array_equal(again[0], X_train)


@pytest.mark.parametrize(
    "call, words",
    [
        (lambda: make_moons(n=0), "n must be a whole number >= 1, got 0"),
        (lambda: make_moons(n=2.5), "n must be a whole number"),
        (lambda: make_circles(noise=-0.1), "noise must be a finite number >= 0"),
        (lambda: make_xor(noise=float("nan")), "noise must be a finite number"),
        (lambda: make_moons(seed=-1), "seed must be a whole number >= 0"),
        (lambda: make_spirals(classes=1), "classes must be a whole number >= 2"),
        (lambda: make_circles(factor=1.0), "factor must be between 0 and 1"),
        (lambda: make_dataset("blobs"), "['circles', 'moons', 'spirals', 'xor']"),
        (lambda: train_validation_split(*make_moons(), validation=1.0), "validation must be"),
        (lambda: train_validation_split(*make_moons(n=2), validation=0.1), "no validation"),
        (lambda: train_validation_split(np.zeros((3, 2)), np.zeros(4, int)), "X must have shape"),
    ],
)
def test_bad_arguments_are_named(call, words):
    with pytest.raises((ValueError, TypeError)) as info:
        call()
    assert words in str(info.value)
