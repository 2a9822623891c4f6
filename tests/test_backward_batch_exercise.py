"""Tests for 06_backward_pass's exercises: "backward_batch" (the batch backward pass in
matrix form, checked part by part against nnlib and a numerical gradient, its typical
mistakes told apart) and "dC_dw22" (a backward pass by hand); and the containment of a
learner's function: copies, a time limit, and the learner's own line in the feedback."""

import dataclasses
import threading

import numpy as np
import pytest

import nnlib
from nnlib import exercises
from nnlib.exercises import EXERCISES, Mistake, check, running
from nnlib.exercises.engine import check_answer


@pytest.fixture(autouse=True)
def no_attempts_yet():
    """Each test starts with no wrong answer counted: its first one gets no hint."""
    exercises.forget_attempts()
    yield
    exercises.forget_attempts()


def _sig(z):
    return 1.0 / (1.0 + np.exp(-z))


def _passes(X, Y, W1, b1, W2, b2):
    """The forward pass and dZ2, dZ1, by hand."""
    Z1 = X @ W1 + b1
    A1 = _sig(Z1)
    dZ2 = 2.0 * (A1 @ W2 + b2 - Y) / X.shape[0]
    dA1 = dZ2 @ W2.T
    return Z1, A1, dZ2, dA1


def backward(X, Y, W1, b1, W2, b2):
    Z1, A1, dZ2, dA1 = _passes(X, Y, W1, b1, W2, b2)
    dZ1 = dA1 * A1 * (1.0 - A1)
    return X.T @ dZ1, dZ1.sum(axis=0), A1.T @ dZ2, dZ2.sum(axis=0)


def _changed(**change):
    """backward with one line changed: each keyword a function of the named locals."""

    def my_backward(X, Y, W1, b1, W2, b2):
        Z1, A1, dZ2, dA1 = _passes(X, Y, W1, b1, W2, b2)
        local = {"X": X, "Z1": Z1, "A1": A1, "dZ2": dZ2, "dA1": dA1, "N": X.shape[0]}
        if "dZ2" in change:
            local["dZ2"] = dZ2 = change["dZ2"](local)
            local["dA1"] = dA1 = dZ2 @ W2.T
        dZ1 = change.get("dZ1", lambda v: dA1 * A1 * (1.0 - A1))(local)
        local["dZ1"] = dZ1
        parts = {
            "dW1": lambda v: X.T @ dZ1,
            "db1": lambda v: dZ1.sum(axis=0),
            "dW2": lambda v: A1.T @ dZ2,
            "db2": lambda v: dZ2.sum(axis=0),
        }
        return tuple(change.get(name, parts[name])(local) for name in parts)

    return my_backward


def _message(fb):
    assert (fb.ok, fb.kind) == (False, "mistake"), fb.message
    return fb.message


# --- the correct answer -----------------------------------------------------------------


def test_a_correct_backward_is_accepted_and_confirmed_numerically():
    fb = check("backward_batch", backward)
    assert (fb.ok, fb.kind) == (True, "correct"), fb.message
    assert "equal nnlib.backprop.batch_backward's" in fb.message
    assert fb.message.endswith(
        "Your answer agrees with a central-difference numerical gradient too."
    )


def test_the_cases_are_batches_with_biases():
    cases = EXERCISES["backward_batch"].inputs()
    assert len(cases) >= 3
    sizes = [X.shape[0] for X, *_ in cases]
    assert max(sizes) >= 3 and len(set(sizes)) == len(sizes)
    for X, Y, W1, b1, W2, b2 in cases:
        n = X.shape[0]
        assert (X.shape, Y.shape, W1.shape, b1.shape, W2.shape, b2.shape) == (
            (n, 2),
            (n, 1),
            (2, 3),
            (3,),
            (3, 1),
            (1,),
        )
        assert np.all(b1 != 0) and np.all(b2 != 0)
    again = EXERCISES["backward_batch"].inputs()
    for a, b in zip(cases, again):
        for x, y in zip(a, b):
            np.testing.assert_array_equal(x, y)


def test_equivalent_forms_are_accepted():
    """A list instead of a tuple, np.dot and einsum: the same gradients."""

    def mine(X, Y, W1, b1, W2, b2):
        A1 = _sig(np.dot(X, W1) + b1)
        dZ2 = 2 * (np.dot(A1, W2) + b2 - Y) / len(X)
        dZ1 = np.einsum("nk,jk->nj", dZ2, W2) * A1 * (1 - A1)
        return [np.dot(X.T, dZ1), np.sum(dZ1, axis=0), np.dot(A1.T, dZ2), np.sum(dZ2, axis=0)]

    assert check("backward_batch", mine).ok


# --- the typical mistakes -----------------------------------------------------------------


@pytest.mark.parametrize(
    "change, words",
    [
        ({"dZ2": lambda v: v["dZ2"] * v["N"]}, "you forgot to average over the batch"),
        ({"dZ2": lambda v: v["dZ2"] / 2}, "off by a factor of 2"),
        ({"dZ2": lambda v: -v["dZ2"]}, "sign flipped"),
        ({"db1": lambda v: v["dZ1"]}, "db1 has one row per example"),
        ({"db2": lambda v: v["dZ2"]}, "db2 has one row per example"),
        ({"db1": lambda v: v["dZ1"], "db2": lambda v: v["dZ2"]}, "db1 has one row per example"),
        (
            {"db1": lambda v: v["dZ1"].mean(axis=0), "db2": lambda v: v["dZ2"].mean(axis=0)},
            "db1 and db2 are averaged over the batch",
        ),
        (
            {"db1": lambda v: v["dZ1"][0], "db2": lambda v: v["dZ2"][0]},
            "db1 and db2 come from the first example alone",
        ),
        ({"dZ1": lambda v: v["dA1"]}, "the sigmoid's slope is missing"),
        (
            {"dZ1": lambda v: v["dA1"] * _sig(v["A1"]) * (1 - _sig(v["A1"]))},
            "you used A1 where Z1 belongs",
        ),
        ({"dZ1": lambda v: v["dA1"] * v["Z1"] * (1 - v["Z1"])}, "you used Z1 where A1 belongs"),
        ({"dZ1": lambda v: v["dA1"] * v["A1"]}, "you multiplied dA1 by A1 alone"),
        ({"dW1": lambda v: v["X"] @ v["dZ1"]}, "X is not transposed"),
        ({"dW1": lambda v: v["dZ1"].T @ v["X"]}, "dW1 is transposed"),
        ({"dW2": lambda v: v["A1"] @ v["dZ2"]}, "A1 is not transposed"),
        ({"dW2": lambda v: v["dZ2"].T @ v["A1"]}, "dW2 is transposed"),
    ],
)
def test_each_typical_mistake_gets_its_message(change, words):
    message = _message(check("backward_batch", _changed(**change)))
    assert message.startswith(f"Not yet: {words}")


def test_the_mistakes_are_caught_whatever_else_is_right():
    """A mistake in the first layer only is named even when the second layer is right,
    and a forgotten sigma' is named though dW2 and db2 are correct."""
    fb = check("backward_batch", _changed(dZ1=lambda v: v["dA1"], db2=lambda v: v["dZ2"][0]))
    assert "the sigmoid's slope is missing" in _message(fb)


def test_a_part_of_the_wrong_shape_is_named():
    fb = check("backward_batch", _changed(db1=lambda v: v["dZ1"].sum(axis=0, keepdims=True)))
    assert fb.kind == "wrong"
    assert fb.message.startswith("Not yet: db1 should have shape (3,), yours has shape (1, 3)")
    fb = check("backward_batch", _changed(dW2=lambda v: (v["A1"].T @ v["dZ2"]).ravel()))
    assert fb.message.startswith("Not yet: dW2 should have shape (3, 1), yours has shape (3,)")
    fb = check("backward_batch", _changed(dW1=lambda v: (v["X"].T @ v["dZ1"]).T * 2))
    assert fb.message.startswith(
        "Not yet: dW1 should have shape (2, 3), yours has shape (3, 2), the transpose of that"
    )


@pytest.mark.parametrize(
    "returned, words",
    [
        (lambda g: g[:3], "returned 3 values instead of 4"),
        (lambda g: g + (g[0],), "returned 5 values instead of 4"),
        (lambda g: np.concatenate([p.ravel() for p in g]), "returned an array of shape (13,)"),
        (lambda g: (g[0], "db1", g[2], g[3]), "returned db1 = 'db1' (str)"),
        (lambda g: (g[0], g[1], None, g[3]), "returned dW2 = None"),
    ],
)
def test_a_result_that_is_not_four_arrays_is_explained(returned, words):
    fb = check("backward_batch", lambda *args: returned(backward(*args)))
    assert fb.kind == "wrong"
    assert fb.message.startswith(
        "Not yet: your function should return the four gradients (dW1, db1, dW2, db2)"
    )
    assert words in fb.message


def test_wrong_values_name_the_wrong_parts_and_the_numerical_gradient_disagrees():
    fb = check("backward_batch", _changed(dW2=lambda v: 1.01 * (v["A1"].T @ v["dZ2"])))
    assert fb.kind == "wrong"
    assert "your dW2 is wrong (dW1, db1 and db2 are right). Your dW2 is\n" in fb.message
    assert "\nthe correct dW2 is\n" in fb.message
    assert "A central-difference numerical gradient disagrees with your dW2 too" in fb.message
    fb = check(
        "backward_batch",
        _changed(dZ1=lambda v: v["dA1"] * v["A1"] * (1 - v["A1"]) + 0.01),
    )
    assert "your dW1 and db1 are wrong (dW2 and db2 are right)" in fb.message


def test_the_numerical_gradient_confirms_the_answer(monkeypatch):
    """An answer that disagrees with the numerical gradient makes the exercise broken,
    not the learner wrong: the reference is really computed and compared."""
    ex = EXERCISES["backward_batch"]
    off = dataclasses.replace(ex, answer=lambda *args: tuple(1.5 * g for g in backward(*args)))
    monkeypatch.setattr(exercises, "EXERCISES", dict(EXERCISES, backward_batch=off))
    fb = check("backward_batch", lambda *args: tuple(1.5 * g for g in backward(*args)))
    assert fb.kind == "broken"
    assert "its correct answer disagrees with a central-difference numerical gradient" in (
        fb.message
    )


# --- containment --------------------------------------------------------------------------


def test_an_endless_loop_is_stopped_with_a_clear_message(monkeypatch):
    monkeypatch.setattr(running, "TIME_LIMIT", 0.2)

    def my_backward(X, Y, W1, b1, W2, b2):
        while True:
            pass

    fb = check("backward_batch", my_backward)
    assert (fb.ok, fb.kind) == (False, "error")
    assert fb.message.startswith("my_backward did not return within 0.2 s for X = ")
    assert "is there a loop that never ends?" in fb.message


def test_a_function_changing_its_inputs_cannot_change_later_results():
    cases_before = EXERCISES["backward_batch"].inputs()
    weights_before = dict(nnlib.ARTICLE_WEIGHTS)

    def my_backward(X, Y, W1, b1, W2, b2):
        grads = backward(X, Y, W1, b1, W2, b2)
        for a in (X, Y, W1, b1, W2, b2):
            a *= 0.0
        W1 += 5.0
        return grads

    assert check("backward_batch", my_backward).ok  # every call had its own copies
    assert check("backward_batch", backward).ok
    for before, after in zip(cases_before, EXERCISES["backward_batch"].inputs()):
        for x, y in zip(before, after):
            np.testing.assert_array_equal(x, y)
    assert dict(nnlib.ARTICLE_WEIGHTS) == weights_before
    assert check("dC_dw22", EXERCISES["dC_dw22"].expected()).ok


def _helper_that_fails(dZ1, X):
    return X @ dZ1  # the learner's own helper: the innermost line is reported


def test_a_raising_function_is_reported_with_the_learners_line():
    def my_backward(X, Y, W1, b1, W2, b2):
        Z1, A1, dZ2, dA1 = _passes(X, Y, W1, b1, W2, b2)
        dZ1 = dA1 * A1 * (1.0 - A1)
        dW1 = X.T @ dZ1 @ W1
        return dW1

    fb = check("backward_batch", my_backward)
    assert (fb.ok, fb.kind) == (False, "error")
    assert fb.message.startswith("Your function raised ValueError: matmul")
    assert "(called with X = " in fb.message
    assert "It was raised in my_backward, line " in fb.message
    assert fb.message.endswith(": dW1 = X.T @ dZ1 @ W1")  # the first wrong answer: no hint

    def my_other_backward(X, Y, W1, b1, W2, b2):
        Z1, A1, dZ2, dA1 = _passes(X, Y, W1, b1, W2, b2)
        return _helper_that_fails(dA1, X), 0, 0, 0

    fb = check("backward_batch", my_other_backward)
    assert "It was raised in _helper_that_fails, line " in fb.message
    assert ": return X @ dZ1  # the learner's own helper" in fb.message
    assert fb.message.endswith(f"\nHint: {EXERCISES['backward_batch'].hint}")  # the second


def test_the_learners_line_is_reported_outside_the_main_thread():
    """Off the main thread the function runs in a worker thread: same report."""
    out = {}

    def my_sgd_update(w, grad, lr):
        return w - lr * grad["missing"]

    thread = threading.Thread(target=lambda: out.update(fb=check("sgd_update", my_sgd_update)))
    thread.start()
    thread.join(30)
    fb = out["fb"]
    assert fb.kind == "error"
    assert "It was raised in my_sgd_update, line " in fb.message
    assert ': return w - lr * grad["missing"]' in fb.message


def test_a_raising_mistake_needs_a_case_where_it_returns():
    """A function raising ValueError on every case is an error, not "X not transposed":
    that mistake returns values where X @ dZ1 fits (N = 2)."""

    def my_backward(X, Y, W1, b1, W2, b2):
        raise ValueError("shapes do not fit")

    fb = check("backward_batch", my_backward)
    assert fb.kind == "error"
    assert fb.message.startswith("Your function raised ValueError: shapes do not fit")


def test_a_raising_mistake_needs_the_same_kind_of_error():
    """X @ dZ1 raises ValueError where it does not fit; a function giving its values at
    N = 2 but raising TypeError elsewhere is reported as an error."""
    x_not_transposed = _changed(dW1=lambda v: v["X"] @ v["dZ1"])

    def my_backward(X, Y, W1, b1, W2, b2):
        if len(X) != 2:
            raise TypeError("not for this batch")
        return x_not_transposed(X, Y, W1, b1, W2, b2)

    fb = check("backward_batch", my_backward)
    assert fb.kind == "error"
    assert fb.message.startswith("Your function raised TypeError: not for this batch")
    assert _message(check("backward_batch", x_not_transposed)).startswith(
        "Not yet: X is not transposed"
    )


def test_mistakes_must_name_known_parts():
    ex = EXERCISES["backward_batch"]
    bad = dataclasses.replace(ex, mistakes=(Mistake("m", backward, parts=("dW3",)),))
    assert bad.problems() == ("mistakes name parts that are not in parts: ['dW3']",)
    assert check_answer(bad, backward).kind == "broken"
    assert dataclasses.replace(ex, parts=()).problems()[0] == (
        'parts (the names of the arrays) go with returns="arrays", and only there'
    )
    assert dataclasses.replace(ex, kind="value").problems() == (
        'returns="arrays" is for a function exercise',
    )


# --- dC/dw22 by hand ----------------------------------------------------------------------

W1 = np.array([[0.8, 0.4, 0.3], [0.2, 0.9, 0.5]])
W3 = np.array([0.3, 0.5, 0.9])
X22, Y22 = np.array([1.0, 2.0]), 0.5
H = X22 @ W1
A = _sig(H)
D_OUT = 2 * (A @ W3 - Y22)
DELTA = D_OUT * W3 * A * (1 - A)


def test_dC_dw22_by_hand():
    assert EXERCISES["dC_dw22"].expected() == pytest.approx(DELTA[1] * X22[1], rel=1e-12)
    assert check("dC_dw22", DELTA[1] * 2.0).ok
    assert check("dC_dw22", float(nnlib.SeedNetwork().gradients(X22, Y22)["w22"])).ok


@pytest.mark.parametrize(
    "answer, words",
    [
        (D_OUT * W3[1] * X22[1], "the sigma(1 - sigma) factor is missing"),
        (D_OUT * W3[1] * H[1] * (1 - H[1]) * X22[1], "you used h12 where a12 belongs"),
        (-DELTA[1] * X22[1], "sign flipped"),
        (DELTA[1] * X22[1] / 2, "off by a factor of 2"),
        (DELTA[0] * X22[1], "the delta of hidden node 1"),
        (DELTA[2] * X22[1], "the delta of hidden node 3"),
        (D_OUT * W1[1, 1] * A[1] * (1 - A[1]) * X22[1], "you used w22"),
    ],
)
def test_dC_dw22_mistakes_get_their_messages(answer, words):
    assert words in _message(check("dC_dw22", answer))


def test_dC_dw22_rounded_is_close_not_a_mistake():
    fb = check("dC_dw22", round(DELTA[1] * 2, 3))
    assert fb.kind == "wrong" and "close, but not exact" in fb.message


def test_both_exercises_have_hints_and_belong_to_the_notebook():
    names = [ex.name for ex in exercises.for_notebook("06_backward_pass")]
    assert names == ["dC_dw22", "backward_batch"]
    for name in names:
        fb = check(name)
        assert fb.kind == "unanswered" and fb.message.startswith(f"not answered yet: {name} asks")
        assert "Hint" not in fb.message and EXERCISES[name].hint == exercises.hint(name).text
