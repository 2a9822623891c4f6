"""The checking engine: check_answer(exercise, answer) compares an answer with an
Exercise's correct answer and its typical mistakes (declared as data in declaration) and
returns a Feedback (feedback).

Nothing is computed when an Exercise is declared: its correct answer, its mistakes and the
inputs a learner's function is called with are functions, called when the exercise is
checked.  An error in them is the entry's fault, not the learner's: check_answer reports it
as Feedback of kind "broken" for that exercise alone.  A learner's function is called on
copies of the inputs, under a time limit, with what it prints captured (see running);
whatever it raises is reported with the learner's line that raised it, never re-raised.
An answer made of several arrays (returns="arrays": the gradients dW1, db1, dW2, db2) is
checked part by part: the count of parts, each part's shape, then its values; a Mistake
may concern some parts only.  References (a numerical gradient) confirm the correct
answer and tell whether a wrong one disagrees with them too.  An exercise's hint never
comes with "not answered yet" nor with the first wrong answer, only from the second on
(see feedback).  Turning answers into numbers and numbers into words is in values.
"""

import numpy as np

from . import feedback as fb
from .declaration import ATOL, KINDS, RETURNS, RTOL, Exercise, Mistake, Reference, quiet
from .feedback import Feedback
from .running import Runner, TimedOut, fresh, learner_line
from .values import (
    NotNumbers,
    as_numbers,
    as_parts,
    listed,
    look_alike,
    show,
    shown_answer,
    shown_apart,
    tolerance_words,
    unanswered,
)

# Declared in declaration; the notebooks' modules import them from here.
__all__ = ["ATOL", "KINDS", "RETURNS", "RTOL", "Exercise", "Mistake", "Reference", "check_answer"]


class BrokenExercise(Exception):
    """An exercise's own data (its cases, answer or mistakes) failed to compute."""


def _same_shape(got, expected):
    return got.size == expected.size and np.squeeze(got).shape == np.squeeze(expected).shape


def _close(got, expected, rtol, atol):
    if not _same_shape(got, expected):
        return False
    g, e = np.squeeze(got), np.squeeze(expected)
    with quiet():
        return bool(np.allclose(g, e, rtol=rtol, atol=atol, equal_nan=True))


def _agree(ex, got, expected, rtol, atol, parts=()):
    """Whether got equals expected within rtol/atol: for "arrays", the named parts (all
    when parts is ()) each of exactly the expected shape."""
    if ex.returns != "arrays":
        return _close(got, expected, rtol, atol)
    for k in [ex.parts.index(p) for p in parts] if parts else range(len(ex.parts)):
        g, e = got[k], expected[k]
        if g.shape != e.shape:
            return False
        with quiet():
            if not np.allclose(g, e, rtol=rtol, atol=atol, equal_nan=True):
                return False
    return True


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
        with quiet():
            return fn(*fresh(args))
    except Exception as err:  # the entry's fault: reported for this exercise only
        raise BrokenExercise(
            f"exercise {ex.name!r} ({ex.notebook}) could not compute "
            f"{what}: {type(err).__name__}: {err}"
        ) from err


def _numbers(ex, what, fn, *args):
    """_computed(...) in the answer's form (Exercise.as_output)."""
    return _computed(ex, what, lambda *a: ex.as_output(fn(*a)), *args)


class _Raised:
    """What a mistake gives on a case where it raises one of the types it declares."""

    def __init__(self, err):
        self.err = err


def _mistaken(ex, k, m, args):
    """Mistake m's output for args, or _Raised when it raises what it declares."""

    def run(*a):
        try:
            return ex.as_output(m.wrong(*a))
        except m.raises as err:  # declared: this mistake fails here, as a learner's would
            return _Raised(err)

    return _computed(ex, f"its mistake no. {k + 1}", run, *args)


def _matches(ex, m, outputs, wrong):
    """Whether a learner's outputs (arrays, or the exceptions raised) are mistake m's."""
    returned = 0
    for got, w in zip(outputs, wrong):
        if isinstance(got, BaseException) or isinstance(w, _Raised):
            if not (isinstance(w, _Raised) and isinstance(got, m.raises)):
                return False
        elif _agree(ex, got, w, *ex.tolerance(), parts=m.parts):
            returned += 1
        else:
            return False
    return returned > 0


def _known_mistake(ex, inputs, outputs):
    """Feedback for the first mistake that gives the learner's outputs on every input."""
    for k, m in enumerate(ex.mistakes):
        wrong = [_mistaken(ex, k, m, args) for args in inputs]
        if _matches(ex, m, outputs, wrong):
            return fb.mistake(m.message)
    return None


def _check_value(ex, answer):
    if callable(answer):
        return fb.wrong(
            f"Not yet: this exercise asks for a value ({ex.form}), not a function: "
            f"compute the value and pass it to check()",
        )
    got = as_numbers(answer)
    expected = _numbers(ex, "its correct answer", ex.answer)
    if isinstance(got, NotNumbers):
        return fb.wrong(f"Not yet: the answer should be {ex.form}, but it is {got.words()}")
    if not _same_shape(got, expected):
        return fb.wrong(f"Not yet: the answer should be {ex.form}, but it is {_shape_words(got)}")
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
        )
    text = f"Not yet: {shown_apart(got, expected)[0]} is not the value asked for"
    if look_alike(got, expected):
        text += f" ({tolerance_words(rtol, atol)})"
    return fb.wrong(text)


def _name(fn):
    """The learner's function's name for messages: "my_neuron", or "Your function"."""
    name = getattr(fn, "__name__", "")
    return name if name.isidentifier() else "Your function"


def _not_run(ex, runner, err, args):
    """Feedback for a learner's function that raised err (or ran out of time) with args."""
    if isinstance(err, TimedOut):
        return fb.error(_too_slow(ex, runner, err.seconds, args))
    text = f"Your function raised {type(err).__name__}: {err}\n(called with {_call_text(ex, args)})"
    where = learner_line(err)
    return fb.error(f"{text}\n{where}" if where else text)


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
    """The learner's function's output for one case's args in the answer's form; the
    exception it raised (or TimedOut); or the Feedback that explains why there is none
    (it returned nothing or not numbers).  first: whether this is the first case (nothing
    returned there: not answered yet)."""
    try:
        with quiet():
            out = runner(*args)
    except Exception as err:  # the learner's code: report, never raise
        return err
    if unanswered(out) and first:
        return fb.unanswered(ex, "your function returns nothing so far")
    if unanswered(out):
        return fb.wrong(
            f"Not yet: your function returned nothing (did you forget "
            f"`return`?) when called with {_call_text(ex, args)}",
        )
    got = as_parts(out, ex.parts) if ex.returns == "arrays" else as_numbers(out)
    if isinstance(got, NotNumbers):
        got = got.words()
    if isinstance(got, str):
        return fb.wrong(
            f"Not yet: your function should return {ex.described}, but it "
            f"returned {got} (called with {_call_text(ex, args)})",
        )
    return got


def _learner_outputs(ex, runner, inputs):
    """The learner's function's outputs, one per input; or the Feedback of the first case
    that gives none (see _learner_output).  An exception raised on a case is kept in the
    case's place when a mistake of the exercise may raise (so that mistake can be told),
    and the remaining cases are still run."""
    may_raise = any(m.raises for m in ex.mistakes)
    outputs = []
    for k, args in enumerate(inputs):
        got = _learner_output(ex, runner, args, first=k == 0)
        if isinstance(got, Exception) and (isinstance(got, TimedOut) or not may_raise):
            return _not_run(ex, runner, got, args)
        if isinstance(got, Feedback):
            return got
        outputs.append(got)
    return outputs


def _check_function(ex, answer):
    """(Feedback, what the learner's function printed, shortened: "" when nothing)."""
    if not callable(answer):
        text = f"Not yet: this exercise asks for a function, {ex.form}; you passed "
        return fb.wrong(text + shown_answer(answer)), ""
    inputs = _computed(ex, "its cases", ex.inputs)
    runner = Runner(answer)
    outputs = _learner_outputs(ex, runner, inputs)
    if isinstance(outputs, Feedback):
        result = outputs
    elif any(isinstance(out, Exception) for out in outputs):
        result = _known_mistake(ex, inputs, outputs)
        if result is None:
            args, err = next((a, o) for a, o in zip(inputs, outputs) if isinstance(o, Exception))
            result = _not_run(ex, runner, err, args)
    else:
        result = _judge_outputs(ex, inputs, outputs)
    return result, runner.printed.summary()


def _references(ex, inputs, expected):
    """Each Reference's outputs, one per input: [(reference, [output, ...]), ...];
    BrokenExercise when the correct answer disagrees with one of them."""
    out = []
    for r in ex.references:
        values = [_numbers(ex, r.words, r.fn, *args) for args in inputs]
        if not all(_agree(ex, e, v, r.rtol, r.atol) for e, v in zip(expected, values)):
            raise BrokenExercise(
                f"exercise {ex.name!r} ({ex.notebook}): its correct answer disagrees with {r.words}"
            )
        out.append((r, values))
    return out


def _judge_outputs(ex, inputs, outputs):
    """Feedback for a learner's function's outputs, one per input."""
    expected = [_numbers(ex, "its correct answer", ex.answer, *args) for args in inputs]
    references = _references(ex, inputs, expected)
    failing = [
        (args, g, e, k)
        for k, (args, g, e) in enumerate(zip(inputs, outputs, expected))
        if not _agree(ex, g, e, *ex.tolerance())
    ]
    if not failing:
        agreeing = [
            r.words
            for r, values in references
            if all(_agree(ex, g, v, r.rtol, r.atol) for g, v in zip(outputs, values))
        ]
        return fb.correct(ex, " ".join(f"Your answer agrees with {w} too." for w in agreeing))
    mistake = _known_mistake(ex, inputs, outputs)
    if mistake is not None:
        return mistake
    if ex.returns == "arrays":
        return _wrong_parts(ex, failing, references)
    args, g, e, _ = failing[0]
    if not _same_shape(g, e):
        return fb.wrong(
            f"Not yet: for {_call_text(ex, args)} your function returned "
            f"{_shape_words(g)}; it should return {_shape_words(e)}",
        )
    g, e = np.squeeze(g), np.squeeze(e)
    shown_g, shown_e = shown_apart(g, e)
    text = (
        f"Not yet: for {_call_text(ex, args)} your function returned {shown_g}; "
        f"the correct result is {shown_e}"
    )
    if look_alike(g, e):
        text += f" ({tolerance_words(*ex.tolerance(), noun='result')})"
    return fb.wrong(text)


def _is(names):
    return "is" if len(names) == 1 else "are"


def _wrong_parts(ex, failing, references):
    """Feedback for an "arrays" result that is no known mistake: the first part of a
    wrong shape, else the parts whose values are wrong, the first of them shown beside
    the correct one, and whether each reference disagrees with it too."""
    for args, g, e, _ in failing:
        for name, gp, ep in zip(ex.parts, g, e):
            if gp.shape != ep.shape:
                note = ", the transpose of that" if gp.shape == ep.shape[::-1] else ""
                return fb.wrong(
                    f"Not yet: {name} should have shape {ep.shape}, yours has shape "
                    f"{gp.shape}{note} (called with {_call_text(ex, args)})",
                )
    args, g, e, k = failing[0]
    bad = [n for n in ex.parts if not _agree(ex, g, e, *ex.tolerance(), parts=(n,))]
    good = [n for n in ex.parts if n not in bad]
    name = bad[0]
    i = ex.parts.index(name)
    shown_g, shown_e = shown_apart(g[i], e[i])
    text = f"Not yet: for {_call_text(ex, args)}\nyour {listed(bad)} {_is(bad)} wrong"
    text += f" ({listed(good)} {_is(good)} right)" if good else ""
    text += f". Your {name} is\n{shown_g}\nthe correct {name} is\n{shown_e}"
    if look_alike(g[i], e[i]):
        text += f"\n({tolerance_words(*ex.tolerance(), noun='result')})"
    for r, values in references:
        if _agree(ex, g, values[k], r.rtol, r.atol, parts=(name,)):
            text += f"\n{r.words.capitalize()} agrees with your {name}, nnlib's does not"
        else:
            text += f"\n{r.words.capitalize()} disagrees with your {name} too"
    return fb.wrong(text)


def check_answer(ex, answer=...):
    """Compare answer with exercise ex's correct answer and typical mistakes.
    -> Feedback (prints as its message; true only when correct).  Never raises: a faulty
    answer gives "mistake", "wrong" or "error" feedback, a faulty exercise "broken"
    feedback naming what failed.  No answer (... or None) gives what is asked and "not
    answered yet"; a wrong answer, its diagnosis, with ex's hint from the second wrong
    answer to ex on (feedback.counted); what a learner's function printed comes last."""
    problems = ex.problems()
    if problems:
        return fb.broken(
            f"exercise {ex.name!r} ({ex.notebook}) is declared wrongly: " + "; ".join(problems)
        )
    if unanswered(answer):
        return fb.unanswered(ex)
    try:
        if ex.kind == "value":
            result, printed = _check_value(ex, answer), ""
        else:
            result, printed = _check_function(ex, answer)
    except BrokenExercise as err:
        return fb.broken(str(err))
    return fb.with_printed(fb.counted(ex, result), printed)
