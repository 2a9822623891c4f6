"""Memory, time and the screen: a closed explorer lets go of its widgets and figure, running
a cell again closes the explorers its earlier run made, check() stops a learner's function
at its time limit and shortens what it prints, and a long training run shows its
progress."""

import ctypes
import gc
import importlib
import os
import re
import signal
import subprocess
import sys
import textwrap
import threading
import time
import warnings
import weakref

import ipywidgets
import numpy as np
import pytest
from misuse_helpers import EXPLORERS, StopsAt
from own_exercises import FORWARD_PASSES

import nnlib.widgets as w
from nnlib import SeedNetwork, train
from nnlib.exercises import EXERCISES, check, running
from nnlib.exercises.engine import check_answer
from nnlib.widgets import lifetime

# -- a closed explorer lets go of its memory -------------------------------------------------------


def open_widgets():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return len(ipywidgets.Widget._active_widgets)


def resident_mb():
    """This process's resident memory in MB, after a collection and, with glibc, after
    handing freed memory back to the system (so that the allocator's reserve is not
    counted as kept)."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


@pytest.mark.parametrize("make", EXPLORERS)
def test_a_closed_explorer_closes_every_widget_in_it_and_its_figure_is_collected(make):
    before = open_widgets()
    e = make()
    assert open_widgets() > before
    figure = weakref.ref(e.figure)
    e.close()
    assert open_widgets() == before
    del e
    gc.collect()
    assert figure() is None


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="reads /proc (Linux)")
def test_twenty_explorers_made_and_closed_keep_little_memory():
    """Each weight explorer holds about 9 MB while open; 20 made and closed may keep a few
    MB of caches, not 20 of them."""
    for _ in range(3):
        w.weight_explorer().close()
    start = resident_mb()
    for _ in range(20):
        e = w.weight_explorer()
        e.sliders["y"].value = 1.5  # some frames, a redrawn panel
        e.close()
    del e
    assert resident_mb() - start < 40.0


@pytest.mark.parametrize("make", EXPLORERS)
def test_a_closed_explorer_still_referenced_lets_its_figure_go(make):
    """The notebook's output history may keep the explorer object itself."""
    e = make()
    figure = weakref.ref(e.figure)
    e.close()
    gc.collect()
    assert figure() is None


def test_running_a_cell_again_closes_the_explorers_its_earlier_run_made(monkeypatch):
    runs = iter([("cell-a", 1), ("cell-a", 1), ("cell-b", 2), ("cell-a", 3)])
    monkeypatch.setattr(lifetime, "current_run", lambda: next(runs))
    monkeypatch.setattr(lifetime, "_MADE_BY_CELL", {})
    first, second = w.neuron_explorer(), w.neuron_explorer()  # one run, two explorers
    assert first.figure is not None and second.figure is not None
    other = w.loss_explorer()  # another cell
    again = w.neuron_explorer()  # cell a, run again
    assert first.figure is None and second.figure is None, "the earlier run's explorers"
    assert other.figure is not None and again.figure is not None
    again.close()
    other.close()


def test_outside_a_notebook_no_explorer_is_closed_for_another():
    assert lifetime.current_run() is None
    a, b = w.activation_explorer(), w.activation_explorer()
    assert a.figure is not None and b.figure is not None


# -- a learner's function under a time limit, its prints captured ----------------------------------


N_CASES = len(FORWARD_PASSES.inputs())


def check_passes(answer):
    """check() for FORWARD_PASSES."""
    return check_answer(FORWARD_PASSES, answer)


def correct_passes(n_weights):
    return 2 * n_weights


LIMIT = 0.5  # seconds: the time limit of a check in these tests


HAS_ALARM = hasattr(signal, "setitimer")


@pytest.fixture
def short_limit(monkeypatch):
    monkeypatch.setattr(running, "TIME_LIMIT", LIMIT)


def _loops_forever(n_weights):
    while True:
        pass


def test_a_loop_that_never_ends_gives_feedback_in_time(short_limit):
    def my_forward_passes(n_weights):
        while True:
            pass

    started = time.monotonic()
    fb = check_passes(my_forward_passes)
    assert time.monotonic() - started < LIMIT + 2
    assert (fb.ok, fb.kind) == (False, "error")
    assert fb.message.startswith(
        "my_forward_passes did not return within 0.5 s for n_weights = 1; is there a loop "
        "that never ends?"
    )


def test_a_loop_swallowing_exceptions_is_stopped_too(short_limit):
    def my_sgd_update(w, grad, lr):
        while True:
            try:
                time.sleep(0.01)
            except Exception:
                pass

    started = time.monotonic()
    fb = check("sgd_update", my_sgd_update)
    assert time.monotonic() - started < LIMIT + 2 and fb.kind == "error"
    assert "did not return within 0.5 s" in fb.message


@pytest.mark.skipif(not HAS_ALARM, reason="no SIGALRM: the thread fallback is used")
def test_the_notebook_is_usable_after_a_time_out(short_limit):
    def theirs(signum, frame):
        pass

    previous = signal.signal(signal.SIGALRM, theirs)
    signal.setitimer(signal.ITIMER_REAL, 100.0)
    stdout = sys.stdout
    try:
        assert check_passes(_loops_forever).kind == "error"
        assert signal.getsignal(signal.SIGALRM) is theirs
        assert 90 < signal.getitimer(signal.ITIMER_REAL)[0] <= 100
        assert sys.stdout is stdout
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert check_passes(correct_passes).ok
    time.sleep(LIMIT + 0.1)  # no timer left behind goes off
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_sleeping_function_costs_at_most_the_limit(short_limit):
    def my_forward_passes(n_weights):
        time.sleep(0.15)
        return 2 * n_weights

    started = time.monotonic()
    fb = check_passes(my_forward_passes)
    assert time.monotonic() - started < LIMIT + 0.4
    assert fb.kind == "error"
    assert re.match(
        r"my_forward_passes took more than the 0.5 s one check gives all its calls: the "
        r"call for n_weights = \d+ \(call no. [34]\) was still running; is there a slow step",
        fb.message,
    )


def test_a_loop_that_never_ends_outside_the_main_thread_gives_feedback(short_limit):
    stop = threading.Event()
    result = []

    def my_forward_passes(n_weights):
        while not stop.is_set():
            pass

    worker = threading.Thread(target=lambda: result.append(check_passes(my_forward_passes)))
    started = time.monotonic()
    worker.start()
    worker.join(LIMIT + 5)
    stop.set()
    assert time.monotonic() - started < LIMIT + 5 and not worker.is_alive()
    assert result[0].kind == "error" and "did not return within 0.5 s" in result[0].message


def test_what_a_function_prints_is_shown_once_and_shortened(capsys):
    def my_forward_passes(n_weights):
        for k in range(10_000):
            print("step", k)
        return 2 * n_weights

    fb = check_passes(my_forward_passes)
    assert capsys.readouterr().out == ""
    assert fb.ok and fb.message.startswith("Correct!")
    total = 10_000 * N_CASES
    assert f"Your function printed {total:,} lines; the first 5:\n    step 0\n" in fb.message
    assert fb.message.endswith(f"    step 4\n    ... {total - 5:,} more lines")
    assert fb.message.count("\n") <= 10


def test_without_sigalrm_the_thread_fallback_keeps_the_limit(short_limit, monkeypatch):
    monkeypatch.setattr(running, "_can_use_alarm", lambda: False)
    stop = threading.Event()

    def my_forward_passes(n_weights):
        while not stop.is_set():
            pass

    try:
        started = time.monotonic()
        fb = check_passes(my_forward_passes)
        assert time.monotonic() - started < LIMIT + 2
    finally:
        stop.set()
    assert fb.kind == "error" and "did not return within 0.5 s" in fb.message
    assert check_passes(lambda n_weights: 1 / 0).kind == "error"
    assert check_passes(correct_passes).ok


def test_a_few_printed_lines_are_shown_whole():
    def my_sgd_update(w, grad, lr):
        print("lr is", lr)
        return w + lr * grad

    fb = check("sgd_update", my_sgd_update)
    n = len(EXERCISES["sgd_update"].inputs())
    assert fb.kind == "mistake" and fb.message.startswith("Not yet: sign flipped")
    lines = [f"    lr is {args[2]}" for args in EXERCISES["sgd_update"].inputs()]
    assert fb.message.endswith("\nYour function printed:\n" + "\n".join(lines))
    assert n <= running.SHOWN_LINES


def test_a_function_printing_without_end_is_stopped_and_shortened(short_limit, capsys):
    def my_forward_passes(n_weights):
        while True:
            print("x" * 1000, end="")

    fb = check_passes(my_forward_passes)
    assert capsys.readouterr().out == ""
    assert fb.kind == "error" and "did not return within 0.5 s" in fb.message
    assert fb.message.endswith("Your function printed:\n    " + "x" * running.LINE_CHARS)


# -- a long training run shows its progress --------------------------------------------------------


train_module = importlib.import_module("nnlib.train")  # nnlib.train is also the function


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
    history, bar, label = _displayed_bar(monkeypatch, StopsAt(5), steps=40)
    assert history.interrupted and bar.value == 4 and bar.bar_style == "warning"
    assert label.value.endswith(" - interrupted")
    assert "interrupted after 4 of 40 steps" in capsys.readouterr().err


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
