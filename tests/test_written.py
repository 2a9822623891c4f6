"""Numbers are written one way in every figure, diagram and equation: a computed number to
4 significant digits with its trailing zeros (1.000 beside 1.300), a given one as short as
it is (0.8)."""

import re

import numpy as np
import pytest
from hypothesis import given as for_all
from hypothesis import strategies as st

from nnlib import SeedNetwork
from nnlib.backprop import backprop_steps
from nnlib.plots import plot_computation_graph, plot_seed_network
from nnlib.written import fmt, given

# "name = number" where the name is a quantity the network computes, or a grad or a local
# derivative ("grad 0.2075", "= 0.1966" on a line of its own).
COMPUTED = re.compile(
    r"(?:\b(?:h1\d|a1\d|y_hat|C) = |grad |^= )(-?[\d.]+(?:e[+-]\d+)?)", re.MULTILINE
)


def significant_digits(text):
    """Digits of a written number from its first non-zero one (all of them for 0.000)."""
    digits = text.lstrip("-").split("e")[0].replace(".", "")
    return len(digits.lstrip("0") or digits)


@pytest.mark.parametrize(
    "value, computed, set_or_given",
    [
        (1.0, "1.000", "1"),
        (1.3, "1.300", "1.3"),
        (0.69, "0.6900", "0.69"),
        (0.73105858, "0.7311", "0.7311"),
        (-0.0, "0.000", "0"),
        (1234.4, "1234", "1234"),
        (12345.6, "1.235e+04", "1.235e+04"),
        (1e-13, "1.000e-13", "1e-13"),
        (-0.000123456, "-0.0001235", "-0.0001235"),
        (np.float32(0.5), "0.5000", "0.5"),
        (float("nan"), "nan", "nan"),
    ],
)
def test_computed_keeps_trailing_zeros_and_given_is_short(value, computed, set_or_given):
    assert fmt(value) == computed
    assert given(value) == set_or_given


@for_all(st.floats(-1e6, 1e6, allow_nan=False).filter(lambda v: abs(v) > 1e-300))
def test_computed_numbers_have_four_significant_digits_and_parse_back(value):
    text = fmt(value)
    assert significant_digits(text) == 4, text
    assert float(text) == pytest.approx(value, rel=5e-4)
    assert float(given(value)) == float(text)


def diagram_texts(fig):
    return "\n".join(t.get_text() for ax in fig.axes for t in ax.texts)


@pytest.mark.parametrize(
    "draw",
    [
        lambda: plot_seed_network(),
        lambda: plot_computation_graph(),
        lambda: plot_seed_network(SeedNetwork({"w22": -0.6}), (0.5, -2.0), 0.7),
        lambda: plot_computation_graph(SeedNetwork({"w31": -1.1}), (0.3, 1.7), 0.4),
    ],
)
def test_diagrams_write_every_computed_number_with_four_digits(draw):
    found = COMPUTED.findall(diagram_texts(draw()))
    assert len(found) >= 8
    assert all(significant_digits(text) == 4 for text in found), found


def test_the_article_diagram_writes_neighbours_alike():
    shown = diagram_texts(plot_seed_network())
    assert "h11 = 1.000" in shown and "h12 = 1.300" in shown
    lines = shown.splitlines()
    assert "w11 = 0.8" in lines and "x1 = 1" in lines and "y = 0" in lines


def test_equations_write_computed_numbers_alike_and_given_ones_short():
    steps = {s.name: s for s in backprop_steps()}
    assert steps["h11"].substituted == "h11 = 1 * 0.8 + 1 * 0.2 = 1.000"
    assert steps["a11"].substituted.endswith("= 0.7311")


@pytest.mark.parametrize("count", [30, np.int64(30), 0, -4])
def test_whole_numbers_held_as_integers_are_written_as_integers(count):
    assert fmt(count) == given(count) == str(int(count))
    assert fmt(True) == "1.000"  # a bool is no count
