"""Learner mistakes with numerical gradients and gradient descent, made safe: an
interrupted or failing finite difference leaves nothing perturbed, f without a return
statement is named, an eps too small for the precision is refused or warned about,
sgd_step updates any parameter shape in place, and a long training run shows progress
and stops cleanly on an interrupt."""

import importlib
import subprocess
import sys
import textwrap
import warnings

import numpy as np
import pytest

from nnlib import MLP, SeedNetwork, gradient_check, numerical_gradient, sgd_step, train
from nnlib.train import History

train_module = importlib.import_module("nnlib.train")  # nnlib.train is also the function

# -- a finite difference that is interrupted or fails leaves x as it was ----------------


def _fails_on_call(n, error):
    """f(x) = sum(x^2), raising error on its n-th call (1-based)."""
    calls = []

    def f(x):
        calls.append(1)
        if len(calls) == n:
            raise error
        return float((x**2).sum())

    return f


@pytest.mark.parametrize("method", ["central", "forward"])
@pytest.mark.parametrize("error", [KeyboardInterrupt, ZeroDivisionError("in f")])
@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_numerical_gradient_restores_x_when_f_raises(method, error, n):
    x = np.array([[0.1, -0.7], [1.3, 2.9]])
    before = x.copy()
    with pytest.raises(type(error) if isinstance(error, Exception) else error):
        numerical_gradient(_fails_on_call(n, error), x, 1e-3, method)
    np.testing.assert_array_equal(x, before)


class _InterruptedCheck(MLP):
    """An MLP whose forward pass raises KeyboardInterrupt on its n-th loss-only call, as a
    learner's Ctrl-C would in the middle of a gradient check."""

    def loss_and_gradients(self, X, Y, gradients=True):
        if not gradients:
            self.forward_calls += 1
            if self.forward_calls == self.stop_at:
                raise self.error
        return super().loss_and_gradients(X, Y, gradients)


@pytest.mark.parametrize("error", [KeyboardInterrupt, FloatingPointError("overflow")])
@pytest.mark.parametrize("stop_at", [1, 2, 9, 14])
def test_gradient_check_restores_params_when_interrupted_or_failing(error, stop_at):
    model = _InterruptedCheck([2, 3, 1], "sigmoid", "mse", seed=0)
    model.forward_calls, model.stop_at, model.error = 0, stop_at, error
    before = [p.copy() for p in model.params]
    with pytest.raises(type(error) if isinstance(error, Exception) else error):
        gradient_check(model, np.ones((2, 2)), np.zeros(2))
    assert model.forward_calls == stop_at
    for p, q in zip(model.params, before):
        np.testing.assert_array_equal(p, q)


# -- f must return a number --------------------------------------------------------------


def test_f_without_return_is_named():
    def loss_of_w(w):
        loss = float((w**2).sum())  # noqa: F841  (the learner forgot `return loss`)

    with pytest.raises(
        TypeError, match=r"^f returned None, but it must return a number .*return statement"
    ):
        numerical_gradient(loss_of_w, np.ones(2))


@pytest.mark.parametrize(
    "value, described",
    [
        ("0.5", r"'0\.5' \(str\)"),
        (np.zeros(3), r"an array of shape \(3,\) and dtype float64; reduce it to one number"),
        ([1.0, 2.0], r"a list of length 2; reduce it to one number"),
        (True, r"True \(bool\)"),
        (1 + 2j, r"\(1\+2j\) \(complex\)"),
        ({"loss": 1.0}, r"\{'loss': 1\.0\} \(dict\)"),
    ],
)
def test_f_returning_no_single_number_is_refused(value, described):
    with pytest.raises(TypeError, match=r"^f must return a single number, got " + described):
        numerical_gradient(lambda w: value, np.ones(2))


def test_f_returning_a_one_element_array_still_counts_as_a_number():
    grad = numerical_gradient(lambda w: np.array([[(w**2).sum()]]), np.array([3.0]))
    np.testing.assert_allclose(grad, [6.0], rtol=1e-8)


# -- eps too small for the precision ----------------------------------------------------


@pytest.mark.parametrize("eps", [1e-20, 1e-300])
def test_an_eps_that_vanishes_in_float64_is_refused(eps):
    x = np.array([1.0, 2.0])
    with pytest.raises(
        ValueError,
        match=rf"^eps={eps:g} is too small for x in float64: x\[0\] = 1 does not change when "
        r"eps is added \(float64 resolves relative steps of about 2\.2e-16, "
        r"np\.finfo\(float64\)\.eps\), so its finite difference would be exactly 0; "
        r"eps around 6e-06 would work",
    ):
        numerical_gradient(lambda w: float((w**2).sum()), x, eps)
    np.testing.assert_array_equal(x, [1.0, 2.0])


def test_the_first_entry_where_eps_vanishes_is_named():
    # eps = 1e-17 still moves 0.01 but not 1000.0.
    with pytest.raises(ValueError, match=r"x\[1, 0\] = 1000 does not change"):
        numerical_gradient(lambda w: 0.0, np.array([[0.01, 0.02], [1000.0, 0.0]]), 1e-17)


def test_an_eps_that_vanishes_for_zeros_is_warned_about_not_silent():
    # 0 + 1e-300 is representable, but f's rounding swallows a change of 1e-300 whole.
    with pytest.warns(UserWarning, match=r"pure rounding, even exactly 0") as caught:
        grad = numerical_gradient(lambda w: float((w**2).sum()) + 1.0, np.zeros(2), 1e-300)
    np.testing.assert_array_equal(grad, [0.0, 0.0])
    assert caught[0].filename == __file__  # the learner's call is named, not nnlib's


def test_float16_gradient_check_is_refused_with_the_parameter_named():
    model = MLP([3, 4, 2], "tanh", "cross_entropy", seed=0, dtype=np.float16)
    X = np.random.default_rng(1).standard_normal((5, 3))
    with pytest.raises(
        ValueError, match=r"^eps=1e-06 is too small for W1 in float16: W1\[0, 0\] = .* 1e-01"
    ):
        gradient_check(model, X, np.array([0, 1, 1, 0, 1]))


def test_float32_gradient_check_warns_once_and_names_a_step_that_works():
    model = MLP([3, 4, 2], "tanh", "cross_entropy", seed=0, dtype=np.float32)
    X = np.random.default_rng(1).standard_normal((5, 3))
    y = np.array([0, 1, 1, 0, 1])
    with pytest.warns(UserWarning) as caught:
        report = gradient_check(model, X, y)
    assert len(caught) == 1 and caught[0].filename == __file__
    message = str(caught[0].message)
    assert message.startswith("eps=1e-06 is small for ")
    assert "in float32: float32 resolves relative steps of about 1.2e-07" in message
    assert "np.finfo(float32).eps" in message and "or float64 values" in message
    assert report.max_rel_error > 1e-2  # what the warning is about
    suggested = float(message.split("eps around ")[1].split()[0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert gradient_check(model, X, y, eps=suggested).passed(1e-3)


def test_float32_numerical_gradient_warns_with_the_share_of_rounding():
    with pytest.warns(UserWarning, match=r"by about 12% of its size; eps around 5e-03"):
        numerical_gradient(lambda w: float((w**2).sum()), np.ones(2, np.float32))


def test_float64_with_the_default_eps_is_quiet():
    model = MLP([2, 3, 1], seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        numerical_gradient(lambda w: float((w**3).sum()), np.linspace(-3, 3, 7))
        numerical_gradient(lambda w: float(w.sum()), np.ones(2), 1e-8, method="forward")
        assert gradient_check(model, np.ones((2, 2)), np.zeros(2)).passed()


def test_check_eps_false_shows_round_off_on_purpose():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        grad = numerical_gradient(lambda w: float(w.sum()), np.ones(2), 1e-20, check_eps=False)
    np.testing.assert_array_equal(grad, [0.0, 0.0])


# -- sgd_step updates any parameter shape in place ---------------------------------------


@pytest.mark.parametrize("shape", [(), (3,), (2, 3), (2, 1, 2)])
def test_sgd_step_on_one_array_updates_it_in_place(shape):
    w = np.arange(np.prod(shape), dtype=float).reshape(shape)
    g = np.ones(shape)
    expected = w - 0.5 * g
    assert sgd_step(w, g, 0.5) is w
    np.testing.assert_array_equal(w, expected)


def test_sgd_step_on_a_list_of_1d_and_0d_arrays():
    b, c = np.array([1.0, 2.0]), np.array(3.0)
    sgd_step([b, c], [np.array([1.0, -1.0]), np.array(2.0)], 0.25)
    np.testing.assert_array_equal(b, [0.75, 2.25])
    assert c == 2.5


@pytest.mark.parametrize(
    "param, error, pattern",
    [
        ([1.0, 2.0], TypeError, r"^params\[1\] must be a numpy array.*got a list of length 2"),
        (0.5, TypeError, r"^params\[1\] must be a numpy array.*got 0\.5 \(float\)"),
        (np.float64(0.5), TypeError, r"^params\[1\] must be a numpy array.*\(float64\)"),
        (np.array([1, 2]), TypeError, r"^params\[1\] must be a float array.*dtype int64"),
        (np.broadcast_to(1.0, (2,)), ValueError, r"^params\[1\] is read-only"),
    ],
)
def test_sgd_step_refuses_what_it_cannot_update_in_place(param, error, pattern):
    W = np.ones((2, 2))
    with pytest.raises(error, match=pattern):
        sgd_step([W, param], [np.ones((2, 2)), np.ones(np.shape(param))], 0.1)
    np.testing.assert_array_equal(W, np.ones((2, 2)))  # nothing was updated


def test_sgd_step_on_one_array_wants_one_gradient():
    with pytest.raises(
        ValueError,
        match=r"^grads has shape \(1, 2\) but params has shape \(2,\); params is one array",
    ):
        sgd_step(np.ones(2), [np.ones(2)], 0.1)


class _Flaky(np.ndarray):
    """An array whose first write in full (p[...] = v) raises KeyboardInterrupt before
    writing: an interrupt landing between two parameters of one update."""

    def __setitem__(self, key, value):
        if key is Ellipsis and not getattr(self, "interrupted", False):
            self.interrupted = True
            raise KeyboardInterrupt
        super().__setitem__(key, value)


def test_an_interrupted_sgd_step_is_finished_not_half_applied():
    W, b = np.ones((2, 2)), np.ones(2).view(_Flaky)
    with pytest.raises(KeyboardInterrupt):
        sgd_step([W, b], [np.ones((2, 2)), np.ones(2)], 0.5)
    np.testing.assert_array_equal(W, np.full((2, 2), 0.5))
    np.testing.assert_array_equal(np.asarray(b), [0.5, 0.5])


# -- training: interrupts and progress ---------------------------------------------------


class _StopsAt:
    """A SeedNetwork whose objective raises KeyboardInterrupt on its k-th evaluation
    (1-based), as a learner's Ctrl-C during step k would: k - 1 updates are complete."""

    def __init__(self, k):
        self.net, self.k, self.calls = SeedNetwork(), k, 0

    @property
    def params(self):
        return self.net.params

    def objective(self, x, y):
        inner = self.net.objective(x, y)

        def objective():
            self.calls += 1
            if self.calls == self.k:
                raise KeyboardInterrupt
            return inner()

        return objective


def _reference(updates, lr=0.1):
    """The SeedNetwork and its losses after `updates` sgd_steps at (1, 1) -> 0."""
    net, losses = SeedNetwork(), []
    for _ in range(updates):
        loss, grads = net.loss_and_gradients((1.0, 1.0), 0.0)
        losses.append(loss)
        sgd_step(net.params, grads, lr)
    return net, losses


@pytest.mark.parametrize("k", [1, 2, 7, 30])
def test_an_interrupted_run_keeps_the_last_completed_step(k, capsys):
    model = _StopsAt(k)
    history = train(model, (1.0, 1.0), 0.0, lr=0.1, steps=50, record_params=True)
    net, losses = _reference(k - 1)
    for p, q in zip(model.params, net.params):
        np.testing.assert_array_equal(p, q)
    assert history.interrupted and not history.diverged
    np.testing.assert_array_equal(history.losses, losses)
    assert len(history.params) == len(history.losses)
    err = capsys.readouterr().err
    assert err == (
        f"training interrupted after {k - 1} of 50 steps; the model keeps the parameters "
        "of the last completed step (History.interrupted is True)\n"
    )


class _Quadratic:
    """C = (|W|^2 + |b|^2) / 2 with gradients (W, b): each step scales both by 1 - lr."""

    def __init__(self, b):
        self.params = [np.ones((2, 2)), b]

    def loss_and_gradients(self, X, Y):
        return 0.5 * sum(float((p**2).sum()) for p in self.params), [p.copy() for p in self.params]


def test_an_interrupt_between_the_arrays_of_an_update_finishes_it(capsys):
    model = _Quadratic(np.ones(2).view(_Flaky))  # interrupted while writing update 1
    history = train(model, None, None, lr=0.5, steps=10)
    np.testing.assert_array_equal(model.params[0], np.full((2, 2), 0.5))
    np.testing.assert_array_equal(np.asarray(model.params[1]), [0.5, 0.5])
    assert history.interrupted and history.losses.tolist() == [3.0]
    assert "interrupted after 1 of 10 steps" in capsys.readouterr().err


def test_a_complete_run_is_not_interrupted_and_history_keeps_three_positional_fields():
    history = train(SeedNetwork(), (1.0, 1.0), 0.0, steps=3)
    assert history.interrupted is False
    assert History(np.array([1.0]), [], False).interrupted is False


class _FakeClock:
    """time that advances by `tick` seconds at every reading."""

    def __init__(self, tick):
        self.now, self.tick = 0.0, tick

    def __call__(self):
        self.now += self.tick
        return self.now


def test_a_short_run_shows_nothing_by_default(capsys, monkeypatch):
    shown = []
    monkeypatch.setattr(train_module, "_in_notebook", lambda: True)
    monkeypatch.setattr("IPython.display.display", shown.append)
    train(SeedNetwork(), (1.0, 1.0), 0.0, steps=200)
    assert capsys.readouterr() == ("", "") and shown == []


def test_progress_true_writes_a_line_on_stderr_at_most_ten_times_a_second(capsys, monkeypatch):
    monkeypatch.setattr(train_module, "_clock", _FakeClock(0.01))  # 100 steps a second
    train(SeedNetwork(), (1.0, 1.0), 0.0, steps=1000, progress=True)
    err = capsys.readouterr().err
    updates = err.split("\r")[1:]
    assert updates[0].startswith("training: step 0 of 1000 (0%), loss ")
    assert updates[-1].startswith("training: step 1000 of 1000 (100%), loss ")
    assert updates[-1].endswith(" - done\n")
    assert 50 <= len(updates) <= 10 * 10 + 2  # about 10 s of training


def test_progress_by_default_starts_once_a_run_has_lasted_two_seconds(capsys, monkeypatch):
    monkeypatch.setattr(train_module, "_clock", _FakeClock(0.01))
    train(SeedNetwork(), (1.0, 1.0), 0.0, steps=1000)
    updates = capsys.readouterr().err.split("\r")[1:]
    first = int(updates[0].split()[2])
    assert 150 <= first <= 210  # not before 2 s of fake time
    assert updates[-1].endswith(" - done\n")


@pytest.mark.parametrize("progress", [False, np.False_])
def test_progress_false_stays_quiet_in_a_long_run(progress, capsys, monkeypatch):
    monkeypatch.setattr(train_module, "_clock", _FakeClock(1.0))
    train(SeedNetwork(), (1.0, 1.0), 0.0, steps=300, progress=progress)
    assert capsys.readouterr() == ("", "")


def _displayed_bar(monkeypatch, model, **kwargs):
    shown = []
    monkeypatch.setattr(train_module, "_in_notebook", lambda: True)
    monkeypatch.setattr("IPython.display.display", shown.append)
    history = train(model, (1.0, 1.0), 0.0, progress=True, **kwargs)
    assert len(shown) == 1
    bar, label = shown[0].children
    return history, bar, label


def test_progress_in_a_notebook_is_a_bar_with_a_label(monkeypatch, capsys):
    history, bar, label = _displayed_bar(monkeypatch, SeedNetwork(), steps=40)
    assert type(bar).__name__ == "IntProgress" and (bar.value, bar.max) == (40, 40)
    assert bar.bar_style == "success"
    assert label.value.startswith("step 40 of 40 (100%), loss ")
    assert label.value.endswith(" - done")
    assert float(label.value.split("loss ")[1].split()[0]) == pytest.approx(
        history.losses[-1], rel=1e-3
    )
    assert capsys.readouterr() == ("", "")


def test_an_interrupted_notebook_run_marks_its_bar(monkeypatch, capsys):
    history, bar, label = _displayed_bar(monkeypatch, _StopsAt(5), steps=40)
    assert history.interrupted and bar.value == 4 and bar.bar_style == "warning"
    assert label.value.endswith(" - interrupted")
    assert "interrupted after 4 of 40 steps" in capsys.readouterr().err


@pytest.mark.parametrize("progress", ["yes", 1, 0.5])
def test_progress_must_be_none_true_or_false(progress):
    with pytest.raises(TypeError, match=r"^progress must be None, True or False, got"):
        train(SeedNetwork(), (1.0, 1.0), 0.0, steps=1, progress=progress)


def test_training_imports_no_widget_library():
    code = textwrap.dedent("""
        import sys
        import nnlib
        nnlib.train(nnlib.SeedNetwork(), (1.0, 1.0), 0.0, steps=20)
        nnlib.train(nnlib.SeedNetwork(), (1.0, 1.0), 0.0, steps=20, progress=True)
        print(sorted(m for m in sys.modules if m.split(".")[0] in ("ipywidgets", "IPython")))
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
    assert "training: step 0 of 20 (0%)" in result.stderr  # the second run only
