"""The Feedback a check returns, the messages shared by every kind of exercise, and when
an exercise's hint is shown: on request (Hint, from exercises.hint(name)) or with the
feedback from the second wrong answer on, never before the learner has tried.  Wrong
answers are counted per exercise name for the session (the kernel's life);
forget_attempts() starts the count again."""

from collections import Counter
from dataclasses import dataclass

FEEDBACK_KINDS = ("correct", "mistake", "wrong", "unanswered", "error", "broken")
TRIED_KINDS = ("mistake", "wrong", "error")  # the kinds that count as a wrong answer
HINT_FROM = 2  # the wrong answer to an exercise from which its hint comes with the feedback

_wrong_answers = Counter()  # exercise name -> wrong answers checked in this session


@dataclass(frozen=True, repr=False)
class Feedback:
    """The result of check(): ok is True only for a correct answer; kind is one of
    "correct", "mistake" (a known typical mistake), "wrong", "unanswered", "error"
    (the learner's function raised or did not return in time) or "broken" (the exercise
    itself could not be computed).  Printing it (or leaving it as a cell's last
    expression) shows the message.  It is true only when correct, so
    ``assert check(...)`` fails on a wrong answer."""

    ok: bool
    kind: str
    message: str

    def __repr__(self):
        return self.message

    __str__ = __repr__

    def __bool__(self):
        return bool(self.ok)


@dataclass(frozen=True, repr=False)
class Hint:
    """An exercise's hint, as exercises.hint(name) returns it: name is the exercise's,
    text the hint; printing it (or leaving it as a cell's last expression) shows
    "Hint: text"."""

    name: str
    text: str

    def __repr__(self):
        return f"Hint: {self.text}"

    __str__ = __repr__


def wrong(text):
    return Feedback(False, "wrong", text)


def broken(reason):
    return Feedback(
        False,
        "broken",
        f"This exercise cannot be checked: {reason}\n"
        f"The fault is in nnlib, not in your answer; the "
        f"other exercises still work.",
    )


def correct(ex, also=""):
    """also: what else the answer was found to agree with, as sentences."""
    return Feedback(True, "correct", " ".join(t for t in ("Correct!", ex.correct_note, also) if t))


def unanswered(ex, why=""):
    """What the exercise asks and "not answered yet", nothing more (no hint): "not
    answered yet: dC_dw22 asks for a number"; why, when given, follows after "; "."""
    asked = ex.form if ex.kind == "value" else f"a function, {ex.form}"
    text = f"not answered yet: {ex.name} asks for {asked}"
    return Feedback(False, "unanswered", f"{text}; {why}" if why else text)


def mistake(text):
    return Feedback(False, "mistake", f"Not yet: {text}.")


def error(text):
    return Feedback(False, "error", text)


def counted(ex, fb):
    """fb, counted as an answer to exercise ex: a wrong one (TRIED_KINDS) adds one to its
    count, and from the HINT_FROM-th on the feedback ends with ex's hint."""
    if fb.kind not in TRIED_KINDS:
        return fb
    _wrong_answers[ex.name] += 1
    if _wrong_answers[ex.name] < HINT_FROM:
        return fb
    return Feedback(fb.ok, fb.kind, f"{fb.message}\n{Hint(ex.name, ex.hint)}")


def wrong_answers(name):
    """How many wrong answers to exercise name were checked in this session."""
    return _wrong_answers[name]


def forget_attempts():
    """Start counting wrong answers again, for every exercise (for tests: their order
    then does not matter)."""
    _wrong_answers.clear()


def with_printed(fb, printed):
    """fb with what the learner's function printed (already shortened) after its message."""
    if not printed:
        return fb
    return Feedback(fb.ok, fb.kind, f"{fb.message}\n{printed}")
