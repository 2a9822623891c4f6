"""Tests for nnlib.exercises against what learners actually do with check(): hand in a
complex number, assert on the feedback, hand in a value a rounding error away from the
correct one, a number too large for a float, a function that never returns, sleeps or
prints without end.  Each test does what the learner does and asserts the feedback."""

import math
import re
import signal
import sys
import threading
import time
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from learner_answers import LEARNER

from nnlib.exercises import EXERCISES, Exercise, check, running
from nnlib.exercises.engine import check_answer
from nnlib.exercises.values import shown_apart

N_CASES = len(EXERCISES["forward_passes"].inputs())
LIMIT = 0.5  # seconds: the time limit of a check in these tests
HAS_ALARM = hasattr(signal, "setitimer")


@pytest.fixture
def short_limit(monkeypatch):
    monkeypatch.setattr(running, "TIME_LIMIT", LIMIT)


def _strict_check(name, answer):
    """check(name, answer) with every warning turned into an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return check(name, answer)


# --- complex answers ------------------------------------------------------------------


@pytest.mark.parametrize(
    "make",
    [np.complex128, complex, lambda v: v + 2j, lambda v: [v + 0j]],
    ids=["numpy", "python", "imaginary part", "list"],
)
def test_complex_value_with_the_right_real_part_is_refused(make):
    fb = _strict_check("weighted_sum", make(float(EXERCISES["weighted_sum"].expected())))
    assert (fb.ok, fb.kind) == (False, "wrong")
    assert "but it is complex, " in fb.message
    assert "a real answer is asked for, not a complex one" in fb.message


def test_complex_array_and_complex_function_results_are_refused():
    fb = _strict_check("hidden_preactivations", np.array([1.2, 2.2, 1.3]) + 0j)
    assert fb.kind == "wrong" and "dtype complex128; a real answer is asked for" in fb.message
    fb = _strict_check("sigmoid_prime", lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2 + 0j)
    assert fb.kind == "wrong"
    assert "but it returned complex, " in fb.message and "(called with z = " in fb.message


# --- assert check(...) ------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_feedback_is_true_only_when_correct(name):
    answers = [LEARNER[name].correct, ..., "nine"] + [a for a, _ in LEARNER[name].mistakes]
    for answer in answers:
        fb = check(name, answer)
        assert bool(fb) is (fb.kind == "correct")
    assert check(name, LEARNER[name].correct)


def test_assert_on_a_wrong_answer_fails_and_keeps_the_message():
    with pytest.raises(AssertionError):
        assert check("count_weights", 7)
    fb = check("count_weights", 7)
    assert not fb and repr(fb) == str(fb) == fb.message
    assert fb.message.startswith("Not yet: 7 is not the value asked for")
    assert not check("sgd_update", lambda w, grad, lr: 1 / 0)  # an "error"


# --- messages never contradict themselves ---------------------------------------------


def test_value_a_rounding_error_from_an_integer_is_shown_with_its_digits():
    fb = check("count_weights", 9 + 1e-12)
    assert fb.kind == "wrong"
    assert fb.message.startswith("Not yet: 9.000000000001 is not the value asked for")
    assert "the answer must be exact, with no rounding error" in fb.message


def test_function_result_a_rounding_error_off_differs_from_the_correct_one():
    fb = check("forward_passes", lambda n_weights: 2 * n_weights + 1e-9)
    got, expected = re.search(r"returned (\S+); the correct result is (\S+)", fb.message).groups()
    assert (got, expected) == ("2.000000001", "2")
    assert "the result must be exact, with no rounding error" in fb.message


def test_a_wrong_value_that_looks_right_states_the_tolerance():
    ex = Exercise(
        "q", "01_neuron", kind="value", returns="number", hint="h", answer=lambda: 0.1,
        mistakes=(), rtol=0.0, atol=1e-12,
    )  # fmt: skip
    fb = check_answer(ex, 0.1 + 1e-11)
    assert fb.message.startswith("Not yet: 0.10000000001 is not the value asked for")
    assert "answers count as equal within a relative 0, or 1e-12 near 0" in fb.message
    fb = check("dC_dy_hat", float(EXERCISES["dC_dy_hat"].expected()) * (1 + 3e-6))
    assert "close, but not exact (answers count as equal within a relative 1e-06" in fb.message


def test_values_that_look_different_keep_their_short_form():
    assert check("dC_dy_hat", 10.0).message.startswith("Not yet: 10 is not the value asked for")
    fb = check("sigmoid_prime", lambda z: np.zeros_like(np.asarray(z, dtype=float)))
    assert "returned 0; the correct result is 0.25\nHint" in fb.message


finite = st.floats(allow_nan=False, allow_infinity=False)


@given(finite, st.integers(1, 4), st.integers(0, 9))
def test_different_numbers_are_never_shown_alike(x, ulps, where):
    y = x
    for _ in range(ulps):
        y = math.nextafter(y, math.inf)
    if y != x:
        a, b = shown_apart(np.float64(x), np.float64(y))
        assert a != b
        arr_x = np.full(10, x)  # long enough to be summarized with "..."
        arr_y = arr_x.copy()
        arr_y[where] = y
        a, b = shown_apart(arr_x, arr_y)
        assert a != b


# --- numbers too large for a float --------------------------------------------------------


@pytest.mark.parametrize(
    "answer", [10**400, -(10**5000), [10**400, 1.0]], ids=["10**400", "-10**5000", "list"]
)
def test_huge_integer_answers_give_feedback_not_overflow(answer):
    for name in ("count_weights", "weighted_sum"):
        fb = _strict_check(name, answer)
        assert (fb.ok, fb.kind) == (False, "wrong")
        assert "too large to be a float" in fb.message
    assert (
        "an integer with 401 digits, too large to be a float"
        in check("count_weights", 10**400).message
    )


def test_function_returning_a_huge_integer_gives_feedback():
    fb = _strict_check("forward_passes", lambda n_weights: 4**n_weights)
    assert (fb.ok, fb.kind) == (False, "wrong")
    assert "returned an integer with 603 digits, too large to be a float" in fb.message
    assert "(called with n_weights = 1000)" in fb.message


# --- a learner's function under a time limit, its prints captured ----------------------


def _loops_forever(n_weights):
    while True:
        pass


def test_a_loop_that_never_ends_gives_feedback_in_time(short_limit):
    def my_forward_passes(n_weights):
        while True:
            pass

    started = time.monotonic()
    fb = check("forward_passes", my_forward_passes)
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
        assert check("forward_passes", _loops_forever).kind == "error"
        assert signal.getsignal(signal.SIGALRM) is theirs
        assert 90 < signal.getitimer(signal.ITIMER_REAL)[0] <= 100
        assert sys.stdout is stdout
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert check("forward_passes", LEARNER["forward_passes"].correct).ok
    time.sleep(LIMIT + 0.1)  # no timer left behind goes off
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_sleeping_function_costs_at_most_the_limit(short_limit):
    def my_forward_passes(n_weights):
        time.sleep(0.15)
        return 2 * n_weights

    started = time.monotonic()
    fb = check("forward_passes", my_forward_passes)
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

    worker = threading.Thread(
        target=lambda: result.append(check("forward_passes", my_forward_passes))
    )
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

    fb = check("forward_passes", my_forward_passes)
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
        fb = check("forward_passes", my_forward_passes)
        assert time.monotonic() - started < LIMIT + 2
    finally:
        stop.set()
    assert fb.kind == "error" and "did not return within 0.5 s" in fb.message
    assert check("forward_passes", lambda n_weights: 1 / 0).kind == "error"
    assert check("forward_passes", LEARNER["forward_passes"].correct).ok


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

    fb = check("forward_passes", my_forward_passes)
    assert capsys.readouterr().out == ""
    assert fb.kind == "error" and "did not return within 0.5 s" in fb.message
    assert fb.message.endswith("Your function printed:\n    " + "x" * running.LINE_CHARS)
