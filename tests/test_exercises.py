"""Tests for nnlib.exercises: every exercise accepts a correct answer written the way a
learner would write it, rejects typical mistakes with their specific messages, handles
unanswered and raising answers, and never raises because of an answer.  The hint is
never shown before an attempt: an unanswered exercise states what is asked, the first
wrong answer gets its diagnosis alone, and the hint comes on request (hint(name)) or
with the second wrong answer.  Wrong answers are counted per exercise for the session;
each test starts with the count at zero (forget_attempts), so their order does not
matter.

learner_answers.LEARNER holds, for every exercise in the registry, a correct answer and
at least three typical mistakes, each written independently of nnlib, with the words its
feedback must contain.  A new exercise without an entry there fails
test_every_exercise_has_cases.

The last tests check the registry's shape: importing it computes nothing, a faulty entry
is reported for itself alone, and what an exercise asks for is declared in fields."""

import dataclasses
import json
import subprocess
import sys
import warnings
from types import MappingProxyType

import numpy as np
import pytest
from course import NOTEBOOKS
from learner_answers import LEARNER

import nnlib
from nnlib import exercises
from nnlib.exercises import EXERCISES, Exercise, Feedback, Hint, Mistake, check, hint
from nnlib.exercises.engine import check_answer
from nnlib.exercises.feedback import wrong_answers

NAMES = sorted(EXERCISES)


@pytest.fixture(autouse=True)
def no_attempts_yet():
    """Every test starts, and leaves, with no wrong answer counted."""
    exercises.forget_attempts()
    yield
    exercises.forget_attempts()


def _square(z):
    return np.asarray(z, dtype=float) ** 2


# An exercise of the tests' own, so the engine's behaviour is tested whatever the
# notebooks ask.
SQUARE = Exercise(
    "square",
    "01_neuron",
    kind="function",
    returns="array",
    hint="multiply z by itself, elementwise",
    what="an array shaped like z",
    signature="my_square(z)",
    params=("z",),
    cases=lambda: ((0.0,), (np.array([1.0, -2.0]),), (3.0,)),
    answer=_square,
    mistakes=(
        Mistake("you doubled z instead of squaring it", lambda z: 2 * np.asarray(z, float)),
        Mistake("you returned z itself", lambda z: np.asarray(z, float)),
        Mistake("sign flipped", lambda z: -_square(z)),
    ),
)


def _slope(z):
    s = 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))
    return s * (1.0 - s)


SLOPE = dataclasses.replace(
    SQUARE, name="slope", signature="my_slope(z)", answer=_slope, mistakes=(),
    cases=lambda: ((0.0,), (np.array([-2.0, 0.5, 3.0]),), (-1.0,)),
)  # fmt: skip
NUMBER = Exercise(
    "a_number", "05_chain_rule", kind="value", returns="number", hint="h",
    answer=lambda: 2.466424196250264, mistakes=(),
)  # fmt: skip
WHOLE = Exercise(
    "a_count", "00_start_here", kind="value", returns="integer", hint="h", answer=lambda: 9,
    mistakes=(Mistake("you counted the nodes, not the weights", lambda: 6),),
)  # fmt: skip
THREE = Exercise(
    "three", "04_forward_pass", kind="value", returns="array", hint="h",
    what="three numbers (h11, h12, h13)", answer=lambda: np.array([1.2, 2.2, 1.3]), mistakes=(),
)  # fmt: skip


def first_try(name, answer):
    """check(name, answer) as the first answer to name: its feedback carries no hint."""
    exercises.forget_attempts()
    return check(name, answer)


def _boom(*args):
    raise ZeroDivisionError("division by zero")


def test_every_exercise_has_cases():
    assert set(LEARNER) == set(EXERCISES)


@pytest.mark.parametrize("name", NAMES)
def test_registry_entry_is_complete(name):
    ex = EXERCISES[name]
    assert ex.name == name
    assert ex.notebook in NOTEBOOKS
    assert ex.kind in exercises.KINDS and ex.returns in exercises.RETURNS
    assert ex.problems() == ()
    assert ex.hint and ex.form
    assert len(ex.mistakes) >= 3
    assert len({m.message for m in ex.mistakes}) == len(ex.mistakes)
    if ex.kind == "function":
        cases = ex.inputs()
        assert len(cases) >= 3 and all(len(c) == len(ex.params) for c in cases)


@pytest.mark.parametrize("name", NAMES)
def test_each_mistake_is_told_apart(name):
    """Each computed mistake differs from the correct answer and from the other mistakes,
    so each message can be reached, and feeding it back yields exactly that message."""
    ex = EXERCISES[name]
    for m in ex.mistakes:
        answer = m.wrong() if ex.kind == "value" else m.wrong
        fb = first_try(name, answer)
        assert fb.kind == "mistake" and fb.message == f"Not yet: {m.message}."


@pytest.mark.parametrize("name", NAMES)
def test_correct_answer_is_accepted(name):
    fb = check(name, LEARNER[name].correct)
    assert isinstance(fb, Feedback)
    assert (fb.ok, fb.kind) == (True, "correct")
    assert repr(fb).startswith("Correct!")


@pytest.mark.parametrize("name", NAMES)
def test_typical_mistakes_get_their_messages(name):
    messages = set()
    for answer, words in LEARNER[name].mistakes:
        fb = check(name, answer)
        assert (fb.ok, fb.kind) == (False, "mistake"), (words, fb.message)
        assert words in fb.message
        messages.add(fb.message)
    assert len(messages) == len(LEARNER[name].mistakes) >= 3


def _asked(ex):
    """What an unanswered exercise says it asks for, written out here."""
    return ex.form if ex.kind == "value" else f"a function, {ex.form}"


@pytest.mark.parametrize("name", NAMES)
def test_unanswered_states_what_is_asked_and_no_hint(name):
    ex = EXERCISES[name]
    for answer in (..., None):
        fb = check(name, answer)
        assert (fb.ok, fb.kind) == (False, "unanswered")
        assert repr(fb) == f"not answered yet: {name} asks for {_asked(ex)}"
        assert ex.hint not in repr(fb) and "Hint" not in repr(fb)
    assert check(name).kind == "unanswered"
    assert wrong_answers(name) == 0


@pytest.mark.parametrize("name", [n for n in NAMES if EXERCISES[n].kind == "function"])
def test_function_with_empty_body_is_unanswered(name):
    def my_answer(*args): ...  # the cell as the notebook ships it

    for _ in range(3):  # not answering is no wrong answer: the hint never comes
        fb = check(name, my_answer)
        assert fb.kind == "unanswered"
        assert fb.message == (
            f"not answered yet: {name} asks for {_asked(EXERCISES[name])}; "
            "your function returns nothing so far"
        )
    assert wrong_answers(name) == 0


@pytest.mark.parametrize("name", NAMES)
def test_hint_comes_from_the_second_wrong_answer_on(name):
    ex = EXERCISES[name]
    (first, _), (second, _), (third, _) = LEARNER[name].mistakes[:3]
    fb = check(name, first)
    assert fb.kind == "mistake" and "Hint" not in fb.message and ex.hint not in fb.message
    for answer in (second, third):
        fb = check(name, answer)
        assert fb.kind == "mistake"
        assert fb.message.endswith(f"\nHint: {ex.hint}")
        assert fb.message.count("Hint: ") == 1
    assert wrong_answers(name) == 3


def test_every_kind_of_wrong_answer_counts_and_others_do_not():
    """A mistake, a wrong value and a raising function count as wrong answers; no answer,
    a correct one and a broken exercise do not; each exercise is counted on its own."""
    other = dataclasses.replace(SQUARE, name="other_square")
    fb = check_answer(SQUARE, _boom)
    assert fb.kind == "error" and "Hint" not in fb.message
    assert "Hint" not in check_answer(other, "steep").message
    broken = dataclasses.replace(SQUARE, answer=_boom)
    for answer in (..., None, lambda z: None, _square):
        assert "Hint" not in check_answer(SQUARE, answer).message
    assert check_answer(broken, lambda z: z).kind == "broken"
    assert wrong_answers("square") == 1
    fb = check_answer(SQUARE, "steep")
    assert fb.kind == "wrong" and fb.message.endswith("\nHint: multiply z by itself, elementwise")
    assert check_answer(SQUARE, _square).message == "Correct!"
    fb = check_answer(SQUARE, lambda z: 2 * np.asarray(z, float))  # nothing was reset
    assert fb.message == "Not yet: you doubled z instead of squaring it.\nHint: " + SQUARE.hint
    assert (wrong_answers("square"), wrong_answers("other_square")) == (3, 1)


def test_the_hint_comes_before_what_the_function_printed():
    def my_square(z):
        print("z is", z)
        return z + 1.0

    first = check_answer(SQUARE, my_square).message
    second = check_answer(SQUARE, my_square).message
    diagnosis, printed = first.split("\nYour function printed:\n")
    assert diagnosis == "Not yet: for z = 0 your function returned 1; the correct result is 0"
    assert "Hint" not in first and printed.startswith("    z is 0.0\n")
    assert second == f"{diagnosis}\nHint: {SQUARE.hint}\nYour function printed:\n{printed}"


def test_forget_attempts_starts_the_count_again():
    check_answer(SQUARE, _boom)
    check_answer(SQUARE, _boom)
    exercises.forget_attempts()
    assert wrong_answers("square") == 0
    assert "Hint" not in check_answer(SQUARE, _boom).message


def test_unanswered_says_what_is_asked_in_words():
    assert check_answer(SQUARE, ...).message == (
        "not answered yet: square asks for a function, my_square(z) returning an array "
        "shaped like z"
    )
    count = Exercise(
        "n", "01_neuron", kind="value", returns="integer", hint="h", answer=lambda: 9, mistakes=()
    )
    assert check_answer(count, None).message == "not answered yet: n asks for a whole number"


@pytest.mark.parametrize("name", NAMES)
def test_hint_on_request(name):
    shown = hint(name)
    assert isinstance(shown, Hint) and (shown.name, shown.text) == (name, EXERCISES[name].hint)
    assert repr(shown) == str(shown) == f"Hint: {EXERCISES[name].hint}"
    assert wrong_answers(name) == 0  # asking for the hint is no wrong answer


def test_hint_rejects_unknown_names_as_check_does():
    with pytest.raises(ValueError, match="name must be one of the exercises ") as err:
        hint("count_neurons")
    assert "'count_neurons'" in str(err.value) and NAMES[0] in str(err.value)
    with pytest.raises(TypeError, match="name must be an exercise name"):
        hint(3)


@pytest.mark.parametrize("name", [n for n in NAMES if EXERCISES[n].kind == "function"])
def test_raising_function_is_reported_not_raised(name):
    fb = check(name, _boom)
    assert (fb.ok, fb.kind) == (False, "error")
    assert fb.message.startswith("Your function raised ZeroDivisionError: division by zero")
    assert "called with " + EXERCISES[name].params[0] + " = " in fb.message


def test_error_message_shows_the_failing_input():
    fb = check_answer(SLOPE, lambda z: 1.0 / z * 0.0 + 0.25)
    assert fb.kind == "error"
    assert "ZeroDivisionError" in fb.message and "(called with z = 0)" in fb.message


@pytest.mark.parametrize("name", NAMES)
def test_wrong_kind_of_answer_is_explained(name):
    ex = EXERCISES[name]
    if ex.kind == "value":
        fb = check(name, lambda: LEARNER[name].correct)
        assert fb.kind == "wrong" and "asks for a value" in fb.message
    else:
        fb = check(name, 0.5)
        assert fb.kind == "wrong" and "asks for a function" in fb.message
        assert "you passed 0.5 (float)" in fb.message
    fb = check(name, "forty-two")
    assert fb.kind == "wrong" and "'forty-two' (str)" in fb.message


def test_wrong_shape_of_value_is_explained():
    fb = check_answer(THREE, [1.2, 2.2])
    assert fb.kind == "wrong"
    assert "should be three numbers (h11, h12, h13), but it is an array of shape (2,)" in fb.message
    assert check_answer(WHOLE, [9, 9]).message.startswith(
        "Not yet: the answer should be a whole number, but it is an array of shape (2,)"
    )


def test_value_answers_accept_equivalent_forms():
    assert check_answer(THREE, (1.2, 2.2, 1.3)).ok
    assert check_answer(THREE, np.array([[1.2], [2.2], [1.3]])).ok
    assert check_answer(WHOLE, 9.0).ok
    assert check_answer(WHOLE, np.int64(9)).ok


def test_wrong_function_output_names_input_and_expected():
    fb = check_answer(SLOPE, lambda z: np.zeros_like(np.asarray(z, dtype=float)))
    assert fb.kind == "wrong"
    assert fb.message == "Not yet: for z = 0 your function returned 0; the correct result is 0.25"
    fb = check_answer(SLOPE, lambda z: np.ones(3))
    assert fb.kind == "wrong" and "returned an array of shape (3,)" in fb.message
    fb = check_answer(SLOPE, lambda z: "steep")
    assert fb.kind == "wrong" and "should return an array shaped like z" in fb.message


def test_missing_return_after_first_call_is_explained():
    calls = []

    def my_square(z):
        calls.append(1)
        if len(calls) == 1:
            return z * z

    fb = check_answer(SQUARE, my_square)
    assert fb.kind == "wrong" and "did you forget `return`?" in fb.message


def test_rounded_value_is_called_close():
    fb = check_answer(NUMBER, round(NUMBER.expected(), 3))
    assert fb.kind == "wrong" and "close, but not exact" in fb.message
    fb = check_answer(NUMBER, 10.0)
    assert fb.kind == "wrong" and fb.message.startswith("Not yet: 10 is not the value asked for")


def test_function_changing_its_inputs_in_place_is_judged_fairly():
    def my_square(z):
        z = np.asarray(z)  # the case's own array when z is one
        z *= z
        return z

    assert check_answer(SQUARE, my_square).ok
    assert check_answer(SQUARE, my_square).ok
    assert check_answer(SQUARE, _square).ok


def test_overflowing_function_gives_feedback_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fb = check_answer(SLOPE, lambda z: np.exp(np.asarray(z, dtype=float) * 1000.0))
    assert fb.kind == "wrong"


@pytest.mark.parametrize("name", [n for n in NAMES if EXERCISES[n].kind == "value"])
def test_known_answers(name):
    """The registry's values match the ones learner_answers computes without nnlib."""
    expected = np.asarray(EXERCISES[name].expected(), dtype=float)
    assert np.allclose(np.squeeze(expected), np.squeeze(LEARNER[name].correct), rtol=1e-9)


def test_feedback_prints_as_its_message():
    answers = (9, 6, 7, ..., "nine")
    feedback = [check_answer(WHOLE, a) for a in answers]
    assert [fb.kind for fb in feedback] == ["correct", "mistake", "wrong", "unanswered", "wrong"]
    assert check_answer(SQUARE, _boom).kind == "error"
    for fb in feedback:
        assert fb.kind in exercises.FEEDBACK_KINDS
        assert repr(fb) == str(fb) == fb.message


def test_unknown_exercise_lists_the_names():
    with pytest.raises(ValueError, match=", ".join(list(EXERCISES)[:2])) as err:
        check("count_neurons", 6)
    assert "'count_neurons'" in str(err.value)
    with pytest.raises(TypeError, match="name must be an exercise name"):
        check(3, 6)


def test_for_notebook_lists_each_notebooks_exercises_in_order():
    for module in exercises.NOTEBOOK_MODULES:
        asked = [ex.name for ex in exercises.for_notebook(module.NOTEBOOK)]
        assert asked == [ex.name for ex in module.EXERCISES]
    for nb in NOTEBOOKS:
        assert len(exercises.for_notebook(nb)) >= 2


def test_nnlib_exposes_exercises_lazily():
    assert nnlib.exercises is exercises


# --- the registry: lazy, one module per notebook, faults kept to their exercise ------

# Imports nnlib.exercises under a profiler and prints what ran: every function of nnlib
# (but module and class bodies, and functions that return an Exercise: declarations) and
# every numpy function.
_PROFILED_IMPORT = """
import inspect, json, sys
import nnlib
ran = {}

def body(code, frame):
    if code.co_name in ("<listcomp>", "<dictcomp>", "<setcomp>", "<genexpr>"):
        code = frame.f_back.f_code     # a comprehension: judged by where it runs
    return not code.co_flags & inspect.CO_OPTIMIZED

def profile(frame, event, arg):
    code = frame.f_code
    where = code.co_filename.replace(chr(92), "/")
    if event == "call" and "/nnlib/" in where and not body(code, frame):
        ran[frame] = code.co_qualname
    elif event == "return" and frame in ran and type(arg).__name__ == "Exercise":
        del ran[frame]
    elif event == "call" and "/numpy/" in where:
        ran[frame] = "numpy: " + code.co_qualname
    elif event == "c_call" and str(getattr(arg, "__module__", "")).startswith("numpy"):
        ran[object()] = "numpy: " + arg.__name__

sys.setprofile(profile)
import nnlib.exercises
sys.setprofile(None)
print(json.dumps({"ran": list(ran.values()), "n": len(nnlib.exercises.EXERCISES)}))
"""


def test_importing_the_exercises_computes_nothing():
    """In a fresh interpreter, importing nnlib.exercises builds no network and computes no
    answer, mistake or case: no function of nnlib runs but those declaring exercises, and
    no numpy function is called."""
    result = subprocess.run(
        [sys.executable, "-c", _PROFILED_IMPORT], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out == {"ran": [], "n": len(EXERCISES)}


def test_registry_holds_functions_not_values():
    for ex in EXERCISES.values():
        assert callable(ex.answer) and all(callable(m.wrong) for m in ex.mistakes)
        assert callable(ex.cases) if ex.kind == "function" else ex.cases is None


def test_each_notebook_module_declares_its_own_exercises():
    names = [ex.name for module in exercises.NOTEBOOK_MODULES for ex in module.EXERCISES]
    assert len(names) == len(set(names)) == len(EXERCISES)
    for module in exercises.NOTEBOOK_MODULES:
        assert module.__name__.rsplit(".", 1)[1] == "nb" + module.NOTEBOOK
        assert {ex.notebook for ex in module.EXERCISES} == {module.NOTEBOOK}


def test_registry_is_read_only():
    assert isinstance(EXERCISES, MappingProxyType)
    with pytest.raises(TypeError):
        EXERCISES[NAMES[0]] = None
    with pytest.raises(dataclasses.FrozenInstanceError):
        EXERCISES[NAMES[0]].answer = lambda: 6


def _correct_everywhere_but(broken):
    """Every exercise but those in broken accepts its correct answer."""
    for name in NAMES:
        fb = check(name, LEARNER[name].correct)
        assert fb.kind == ("broken" if name in broken else "correct"), (name, fb.message)


@pytest.mark.parametrize("part", ["answer", "cases", "mistakes"])
def test_a_broken_entry_is_reported_for_itself_only(monkeypatch, part):
    name = "backward_batch" if part == "cases" else "dC_dw22"
    ex = EXERCISES[name]
    broken = {
        "answer": _boom,
        "cases": _boom,
        "mistakes": (Mistake("never shown", _boom),) + ex.mistakes,
    }[part]
    registry = dict(EXERCISES, **{name: dataclasses.replace(ex, **{part: broken})})
    monkeypatch.setattr(exercises, "EXERCISES", registry)
    answer = LEARNER[name].mistakes[0][0] if part == "mistakes" else LEARNER[name].correct
    fb = check(name, answer)
    assert (fb.ok, fb.kind) == (False, "broken")
    what = {"answer": "its correct answer", "cases": "its cases", "mistakes": "its mistake no. 1"}[
        part
    ]
    assert fb.message.startswith(
        f"This exercise cannot be checked: exercise {name!r} ({ex.notebook}) could not "
        f"compute {what}: ZeroDivisionError: division by zero\n"
    )
    assert "not in your answer" in fb.message
    assert check(name).kind == "unanswered"
    _correct_everywhere_but(set() if part == "mistakes" else {name})


def test_a_broken_nnlib_function_breaks_only_the_exercises_that_use_it(monkeypatch):
    class Broken:
        def __init__(self, *args, **kwargs):
            raise RuntimeError("SeedNetwork is being rebuilt")

    monkeypatch.setattr(nnlib.network, "SeedNetwork", Broken)
    feedback = {name: check(name, LEARNER[name].correct) for name in NAMES}
    uses_it = {name for name, fb in feedback.items() if fb.kind == "broken"}
    assert uses_it and uses_it != set(NAMES)
    for name in uses_it:
        assert "RuntimeError: SeedNetwork is being rebuilt" in feedback[name].message
    _correct_everywhere_but(uses_it)


def test_a_wrongly_declared_exercise_is_reported_when_checked():
    ex = Exercise(
        "bad",
        "01_neuron",
        kind="values",
        returns="array",
        hint="h",
        answer=lambda: 1.0,
        mistakes=(),
    )
    assert ex.problems() == (
        "kind must be one of ('value', 'function'), got 'values'",
        "an array answer needs what, the words that describe it",
    )
    fb = check_answer(ex, 1.0)
    assert fb.kind == "broken" and "'bad' (01_neuron) is declared wrongly: kind must" in fb.message


def test_kinds_and_answer_words_are_fields():
    """What an exercise asks for comes from its fields, not from parsing its prose."""
    names = {f.name for f in dataclasses.fields(Exercise)}
    assert {"kind", "returns", "what", "signature", "params", "cases"} <= names
    ex = Exercise(
        "q",
        "01_neuron",
        kind="function",
        returns="array",
        hint="h",
        what="an array shaped like q",
        signature="my_f(q)",
        params=("q",),
        cases=lambda: ((np.ones(2),),),
        answer=lambda q: 2 * q,
        mistakes=(),
    )
    assert ex.form == "my_f(q) returning an array shaped like q"
    assert "should return an array shaped like q, but" in check_answer(ex, lambda q: "x").message
    assert "asks for a function, my_f(q) returning" in check_answer(ex, 2.0).message
    assert check_answer(ex, lambda q: q + q).ok
    integer = Exercise(
        "n", "01_neuron", kind="value", returns="integer", hint="h", answer=lambda: 9, mistakes=()
    )
    number = dataclasses.replace(integer, returns="number")
    assert (integer.form, integer.tolerance()) == ("a whole number", (0.0, 0.0))
    assert (number.form, number.tolerance()) == ("a number", (1e-6, 1e-9))
    assert check_answer(number, 9 + 1e-7).ok and not check_answer(integer, 9 + 1e-7).ok
    assert {ex.returns for ex in EXERCISES.values()} == set(exercises.RETURNS)
