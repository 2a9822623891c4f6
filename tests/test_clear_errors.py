"""What used to crash with a raw traceback and now says what is wrong: check() on a number
too large for a float, f returning None or something that is not one number, an empty
batch, a dropdown set to None or a slider set to NaN, explorer and training arguments out
of range, and a name nnlib does not have."""

import importlib
import importlib.util

import numpy as np
import pytest
import traitlets
from misuse_helpers import EXPLORERS, SLIDER_EXPLORERS
from own_exercises import FORWARD_PASSES, NUMBER, WHOLE, strict_check

import nnlib
import nnlib.widgets as w
from nnlib import MLP, SeedNetwork, numerical_gradient, train
from nnlib.exercises.engine import check_answer

# -- numbers too large for a float -----------------------------------------------------------------


@pytest.mark.parametrize(
    "answer", [10**400, -(10**5000), [10**400, 1.0]], ids=["10**400", "-10**5000", "list"]
)
def test_huge_integer_answers_give_feedback_not_overflow(answer):
    for ex in (WHOLE, NUMBER):
        fb = strict_check(ex, answer)
        assert (fb.ok, fb.kind) == (False, "wrong")
        assert "too large to be a float" in fb.message
    assert (
        "an integer with 401 digits, too large to be a float"
        in check_answer(WHOLE, 10**400).message
    )


def test_function_returning_a_huge_integer_gives_feedback():
    fb = strict_check(FORWARD_PASSES, lambda n_weights: 4**n_weights)
    assert (fb.ok, fb.kind) == (False, "wrong")
    assert "returned an integer with 603 digits, too large to be a float" in fb.message
    assert "(called with n_weights = 1000)" in fb.message


# -- f must return a number ------------------------------------------------------------------------


def test_f_without_return_is_named():
    def loss_of_w(w):
        loss = float((w**2).sum())  # noqa: F841  (the learner forgot `return loss`)

    with pytest.raises(
        TypeError, match=r"^f returned None, but it must return a number .*return statement"
    ):
        numerical_gradient(loss_of_w, np.ones(2))


@pytest.mark.parametrize(
    "value, described",
    [
        ("0.5", r"'0\.5' \(str\)"),
        (np.zeros(3), r"an array of shape \(3,\) and dtype float64; reduce it to one number"),
        ([1.0, 2.0], r"a list of length 2; reduce it to one number"),
        (True, r"True \(bool\)"),
        (1 + 2j, r"\(1\+2j\) \(complex\)"),
        ({"loss": 1.0}, r"\{'loss': 1\.0\} \(dict\)"),
    ],
)
def test_f_returning_no_single_number_is_refused(value, described):
    with pytest.raises(TypeError, match=r"^f must return a single number, got " + described):
        numerical_gradient(lambda w: value, np.ones(2))


def test_f_returning_a_one_element_array_still_counts_as_a_number():
    grad = numerical_gradient(lambda w: np.array([[(w**2).sum()]]), np.array([3.0]))
    np.testing.assert_allclose(grad, [6.0], rtol=1e-8)


# -- an empty batch --------------------------------------------------------------------------------


@pytest.mark.parametrize("loss", ["mse", "cross_entropy"])
def test_an_empty_batch_is_refused_by_every_method(loss):
    model = MLP([2, 3, 2], "sigmoid", loss, seed=0)
    X = np.zeros((0, 2))
    Y = np.zeros((0, 2)) if loss == "mse" else np.zeros(0, dtype=int)
    message = r"^X has 0 rows: a batch needs at least one example"
    for call in (model.loss, model.loss_and_gradients, model.objective):
        with pytest.raises(ValueError, match=message):
            call(X, Y)
    with pytest.raises(ValueError, match=message):
        model.forward(X)
    before = [p.copy() for p in model.params]
    with pytest.raises(ValueError, match=message):
        nnlib.train(model, X, Y)
    assert all((p == q).all() for p, q in zip(model.params, before))


def test_train_on_an_empty_batch_names_X():
    with pytest.raises(ValueError, match=r"^X has 0 rows: a batch needs at least one example"):
        nnlib.train(MLP([2, 3, 1]), np.zeros((0, 2)), np.zeros((0, 1)))


# -- values a control cannot show ------------------------------------------------------------------


@pytest.mark.parametrize("make", SLIDER_EXPLORERS)
def test_a_dropdown_refuses_none_and_strangers_and_the_explorer_goes_on(make):
    e = make()
    for dropdown in e.dropdowns.values():
        before = dropdown.value
        for bad in (None, "no such option"):
            with pytest.raises(traitlets.TraitError, match="takes one of") as info:
                dropdown.value = bad
            assert repr(bad) in str(info.value)
            assert dropdown.value == before
    slider = next(iter(e.sliders.values()))
    renders = e.renders
    slider.value = slider.max if slider.value == slider.min else slider.min
    assert e.renders == renders + 1, "a slider move after a refused value must still redraw"
    assert "cannot be drawn" not in e.readout_text()


@pytest.mark.parametrize("make", EXPLORERS)
@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf")])
def test_a_slider_refuses_nan_and_infinity_and_keeps_its_value(make, bad):
    e = make()
    for name, slider in e.sliders.items():
        before, readout = slider.value, e.readout_text()
        # an IntSlider's own trait refuses any float first; the others say their range
        with pytest.raises(traitlets.TraitError, match="takes a finite number between|an int"):
            slider.value = bad
        assert slider.value == before, name
        assert e.readout_text() == readout, name


# -- arguments out of range ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make, kwargs, words",
    [
        (w.weight_explorer, {"weights": {"w11": 10.0}}, "w11 must be between -4 and 4, got 10"),
        (w.weight_explorer, {"x": (5.0, 1.0)}, "x1 must be between -3 and 3, got 5"),
        (w.gradient_descent_explorer, {"lr": -1}, "lr must be between 0.01 and 2, got -1"),
        (w.gradient_descent_explorer, {"steps": 1000}, "steps must be between 1 and 100"),
        (w.finite_difference_explorer, {"method": "backward"}, "method must be one of"),
        (w.finite_difference_explorer, {"precision": "float16"}, "precision must be one of"),
        (w.finite_difference_explorer, {"log10_eps": -30}, "log10_eps must be between"),
        (w.loss_explorer, {"p": 2.0}, "p must be between 0.01 and 0.99, got 2"),
        (w.activation_explorer, {"x": 100.0}, "x must be between -6 and 6, got 100"),
    ],
)
def test_a_starting_value_out_of_range_is_named_with_its_range(make, kwargs, words):
    with pytest.raises(ValueError, match=words.replace("(", r"\(")):
        make(**kwargs)


def test_a_starting_value_that_is_not_a_number_is_named():
    with pytest.raises(TypeError, match="lr must be a number"):
        w.gradient_descent_explorer(lr="fast")


@pytest.mark.parametrize("progress", ["yes", 1, 0.5])
def test_progress_must_be_none_true_or_false(progress):
    with pytest.raises(TypeError, match=r"^progress must be None, True or False, got"):
        train(SeedNetwork(), (1.0, 1.0), 0.0, steps=1, progress=progress)


# -- names nnlib has and has not -------------------------------------------------------------------


def test_unknown_attributes_of_nnlib_are_attribute_errors(monkeypatch):
    assert hasattr(nnlib, "no_such_thing") is False
    assert hasattr(nnlib, "tables") is False
    with pytest.raises(AttributeError, match=r"^module 'nnlib' has no attribute 'tables'"):
        nnlib.tables  # noqa: B018
    # A name listed for lazy import whose module is gone is still only an AttributeError.
    monkeypatch.setattr(nnlib, "_LAZY", (*nnlib._LAZY, "tables"))
    assert hasattr(nnlib, "tables") is False


@pytest.mark.parametrize("name", ["plots", "widgets", "exercises"])
def test_the_lazy_submodules_exist_and_import(name):
    assert name in nnlib._LAZY and name in dir(nnlib)
    assert importlib.util.find_spec(f"nnlib.{name}") is not None
    module = getattr(nnlib, name)
    assert module is importlib.import_module(f"nnlib.{name}")
    assert hasattr(nnlib, name) is True


def test_every_lazy_name_is_a_submodule():
    for name in nnlib._LAZY:
        assert importlib.util.find_spec(f"nnlib.{name}") is not None, name
