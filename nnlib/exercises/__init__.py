"""Check-yourself exercises with automatic feedback.

EXERCISES maps a name to an Exercise: the notebook that asks it, its kind ("value": the
learner types a number or an array; "function": the learner writes a small function),
what it returns, a hint, the correct answer computed with nnlib, and the typical
mistakes, each a computed wrong answer with the message that explains it.
check(name, answer) compares an answer with all of them and returns a Feedback whose
printed form is the message:

    def my_tanh_prime(z):
        ...  # your code here
    exercises.check("tanh_prime", my_tanh_prime)

Each notebook's exercises are declared in their own module (nb02_activations, ...); the
checking is in engine.  Nothing is computed on import: answers, mistakes and the inputs
of a learner's function are computed when an exercise is checked, so a faulty exercise
gives "broken" feedback for itself alone.  An answer left as ``...`` (or a function
that returns nothing yet) gives what is asked and "not answered yet", nothing more; a
wrong answer gets its diagnosis, and the exercise's hint comes on request, hint(name), or
with the feedback from the second wrong answer to that exercise in the session on.  A
learner's function runs under a time limit (running.TIME_LIMIT seconds for all its calls
in one check), and what it prints is shown once, shortened.  Used by every notebook's
"Check yourself" section.
"""

import importlib
from types import MappingProxyType

from .._check import describe
from .engine import KINDS, RETURNS, Exercise, Mistake, check_answer
from .feedback import FEEDBACK_KINDS, Feedback, Hint, forget_attempts

__all__ = [
    "EXERCISES",
    "FEEDBACK_KINDS",
    "KINDS",
    "NOTEBOOK_MODULES",
    "RETURNS",
    "Exercise",
    "Feedback",
    "Hint",
    "Mistake",
    "check",
    "for_notebook",
    "forget_attempts",
    "get_exercise",
    "hint",
]

# One module per notebook, in reading order.
NOTEBOOK_MODULES = tuple(
    importlib.import_module(f".{name}", __name__)
    for name in (
        "nb00_start_here",
        "nb01_neuron",
        "nb02_activations",
        "nb03_losses",
        "nb04_forward_pass",
        "nb05_chain_rule",
        "nb06_backward_pass",
        "nb07_numerical_vs_analytic",
        "nb08_gradient_descent",
        "nb09_training_a_classifier",
        "nb10_vanishing_gradients",
        "nb11_from_backprop_to_autograd",
    )
)
EXERCISES = MappingProxyType(
    {ex.name: ex for module in NOTEBOOK_MODULES for ex in module.EXERCISES}
)


def check(name, answer=...):
    """Compare answer with exercise name's correct answer and typical mistakes.
    -> Feedback (prints as its message; true only when correct, so ``assert check(...)``
    fails on a wrong answer).  No answer: what is asked and "not answered yet"; a wrong
    one: its diagnosis, and from the second wrong answer to name on, the hint too.  Never
    raises because of the answer; raises ValueError for an unknown exercise name."""
    return check_answer(get_exercise(name), answer)


def hint(name):
    """Exercise name's hint, on request: -> Hint (prints as "Hint: ...").  Raises
    ValueError for an unknown exercise name, as check() does."""
    ex = get_exercise(name)
    return Hint(ex.name, ex.hint)


def get_exercise(name):
    """The registry entry for name; ValueError listing the exercises otherwise."""
    if not isinstance(name, str):
        raise TypeError(f"name must be an exercise name (a string), got {describe(name)}")
    if name not in EXERCISES:
        raise ValueError(f"name must be one of the exercises {', '.join(EXERCISES)}, got {name!r}")
    return EXERCISES[name]


def for_notebook(notebook):
    """The exercises a notebook asks, in order, e.g. for_notebook("02_activations")."""
    return [ex for ex in EXERCISES.values() if ex.notebook == notebook]
