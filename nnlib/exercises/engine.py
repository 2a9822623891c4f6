"""The checking engine: an exercise's declaration (Exercise, Mistake), the Feedback a check
returns, and check_answer(exercise, answer), which compares an answer with the correct one
and with the typical mistakes.

Nothing is computed when an Exercise is declared: its correct answer, its mistakes and the
inputs a learner's function is called with are functions, called when the exercise is
checked.  An error in them is the entry's fault, not the learner's: check_answer reports it
as Feedback of kind "broken" for that exercise alone.  A learner's function is called on
copies of the inputs, under a time limit, with what it prints captured (see running);
whatever it raises is reported, never re-raised.  Turning answers into numbers and numbers
into words is in values; the Feedback and its common messages in feedback.
"""

import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from . import feedback as fb
from .feedback import Feedback
from .running import Runner, TimedOut, fresh
from .values import (
    NotNumbers,
    as_numbers,
    look_alike,
    show,
    shown_answer,
    shown_apart,
    tolerance_words,
    unanswered,
)

KINDS = ("value", "function")  # what the learner hands in
RETURNS = ("number", "integer", "array")  # what that value (or function) gives
RTOL, ATOL = 1e-6, 1e-9  # "equal" for numbers; integers must be exact


@dataclass(frozen=True)
class Mistake:
    """A typical wrong answer and what to say about it.  wrong: for a value exercise a
    function of no arguments returning the wrong value; for a function exercise a
    function with the same arguments as the learner's."""

    message: str
    wrong: Callable


@dataclass(frozen=True)
class Exercise:
    """One exercise, declared as data.
    kind: "value" (the learner types a number or an array) or "function" (the learner
    writes a small function).  returns: "number", "integer" or "array", what the value or
    the function's result is.  answer: for a value exercise a function of no arguments
    computing the correct value with nnlib; for a function exercise a reference function
    taking the arguments named in params.  cases: a function of no arguments returning
    the argument tuples a learner's function is called with.  signature: how the
    learner's function is called ("my_tanh_prime(z)").  what: the words for the answer
    in messages, when the default for returns does not fit ("three numbers (h11, ...)").
    rtol/atol: how close a number must be to count as equal (exact for "integer")."""

    name: str
    notebook: str
    kind: str
    returns: str
    hint: str
    answer: Callable
    mistakes: tuple
    what: str = ""
    signature: str = ""
    params: tuple = ()
    cases: Callable | None = None
    correct_note: str = ""
    rtol: float | None = None
    atol: float | None = None

    def tolerance(self):
        """(rtol, atol): rtol and atol where given, else exact for an integer, RTOL and
        ATOL otherwise."""
        rtol, atol = (0.0, 0.0) if self.returns == "integer" else (RTOL, ATOL)
        return (rtol if self.rtol is None else self.rtol, atol if self.atol is None else self.atol)

    def problems(self):
        """What is wrong with this declaration, as sentences; () when it is sound."""
        found = []
        if self.kind not in KINDS:
            found.append(f"kind must be one of {KINDS}, got {self.kind!r}")
        if self.returns not in RETURNS:
            found.append(f"returns must be one of {RETURNS}, got {self.returns!r}")
        if self.returns == "array" and not self.what:
            found.append("an array answer needs what, the words that describe it")
        if not callable(self.answer):
            found.append("answer must be a function")
        if self.kind == "function" and not (
            self.params and self.signature and callable(self.cases)
        ):
            found.append(
                "a function exercise needs params, a signature and cases "
                "(a function returning the argument tuples)"
            )
        return tuple(found)

    @property
    def described(self):
        """The answer in words for messages: "a whole number", "an array shaped like z"."""
        if self.what:
            return self.what
        if self.returns == "integer":
            return "a whole number"
        return "a number" if self.kind == "value" else "a single number"

    @property
    def form(self):
        """What an answer looks like: "a number", "my_f(z) returning a single number"."""
        if self.kind == "value":
            return self.described
        return f"{self.signature} returning {self.described}"

    def inputs(self):
        """The argument tuples a learner's function is called with; () for a value."""
        return tuple(self.cases()) if self.kind == "function" else ()

    def expected(self):
        """The correct value (value kind) or the list of correct outputs, one per case."""
        with _quiet():
            if self.kind == "value":
                return self.answer()
            return [self.answer(*fresh(args)) for args in self.inputs()]


class BrokenExercise(Exception):
    """An exercise's own data (its cases, answer or mistakes) failed to compute."""


class _quiet:
    """Silence floating-point warnings while answers and mistakes are evaluated."""

    def __enter__(self):
        self._err = np.errstate(all="ignore")
        self._err.__enter__()
        self._warn = warnings.catch_warnings()
        self._warn.__enter__()
        warnings.simplefilter("ignore")

    def __exit__(self, *exc):
        self._warn.__exit__(*exc)
        self._err.__exit__(*exc)
        return False


def _same_shape(got, expected):
    return got.size == expected.size and np.squeeze(got).shape == np.squeeze(expected).shape


def _close(got, expected, rtol, atol):
    if not _same_shape(got, expected):
        return False
    g, e = np.squeeze(got), np.squeeze(expected)
    with _quiet():
        return bool(np.allclose(g, e, rtol=rtol, atol=atol, equal_nan=True))


def _shape_words(arr):
    if arr.size == 1:
        return "a single number"
    return f"an array of shape {arr.shape}"


def _call_text(ex, args):
    return ", ".join(f"{p} = {show(a)}" for p, a in zip(ex.params, args))


def _computed(ex, what, fn, *args):
    """fn(*args), fn being part of exercise ex (its cases, answer or a mistake);
    BrokenExercise naming the exercise and what failed when it raises."""
    try:
        with _quiet():
            return fn(*fresh(args))
    except Exception as err:  # the entry's fault: reported for this exercise only
        raise BrokenExercise(
            f"exercise {ex.name!r} ({ex.notebook}) could not compute "
            f"{what}: {type(err).__name__}: {err}"
        ) from err


def _numbers(ex, what, fn, *args):
    """_computed(...) as a float array."""
    return _computed(ex, what, lambda *a: np.asarray(fn(*a), dtype=np.float64), *args)


def _known_mistake(ex, inputs, outputs):
    """Feedback for the first mistake that gives the learner's outputs on every input."""
    for k, m in enumerate(ex.mistakes):
        wrong = [_numbers(ex, f"its mistake no. {k + 1}", m.wrong, *args) for args in inputs]
        if all(_close(g, w, *ex.tolerance()) for g, w in zip(outputs, wrong)):
            return fb.mistake(m.message)
    return None


def _check_value(ex, answer):
    if callable(answer):
        return fb.wrong(
            f"Not yet: this exercise asks for a value ({ex.form}), not a function: "
            f"compute the value and pass it to check()",
            ex,
        )
    got = as_numbers(answer)
    expected = _numbers(ex, "its correct answer", ex.answer)
    if isinstance(got, NotNumbers):
        return fb.wrong(f"Not yet: the answer should be {ex.form}, but it is {got.words()}", ex)
    if not _same_shape(got, expected):
        return fb.wrong(
            f"Not yet: the answer should be {ex.form}, but it is {_shape_words(got)}", ex
        )
    if _close(got, expected, *ex.tolerance()):
        return fb.correct(ex)
    mistake = _known_mistake(ex, [()], [got])
    if mistake is not None:
        return mistake
    return _wrong_value(ex, np.squeeze(got), np.squeeze(expected))


def _wrong_value(ex, got, expected):
    """Feedback for a value that is no known mistake; it shows got (never expected) with
    the digits that tell it from expected, and says how close counts as equal when the
    two look alike."""
    rtol, atol = ex.tolerance()
    if rtol > 0 and _close(got, expected, 1e-2, 0.0):
        return fb.wrong(
            f"Not yet: close, but not exact ({tolerance_words(rtol, atol)}); keep full "
            "precision (did you round an intermediate value?)",
            ex,
        )
    text = f"Not yet: {shown_apart(got, expected)[0]} is not the value asked for"
    if look_alike(got, expected):
        text += f" ({tolerance_words(rtol, atol)})"
    return fb.wrong(text, ex)


def _name(fn):
    """The learner's function's name for messages: "my_neuron", or "Your function"."""
    name = getattr(fn, "__name__", "")
    return name if name.isidentifier() else "Your function"


def _not_run(ex, runner, err, args):
    """Feedback for a learner's function that raised err (or ran out of time) with args."""
    if isinstance(err, TimedOut):
        return fb.error(_too_slow(ex, runner, err.seconds, args), ex)
    return fb.error(
        f"Your function raised {type(err).__name__}: {err}\n(called with {_call_text(ex, args)})",
        ex,
    )


def _too_slow(ex, runner, seconds, args):
    """The message for a learner's function that used up the seconds of a check."""
    name, call = _name(runner.fn), _call_text(ex, args)
    if runner.calls <= 1:
        return (
            f"{name} did not return within {seconds:g} s for {call}; is there a loop "
            "that never ends?"
        )
    return (
        f"{name} took more than the {seconds:g} s one check gives all its calls: the "
        f"call for {call} (call no. {runner.calls}) was still running; is there a slow "
        "step (sleep, print in a long loop) or a loop that never ends?"
    )


def _learner_output(ex, runner, args, first):
    """The learner's function's output for one case's args, as a float array; or the
    Feedback that explains why there is none (it raised, ran out of time, returned nothing
    or not numbers).  first: whether this is the first case (nothing returned there: not
    answered yet)."""
    try:
        with _quiet():
            out = runner(*args)
    except Exception as err:  # the learner's code: report, never raise
        return _not_run(ex, runner, err, args)
    if unanswered(out) and first:
        return fb.unanswered(
            ex,
            "not answered yet: your function returns nothing so far; write its "
            "body and return the result",
        )
    if unanswered(out):
        return fb.wrong(
            f"Not yet: your function returned nothing (did you forget "
            f"`return`?) when called with {_call_text(ex, args)}",
            ex,
        )
    got = as_numbers(out)
    if isinstance(got, NotNumbers):
        return fb.wrong(
            f"Not yet: your function should return {ex.described}, but it "
            f"returned {got.words()} (called with {_call_text(ex, args)})",
            ex,
        )
    return got


def _learner_outputs(ex, runner, inputs):
    """The learner's function's outputs, one per input, as float arrays; or the Feedback
    of the first case that gives none (see _learner_output)."""
    outputs = []
    for k, args in enumerate(inputs):
        got = _learner_output(ex, runner, args, first=k == 0)
        if isinstance(got, Feedback):
            return got
        outputs.append(got)
    return outputs


def _check_function(ex, answer):
    if not callable(answer):
        return fb.wrong(
            f"Not yet: this exercise asks for a function, {ex.form}; "
            f"you passed {shown_answer(answer)}",
            ex,
        )
    inputs = _computed(ex, "its cases", ex.inputs)
    runner = Runner(answer)
    outputs = _learner_outputs(ex, runner, inputs)
    if not isinstance(outputs, Feedback):
        outputs = _judge_outputs(ex, inputs, outputs)
    return fb.with_printed(outputs, runner.printed.summary())


def _judge_outputs(ex, inputs, outputs):
    """Feedback for a learner's function's outputs, one per input."""
    expected = [_numbers(ex, "its correct answer", ex.answer, *args) for args in inputs]
    failing = [
        (args, g, e)
        for args, g, e in zip(inputs, outputs, expected)
        if not _close(g, e, *ex.tolerance())
    ]
    if not failing:
        return fb.correct(ex)
    mistake = _known_mistake(ex, inputs, outputs)
    if mistake is not None:
        return mistake
    args, g, e = failing[0]
    if not _same_shape(g, e):
        return fb.wrong(
            f"Not yet: for {_call_text(ex, args)} your function returned "
            f"{_shape_words(g)}; it should return {_shape_words(e)}",
            ex,
        )
    g, e = np.squeeze(g), np.squeeze(e)
    shown_g, shown_e = shown_apart(g, e)
    text = (
        f"Not yet: for {_call_text(ex, args)} your function returned {shown_g}; "
        f"the correct result is {shown_e}"
    )
    if look_alike(g, e):
        text += f" ({tolerance_words(*ex.tolerance(), noun='result')})"
    return fb.wrong(text, ex)


def check_answer(ex, answer=...):
    """Compare answer with exercise ex's correct answer and typical mistakes.
    -> Feedback (prints as its message; true only when correct).  Never raises: a faulty
    answer gives "wrong" or "error" feedback, a faulty exercise "broken" feedback naming
    what failed."""
    problems = ex.problems()
    if problems:
        return fb.broken(
            f"exercise {ex.name!r} ({ex.notebook}) is declared wrongly: " + "; ".join(problems)
        )
    if unanswered(answer):
        return fb.unanswered(ex)
    try:
        if ex.kind == "value":
            return _check_value(ex, answer)
        return _check_function(ex, answer)
    except BrokenExercise as err:
        return fb.broken(str(err))
