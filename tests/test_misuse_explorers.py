"""What a learner can do to an explorer without breaking it: values a control cannot show
are refused when set, starting values out of range are named, a setting that overflows is
shown and left behind at the next move, and a closed explorer lets go of its memory."""

import ctypes
import gc
import os
import warnings
import weakref

import ipywidgets
import numpy as np
import pytest
import traitlets

import nnlib.widgets as w
from nnlib.widgets import lifetime

EXPLORERS = [
    w.weight_explorer,
    w.neuron_explorer,
    w.activation_explorer,
    w.loss_explorer,
    w.finite_difference_explorer,
    w.gradient_descent_explorer,
]


def first_line(e):
    return e.readout_text().splitlines()[0]


# --- values a control cannot show ------------------------------------------------------


@pytest.mark.parametrize("make", EXPLORERS)
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
    slider.value = slider.min
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


def test_a_dropdown_set_to_none_through_its_index_is_refused_too():
    e = w.weight_explorer()
    with pytest.raises(traitlets.TraitError):
        e.dropdowns["plotted"].index = None
    assert e.dropdowns["plotted"].value == "w11"


# --- starting values --------------------------------------------------------------------


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


# --- a setting that overflows, a frame that fails ----------------------------------------


def test_a_weight_that_overflows_shows_inf_quietly_and_the_next_value_recovers():
    e, fresh = w.weight_explorer(), w.weight_explorer()
    slider = e.sliders["w31"]
    slider.max = 1e201  # the learner raises the slider's range
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no RuntimeWarning may reach the notebook
        slider.value = 1e200
    assert e.values["C"] == np.inf
    assert "C = inf" in first_line(e)
    slider.value = 0.3
    fresh.sliders["w31"].value = 0.3
    assert e.readout_text() == fresh.readout_text()


def test_a_frame_that_fails_is_reported_in_the_readout_and_the_next_move_recovers(
    monkeypatch,
):
    e = w.neuron_explorer()
    compute = type(e).compute

    def broken(state):
        raise ArithmeticError("a deliberate failure")

    monkeypatch.setattr(type(e), "compute", staticmethod(broken))
    e.sliders["w1"].value = 0.5  # does not raise into the learner's cell
    assert "cannot be drawn (a deliberate failure)" in e.readout_text()
    monkeypatch.setattr(type(e), "compute", compute)
    e.sliders["w1"].value = 0.6
    assert first_line(e).startswith("w1 = 0.6")


# --- memory --------------------------------------------------------------------------------


def open_widgets():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return len(ipywidgets.Widget._active_widgets)


def resident_mb():
    """This process's resident memory in MB, after a collection and, with glibc, after
    handing freed memory back to the system (so that the allocator's reserve is not
    counted as kept)."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


@pytest.mark.parametrize("make", EXPLORERS)
def test_a_closed_explorer_closes_every_widget_in_it_and_its_figure_is_collected(make):
    before = open_widgets()
    e = make()
    assert open_widgets() > before
    figure = weakref.ref(e.figure)
    e.close()
    assert open_widgets() == before
    del e
    gc.collect()
    assert figure() is None


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="reads /proc (Linux)")
def test_twenty_explorers_made_and_closed_keep_little_memory():
    """Each weight explorer holds about 9 MB while open; 20 made and closed may keep a few
    MB of caches, not 20 of them."""
    for _ in range(3):
        w.weight_explorer().close()
    start = resident_mb()
    for _ in range(20):
        e = w.weight_explorer()
        e.sliders["y"].value = 1.5  # some frames, a redrawn panel
        e.close()
    del e
    assert resident_mb() - start < 40.0


@pytest.mark.parametrize("make", EXPLORERS)
def test_a_closed_explorer_still_referenced_lets_its_figure_go(make):
    """The notebook's output history may keep the explorer object itself."""
    e = make()
    figure = weakref.ref(e.figure)
    e.close()
    gc.collect()
    assert figure() is None


def test_running_a_cell_again_closes_the_explorers_its_earlier_run_made(monkeypatch):
    runs = iter([("cell-a", 1), ("cell-a", 1), ("cell-b", 2), ("cell-a", 3)])
    monkeypatch.setattr(lifetime, "current_run", lambda: next(runs))
    monkeypatch.setattr(lifetime, "_MADE_BY_CELL", {})
    first, second = w.neuron_explorer(), w.neuron_explorer()  # one run, two explorers
    assert first.figure is not None and second.figure is not None
    other = w.loss_explorer()  # another cell
    again = w.neuron_explorer()  # cell a, run again
    assert first.figure is None and second.figure is None, "the earlier run's explorers"
    assert other.figure is not None and again.figure is not None
    again.close()
    other.close()


def test_outside_a_notebook_no_explorer_is_closed_for_another():
    assert lifetime.current_run() is None
    a, b = w.activation_explorer(), w.activation_explorer()
    assert a.figure is not None and b.figure is not None
