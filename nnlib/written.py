"""How the course writes a number in its figures, diagrams, readouts and equations, one
way everywhere, so that numbers side by side read alike.

fmt(value): a number the course computed, to DIGITS significant digits with its trailing
    zeros kept: 1.000 beside 1.300, 0.6900 beside 0.7311, 2.466, -0.01234, 1234,
    1.000e-13.
given(value): a number the learner set or the article gave, as short as it is: 0.8, 1,
    -0.25 (to DIGITS significant digits at most).
Neither writes -0: a computed zero is 0.000 whatever its sign bit.  A whole number held
as an integer (a count of steps: 30) is written as one by both.
"""

import numbers

DIGITS = 4


def fmt(value):
    """A computed number, to DIGITS significant digits, trailing zeros kept: 1.000, 0.2075,
    and no bare point after a whole number of DIGITS digits: 1234."""
    if _count(value):
        return str(int(value))
    return f"{float(value) + 0.0:#.{DIGITS}g}".removesuffix(".")


def given(value):
    """A number set or given, as short as it is: 0.8, 1, -0.25."""
    if _count(value):
        return str(int(value))
    return f"{float(value) + 0.0:.{DIGITS}g}"


def _count(value):
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)
