"""Wrong results that used to pass without a word: sgd_step on 1-D and 0-D arrays, complex
answers marked correct, `assert check(...)` that always passed, feedback showing two
different numbers alike or leaving the tolerance unsaid, cross-entropy targets that are not
one-hot, an eps too small for the precision, and overflow that gave different answers in
different methods."""

import math
import re
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from learner_answers import LEARNER
from own_exercises import FORWARD_PASSES, NUMBER, SLOPE, THREE, WHOLE, strict_check

import nnlib
from nnlib import (
    ARTICLE_X,
    LOSSES,
    MLP,
    WEIGHT_NAMES,
    SeedNetwork,
    exercises,
    gradient_check,
    numerical_gradient,
    sgd_step,
)
from nnlib.exercises import EXERCISES, Exercise, check
from nnlib.exercises.engine import check_answer
from nnlib.exercises.values import shown_apart

# -- sgd_step updates any parameter shape in place -------------------------------------------------


@pytest.mark.parametrize("shape", [(), (3,), (2, 3), (2, 1, 2)])
def test_sgd_step_on_one_array_updates_it_in_place(shape):
    w = np.arange(np.prod(shape), dtype=float).reshape(shape)
    g = np.ones(shape)
    expected = w - 0.5 * g
    assert sgd_step(w, g, 0.5) is w
    np.testing.assert_array_equal(w, expected)


def test_sgd_step_on_a_list_of_1d_and_0d_arrays():
    b, c = np.array([1.0, 2.0]), np.array(3.0)
    sgd_step([b, c], [np.array([1.0, -1.0]), np.array(2.0)], 0.25)
    np.testing.assert_array_equal(b, [0.75, 2.25])
    assert c == 2.5


@pytest.mark.parametrize(
    "param, error, pattern",
    [
        ([1.0, 2.0], TypeError, r"^params\[1\] must be a numpy array.*got a list of length 2"),
        (0.5, TypeError, r"^params\[1\] must be a numpy array.*got 0\.5 \(float\)"),
        (np.float64(0.5), TypeError, r"^params\[1\] must be a numpy array.*\(float64\)"),
        (np.array([1, 2]), TypeError, r"^params\[1\] must be a float array.*dtype int64"),
        (np.broadcast_to(1.0, (2,)), ValueError, r"^params\[1\] is read-only"),
    ],
)
def test_sgd_step_refuses_what_it_cannot_update_in_place(param, error, pattern):
    W = np.ones((2, 2))
    with pytest.raises(error, match=pattern):
        sgd_step([W, param], [np.ones((2, 2)), np.ones(np.shape(param))], 0.1)
    np.testing.assert_array_equal(W, np.ones((2, 2)))  # nothing was updated


def test_sgd_step_on_one_array_wants_one_gradient():
    with pytest.raises(
        ValueError,
        match=r"^grads has shape \(1, 2\) but params has shape \(2,\); params is one array",
    ):
        sgd_step(np.ones(2), [np.ones(2)], 0.1)


# -- exercises of the tests' own, so the engine is tested whatever the notebooks ask ---------------


@pytest.fixture(autouse=True)
def no_attempts_yet():
    """Each test's first wrong answer to an exercise is its first (no hint yet)."""
    exercises.forget_attempts()
    yield
    exercises.forget_attempts()


# -- complex answers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make",
    [np.complex128, complex, lambda v: v + 2j, lambda v: [v + 0j]],
    ids=["numpy", "python", "imaginary part", "list"],
)
def test_complex_value_with_the_right_real_part_is_refused(make):
    fb = strict_check(NUMBER, make(float(NUMBER.expected())))
    assert (fb.ok, fb.kind) == (False, "wrong")
    assert "but it is complex, " in fb.message
    assert "a real answer is asked for, not a complex one" in fb.message


def test_complex_array_and_complex_function_results_are_refused():
    fb = strict_check(THREE, np.array([1.2, 2.2, 1.3]) + 0j)
    assert fb.kind == "wrong" and "dtype complex128; a real answer is asked for" in fb.message
    fb = strict_check(SLOPE, lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2 + 0j)
    assert fb.kind == "wrong"
    assert "but it returned complex, " in fb.message and "(called with z = " in fb.message


# -- assert check(...) -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_feedback_is_true_only_when_correct(name):
    answers = [LEARNER[name].correct, ..., "nine"] + [a for a, _ in LEARNER[name].mistakes]
    for answer in answers:
        fb = check(name, answer)
        assert bool(fb) is (fb.kind == "correct")
    assert check(name, LEARNER[name].correct)


def test_assert_on_a_wrong_answer_fails_and_keeps_the_message():
    with pytest.raises(AssertionError):
        assert check_answer(WHOLE, 7)
    fb = check_answer(WHOLE, 7)
    assert not fb and repr(fb) == str(fb) == fb.message
    assert fb.message.startswith("Not yet: 7 is not the value asked for")
    assert not check_answer(FORWARD_PASSES, lambda n_weights: 1 / 0)  # an "error"


# -- messages never contradict themselves ----------------------------------------------------------


def test_value_a_rounding_error_from_an_integer_is_shown_with_its_digits():
    fb = check_answer(WHOLE, 9 + 1e-12)
    assert fb.kind == "wrong"
    assert fb.message.startswith("Not yet: 9.000000000001 is not the value asked for")
    assert "the answer must be exact, with no rounding error" in fb.message


def test_function_result_a_rounding_error_off_differs_from_the_correct_one():
    fb = check_answer(FORWARD_PASSES, lambda n_weights: 2 * n_weights + 1e-9)
    got, expected = re.search(r"returned (\S+); the correct result is (\S+)", fb.message).groups()
    assert (got, expected) == ("2.000000001", "2")
    assert "the result must be exact, with no rounding error" in fb.message


def test_a_wrong_value_that_looks_right_states_the_tolerance():
    ex = Exercise(
        "q", "01_neuron", kind="value", returns="number", hint="h", answer=lambda: 0.1,
        mistakes=(), rtol=0.0, atol=1e-12,
    )  # fmt: skip
    fb = check_answer(ex, 0.1 + 1e-11)
    assert fb.message.startswith("Not yet: 0.10000000001 is not the value asked for")
    assert "answers count as equal within a relative 0, or 1e-12 near 0" in fb.message
    fb = check_answer(NUMBER, float(NUMBER.expected()) * (1 + 3e-6))
    assert "close, but not exact (answers count as equal within a relative 1e-06" in fb.message


def test_values_that_look_different_keep_their_short_form():
    assert check_answer(NUMBER, 10.0).message.startswith("Not yet: 10 is not the value asked for")
    fb = check_answer(SLOPE, lambda z: np.zeros_like(np.asarray(z, dtype=float)))
    assert fb.message.startswith("Not yet: for z = 0 your function returned 0; the correct result")
    assert fb.message.endswith("returned 0; the correct result is 0.25")


finite = st.floats(allow_nan=False, allow_infinity=False)


@given(finite, st.integers(1, 4), st.integers(0, 9))
def test_different_numbers_are_never_shown_alike(x, ulps, where):
    y = x
    for _ in range(ulps):
        y = math.nextafter(y, math.inf)
    if y != x:
        a, b = shown_apart(np.float64(x), np.float64(y))
        assert a != b
        arr_x = np.full(10, x)  # long enough to be summarized with "..."
        arr_y = arr_x.copy()
        arr_y[where] = y
        a, b = shown_apart(arr_x, arr_y)
        assert a != b


# -- cross-entropy targets that are not one-hot ----------------------------------------------------


NOT_ONE_HOT = [
    ([[5, 5, 5]], 0, r"\[5\.0, 5\.0, 5\.0\]"),
    ([[0, 0, 0]], 0, r"\[0\.0, 0\.0, 0\.0\]"),
    ([[0.2, 0.3, 0.6]], 0, r"\[0\.2, 0\.3, 0\.6\]"),
    ([[0, 1, 0], [1, 0, 1]], 1, r"\[1\.0, 0\.0, 1\.0\]"),
    ([[0, 1, 0], [0, 0, 1], [-1, 2, 0]], 2, r"\[-1\.0, 2\.0, 0\.0\]"),
]


CATEGORICAL = [
    nnlib.categorical_cross_entropy,
    nnlib.categorical_cross_entropy_grad,
    nnlib.categorical_cross_entropy_with_logits,
    nnlib.categorical_cross_entropy_with_logits_grad,
    LOSSES["categorical_cross_entropy"].kernel,
]


def _one_hot_message(name, row, shown):
    return (
        rf"^{name} as rows of targets must be one-hot \(one 1, zeros elsewhere\) or class "
        rf"probabilities \(each >= 0, summing to 1\), but row {row} is {shown}"
    )


@pytest.mark.parametrize("y, row, shown", NOT_ONE_HOT)
@pytest.mark.parametrize("loss", CATEGORICAL)
def test_cross_entropy_refuses_targets_that_are_not_one_hot(loss, y, row, shown):
    p = np.full((len(y), 3), 1 / 3)
    with pytest.raises(ValueError, match=_one_hot_message("y", row, shown)):
        loss(p, y)


@pytest.mark.parametrize("y, row, shown", NOT_ONE_HOT)
def test_cross_entropy_network_refuses_targets_that_are_not_one_hot(y, row, shown):
    model = MLP([2, 4, 3], "tanh", "cross_entropy", seed=0)
    X = np.ones((len(y), 2))
    message = _one_hot_message("Y", row, shown)
    for call in (model.loss, model.loss_and_gradients, model.objective):
        with pytest.raises(ValueError, match=message):
            call(X, y)
    with pytest.raises(ValueError, match=message):
        nnlib.train(model, X, y, steps=1)


def test_one_hot_and_integer_labels_still_agree():
    p = np.array([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6]])
    labels = np.array([0, 2])
    expected = -np.log([0.7, 0.6]).mean()
    for y in (labels, np.eye(3)[labels], np.eye(3, dtype=int)[labels]):
        assert nnlib.categorical_cross_entropy(p, y) == pytest.approx(expected, rel=1e-14)
        z = np.log(p)
        assert nnlib.categorical_cross_entropy_with_logits(z, y) == pytest.approx(expected)
    model = MLP([2, 4, 3], "tanh", "cross_entropy", seed=0)
    X = np.array([[0.5, -1.0], [1.0, 2.0]])
    assert model.loss(X, np.eye(3)[labels]) == pytest.approx(model.loss(X, labels), rel=1e-14)


# -- eps too small for the precision ---------------------------------------------------------------


@pytest.mark.parametrize("eps", [1e-20, 1e-300])
def test_an_eps_that_vanishes_in_float64_is_refused(eps):
    x = np.array([1.0, 2.0])
    with pytest.raises(
        ValueError,
        match=rf"^eps={eps:g} is too small for x in float64: x\[0\] = 1 does not change when "
        r"eps is added \(float64 resolves relative steps of about 2\.2e-16, "
        r"np\.finfo\(float64\)\.eps\), so its finite difference would be exactly 0; "
        r"eps around 6e-06 would work",
    ):
        numerical_gradient(lambda w: float((w**2).sum()), x, eps)
    np.testing.assert_array_equal(x, [1.0, 2.0])


def test_the_first_entry_where_eps_vanishes_is_named():
    # eps = 1e-17 still moves 0.01 but not 1000.0.
    with pytest.raises(ValueError, match=r"x\[1, 0\] = 1000 does not change"):
        numerical_gradient(lambda w: 0.0, np.array([[0.01, 0.02], [1000.0, 0.0]]), 1e-17)


def test_an_eps_that_vanishes_for_zeros_is_warned_about_not_silent():
    # 0 + 1e-300 is representable, but f's rounding swallows a change of 1e-300 whole.
    with pytest.warns(UserWarning, match=r"pure rounding, even exactly 0") as caught:
        grad = numerical_gradient(lambda w: float((w**2).sum()) + 1.0, np.zeros(2), 1e-300)
    np.testing.assert_array_equal(grad, [0.0, 0.0])
    assert caught[0].filename == __file__  # the learner's call is named, not nnlib's


def test_float16_gradient_check_is_refused_with_the_parameter_named():
    model = MLP([3, 4, 2], "tanh", "cross_entropy", seed=0, dtype=np.float16)
    X = np.random.default_rng(1).standard_normal((5, 3))
    with pytest.raises(
        ValueError, match=r"^eps=1e-06 is too small for W1 in float16: W1\[0, 0\] = .* 1e-01"
    ):
        gradient_check(model, X, np.array([0, 1, 1, 0, 1]))


def test_float32_gradient_check_warns_once_and_names_a_step_that_works():
    model = MLP([3, 4, 2], "tanh", "cross_entropy", seed=0, dtype=np.float32)
    X = np.random.default_rng(1).standard_normal((5, 3))
    y = np.array([0, 1, 1, 0, 1])
    with pytest.warns(UserWarning) as caught:
        report = gradient_check(model, X, y)
    assert len(caught) == 1 and caught[0].filename == __file__
    message = str(caught[0].message)
    assert message.startswith("eps=1e-06 is small for ")
    assert "in float32: float32 resolves relative steps of about 1.2e-07" in message
    assert "np.finfo(float32).eps" in message and "or float64 values" in message
    assert report.max_rel_error > 1e-2  # what the warning is about
    suggested = float(message.split("eps around ")[1].split()[0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert gradient_check(model, X, y, eps=suggested).passed(1e-3)


def test_float32_numerical_gradient_warns_with_the_share_of_rounding():
    with pytest.warns(UserWarning, match=r"by about 12% of its size; eps around 5e-03"):
        numerical_gradient(lambda w: float((w**2).sum()), np.ones(2, np.float32))


def test_float64_with_the_default_eps_is_quiet():
    model = MLP([2, 3, 1], seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        numerical_gradient(lambda w: float((w**3).sum()), np.linspace(-3, 3, 7))
        numerical_gradient(lambda w: float(w.sum()), np.ones(2), 1e-8, method="forward")
        assert gradient_check(model, np.ones((2, 2)), np.zeros(2)).passed()


def test_check_eps_false_shows_round_off_on_purpose():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        grad = numerical_gradient(lambda w: float(w.sum()), np.ones(2), 1e-20, check_eps=False)
    np.testing.assert_array_equal(grad, [0.0, 0.0])


# -- overflow gives inf or nan alike in every method -----------------------------------------------


def _quietly(call):
    """call() with any warning raised as an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return call()


def _every_method(net, x):
    """What each method of the network gives at x (y = 0), all from the same weights."""
    return {
        "loss": _quietly(lambda: net.loss(x)),
        "forward": _quietly(lambda: net.forward(x)),
        "gradients": _quietly(lambda: net.gradients(x)),
        "trace": _quietly(lambda: net.trace(x)),
        "chain_rule": _quietly(lambda: [net.chain_rule(n, x) for n in WEIGHT_NAMES]),
        "loss_and_gradients": _quietly(lambda: net.loss_and_gradients(x)),
        "loss_curve": _quietly(lambda: net.loss_curve("w31", [net["w31"], 0.3], x)),
    }


@pytest.mark.parametrize(
    "weights, x",
    [({"w31": 1e200}, ARTICLE_X), ({"w32": 1e308, "w33": 1e308}, ARTICLE_X)],
    ids=["w31=1e200", "w32=w33=1e308"],
)
def test_an_overflowing_loss_is_inf_in_every_method(weights, x):
    net = SeedNetwork(weights)
    out = _every_method(net, x)
    assert out["loss"] == np.inf and isinstance(out["loss"], float)
    assert out["forward"]["loss"] == np.inf and out["trace"].C == np.inf
    assert out["loss_and_gradients"][0] == np.inf
    assert out["loss_curve"][0] == np.inf
    assert out["loss_curve"][1] == pytest.approx(SeedNetwork({**weights, "w31": 0.3}).loss())
    assert out["gradients"] == out["trace"].gradients
    assert np.isinf(out["gradients"]["w11"])
    for name, chain in zip(WEIGHT_NAMES, out["chain_rule"]):
        assert chain.product == pytest.approx(out["gradients"][name], rel=1e-12)
        assert str(chain).endswith(f"= {chain.product:.6g}")
    assert out["chain_rule"][0].product == np.inf
    assert np.isinf(out["loss_and_gradients"][1][0][0, 0])


def test_an_input_too_large_for_a_float_saturates_quietly():
    """x = (1.7e308, 1.7e308): h12 = x1 w12 + x2 w22 overflows to inf, its sigmoid is 1;
    the loss stays finite and every method agrees."""
    x = (1.7e308, 1.7e308)
    out = _every_method(SeedNetwork(), x)
    assert np.isinf(out["forward"]["h"][1]) and out["forward"]["a"][1] == 1.0
    y_hat = out["forward"]["y_hat"]
    assert np.isfinite(y_hat) and out["loss"] == pytest.approx(y_hat**2)
    assert out["trace"].C == out["loss"] == out["loss_and_gradients"][0]
    assert out["loss_curve"][0] == pytest.approx(out["loss"])
    assert out["gradients"]["w12"] == 0.0  # a12 = 1 exactly: da12/dh12 = 0
    big = _every_method(SeedNetwork({"w31": 1e200}), x)
    assert big["loss"] == np.inf and big["forward"]["loss"] == np.inf
    assert big["trace"].C == np.inf and big["loss_curve"][0] == np.inf


@pytest.mark.parametrize("loss", ["mse", "cross_entropy"])
def test_an_overflowing_mlp_gives_inf_or_nan_without_a_warning(loss):
    model = MLP([2, 3, 2], "linear", loss, seed=0)
    for p in model.params:
        p += 1e200
    X, Y = np.array([[1e200, -1e200]]), np.array([1])
    if loss == "mse":
        Y = np.zeros((1, 2))
    value, grads = _quietly(lambda: model.loss_and_gradients(X, Y))
    assert not np.isfinite(value)
    assert not np.isfinite(_quietly(lambda: model.loss(X, Y)))
    assert not all(np.isfinite(g).all() for g in grads)
    assert _quietly(lambda: model.forward(X)).shape == (1, 2)
