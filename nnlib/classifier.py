"""Training a classifier on data: mini-batch SGD with shuffling on an MLP with loss
"cross_entropy" and integer labels, its history (loss per update, loss and accuracy per
epoch), predictions, accuracy and the class probabilities on a grid for drawing the
decision boundary.  Pure numpy.  Taught in 09_training_a_classifier.ipynb."""

import numbers
from typing import NamedTuple

import numpy as np

from ._check import as_float_array, describe, positive
from .train import sgd_step

# A loss above this counts as diverged: cross-entropy starts near log(classes), about 1,
# so a loss a thousand times that means the logits have blown up.
DIVERGED_LOSS = 1e3


def _whole(value, name, lo):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < lo:
        raise ValueError(f"{name} must be a whole number >= {lo}, got {describe(value)}")
    return int(value)


def minibatches(n, batch_size, rng):
    """One epoch's mini-batches: a random permutation of 0..n-1 cut into pieces of
    batch_size (the last one smaller when batch_size does not divide n; one batch of all
    n when batch_size >= n).  rng: a numpy Generator.  -> tuple of int index arrays.
    Taught in 09_training_a_classifier.ipynb."""
    n, batch_size = _whole(n, "n", 1), _whole(batch_size, "batch_size", 1)
    order = rng.permutation(n)
    return tuple(order[i : i + batch_size] for i in range(0, n, batch_size))


def predict(model, X):
    """The most probable class of each row: argmax_c p(c | x).  X (N, D) -> (N,) int64."""
    return np.argmax(model.forward(X), axis=1).astype(np.int64)


def accuracy(model, X, y):
    """The share of rows whose predicted class is y: mean(predict(model, X) == y).
    X (N, D), y (N,) integer labels -> float in [0, 1]."""
    y = np.asarray(y)
    if y.ndim != 1 or y.shape[0] != np.shape(X)[0]:
        raise ValueError(f"y must have shape ({np.shape(X)[0]},), got {describe(y)}")
    return float(np.mean(predict(model, X) == y))


class Grid(NamedTuple):
    """Class probabilities on a regular grid over the data: xs (R,), ys (R,), probs
    (R, R, C) with probs[i, j] at (xs[j], ys[i]), labels (R, R) their argmax."""

    xs: np.ndarray
    ys: np.ndarray
    probs: np.ndarray
    labels: np.ndarray


def grid_limits(X, margin=0.25):
    """((x_lo, x_hi), (y_lo, y_hi)): the data's extent widened by margin on every side."""
    X = as_float_array(X, "X")
    lo, hi = X.min(axis=0) - margin, X.max(axis=0) + margin
    return (float(lo[0]), float(hi[0])), (float(lo[1]), float(hi[1]))


def decision_grid(model, X, resolution=80, limits=None):
    """model's class probabilities on a resolution x resolution grid covering X (or the
    given limits, as from grid_limits), for drawing the decision boundary.
    X (N, 2) -> Grid.  Taught in 09_training_a_classifier.ipynb."""
    resolution = _whole(resolution, "resolution", 2)
    (x_lo, x_hi), (y_lo, y_hi) = grid_limits(X) if limits is None else limits
    xs, ys = np.linspace(x_lo, x_hi, resolution), np.linspace(y_lo, y_hi, resolution)
    points = np.stack(np.meshgrid(xs, ys), axis=-1).reshape(-1, 2)
    probs = model.forward(points).reshape(resolution, resolution, -1)
    return Grid(xs, ys, probs, np.argmax(probs, axis=-1))


class TrainingHistory(NamedTuple):
    """losses[k]: the mini-batch loss of update k+1 (computed before it); epoch_losses[e],
    train_accuracy[e], val_accuracy[e]: after e epochs (e = 0: before training) on the
    whole training set and the validation set (NaN without one).  diverged: training
    stopped because the loss or a parameter blew up."""

    losses: np.ndarray
    epoch_losses: np.ndarray
    train_accuracy: np.ndarray
    val_accuracy: np.ndarray
    diverged: bool


class Trainer:
    """Mini-batch SGD with shuffling on model (an MLP with loss "cross_entropy", changed
    in place): every epoch visits the training examples in a new random order, batch_size
    at a time, and each batch's gradient makes one update w <- w - lr dC/dw (sgd_step).
    X (n, D), y (n,) integer labels; X_val, y_val optional.  A batch_size >= n is full
    batch.  After an update whose loss or parameters are not finite, or a loss above
    DIVERGED_LOSS, the model keeps its last finite parameters and diverged is True: it
    trains no further.  Taught in 09_training_a_classifier.ipynb."""

    def __init__(self, model, X, y, lr=0.1, batch_size=32, seed=0, X_val=None, y_val=None):
        if getattr(model, "loss_name", None) != "cross_entropy":
            raise ValueError(f"model must be an MLP with loss 'cross_entropy', got {model!r}")
        self.model, self.lr = model, positive(lr, "lr")
        self.X = model._check_X(X)
        self.y = model._check_Y(y, self.X.shape[0])
        if self.y.ndim != 1:
            raise ValueError(f"y must be integer class labels of shape ({len(self.X)},)")
        self.batch_size = _whole(batch_size, "batch_size", 1)
        self.rng = np.random.default_rng(seed)
        self.val = None
        if (X_val is None) != (y_val is None):
            raise ValueError(
                "X_val and y_val must be given together (validation inputs and their labels), "
                f"got X_val {describe(X_val)} and y_val {describe(y_val)}"
            )
        if X_val is not None:
            X_val = model._check_X(X_val)
            self.val = (X_val, model._check_Y(y_val, X_val.shape[0]))
        self.steps, self.epochs, self.diverged = 0, 0, False
        self._losses, self._epochs = [], []
        self._queue = []
        self._record_epoch()

    @property
    def history(self):
        """The run so far as a TrainingHistory (new arrays)."""
        per_epoch = np.array(self._epochs, dtype=np.float64).reshape(-1, 3)
        loss, train_acc, val_acc = per_epoch.T
        return TrainingHistory(
            np.array(self._losses), loss.copy(), train_acc.copy(), val_acc.copy(), self.diverged
        )

    def _record_epoch(self):
        loss = self.model.loss(self.X, self.y)
        val = np.nan if self.val is None else accuracy(self.model, *self.val)
        self._epochs.append((loss, accuracy(self.model, self.X, self.y), val))

    def step(self):
        """One update on the next mini-batch (a new shuffle when an epoch begins).
        -> False when training has diverged (nothing changes then), else True."""
        if self.diverged:
            return False
        if not self._queue:
            self._queue = list(minibatches(len(self.y), self.batch_size, self.rng))
        batch = self._queue.pop(0)
        loss, grads = self.model.loss_and_gradients(self.X[batch], self.y[batch])
        if not (np.isfinite(loss) and all(np.isfinite(g).all() for g in grads)):
            return self._diverge()
        before = [p.copy() for p in self.model.params]
        sgd_step(self.model.params, grads, self.lr)
        if not all(np.isfinite(p).all() for p in self.model.params) or loss > DIVERGED_LOSS:
            for p, old in zip(self.model.params, before):
                p[...] = old
            return self._diverge()
        self._losses.append(float(loss))
        self.steps += 1
        if not self._queue:
            self.epochs += 1
            self._record_epoch()
        return True

    def _diverge(self):
        self.diverged = True
        self._queue = []
        return False

    def run(self, steps):
        """Up to `steps` updates (fewer when training diverges).  -> self."""
        for _ in range(_whole(steps, "steps", 0)):
            if not self.step():
                break
        return self

    def epoch(self):
        """Updates until the current epoch ends (a whole epoch when one is about to
        begin), unless training diverges.  -> self."""
        if not self.step():
            return self
        while self._queue and self.step():
            pass
        return self
