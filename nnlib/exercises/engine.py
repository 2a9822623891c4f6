"""The checking engine: an exercise's declaration (Exercise, Mistake), the Feedback a check
returns, and check_answer(exercise, answer), which compares an answer with the correct one
and with the typical mistakes.

Nothing is computed when an Exercise is declared: its correct answer, its mistakes and the
inputs a learner's function is called with are functions, called when the exercise is
checked.  An error in them is the entry's fault, not the learner's: check_answer reports it
as Feedback of kind "broken" for that exercise alone.  A learner's function is called on
copies of the inputs; whatever it raises is reported, never re-raised.
"""

import copy
import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .._check import describe

KINDS = ("value", "function")  # what the learner hands in
RETURNS = ("number", "integer", "array")  # what that value (or function) gives
FEEDBACK_KINDS = ("correct", "mistake", "wrong", "unanswered", "error", "broken")
RTOL, ATOL = 1e-6, 1e-9  # "equal" for numbers; integers must be exact


@dataclass(frozen=True, repr=False)
class Feedback:
    """The result of check(): ok is True only for a correct answer; kind is one of
    "correct", "mistake" (a known typical mistake), "wrong", "unanswered", "error"
    (the learner's function raised) or "broken" (the exercise itself could not be
    computed).  Printing it (or leaving it as a cell's last expression) shows the message."""

    ok: bool
    kind: str
    message: str

    def __repr__(self):
        return self.message

    __str__ = __repr__


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
            return [self.answer(*_fresh(args)) for args in self.inputs()]


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


def _fresh(args):
    """A deep copy of a case's arguments, so a function that changes its inputs in place
    cannot change the next call's."""
    return tuple(copy.deepcopy(a) if isinstance(a, (np.ndarray, list)) else a for a in args)


def _unanswered(value):
    return value is None or value is Ellipsis


def _as_numbers(value):
    """value as a float array, or None when it is not numbers."""
    if isinstance(value, (str, bytes, dict, set)) or callable(value) or _unanswered(value):
        return None
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    return arr


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


def _show(value):
    """A short, stable description of an argument or a result for a message."""
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return f"{value.item():.6g}"
        return np.array2string(value, precision=4, separator=", ", threshold=8, edgeitems=3)
    if isinstance(value, (float, np.floating)):
        return f"{value:.6g}"
    return repr(value)


def _call_text(ex, args):
    return ", ".join(f"{p} = {_show(a)}" for p, a in zip(ex.params, args))


def _with_hint(text, ex):
    return f"{text}\nHint: {ex.hint}"


def _wrong(text, ex):
    return Feedback(False, "wrong", _with_hint(text, ex))


def _computed(ex, what, fn, *args):
    """fn(*args), fn being part of exercise ex (its cases, answer or a mistake);
    BrokenExercise naming the exercise and what failed when it raises."""
    try:
        with _quiet():
            return fn(*_fresh(args))
    except Exception as err:  # the entry's fault: reported for this exercise only
        raise BrokenExercise(
            f"exercise {ex.name!r} ({ex.notebook}) could not compute "
            f"{what}: {type(err).__name__}: {err}"
        ) from err


def _numbers(ex, what, fn, *args):
    """_computed(...) as a float array."""
    return _computed(ex, what, lambda *a: np.asarray(fn(*a), dtype=np.float64), *args)


def _broken(reason):
    return Feedback(
        False,
        "broken",
        f"This exercise cannot be checked: {reason}\n"
        f"The fault is in nnlib, not in your answer; the "
        f"other exercises still work.",
    )


def _correct(ex):
    return Feedback(True, "correct", f"Correct! {ex.correct_note}".rstrip())


def _known_mistake(ex, inputs, outputs):
    """Feedback for the first mistake that gives the learner's outputs on every input."""
    for k, m in enumerate(ex.mistakes):
        wrong = [_numbers(ex, f"its mistake no. {k + 1}", m.wrong, *args) for args in inputs]
        if all(_close(g, w, *ex.tolerance()) for g, w in zip(outputs, wrong)):
            return Feedback(False, "mistake", f"Not yet: {m.message}.")
    return None


def _check_value(ex, answer):
    if callable(answer):
        return _wrong(
            f"Not yet: this exercise asks for a value ({ex.form}), not a function: "
            f"compute the value and pass it to check()",
            ex,
        )
    got = _as_numbers(answer)
    expected = _numbers(ex, "its correct answer", ex.answer)
    if got is None:
        return _wrong(f"Not yet: the answer should be {ex.form}, but it is {describe(answer)}", ex)
    if not _same_shape(got, expected):
        return _wrong(f"Not yet: the answer should be {ex.form}, but it is {_shape_words(got)}", ex)
    if _close(got, expected, *ex.tolerance()):
        return _correct(ex)
    mistake = _known_mistake(ex, [()], [got])
    if mistake:
        return mistake
    if ex.tolerance()[0] > 0 and _close(got, expected, 1e-2, 0.0):
        return _wrong(
            "Not yet: close, but not exact; keep full precision (did you round an "
            "intermediate value?)",
            ex,
        )
    return _wrong(f"Not yet: {_show(np.squeeze(got))} is not the value asked for", ex)


def _raised(ex, err, args):
    """Feedback for a learner's function that raised err when called with args."""
    return Feedback(
        False,
        "error",
        _with_hint(
            f"Your function raised {type(err).__name__}: {err}\n"
            f"(called with {_call_text(ex, args)})",
            ex,
        ),
    )


def _learner_output(ex, answer, args, first):
    """The learner's function's output for one case's args, as a float array; or the
    Feedback that explains why there is none (it raised, returned nothing or not numbers).
    first: whether this is the first case (nothing returned there: not answered yet)."""
    try:
        with _quiet():
            out = answer(*_fresh(args))
    except Exception as err:  # the learner's code: report, never raise
        return _raised(ex, err, args)
    if _unanswered(out) and first:
        return Feedback(
            False,
            "unanswered",
            _with_hint(
                "not answered yet: your function returns nothing so far; write its "
                "body and return the result",
                ex,
            ),
        )
    if _unanswered(out):
        return _wrong(
            f"Not yet: your function returned nothing (did you forget "
            f"`return`?) when called with {_call_text(ex, args)}",
            ex,
        )
    got = _as_numbers(out)
    if got is None:
        return _wrong(
            f"Not yet: your function should return {ex.described}, but it "
            f"returned {describe(out)} (called with {_call_text(ex, args)})",
            ex,
        )
    return got


def _learner_outputs(ex, answer, inputs):
    """The learner's function's outputs, one per input, as float arrays; or the Feedback
    of the first case that gives none (see _learner_output)."""
    outputs = []
    for k, args in enumerate(inputs):
        got = _learner_output(ex, answer, args, first=k == 0)
        if isinstance(got, Feedback):
            return got
        outputs.append(got)
    return outputs


def _check_function(ex, answer):
    if not callable(answer):
        return _wrong(
            f"Not yet: this exercise asks for a function, {ex.form}; you passed {describe(answer)}",
            ex,
        )
    inputs = _computed(ex, "its cases", ex.inputs)
    outputs = _learner_outputs(ex, answer, inputs)
    if isinstance(outputs, Feedback):
        return outputs
    expected = [_numbers(ex, "its correct answer", ex.answer, *args) for args in inputs]
    failing = [
        (args, g, e)
        for args, g, e in zip(inputs, outputs, expected)
        if not _close(g, e, *ex.tolerance())
    ]
    if not failing:
        return _correct(ex)
    mistake = _known_mistake(ex, inputs, outputs)
    if mistake:
        return mistake
    args, g, e = failing[0]
    if not _same_shape(g, e):
        return _wrong(
            f"Not yet: for {_call_text(ex, args)} your function returned "
            f"{_shape_words(g)}; it should return {_shape_words(e)}",
            ex,
        )
    return _wrong(
        f"Not yet: for {_call_text(ex, args)} your function returned "
        f"{_show(np.squeeze(g))}; the correct result is {_show(np.squeeze(e))}",
        ex,
    )


def check_answer(ex, answer=...):
    """Compare answer with exercise ex's correct answer and typical mistakes.
    -> Feedback (prints as its message).  Never raises: a faulty answer gives "wrong" or
    "error" feedback, a faulty exercise "broken" feedback naming what failed."""
    problems = ex.problems()
    if problems:
        return _broken(
            f"exercise {ex.name!r} ({ex.notebook}) is declared wrongly: " + "; ".join(problems)
        )
    if _unanswered(answer):
        return Feedback(False, "unanswered", _with_hint("not answered yet", ex))
    try:
        if ex.kind == "value":
            return _check_value(ex, answer)
        return _check_function(ex, answer)
    except BrokenExercise as err:
        return _broken(str(err))
