"""An answer as numbers, and numbers as words: turning what a learner hands in into a float
array (or the reason it cannot be one: not numbers, complex, too large for a float) and
showing numbers in messages with as many digits as it takes for a wrong value never to look
like the correct one."""

import math
import sys

import numpy as np

from .._check import describe

FLOAT_MAX = sys.float_info.max  # about 1.8e308
DIGITS = 6  # significant digits of a number in a message, unless more are needed
PRECISION = 4  # digits after the point of an array's entries, unless more are needed


class NotNumbers:
    """Why an answer is not a float array: reason is "not numbers", "complex" or
    "too large"; value is what was handed in."""

    def __init__(self, reason, value):
        self.reason, self.value = reason, value

    def words(self):
        """The answer in words: "an integer with 401 digits, too large for a float ..."."""
        if self.reason == "complex":
            return (
                f"complex, {shown_answer(self.value)}; a real answer is asked for, "
                "not a complex one"
            )
        if self.reason == "too large":
            return (
                f"{shown_answer(self.value)}, too large to be a float (whose largest "
                f"value is about {FLOAT_MAX:.1e}), so not the value asked for"
            )
        return shown_answer(self.value)


def unanswered(value):
    """Whether value stands for "no answer yet": None or ... ."""
    return value is None or value is Ellipsis


def as_numbers(value):
    """value as a float array; NotNumbers when it is not numbers, complex or too large."""
    if isinstance(value, (str, bytes, dict, set)) or callable(value) or unanswered(value):
        return NotNumbers("not numbers", value)
    try:
        raw = np.asarray(value)
        if np.iscomplexobj(raw) or _holds_complex(raw):
            return NotNumbers("complex", value)
        return np.asarray(value, dtype=np.float64)
    except OverflowError:
        return NotNumbers("too large", value)
    except Exception:  # whatever a strange object raises, it is not numbers
        return NotNumbers("not numbers", value)


def _holds_complex(raw):
    """Whether an object array holds a complex number (a list mixing big ints and complex)."""
    if raw.dtype != object:
        return False
    return any(isinstance(v, complex) for v in raw.ravel())


def shown_answer(value):
    """describe(value), safe for integers too long to print and for objects whose repr
    raises."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**15:
        return f"an integer with {_digits(value)} digits"
    if isinstance(value, (list, tuple)) and any(
        isinstance(v, int) and abs(v) >= 10**15 for v in value
    ):
        return f"a {type(value).__name__} of length {len(value)} holding a huge integer"
    try:
        return describe(value)
    except Exception:  # a repr that raises, a str too long for Python to build
        return f"a {type(value).__name__} that cannot be shown"


def _digits(n):
    """The number of decimal digits of the integer n, without printing it."""
    n = abs(n)
    estimate = int(n.bit_length() * math.log10(2)) + 1
    return estimate - (n < 10 ** (estimate - 1))


def show(value, digits=DIGITS, precision=PRECISION):
    """A short, stable description of an argument or a result for a message: numbers to
    digits significant digits, arrays to precision digits after the point."""
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return show(value.item(), digits)
        return np.array2string(value, precision=precision, separator=", ", threshold=8, edgeitems=3)
    if isinstance(value, (float, np.floating)):
        return f"{value:.{digits}g}"
    return repr(value)


def _show_all(value):
    """Every digit and every entry: the shortest form that tells any two floats apart."""
    if isinstance(value, np.ndarray) and value.ndim > 0:
        return np.array2string(value, separator=", ", floatmode="unique", threshold=sys.maxsize)
    return repr(float(np.asarray(value).item()))


def shown_apart(got, expected):
    """(got, expected) as strings, with more digits than show() gives when needed for them
    to differ: a value judged wrong never reads like the correct one."""
    for extra in range(12):
        digits, precision = DIGITS + extra, PRECISION + extra
        a, b = show(got, digits, precision), show(expected, digits, precision)
        if a != b:
            return a, b
    return _show_all(got), _show_all(expected)


def look_alike(got, expected):
    """Whether got and expected read the same to show()'s default digits."""
    return show(got) == show(expected)


def tolerance_words(rtol, atol, noun="answer"):
    """How close counts as equal, in words: "the answer must be exact, with no rounding
    error" or "answers count as equal within a relative 1e-06, or 1e-09 near 0"."""
    if rtol == 0 and atol == 0:
        return f"the {noun} must be exact, with no rounding error"
    return f"{noun}s count as equal within a relative {rtol:g}, or {atol:g} near 0"


def as_parts(value, names):
    """A result made of several arrays (a tuple or list with one entry per name) as a
    tuple of float arrays; or the words saying why it is not one."""
    if not isinstance(value, (tuple, list)):
        return shown_answer(value)
    if len(value) != len(names):
        return f"{len(value)} value{'s' if len(value) != 1 else ''} instead of {len(names)}"
    parts = []
    for name, part in zip(names, value):
        got = as_numbers(part)
        if isinstance(got, NotNumbers):
            return f"{name} = {got.words()}"
        parts.append(got)
    return tuple(parts)


def listed(names):
    """["a", "b", "c"] -> "a, b and c"."""
    return " and ".join(filter(None, (", ".join(names[:-1]), names[-1])))
