"""The training explorer: mini-batch SGD on a 2-D dataset, played frame by frame, with
the decision boundary over the data and the loss and accuracy curves.
Taught in 09_training_a_classifier.ipynb."""

import collections
import math
import numbers

import ipywidgets as widgets
import matplotlib as mpl
import numpy as np

from ..classifier import Trainer, accuracy, decision_grid, grid_limits
from ..datasets import DATASETS, make_dataset, train_validation_split
from ..network import MLP
from ..plots import COLORS, given, styled
from ..plots_training import CLASS_COLORS, CLASS_MARKERS, probability_image
from .axes import finite
from .base import ELEMENTWISE, Explorer
from .controls import control_grid
from .marks import TEXT_SIZE, KeyLabel
from .readout import Row, Section

EPOCHS_PER_FRAME = 2  # each tick of the Play trains this many epochs ...
MAX_UPDATES_PER_FRAME = 40  # ... or this many updates when that is fewer (small batches)
MAX_FRAMES = 250  # the Play stops here
RESOLUTION = 60  # grid points per side for the decision boundary
EPOCH_LIMITS = (20, 50, 100, 200, 500)  # the curves' x axis grows through these
LOSS_LIMITS = (1e-3, 10.0)
LR_RANGE = (-3.0, 1.5)  # log10 of the learning rate on its slider
MAX_CLASSES = 3  # the most classes a dataset of the dropdown has (spirals)
RUNS = 8  # training runs kept, the most recent settings'

_runs = collections.OrderedDict()  # settings -> _Run, least recent first


class _Run:
    """One dataset split and a Trainer on it, for one set of settings."""

    def __init__(self, settings):
        dataset, hidden, activation, log10_lr, batch_size, seed = settings
        X, y = make_dataset(dataset, seed=seed)
        self.split = train_validation_split(X, y, seed=seed)
        self.limits = grid_limits(X)
        self.classes = int(y.max()) + 1
        model = MLP([2, hidden, self.classes], activation, loss="cross_entropy", seed=seed)
        X_train, y_train, X_val, y_val = self.split
        self.trainer = Trainer(
            model, X_train, y_train, 10.0**log10_lr, batch_size, seed, X_val, y_val
        )


def _settings(state):
    keys = ("dataset", "hidden", "activation", "log10_lr", "batch_size", "seed")
    return tuple(state[k] for k in keys)


def updates_per_frame(n_train, batch_size):
    """The updates one frame makes: EPOCHS_PER_FRAME epochs of ceil(n / batch_size)
    updates, at most MAX_UPDATES_PER_FRAME (a frame's budget)."""
    return min(EPOCHS_PER_FRAME * math.ceil(n_train / batch_size), MAX_UPDATES_PER_FRAME)


def run_at(state):
    """The training run for the settings in state, trained for state["frame"] frames
    (updates_per_frame updates each), or up to where it diverged.  A kept run that is not
    past that point is trained on; otherwise a new one starts from scratch, so the result
    depends on state alone.  -> _Run."""
    key = _settings(state)
    run = _runs.pop(key, None)
    if run is None:
        run = _Run(key)
    steps = state["frame"] * updates_per_frame(len(run.split[1]), state["batch_size"])
    if run.trainer.steps > steps:
        run = _Run(key)
    run.trainer.run(steps - run.trainer.steps)
    _runs[key] = run
    if len(_runs) > RUNS:
        _runs.popitem(last=False)
    return run


class TrainingExplorer(Explorer):
    """Train an MLP classifier on a 2-D dataset with mini-batch SGD, frame by frame: the
    decision boundary over the data, the loss and the accuracies after each epoch.
    Built by training_explorer()."""

    name = "training_explorer"
    summary = "dataset, hidden units, activation, lr, batch size; play, step, reset"

    def __init__(self, dataset="moons", hidden=8, activation="tanh", lr=0.1, batch_size=32, seed=0):
        super().__init__(figsize=(9.0, 3.3))
        if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
            raise ValueError(f"seed must be a whole number >= 0, got {seed!r}")
        self.seed, self.diverged = int(seed), False
        data = self._dropdown("dataset", tuple(DATASETS), dataset, "dataset")
        units = self._int_slider("hidden", hidden, 1, 32, "hidden units")
        act = self._dropdown("activation", ELEMENTWISE, activation, "activation")
        rate = self._slider("log10_lr", _log10_lr(lr), *LR_RANGE, 0.1, "log10 lr", ".1f")
        batch = self._int_slider("batch_size", batch_size, 1, 256, "batch size")
        self.play = widgets.Play(
            value=0, min=0, max=MAX_FRAMES, step=1, interval=100, show_repeat=False
        )
        self.play.description = "play"
        self.play.observe(self._changed, names="value")
        self.step_button = widgets.Button(description="step", tooltip="train one frame")
        self.reset_button = widgets.Button(description="reset", tooltip="back to epoch 0")
        self.step_button.on_click(lambda _: self.step())
        self.reset_button.on_click(lambda _: self.reset())
        self._build_axes()
        buttons = widgets.HBox([self.play, self.step_button, self.reset_button])
        self._assemble(control_grid([data, act, buttons], [units, rate, batch]))

    def _build_axes(self):
        with styled(), mpl.rc_context({"axes.titley": 1.0}):
            self.figure.subplots_adjust(left=0.05, right=0.985, bottom=0.16, top=0.88, wspace=0.4)
            ax, lx, cx = self.figure.subplots(1, 3, gridspec_kw={"width_ratios": (1.1, 1, 1)})
        self.ax_data, self.ax_loss, self.ax_acc = ax, lx, cx
        with styled():
            self.boundary = ax.imshow(
                np.ones((2, 2, 3), np.uint8),
                origin="lower",
                extent=(0, 1, 0, 1),
            )
            ax.set_aspect("auto")
            ax.grid(False)
            self.points = [self._class_line(ax, k, True) for k in range(MAX_CLASSES)]
            self.held = [self._class_line(ax, k, False) for k in range(MAX_CLASSES)]
            ax.set_xlabel("x1")
            (self.loss_line,) = lx.semilogy([0], [1], color=COLORS["curve"], label="training loss")
            lx.set_ylim(*LOSS_LIMITS)
            lx.set_ylabel("loss C (log scale)")
            self._retitle(lx, "loss after each epoch")
            (self.train_line,) = cx.plot([0], [0], color=COLORS["curve"], label="training")
            (self.val_line,) = cx.plot(
                [0], [0], color=COLORS["derivative"], ls="--", label="validation"
            )
            cx.set_ylim(0.0, 1.05)
            self._retitle(cx, "accuracy")
            cx.legend(loc="lower right", fontsize=TEXT_SIZE)
            for axis in (lx, cx):
                axis.set_xlim(0, EPOCH_LIMITS[0])
                axis.set_xlabel("epoch")
            self.setup_label = KeyLabel(lx, COLORS["point"], TEXT_SIZE)
        self._animate(self.boundary, *self.points, *self.held)
        self._animate(self.loss_line, self.train_line, self.val_line, self.setup_label.text)

    @staticmethod
    def _class_line(ax, k, filled):
        """Class k's points: filled markers for training examples, open for validation."""
        color = CLASS_COLORS[k]
        (line,) = ax.plot(
            [],
            [],
            ls="none",
            marker=CLASS_MARKERS[k],
            ms=4.5 if filled else 5,
            mfc=color if filled else "white",
            mec="white" if filled else color,
            mew=0.8,
        )
        return line

    def state(self):
        """The controls' values, the Play's frame and the seed."""
        return {**super().state(), "frame": self.play.value, "seed": self.seed}

    def _changed(self, change):
        """A setting changed: start the run again from frame 0 (one redraw); the Play's
        frame changed: show that frame."""
        if change["owner"] is not self.play and self.play.value != 0:
            with self.hold():
                self.play.value = 0
            return
        super()._changed(change)

    def _refresh(self, state):
        super()._refresh(state)
        if self.diverged:
            self.play.playing = False

    def step(self):
        """Train one frame more (the Step button), unless the run has diverged."""
        if not self.diverged and self.play.value < self.play.max:
            self.play.value += 1

    frame = step

    def reset(self):
        """Pause and go back to epoch 0 (the Reset button)."""
        self.play.playing = False
        self.play.value = 0

    @classmethod
    def compute(cls, state):
        """The frame's numbers: the run trained for state["frame"] frames at state's
        settings, its history, and its class probabilities on the grid.  -> dict."""
        run = run_at(state)
        trainer, history = run.trainer, run.trainer.history
        X_train, y_train, X_val, y_val = run.split
        grid = decision_grid(trainer.model, X_train, RESOLUTION, run.limits)
        return {
            "state": state,
            "epochs": trainer.epochs,
            "steps": trainer.steps,
            "per_epoch": math.ceil(len(y_train) / min(state["batch_size"], len(y_train))),
            "diverged": trainer.diverged,
            "history": history,
            "train_accuracy": accuracy(trainer.model, X_train, y_train),
            "val_accuracy": accuracy(trainer.model, X_val, y_val),
            "image": (255 * probability_image(grid.probs) + 0.5).astype(np.uint8),
            "limits": run.limits,
            "split": run.split,
        }

    def draw(self, numbers):
        self.diverged = numbers["diverged"]
        (x_lo, x_hi), (y_lo, y_hi) = numbers["limits"]
        self.boundary.set_data(numbers["image"])
        self.boundary.set_extent((x_lo, x_hi, y_lo, y_hi))
        self.ax_data.set_xlim(x_lo, x_hi)
        self.ax_data.set_ylim(y_lo, y_hi)
        X_train, y_train, X_val, y_val = numbers["split"]
        for k in range(MAX_CLASSES):
            self.points[k].set_data(*X_train[y_train == k].T)
            self.held[k].set_data(*X_val[y_val == k].T)
        history = numbers["history"]
        epochs = np.arange(len(history.epoch_losses))
        loss = finite(history.epoch_losses, LOSS_LIMITS[1]).clip(*LOSS_LIMITS)
        self.loss_line.set_data(epochs, loss)
        self.train_line.set_data(epochs, history.train_accuracy)
        self.val_line.set_data(epochs, finite(history.val_accuracy))
        right = next((e for e in EPOCH_LIMITS if e >= epochs[-1]), EPOCH_LIMITS[-1])
        for axis in (self.ax_loss, self.ax_acc):
            if axis.get_xlim() != (0.0, right):
                axis.set_xlim(0, right)
        self._retitle(self.ax_data, _title(numbers))
        state = numbers["state"]
        words = f"lr {given(10.0 ** state['log10_lr'])}, batch {state['batch_size']}"
        self.setup_label.put(words, 0.95 - self.setup_label.extent(words)[0] / 2, 0.92)

    def lines(self, numbers):
        state, curve = numbers["state"], COLORS["curve"]
        history = numbers["history"]
        return [
            Section(
                "the run",
                (
                    Row("epoch", numbers["epochs"], "passes through the training set"),
                    Row("updates", numbers["steps"], "mini-batches so far"),
                    Row("updates per epoch", numbers["per_epoch"], "ceil(n / batch size)"),
                    Row("lr", 10.0 ** state["log10_lr"], "10^(log10 lr)"),
                    Row("diverged", "yes" if numbers["diverged"] else "no"),
                ),
            ),
            Section(
                "how well it fits",
                (
                    Row("training loss", history.epoch_losses[-1], "after the last epoch", curve),
                    Row("training accuracy", numbers["train_accuracy"], "", curve),
                    Row(
                        "validation accuracy",
                        numbers["val_accuracy"],
                        "on held-out points",
                        COLORS["derivative"],
                        key=True,
                    ),
                ),
            ),
        ]


def _title(numbers):
    """The boundary panel's title: it changes only when the run diverges."""
    if numbers["diverged"]:
        return "diverged: lr too large, training stopped"
    return "decision boundary (open: validation)"


def _log10_lr(lr):
    """log10 of the starting learning rate, or an error naming lr and its range."""
    if isinstance(lr, bool) or not isinstance(lr, numbers.Real) or not math.isfinite(lr):
        raise TypeError(
            f"lr must be a number between 0.001 and {10 ** LR_RANGE[1]:.3g}, got {lr!r}"
        )
    lo, hi = 10.0 ** LR_RANGE[0], 10.0 ** LR_RANGE[1]
    if not lo <= lr <= hi:
        raise ValueError(f"lr must be between {lo:g} and {hi:.3g}, got {lr!r}")
    return round(math.log10(lr), 1)


def training_explorer(dataset="moons", hidden=8, activation="tanh", lr=0.1, batch_size=32, seed=0):
    """Train a classifier on a 2-D dataset with mini-batch SGD and watch it learn: the
    Play trains EPOCHS_PER_FRAME epochs per frame (Step: one frame, Reset: back to epoch
    0); any setting changed starts the run again.  Shows the decision boundary over the
    data, the loss and the accuracies after each epoch.
    Taught in 09_training_a_classifier.ipynb."""
    return TrainingExplorer(dataset, hidden, activation, lr, batch_size, seed)
