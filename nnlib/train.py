"""Gradient descent: one update w <- w - lr * dC/dw, a training loop with its loss
history, the gradient's length and the learning rate that a linearisation predicts is
best.  Works for MLP and SeedNetwork alike.  Taught in 08_gradient_descent.ipynb."""

import sys
import time
from typing import NamedTuple

import numpy as np

from ._check import as_float, as_float_array, describe, positive

AUTO_PROGRESS_SECONDS = 2.0  # progress=None shows progress once a run has lasted this long
PROGRESS_INTERVAL = 0.1  # seconds between two progress updates: at most 10 a second
_clock = time.perf_counter


def sgd_step(params, grads, lr):
    """w <- w - lr * dC/dw for each parameter array, in place.  params: a list of float
    arrays (or one array), grads: arrays of the same shapes (or one).  Returns params.
    "Stochastic" gradient descent computes grads on a randomly drawn example or
    mini-batch, so each step follows a noisy estimate of the full gradient; the update
    itself is this one.  Given the gradient of the whole loss (as train does), it is plain
    gradient descent: nothing here is random."""
    lr = positive(lr, "lr")
    single = isinstance(params, np.ndarray)  # one array: not a list of its rows
    arrays, grad_list = ([params], [grads]) if single else (params, grads)
    _check_grads(arrays, grad_list, single)
    _update(arrays, grad_list, lr)  # only after every shape is checked: no partial update
    return params


def gradient_norm(grads):
    """||grad C|| = sqrt(sum of (dC/dw)^2 over every weight).  grads: a list of arrays,
    one array, or a dict name -> dC/dw (SeedNetwork.gradients) -> float >= 0.
    Taught in 08_gradient_descent.ipynb."""
    if isinstance(grads, dict):
        grads = list(grads.values())
    arrays = [grads] if isinstance(grads, np.ndarray) else list(grads)
    if not arrays:
        raise ValueError("grads must hold at least one gradient, got none")
    total = sum(float(np.sum(as_float_array(g, f"grads[{i}]") ** 2)) for i, g in enumerate(arrays))
    return float(np.sqrt(total))


def linearised_lr(y_hat, y, grads):
    """lr* = 2 (y_hat - y)^2 / ||grad C||^2, for one example and C = (y_hat - y)^2: the
    rate at which one step takes the linearised prediction y_hat - lr grad(y_hat) . grad C
    exactly to y, the minimum of C along that line (grad C = 2 (y_hat - y) grad(y_hat)).
    y_hat, y: numbers; grads: dC/dw as for gradient_norm -> float >= 0.
    Taught in 08_gradient_descent.ipynb."""
    residual = as_float(y_hat, "y_hat") - as_float(y, "y")
    norm = gradient_norm(grads)
    if norm == 0.0:
        raise ValueError(
            "grads are all zero, so a step does not move y_hat and no learning rate "
            "reaches y; lr* needs a gradient with at least one nonzero entry"
        )
    return 2.0 * residual**2 / norm**2


def _stepped(params, grads, lr):
    """[p - lr * g, ...]: the updated values, params unchanged."""
    return [p - lr * np.asarray(g) for p, g in zip(params, grads)]


def _write(params, values):
    for p, v in zip(params, values):
        p[...] = v


def _update(params, grads, lr):
    """p <- p - lr * g for every pair, all or none: the new values are computed first,
    and an interrupt while they are written finishes writing them before it goes on."""
    values = _stepped(params, grads, lr)
    try:
        _write(params, values)
    except KeyboardInterrupt:
        _write(params, values)
        raise


def _check_grads(params, grads, single=False):
    if len(params) != len(grads):
        raise ValueError(
            f"grads must have one array per parameter ({len(params)}), got {len(grads)}"
        )
    for i, (p, g) in enumerate(zip(params, grads)):
        p_name, g_name = ("params", "grads") if single else (f"params[{i}]", f"grads[{i}]")
        _check_updatable(p, p_name)
        if np.shape(g) != p.shape:
            hint = "; params is one array, so grads must be one array of its shape"
            raise ValueError(
                f"{g_name} has shape {np.shape(g)} but {p_name} has shape {p.shape}"
                + (hint if single else "")
            )


def _check_updatable(p, name):
    """TypeError or ValueError unless p is an array that w - lr * dC/dw can be written into."""
    if not isinstance(p, np.ndarray):
        raise TypeError(
            f"{name} must be a numpy array, which sgd_step can change in place, got "
            f"{describe(p)}: a Python number or list cannot be updated in place; "
            "make it an array first, e.g. np.array(w, dtype=float)"
        )
    if p.dtype.kind != "f":
        raise TypeError(
            f"{name} must be a float array to hold w - lr * dC/dw, got {describe(p)}; "
            f"convert it once, e.g. {name} = {name}.astype(float)"
        )
    if not p.flags.writeable:
        raise ValueError(
            f"{name} is read-only ({describe(p)} with flags.writeable False), so it cannot "
            "be updated in place; train a writable copy, e.g. np.array(w)"
        )


class History(NamedTuple):
    """losses[k] is the loss after k updates (losses[0] before any); params[k] the
    parameters then (when recorded); diverged is True when the loss stopped being finite,
    where training stopped.  interrupted is True when a KeyboardInterrupt stopped it: the
    model keeps the parameters of its last completed update, whose loss may not have been
    computed yet (then the model has had len(losses) updates, not len(losses) - 1)."""

    losses: np.ndarray
    params: list
    diverged: bool
    interrupted: bool = False


def train(model, X, Y, lr=0.1, steps=100, record_params=False, progress=None):
    """Run `steps` updates of full-batch gradient descent on model (changed in place).
    -> History.  Stops early, with diverged=True, if the loss overflows; stops cleanly on
    a KeyboardInterrupt (interrupted=True), never between the arrays of one update.
    progress: None shows progress only once a run has lasted AUTO_PROGRESS_SECONDS (a bar
    in a notebook, a line on stderr elsewhere), True from the start, False never."""
    lr = positive(lr, "lr")
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 0:
        raise ValueError(f"steps must be a whole number >= 0, got {describe(steps)}")
    if not (progress is None or isinstance(progress, (bool, np.bool_))):
        raise TypeError(f"progress must be None, True or False, got {describe(progress)}")
    progress = None if progress is None else bool(progress)
    objective = _objective(model, X, Y)
    run, meter = _Run(model.params, record_params), _Progress(steps, progress)
    try:
        diverged = _descend(run, objective, lr, steps, meter)
    except KeyboardInterrupt:
        run.settle()
        meter.close(run, "interrupted")
        print(
            f"training interrupted after {run.updates} of {steps} steps; the model keeps "
            "the parameters of the last completed step (History.interrupted is True)",
            file=sys.stderr,
        )
        return History(np.array(run.losses), run.snapshots, False, True)
    meter.close(run, "diverged" if diverged else "done")
    return History(np.array(run.losses), run.snapshots, diverged)


def _descend(run, objective, lr, steps, meter):
    """The training loop: True when it stopped because the loss diverged."""
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(steps + 1):
            loss, grads = objective()
            run.record(loss)
            meter.update(k, loss)
            if not np.isfinite(loss) or not all(np.isfinite(g).all() for g in grads):
                return True
            if k < steps:
                if k == 0:  # sgd_step, its checks made once
                    _check_grads(run.params, grads)
                run.step(grads, lr)
    return False


class _Run:
    """The losses, snapshots and completed updates of one run, consistent wherever an
    interrupt lands: an update is either not begun or, by settle(), finished."""

    def __init__(self, params, record_params):
        self.params, self.record_params = params, record_params
        self.losses, self.snapshots = [], []
        self.updates, self.pending = 0, None

    def record(self, loss):
        if self.record_params:
            self.snapshots.append([p.copy() for p in self.params])
        self.losses.append(loss)

    def step(self, grads, lr):
        values = _stepped(self.params, grads, lr)  # interrupted here: nothing changed
        self.pending = values
        _write(self.params, values)
        self.updates = len(self.losses)
        self.pending = None

    def settle(self):
        """After an interrupt: finish writing an update that was begun, and drop a
        snapshot whose loss was not recorded."""
        if self.pending is not None:
            _write(self.params, self.pending)
            self.updates = len(self.losses)
            self.pending = None
        del self.snapshots[len(self.losses) :]


class _Progress:
    """How far a run of `steps` updates has come, shown at most once per PROGRESS_INTERVAL
    seconds: progress None shows it once the run has lasted AUTO_PROGRESS_SECONDS, True
    from the start, False never."""

    def __init__(self, steps, progress):
        self.steps, self.progress = steps, progress
        self.start = self.last = _clock()
        self.view = None

    def update(self, k, loss):
        if self.progress is False:
            return
        now = _clock()
        if now - self.last < PROGRESS_INTERVAL and self.view is not None:
            return
        if self.view is None:
            if not self.progress and now - self.start < AUTO_PROGRESS_SECONDS:
                return
            self.view = _NotebookBar(self.steps) if _in_notebook() else _TextLine(self.steps)
        self.last = now
        self.view.show(k, loss)

    def close(self, run, outcome):
        """The run's final state, outcome "done", "diverged" or "interrupted", when
        progress was shown; the loss only when it was computed after the last update."""
        if self.view is not None:
            known = len(run.losses) > run.updates
            self.view.show(run.updates, run.losses[-1] if known else None)
            self.view.close(outcome)


def _in_notebook():
    """True inside a Jupyter kernel (IPython is then already imported)."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    return type(shell).__name__ == "ZMQInteractiveShell"


def _status(k, steps, loss):
    shown = "" if loss is None else f", loss {float(loss):.4g}"
    return f"step {k} of {steps} ({k / max(steps, 1):.0%}){shown}"


class _TextLine:
    """Progress as one line on stderr, rewritten in place."""

    def __init__(self, steps):
        self.steps = steps

    def show(self, k, loss):
        sys.stderr.write(f"\rtraining: {_status(k, self.steps, loss)}")
        sys.stderr.flush()

    def close(self, outcome):
        sys.stderr.write(f" - {outcome}\n")
        sys.stderr.flush()


class _NotebookBar:
    """Progress as an ipywidgets bar with a label, in the notebook's output."""

    def __init__(self, steps):
        import ipywidgets
        from IPython.display import display

        self.steps = steps
        self.bar = ipywidgets.IntProgress(value=0, min=0, max=max(steps, 1))
        self.bar.description = "training"
        self.label = ipywidgets.Label()
        display(ipywidgets.HBox([self.bar, self.label]))

    def show(self, k, loss):
        self.bar.value = k
        self.label.value = _status(k, self.steps, loss)

    def close(self, outcome):
        self.bar.bar_style = {"done": "success", "diverged": "danger"}.get(outcome, "warning")
        self.label.value += f" - {outcome}"


def _objective(model, X, Y):
    """model.objective(X, Y) (inputs checked once), or for a model without it a function
    calling model.loss_and_gradients(X, Y)."""
    if hasattr(model, "objective"):
        return model.objective(X, Y)
    return lambda: model.loss_and_gradients(X, Y)
