"""Small 2-D classification sets, generated with numpy (no downloads): two moons,
concentric circles, XOR blobs and k-armed spirals, plus a stratified train/validation
split.  Every maker returns (X, y): X float64 (n, 2), y int64 (n,) labels 0..k-1 with
the classes balanced (their counts differ by at most 1).
Taught in 09_training_a_classifier.ipynb."""

import numbers
from types import MappingProxyType

import numpy as np

from ._check import as_float, choice, describe


def _whole(value, name, lo):
    """value as an int >= lo, else an error naming it."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number >= {lo}, got {describe(value)}")
    if value < lo:
        raise ValueError(f"{name} must be a whole number >= {lo}, got {value}")
    return int(value)


def _noise(noise):
    noise = as_float(noise, "noise")
    if noise < 0:
        raise ValueError(f"noise must be a finite number >= 0, got {noise}")
    return noise


def _rng(seed):
    """A Generator for seed: None (fresh entropy) or a whole number >= 0."""
    if seed is not None:
        seed = _whole(seed, "seed", 0)
    return np.random.default_rng(seed)


def _counts(n, classes):
    """How many examples each of `classes` classes gets: n split as evenly as it goes."""
    return np.full(classes, n // classes) + (np.arange(classes) < n % classes)


def _labels(n, classes):
    """(n,) int64 labels 0..classes-1, balanced, in blocks: 0, 0, ..., 1, 1, ..."""
    return np.repeat(np.arange(classes, dtype=np.int64), _counts(n, classes))


def _jitter(X, noise, rng):
    """X plus Gaussian noise of standard deviation noise on each coordinate."""
    return X + noise * rng.standard_normal(X.shape)


def make_moons(n=200, noise=0.1, seed=0):
    """Two interleaving half circles: class 0 on (cos t, sin t), class 1 on
    (1 - cos t, 0.5 - sin t), t uniform in [0, pi], plus N(0, noise^2) noise.
    -> X (n, 2) float64, y (n,) int64.  Taught in 09_training_a_classifier.ipynb."""
    n, noise, rng = _whole(n, "n", 1), _noise(noise), _rng(seed)
    y = _labels(n, 2)
    t = rng.uniform(0.0, np.pi, n)
    upper = np.column_stack([np.cos(t), np.sin(t)])
    lower = np.column_stack([1.0 - np.cos(t), 0.5 - np.sin(t)])
    X = np.where((y == 0)[:, None], upper, lower)
    return _jitter(X, noise, rng), y


def make_circles(n=200, noise=0.05, seed=0, factor=0.5):
    """Two concentric circles: class 0 on radius 1, class 1 on radius factor (0 < factor
    < 1), angles uniform, plus N(0, noise^2) noise.  -> X (n, 2) float64, y (n,) int64.
    Taught in 09_training_a_classifier.ipynb."""
    n, noise, rng = _whole(n, "n", 1), _noise(noise), _rng(seed)
    factor = as_float(factor, "factor")
    if not 0.0 < factor < 1.0:
        raise ValueError(f"factor must be between 0 and 1 (both excluded), got {factor}")
    y = _labels(n, 2)
    t = rng.uniform(0.0, 2.0 * np.pi, n)
    radius = np.where(y == 0, 1.0, factor)
    X = radius[:, None] * np.column_stack([np.cos(t), np.sin(t)])
    return _jitter(X, noise, rng), y


def make_xor(n=200, noise=0.1, seed=0):
    """Four blobs at (+-1, +-1), a point uniform in a square of side 1 around its
    corner plus N(0, noise^2) noise; class 1 where x1 x2 < 0 (the corners (1, -1) and
    (-1, 1)), class 0 where x1 x2 > 0.  -> X (n, 2) float64, y (n,) int64.
    Taught in 09_training_a_classifier.ipynb."""
    n, noise, rng = _whole(n, "n", 1), _noise(noise), _rng(seed)
    y = _labels(n, 2)
    first = rng.choice((-1.0, 1.0), n)  # which of the class's two corners
    corner = np.column_stack([first, np.where(y == 0, first, -first)])
    X = corner * (1.0 + rng.uniform(-0.5, 0.5, (n, 2)))
    return _jitter(X, noise, rng), y


def make_spirals(n=300, noise=0.1, seed=0, classes=3):
    """`classes` spiral arms around the origin: arm k at radius r in [0.1, 1] and angle
    4 r + 2 pi k / classes, plus N(0, noise^2) noise in the angle scaled by 2.
    -> X (n, 2) float64, y (n,) int64 labels 0..classes-1.
    Taught in 09_training_a_classifier.ipynb."""
    n, noise, rng = _whole(n, "n", 1), _noise(noise), _rng(seed)
    classes = _whole(classes, "classes", 2)
    y = _labels(n, classes)
    r = rng.uniform(0.1, 1.0, n)
    angle = 4.0 * r + 2.0 * np.pi * y / classes + 2.0 * noise * rng.standard_normal(n)
    return r[:, None] * np.column_stack([np.cos(angle), np.sin(angle)]), y


# name -> maker: the datasets a dropdown offers.
DATASETS = MappingProxyType(
    {"moons": make_moons, "circles": make_circles, "xor": make_xor, "spirals": make_spirals}
)


def make_dataset(name, n=None, noise=None, seed=0):
    """DATASETS[name](n, noise, seed), n and noise left at the maker's defaults when
    None.  -> X (n, 2) float64, y (n,) int64.  Taught in 09_training_a_classifier.ipynb."""
    maker = DATASETS[choice(name, "name", DATASETS)]
    options = {"seed": seed}
    if n is not None:
        options["n"] = n
    if noise is not None:
        options["noise"] = noise
    return maker(**options)


def train_validation_split(X, y, validation=0.25, seed=0):
    """A shuffled split in which each class keeps its share: about `validation` of each
    class goes to the validation part.  X (n, D), y (n,) integer labels.
    -> (X_train, y_train, X_val, y_val).  Taught in 09_training_a_classifier.ipynb."""
    X, y = np.asarray(X), np.asarray(y)
    if X.ndim != 2 or y.ndim != 1 or y.shape[0] != X.shape[0]:
        raise ValueError(
            f"X must have shape (n, D) and y shape (n,), got X {describe(X)} and y {describe(y)}"
        )
    if y.dtype.kind not in "iu":
        raise TypeError(f"y must hold integer class labels, got {describe(y)}")
    validation = as_float(validation, "validation")
    if not 0.0 < validation < 1.0:
        raise ValueError(f"validation must be between 0 and 1 (both excluded), got {validation}")
    rng = _rng(seed)
    held = np.zeros(len(y), dtype=bool)
    for label in np.unique(y):
        members = rng.permutation(np.flatnonzero(y == label))
        held[members[: int(round(validation * len(members)))]] = True
    if held.all() or not held.any():
        raise ValueError(
            f"validation = {validation} of {len(y)} examples leaves "
            f"{'no training' if held.all() else 'no validation'} examples; choose a share "
            "that leaves both parts non-empty"
        )
    train_idx, val_idx = (
        rng.permutation(np.flatnonzero(~held)),
        rng.permutation(np.flatnonzero(held)),
    )
    return X[train_idx], y[train_idx], X[val_idx], y[val_idx]
