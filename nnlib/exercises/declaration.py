"""An exercise declared as data: Exercise (what is asked, the correct answer, the cases a
learner's function is called with), Mistake (a typical wrong answer and what to say about
it) and Reference (a second, independent computation of the correct answer).  Checking
them is in engine."""

import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .running import fresh

KINDS = ("value", "function")  # what the learner hands in
RETURNS = ("number", "integer", "array", "arrays")  # what that value (or function) gives
RTOL, ATOL = 1e-6, 1e-9  # "equal" for numbers; integers must be exact


@dataclass(frozen=True)
class Mistake:
    """A typical wrong answer and what to say about it.  wrong: for a value exercise a
    function of no arguments returning the wrong value; for a function exercise a
    function with the same arguments as the learner's.  parts: for an "arrays" answer,
    the parts this mistake shows in (the others are not compared); () for all.  raises:
    exception types the mistake raises on some cases (a matrix product of shapes that do
    not fit); it then matches a learner's function raising the same type there and
    returning its values elsewhere (at least one case must return)."""

    message: str
    wrong: Callable
    parts: tuple = ()
    raises: tuple = ()


@dataclass(frozen=True)
class Reference:
    """A second computation of the correct answer, independent of the first (a numerical
    gradient): the answer must agree with it, and the feedback says whether the
    learner's does.  words: what it is, for messages ("a central-difference numerical
    gradient"); fn: same arguments as the exercise's answer; rtol/atol: how close."""

    words: str
    fn: Callable
    rtol: float
    atol: float


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
    parts: for returns="arrays", the names of the arrays, in order ("dW1", "db1", ...);
    each must have exactly the correct part's shape.  references: Reference tuple.
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
    parts: tuple = ()
    references: tuple = ()

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
        if self.returns in ("array", "arrays") and not self.what:
            found.append("an array answer needs what, the words that describe it")
        if (self.returns == "arrays") != bool(self.parts):
            found.append('parts (the names of the arrays) go with returns="arrays", and only there')
        if self.returns == "arrays" and self.kind != "function":
            found.append('returns="arrays" is for a function exercise')
        unknown = {p for m in self.mistakes for p in m.parts} - set(self.parts)
        if unknown:
            found.append(f"mistakes name parts that are not in parts: {sorted(unknown)}")
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
        with quiet():
            if self.kind == "value":
                return self.answer()
            return [self.answer(*fresh(args)) for args in self.inputs()]

    def as_output(self, value):
        """A value of the answer's form as compared: a tuple of float arrays, one per
        part, for "arrays"; a float array otherwise."""
        if self.returns == "arrays":
            return tuple(np.asarray(v, dtype=np.float64) for v in value)
        return np.asarray(value, dtype=np.float64)


class quiet:
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
