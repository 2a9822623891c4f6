"""Exercises of 09_training_a_classifier.ipynb: accuracy from class probabilities, the
gradient of the mean softmax cross-entropy with respect to the logits of a batch, and the
number of updates of a mini-batch run."""

import math

import numpy as np

from ..losses import categorical_cross_entropy_with_logits_grad
from ._common import SEED
from .engine import Exercise, Mistake

NOTEBOOK = "09_training_a_classifier"
N_TRAIN, BATCH, EPOCHS = 150, 16, 25  # the run of updates_in_run


def _accuracy(probs, y):
    """The share of rows whose most probable class is y."""
    return float(np.mean(np.argmax(np.asarray(probs), axis=1) == np.asarray(y)))


def _softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _accuracy_cases():
    rng = np.random.default_rng(SEED)
    probs = _softmax(rng.normal(0.0, 1.5, (12, 3)))
    y = rng.integers(0, 3, 12)
    return (
        (np.array([[0.9, 0.1], [0.3, 0.7], [0.6, 0.4], [0.2, 0.8]]), np.array([0, 1, 1, 1])),
        (probs, y),
        (np.array([[0.2, 0.5, 0.3], [0.1, 0.1, 0.8], [0.6, 0.3, 0.1]]), np.array([1, 2, 2])),
    )


def _one_hot(y, classes):
    return np.eye(classes)[np.asarray(y)]


def _logit_grad(z, y):
    """dC/dz = (softmax(z) - one_hot(y)) / N for C the mean cross-entropy of the batch."""
    return categorical_cross_entropy_with_logits_grad(np.asarray(z, dtype=np.float64), y)


def _logit_cases():
    rng = np.random.default_rng(SEED + 9)
    return (
        (np.array([[2.0, -1.0], [0.5, 0.5], [-1.0, 1.0]]), np.array([0, 1, 1])),
        (rng.normal(0.0, 2.0, (5, 3)), np.array([0, 2, 1, 2, 0])),
        (np.array([[1.0, 2.0, 3.0, 4.0]]), np.array([3])),
    )


def _updates(per_epoch=None):
    per_epoch = math.ceil(N_TRAIN / BATCH) if per_epoch is None else per_epoch
    return int(per_epoch * EPOCHS)


EXERCISES = (
    Exercise(
        "accuracy_from_probs",
        NOTEBOOK,
        kind="function",
        returns="number",
        what="the accuracy, a number between 0 and 1",
        signature="my_accuracy(probs, y)",
        params=("probs", "y"),
        cases=_accuracy_cases,
        hint="the predicted class of a row is the column of its largest probability "
        "(np.argmax along axis 1); compare it with y and take the share that agree",
        answer=_accuracy,
        mistakes=(
            Mistake(
                "that is the number of correct rows; accuracy is their share, so divide by "
                "the number of rows (or take the mean of the comparisons)",
                lambda probs, y: float(np.sum(np.argmax(np.asarray(probs), axis=1) == y)),
            ),
            Mistake(
                "that is the error rate, the share of wrong rows; accuracy is 1 minus it",
                lambda probs, y: 1.0 - _accuracy(probs, y),
            ),
            Mistake(
                "you took the least probable class (argmin); the prediction is the most "
                "probable one (argmax)",
                lambda probs, y: float(np.mean(np.argmin(np.asarray(probs), axis=1) == y)),
            ),
            Mistake(
                "you averaged the probabilities given to the true classes; accuracy counts "
                "a row as right (1) or wrong (0) by its most probable class",
                lambda probs, y: float(np.mean(np.asarray(probs)[np.arange(len(y)), y])),
            ),
        ),
    ),
    Exercise(
        "batch_logit_gradient",
        NOTEBOOK,
        kind="function",
        returns="array",
        what="dC/dz, an array shaped like z",
        signature="my_logit_gradient(z, y)",
        params=("z", "y"),
        cases=_logit_cases,
        hint="for one example the gradient of -log softmax(z)[y] with respect to z is "
        "softmax(z) minus the one-hot row of y; C is the mean over the N rows of the batch",
        answer=_logit_grad,
        mistakes=(
            Mistake(
                "that is the gradient of the summed loss: C is the mean over the batch, so "
                "each row's gradient is divided by N",
                lambda z, y: _logit_grad(z, y) * len(y),
            ),
            Mistake(
                "sign flipped: dC/dz = (softmax(z) - one_hot(y)) / N, the probabilities minus "
                "the targets",
                lambda z, y: -_logit_grad(z, y),
            ),
            Mistake(
                "you left out the one-hot targets: subtract 1 at each row's true class",
                lambda z, y: _softmax(np.asarray(z, dtype=float)) / len(y),
            ),
            Mistake(
                "you used z itself instead of softmax(z): the probabilities come first",
                lambda z, y: (np.asarray(z, dtype=float) - _one_hot(y, np.shape(z)[1])) / len(y),
            ),
        ),
    ),
    Exercise(
        "updates_in_run",
        NOTEBOOK,
        kind="value",
        returns="integer",
        what=f"the number of updates in {EPOCHS} epochs",
        hint="every epoch cuts the shuffled examples into batches of the batch size, the last "
        "one smaller when it does not divide evenly; each batch makes one update",
        answer=_updates,
        mistakes=(
            Mistake(
                "the last, smaller batch of each epoch makes an update too: round the "
                "batches per epoch up, not down",
                lambda: _updates(N_TRAIN // BATCH),
            ),
            Mistake(
                "that is one update per example (batch size 1); here each update uses a "
                f"batch of {BATCH}",
                lambda: N_TRAIN * EPOCHS,
            ),
            Mistake(
                "that is one update per epoch, full-batch training; mini-batches make "
                "several updates per epoch",
                lambda: EPOCHS,
            ),
        ),
    ),
)
