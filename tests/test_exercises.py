"""Tests for nnlib.exercises: every exercise accepts a correct answer written the way a
learner would write it, rejects typical mistakes with their specific messages, handles
unanswered and raising answers, and never raises because of an answer.

LEARNER holds, for every exercise in the registry, a correct answer and at least three
typical mistakes, each written independently of nnlib, with the words its feedback must
contain.  A new exercise without an entry here fails test_every_exercise_has_cases."""

import warnings
from typing import Any, NamedTuple

import numpy as np
import pytest

import nnlib
from nnlib import exercises
from nnlib.exercises import EXERCISES, Feedback, check

NOTEBOOKS = ("00_start_here", "01_neuron", "02_activations", "03_losses", "04_forward_pass",
             "05_chain_rule", "06_numerical_vs_analytic", "07_gradient_descent")


def _sig(z):
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))


# The article's network, by hand: x = (1, 1), y = 0, W1[i, j] = w_(i+1)(j+1), w3 = (w31, w32, w33).
W1 = np.array([[0.8, 0.4, 0.3], [0.2, 0.9, 0.5]])
W3 = np.array([0.3, 0.5, 0.9])
X = np.array([1.0, 1.0])
A = _sig(X @ W1)
Y_HAT = float(A @ W3)
DC_DW12 = 2 * Y_HAT * W3[1] * A[1] * (1 - A[1]) * X[0]
DC_DW11 = 2 * Y_HAT * W3[0] * A[0] * (1 - A[0]) * X[0]


class Case(NamedTuple):
    correct: Any
    mistakes: tuple  # (answer, words its feedback must contain)


LEARNER = {
    "count_weights": Case(2 * 3 + 3 * 1, (
        (2 * 3, "only the weights from the inputs to the hidden layer"),
        (3 * 1, "only the weights into the output node"),
        (2 + 3, "you added layer sizes"),
        (2 * 3 + 3 * 1 + 3 + 1, "the article's network has none"),
    )),
    "count_params_with_biases": Case(2 * 3 + 3 * 1 + 3 + 1, (
        (9, "that is the weights alone"),
        (9 + 2 + 3 + 1, "inputs have no bias"),
        (9 + 3, "hidden nodes only"),
        (9 + 2, "one bias per layer"),
    )),
    "weighted_sum": Case(0.5 * 2.0 + 0.25 * -1.0 + 0.1, (
        (0.5 * 2.0 + 0.25 * -1.0, "the bias b is missing"),
        (0.5 * 2.0 + 0.25 * -1.0 - 0.1, "the bias is added, not subtracted"),
        (0.5 * 2.0 + 0.25 * 1.0 + 0.1, "the sign of x2 got lost"),
        (float(_sig(0.85)), "that is the activation sigma(z)"),
    )),
    "neuron_output": Case(lambda x, w, b: float(_sig(np.dot(w, x) + b)), (
        (lambda x, w, b: np.dot(w, x) + b, "you returned the weighted sum z"),
        (lambda x, w, b: float(_sig(np.dot(w, x))), "the bias is missing"),
        (lambda x, w, b: np.tanh(np.dot(w, x) + b), "that is tanh"),
        (lambda x, w, b: 1 / (1 + np.exp(np.dot(w, x) + b)), "sign error in the exponent"),
        (lambda x, w, b: _sig(w * x + b), "you returned one value per input"),
    )),
    "sigmoid_prime": Case(lambda z: _sig(z) * (1 - _sig(z)), (
        (lambda z: _sig(z), "missing the (1 - sigma) factor"),
        (lambda z: 1 - _sig(z), "missing the sigma factor"),
        (lambda z: z * (1 - z), "you applied s(1 - s) to z itself"),
        (lambda z: -_sig(z) * (1 - _sig(z)), "sign flipped"),
    )),
    "tanh_prime": Case(lambda z: 1 - np.tanh(z) ** 2, (
        (lambda z: 1 - np.asarray(z) ** 2, "you used z where tanh(z) belongs"),
        (lambda z: np.tanh(z), "that is tanh(z) itself"),
        (lambda z: 1 - np.tanh(z), "the square is missing"),
        (lambda z: np.tanh(z) ** 2 - 1, "sign flipped"),
        (lambda z: _sig(z) * (1 - _sig(z)), "that is the sigmoid's derivative"),
    )),
    "mse_grad": Case(lambda y_hat, y: 2 * (y_hat - y) / y_hat.size, (
        (lambda y_hat, y: (y_hat - y) / y_hat.size, "off by a factor of 2"),
        (lambda y_hat, y: 2 * (y_hat - y), "the 1/n of the mean is missing"),
        (lambda y_hat, y: 2 * (y - y_hat) / y_hat.size, "sign flipped"),
        (lambda y_hat, y: (y_hat - y) ** 2 / y_hat.size, "not its derivative"),
        (lambda y_hat, y: np.mean(2 * (y_hat - y)), "you returned one number"),
    )),
    "cross_entropy_row": Case(lambda p, target: -np.log(p[target]), (
        (lambda p, target: np.log(p[target]), "sign flipped"),
        (lambda p, target: -np.log10(p[target]), "not log10"),
        (lambda p, target: -np.log2(p[target]), "not log2"),
        (lambda p, target: -np.sum(np.log(p)), "over every class"),
        (lambda p, target: -np.log(p[0]), "you always used the first class"),
    )),
    "hidden_preactivations": Case(np.array([1.0, 2.0]) @ W1, (
        (_sig(np.array([1.0, 2.0]) @ W1), "those are the activations"),
        (X @ W1, "that is h at x = (1, 1)"),
        (np.array([2.0, 1.0]) @ W1, "you swapped x1 and x2"),
    )),
    "forward_y_hat": Case(lambda x, W1, W2: _sig(x @ W1) @ W2, (
        (lambda x, W1, W2: _sig(_sig(x @ W1) @ W2), "your output node applies the sigmoid"),
        (lambda x, W1, W2: (x @ W1) @ W2, "the hidden sigmoid is missing"),
        (lambda x, W1, W2: np.sum(_sig(x @ W1)), "without their weights"),
    )),
    "dC_dy_hat": Case(2 * (Y_HAT - 0.0), (
        (Y_HAT - 0.0, "off by a factor of 2"),
        (2 * (0.0 - Y_HAT), "sign flipped"),
        ((Y_HAT - 0.0) ** 2, "that is the loss C itself"),
        (2 * (0.3 * 0.73 + 0.5 * 0.79 + 0.9 * 0.69), "rounded to two decimals"),
    )),
    "dC_dw12": Case(DC_DW12, (
        (2 * Y_HAT * W3[1] * X[0], "missing the sigma(1 - sigma) factor"),
        (2 * Y_HAT * W3[1] * A[1] * X[0], "you multiplied by a12"),
        (Y_HAT * W3[1] * A[1] * (1 - A[1]) * X[0], "off by a factor of 2"),
        (-DC_DW12, "sign flipped"),
        (DC_DW11, "that is dC/dw11"),
    )),
    "central_difference": Case(lambda f, x, eps: (f(x + eps) - f(x - eps)) / (2 * eps), (
        (lambda f, x, eps: (f(x + eps) - f(x)) / eps, "that is the forward difference"),
        (lambda f, x, eps: (f(x + eps) - f(x - eps)) / eps, "off by a factor of 2"),
        (lambda f, x, eps: (f(x - eps) - f(x + eps)) / (2 * eps), "sign flipped"),
        (lambda f, x, eps: (f(x) - f(x - eps)) / eps, "backward difference"),
    )),
    "forward_passes": Case(lambda n_weights: 2 * n_weights, (
        (lambda n_weights: n_weights, "one pass per weight"),
        (lambda n_weights: n_weights + 1, "the forward difference's count"),
        (lambda n_weights: 2 * n_weights + 1, "never evaluates C at w itself"),
        (lambda n_weights: 2, "that is backprop's cost"),
    )),
    "sgd_update": Case(lambda w, grad, lr: w - lr * grad, (
        (lambda w, grad, lr: w + lr * grad, "that step goes uphill"),
        (lambda w, grad, lr: w - grad, "the learning rate is missing"),
        (lambda w, grad, lr: lr * grad, "you returned the step lr * grad"),
        (lambda w, grad, lr: w - lr, "you subtracted lr alone"),
    )),
    "new_w11": Case(0.8 - 0.1 * DC_DW11, (
        (0.8 + 0.1 * DC_DW11, "that step goes uphill"),
        (0.8 - DC_DW11, "the learning rate is missing"),
        (0.1 * DC_DW11, "that is the step lr * dC/dw11"),
        (0.8 - 0.1 * DC_DW11 / 2, "off by a factor of 2"),
    )),
}

NAMES = sorted(EXERCISES)


def _boom(*args):
    raise ZeroDivisionError("division by zero")


def test_every_exercise_has_cases():
    assert set(LEARNER) == set(EXERCISES)


@pytest.mark.parametrize("name", NAMES)
def test_registry_entry_is_complete(name):
    ex = EXERCISES[name]
    assert ex.name == name
    assert ex.notebook in NOTEBOOKS
    assert ex.kind in exercises.KINDS
    assert ex.hint and ex.form
    assert len(ex.mistakes) >= 3
    assert len({m.message for m in ex.mistakes}) == len(ex.mistakes)
    if ex.kind == "function":
        assert len(ex.cases) >= 3 and all(len(c) == len(ex.params) for c in ex.cases)


@pytest.mark.parametrize("name", NAMES)
def test_each_mistake_is_told_apart(name):
    """Each computed mistake differs from the correct answer and from the other mistakes,
    so each message can be reached, and feeding it back yields exactly that message."""
    ex = EXERCISES[name]
    for m in ex.mistakes:
        answer = m.wrong() if ex.kind == "value" else m.wrong
        fb = check(name, answer)
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


@pytest.mark.parametrize("name", NAMES)
def test_unanswered_gives_the_hint(name):
    for answer in (..., None):
        fb = check(name, answer)
        assert (fb.ok, fb.kind) == (False, "unanswered")
        assert repr(fb).startswith("not answered yet")
        assert EXERCISES[name].hint in repr(fb)
    assert check(name).kind == "unanswered"


@pytest.mark.parametrize("name", [n for n in NAMES if EXERCISES[n].kind == "function"])
def test_function_with_empty_body_is_unanswered(name):
    def my_answer(*args):
        ...  # the cell as the notebook ships it

    fb = check(name, my_answer)
    assert fb.kind == "unanswered"
    assert fb.message.startswith("not answered yet")
    assert EXERCISES[name].hint in fb.message


@pytest.mark.parametrize("name", [n for n in NAMES if EXERCISES[n].kind == "function"])
def test_raising_function_is_reported_not_raised(name):
    fb = check(name, _boom)
    assert (fb.ok, fb.kind) == (False, "error")
    assert fb.message.startswith("Your function raised ZeroDivisionError: division by zero")
    assert "called with " + EXERCISES[name].params[0] + " = " in fb.message


def test_error_message_shows_the_failing_input():
    fb = check("sigmoid_prime", lambda z: 1.0 / z * 0.0 + 0.25)
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
    fb = check("hidden_preactivations", [1.2, 2.2])
    assert fb.kind == "wrong"
    assert "should be three numbers (h11, h12, h13), but it is an array of shape (2,)" in fb.message
    assert check("count_weights", [9, 9]).message.startswith(
        "Not yet: the answer should be a whole number, but it is an array of shape (2,)")


def test_value_answers_accept_equivalent_forms():
    assert check("hidden_preactivations", (1.2, 2.2, 1.3)).ok
    assert check("hidden_preactivations", np.array([[1.2], [2.2], [1.3]])).ok
    assert check("count_weights", 9.0).ok
    assert check("count_weights", np.int64(9)).ok


def test_wrong_function_output_names_input_and_expected():
    fb = check("sigmoid_prime", lambda z: np.zeros_like(np.asarray(z, dtype=float)))
    assert fb.kind == "wrong"
    assert fb.message.startswith(
        "Not yet: for z = 0 your function returned 0; the correct result is 0.25")
    fb = check("tanh_prime", lambda z: np.ones(3))
    assert fb.kind == "wrong" and "returned an array of shape (3,)" in fb.message
    fb = check("mse_grad", lambda y_hat, y: "steep")
    assert fb.kind == "wrong" and "should return an array shaped like y_hat" in fb.message


def test_missing_return_after_first_call_is_explained():
    calls = []

    def my_sgd_update(w, grad, lr):
        calls.append(1)
        if len(calls) == 1:
            return w - lr * grad

    fb = check("sgd_update", my_sgd_update)
    assert fb.kind == "wrong" and "did you forget `return`?" in fb.message


def test_rounded_value_is_called_close():
    fb = check("dC_dy_hat", round(2 * Y_HAT, 3))
    assert fb.kind == "wrong" and "close, but not exact" in fb.message
    fb = check("dC_dy_hat", 10.0)
    assert fb.kind == "wrong" and fb.message.startswith("Not yet: 10 is not the value asked for")


def test_function_changing_its_inputs_in_place_is_judged_fairly():
    def my_sgd_update(w, grad, lr):
        w = np.asarray(w, dtype=float)
        w -= lr * grad
        grad *= 0.0
        return w

    assert check("sgd_update", my_sgd_update).ok
    assert check("sgd_update", LEARNER["sgd_update"].correct).ok


def test_overflowing_function_gives_feedback_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fb = check("sigmoid_prime", lambda z: np.exp(np.asarray(z, dtype=float) * 1000.0))
    assert fb.kind == "wrong"


def test_known_answers():
    """The registry's answers match values known independently of nnlib."""
    assert EXERCISES["count_weights"].expected() == 9
    assert EXERCISES["count_params_with_biases"].expected() == 13
    assert np.isclose(EXERCISES["weighted_sum"].expected(), 0.85)
    assert np.allclose(EXERCISES["hidden_preactivations"].expected(), [1.2, 2.2, 1.3])
    assert np.isclose(EXERCISES["dC_dy_hat"].expected(), 2 * Y_HAT)
    assert np.isclose(EXERCISES["dC_dw12"].expected(), DC_DW12)
    assert np.isclose(EXERCISES["new_w11"].expected(), 0.8 - 0.1 * DC_DW11)
    ex = EXERCISES["forward_passes"]
    assert [int(v) for v in ex.expected()] == [2 * c[0] for c in ex.cases]


def test_feedback_prints_as_its_message():
    answers = (9, 6, 7, ..., "nine")
    feedback = [check("count_weights", a) for a in answers]
    assert [fb.kind for fb in feedback] == ["correct", "mistake", "wrong", "unanswered", "wrong"]
    assert check("sgd_update", _boom).kind == "error"
    for fb in feedback:
        assert fb.kind in exercises.FEEDBACK_KINDS
        assert repr(fb) == str(fb) == fb.message


def test_unknown_exercise_lists_the_names():
    with pytest.raises(ValueError, match="count_weights, count_params_with_biases") as err:
        check("count_neurons", 6)
    assert "'count_neurons'" in str(err.value)
    with pytest.raises(TypeError, match="name must be an exercise name"):
        check(3, 6)


def test_for_notebook_lists_each_notebooks_exercises_in_order():
    assert [ex.name for ex in exercises.for_notebook("00_start_here")] == [
        "count_weights", "count_params_with_biases"]
    for nb in NOTEBOOKS:
        assert len(exercises.for_notebook(nb)) >= 2


def test_nnlib_exposes_exercises_lazily():
    assert nnlib.exercises is exercises
