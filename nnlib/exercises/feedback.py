"""The Feedback a check returns, and the messages shared by every kind of exercise."""

from dataclasses import dataclass

FEEDBACK_KINDS = ("correct", "mistake", "wrong", "unanswered", "error", "broken")


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


def with_hint(text, ex):
    return f"{text}\nHint: {ex.hint}"


def wrong(text, ex):
    return Feedback(False, "wrong", with_hint(text, ex))


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


def unanswered(ex, text="not answered yet"):
    return Feedback(False, "unanswered", with_hint(text, ex))


def mistake(text):
    return Feedback(False, "mistake", f"Not yet: {text}.")


def error(text, ex):
    return Feedback(False, "error", with_hint(text, ex))


def with_printed(fb, printed):
    """fb with what the learner's function printed (already shortened) after its message."""
    if not printed:
        return fb
    return Feedback(fb.ok, fb.kind, f"{fb.message}\n{printed}")
