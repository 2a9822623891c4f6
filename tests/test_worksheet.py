"""Tests for the backprop worksheet: nnlib.worksheet's checking (every correct value
accepted, every listed mistake named, bad entries refused without a change) with the
expected values computed here from SeedNetwork.trace, and the widget's handles
(nnlib.widgets.worksheet.backprop_worksheet): entries, feedback, the diagram, progress,
"new problem" and "show next step"."""

import math
import re
from decimal import Decimal

import numpy as np
import pytest

from nnlib import WEIGHT_NAMES, SeedNetwork
from nnlib.worksheet import (
    DEFAULT_SEED,
    MIN_SIZE,
    TOLERANCE_TEXT,
    Problem,
    Worksheet,
    new_problem,
    parse,
)

# The names, in the order backprop computes them.
NAMES = (
    "h11 h12 h13 a11 a12 a13 y_hat C dC/dy_hat dC/dw31 dC/dw32 dC/dw33 dC/da11 dC/da12 "
    "dC/da13 dC/dh11 dC/dh12 dC/dh13 dC/dw11 dC/dw12 dC/dw13 dC/dw21 dC/dw22 dC/dw23"
).split()
SEEDS = (0, 1, 2, 3, DEFAULT_SEED)


def sigma(h):
    return 1.0 / (1.0 + math.exp(-h))


def expected(problem):
    """Every quantity by name, from SeedNetwork's trace (not from nnlib.backprop)."""
    t = SeedNetwork(dict(problem.weights)).trace(problem.x, problem.y)
    w = problem.weights
    v = {"y_hat": t.y_hat, "C": t.C, "dC/dy_hat": t.dC_dy_hat}
    for k, j in enumerate("123"):
        v[f"h1{j}"], v[f"a1{j}"] = float(t.h[k]), float(t.a[k])
        v[f"dC/da1{j}"] = t.dC_dy_hat * w[f"w3{j}"]
        v[f"dC/dh1{j}"] = v[f"dC/da1{j}"] * float(t.da_dh[k])
    for name in WEIGHT_NAMES:
        v[f"dC/d{name}"] = t.gradients[name]
    return v


def typed(value):
    """value as a learner types it: 4 significant digits."""
    return f"{value:.4g}"


@pytest.fixture(params=SEEDS)
def sheet(request):
    return Worksheet(new_problem(np.random.default_rng(request.param)))


# --- the problem -----------------------------------------------------------------------


def decimals(value):
    return -Decimal(repr(value)).normalize().as_tuple().exponent


@pytest.mark.parametrize("seed", range(12))
def test_a_problem_has_hand_sized_numbers_and_no_quantity_near_zero(seed):
    problem = new_problem(np.random.default_rng(seed))
    assert set(problem.weights) == set(WEIGHT_NAMES)
    for name, w in problem.weights.items():
        assert 0 < abs(w) < 1 and decimals(w) <= 2, (name, w)
    for x in problem.x:
        assert x != 0 and abs(x) <= 1.5 and decimals(x) <= 1
    assert abs(problem.y) <= 1 and decimals(problem.y) <= 1
    assert min(abs(v) for v in expected(problem).values()) >= MIN_SIZE


def test_the_same_seed_gives_the_same_problems_and_the_next_draw_another():
    a, b = np.random.default_rng(7), np.random.default_rng(7)
    first = new_problem(a)
    assert first == new_problem(b)
    second = new_problem(a)
    assert second == new_problem(b)
    assert second != first


def test_a_problem_is_read_only_and_checked():
    problem = new_problem(np.random.default_rng(0))
    with pytest.raises(TypeError):
        problem.weights["w11"] = 0.5
    problem.as_dict()["weights"]["w11"] = 9.0  # a copy
    assert problem.weights["w11"] != 9.0
    with pytest.raises(ValueError, match="weights must map each of w11"):
        Problem({"w11": 0.1}, (1.0, 1.0), 0.0)
    with pytest.raises(ValueError, match="x must be the two inputs"):
        Problem(dict(problem.weights), (1.0,), 0.0)
    with pytest.raises(TypeError, match=r"rng must be a numpy.random.default_rng\(seed\), got 3"):
        new_problem(3)


# --- correct entries ---------------------------------------------------------------------


def test_each_correct_value_typed_to_4_digits_is_accepted_and_counted(sheet):
    want = expected(sheet.problem)
    for k, name in enumerate(NAMES):
        feedback = sheet.submit(name, typed(want[name]))
        assert feedback.status == "correct", (name, want[name], feedback.message)
        assert feedback.message.startswith(f"Correct: {name} = ")
        assert sheet.progress() == (k + 1, 0, len(NAMES))
    assert sheet.done == set(NAMES)


def test_the_tolerance_is_about_3_significant_digits(sheet):
    want = expected(sheet.problem)
    assert "0.5 %" in TOLERANCE_TEXT and "3 significant digits" in TOLERANCE_TEXT
    for name in ("a12", "dC/dh12", "dC/dw21"):
        assert sheet.submit(name, repr(want[name] * 1.004)).status == "correct"
        assert sheet.submit(name, repr(want[name] * 0.996)).status == "correct"
        assert sheet.submit(name, repr(want[name] * 1.03)).status == "wrong"
        assert name not in sheet.done  # a wrong entry takes the answer back
        assert sheet.submit(name, repr(want[name] * 0.97)).status == "wrong"


def test_an_entry_right_from_the_learners_own_rounded_entries_is_accepted():
    problem = new_problem(np.random.default_rng(1))
    want = expected(problem)
    off = want["dC/dy_hat"] * 1.0045 * want["a11"] * 1.0045  # 0.9 % off: outside 0.5 %
    assert abs(off / want["dC/dw31"] - 1) > 0.005
    fresh = Worksheet(problem)
    assert fresh.submit("dC/dw31", repr(off)).status == "wrong"
    sheet = Worksheet(problem)
    assert sheet.submit("dC/dy_hat", repr(want["dC/dy_hat"] * 1.0045)).status == "correct"
    assert sheet.submit("a11", repr(want["a11"] * 1.0045)).status == "correct"
    feedback = sheet.submit("dC/dw31", repr(off))
    assert feedback.status == "correct"
    assert "from your earlier entries" in feedback.message
    assert "dC/dw31" in sheet.done


# --- mistakes ------------------------------------------------------------------------------


def _mistakes():
    """(mistake's words in the message, blank, the wrong value from the expected values v
    and the problem p), each built here from its own formula."""

    def w(p, name):
        return p.weights[name]

    def x(p, i):
        return p.x[i - 1]

    half = "factor 2 missing"
    return [
        (
            "used h instead of a",
            "y_hat",
            lambda v, p: sum(w(p, f"w3{j}") * v[f"h1{j}"] for j in "123"),
        ),
        ("used h instead of a", "dC/dw31", lambda v, p: v["dC/dy_hat"] * v["h11"]),
        (
            "used h instead of a",
            "dC/dh12",
            lambda v, p: v["dC/da12"] * v["h12"] * (1 - v["h12"]),
        ),
        ("forgot the sigma(1 - sigma) factor", "dC/dh11", lambda v, p: v["dC/da11"]),
        (
            "forgot the sigma(1 - sigma) factor",
            "dC/dw21",
            lambda v, p: x(p, 2) * v["dC/dy_hat"] * w(p, "w31"),
        ),
        ("sign flipped", "dC/dy_hat", lambda v, p: 2 * (p.y - v["y_hat"])),
        ("sign flipped", "dC/dw22", lambda v, p: -v["dC/dw22"]),
        ("sign flipped", "a11", lambda v, p: 1 / (1 + math.exp(v["h11"]))),
        (half, "dC/dy_hat", lambda v, p: v["y_hat"] - p.y),
        (half, "dC/dw32", lambda v, p: (v["y_hat"] - p.y) * v["a12"]),
        (
            half,
            "dC/dw13",
            lambda v, p: x(p, 1) * (v["y_hat"] - p.y) * w(p, "w33") * v["a13"] * (1 - v["a13"]),
        ),
        ("took the wrong hidden node's delta", "dC/dw11", lambda v, p: x(p, 1) * v["dC/dh12"]),
        ("took the wrong hidden node's delta", "dC/dw23", lambda v, p: x(p, 2) * v["dC/dh11"]),
        (
            "used the weight of the other layer",
            "dC/da12",
            lambda v, p: v["dC/dy_hat"] * w(p, "w12"),
        ),
        (
            "used the weight of the other layer",
            "dC/da13",
            lambda v, p: v["dC/dy_hat"] * w(p, "w23"),
        ),
    ]


@pytest.mark.parametrize("words, name, wrong", _mistakes(), ids=lambda m: str(m))
@pytest.mark.parametrize("seed", SEEDS)
def test_each_listed_mistake_is_recognised_with_its_message(seed, words, name, wrong):
    problem = new_problem(np.random.default_rng(seed))
    value = wrong(expected(problem), problem)
    sheet = Worksheet(problem)
    feedback = sheet.submit(name, typed(value))
    assert feedback.status == "wrong"
    assert f"Likely mistake: {words}" in feedback.message, (name, typed(value), feedback)
    assert sheet.done == set()


def _rounded_chain(problem, digits):
    """Every quantity with each value rounded to `digits` significant digits before the
    next one uses it (the value itself left unrounded), computed here step by step."""
    r = lambda v: float(f"{v:.{digits}g}")  # noqa: E731
    w, (x1, x2), y = problem.weights, problem.x, problem.y
    out, a, d = {}, {}, {}
    for j in "123":
        h = x1 * w[f"w1{j}"] + x2 * w[f"w2{j}"]
        out[f"a1{j}"] = sigma(r(h))
        a[j] = r(out[f"a1{j}"])
    out["y_hat"] = sum(w[f"w3{j}"] * a[j] for j in "123")
    up = r(2 * (r(out["y_hat"]) - y))
    for j in "123":
        da = r(up * w[f"w3{j}"])
        out[f"dC/dh1{j}"] = da * a[j] * (1 - a[j])
        d[j] = r(out[f"dC/dh1{j}"])
        out[f"dC/dw1{j}"], out[f"dC/dw2{j}"] = d[j] * x1, d[j] * x2
    return out


def test_rounding_too_early_is_recognised():
    # Every intermediate value rounded to 2 significant digits, the answer given to 4.
    found = 0
    for seed in SEEDS:
        problem = new_problem(np.random.default_rng(seed))
        want, rounded = expected(problem), _rounded_chain(problem, 2)
        for name, value in rounded.items():
            if abs(value - want[name]) <= 0.02 * abs(want[name]):
                continue  # too close to the answer to tell apart from a wrong formula
            feedback = Worksheet(problem).submit(name, typed(value))
            assert feedback.status == "wrong"
            if "Likely mistake: rounded too early" in feedback.message:
                found += 1
            else:  # it happens to match a named mistake too
                assert "Likely mistake" in feedback.message, (name, feedback.message)
    assert found >= 5


def test_an_answer_rounded_to_2_digits_is_told_to_give_more():
    problem = new_problem(np.random.default_rng(DEFAULT_SEED))
    want = expected(problem)
    name = next(n for n in NAMES if abs(float(f"{want[n]:.2g}") / want[n] - 1) > 0.01)
    feedback = Worksheet(problem).submit(name, f"{want[name]:.2g}")
    assert feedback.status == "wrong"
    assert "too few" in feedback.message and "3 or 4 significant digits" in feedback.message


def test_another_quantitys_value_is_named():
    problem = new_problem(np.random.default_rng(DEFAULT_SEED))
    want = expected(problem)
    feedback = Worksheet(problem).submit("dC/dh11", typed(want["dC/dh12"]))
    assert feedback.message.startswith("Not quite: that is the value of dC/dh12.")
    assert "This blank is dC/dh11 = dC/da11 * a11(1 - a11)" in feedback.message


def test_a_wrong_value_matching_nothing_gets_its_formula():
    sheet = Worksheet(new_problem(np.random.default_rng(0)))
    feedback = sheet.submit("dC/dw12", "987.6")
    assert feedback == ("wrong", "Not quite: dC/dw12 = dC/dh12 * x1. Check each number you used.")


# --- entries that are no number ------------------------------------------------------------

BAD = [
    ("abc", "'abc' is not a number"),
    ("", "Empty: type a number"),
    ("   ", "Empty: type a number"),
    ("1,5", "Use a decimal point: 1.5, not 1,5."),
    ("-0,25", "Use a decimal point: -0.25"),
    ("nan", "'nan' is not a finite number"),
    ("inf", "'inf' is not a finite number"),
    ("-Infinity", "is not a finite number"),
    ("0.5*0.3", "as one number (a calculator is fine), not '0.5*0.3'"),
    ("1_000", "is not a number"),
    (None, "Type a number such as"),
    (0.5, "Type a number such as"),
]


@pytest.mark.parametrize("text, words", BAD)
def test_an_entry_that_is_no_number_gets_a_clear_message_and_changes_nothing(text, words):
    sheet = Worksheet(new_problem(np.random.default_rng(0)))
    want = expected(sheet.problem)
    sheet.submit("h11", typed(want["h11"]))
    sheet.reveal_next()
    answers, revealed = dict(sheet.answers), list(sheet.revealed)
    for name in ("h11", "a11", "dC/dw23"):
        feedback = sheet.submit(name, text)
        assert feedback.status == "invalid"
        assert words in feedback.message
        assert sheet.answers == answers and sheet.revealed == revealed


def test_parse_reads_what_a_learner_types():
    assert parse(" 0.2075 ").value == 0.2075
    assert parse("\u22120.5").value == -0.5  # a minus sign pasted from a formula
    assert parse("-1e-3").value == -0.001
    assert parse("+.5").value == 0.5
    assert parse("1 5").value is None


def test_an_unknown_blank_is_refused_by_name():
    sheet = Worksheet(new_problem(np.random.default_rng(0)))
    with pytest.raises(ValueError, match=r"name must be one of h11, .* got 'dC/dw99'"):
        sheet.submit("dC/dw99", "1")
    with pytest.raises(TypeError, match="problem must be a Problem"):
        Worksheet({"weights": {}})


# --- show next step ---------------------------------------------------------------------------


def test_show_next_step_reveals_the_blanks_in_order_skipping_the_answered(sheet):
    want = expected(sheet.problem)
    sheet.submit("h12", typed(want["h12"]))
    shown = []
    while (step := sheet.reveal_next()) is not None:
        shown.append(step.name)
        assert step.substituted.startswith(f"{step.name} = ")
        last = step.substituted.rsplit(" = ", 1)[1]
        assert abs(float(last) - want[step.name]) <= 5e-4 * abs(want[step.name])
    assert shown == [n for n in NAMES if n != "h12"]
    assert sheet.done == {"h12"}  # shown answers are not answered ones
    assert sheet.progress() == (1, len(NAMES) - 1, len(NAMES))
    feedback = sheet.submit("h11", typed(want["h11"]))
    assert feedback.status == "revealed" and sheet.done == {"h12"}


# --- the widget -------------------------------------------------------------------------------


@pytest.fixture
def widget():
    from nnlib.widgets.worksheet import backprop_worksheet

    ws = backprop_worksheet(seed=3)
    yield ws
    ws.close()


def test_the_widgets_handles(widget):
    problem = widget.problem
    assert set(problem) == {"weights", "x", "y"}
    assert new_problem(np.random.default_rng(3)).as_dict() == problem
    assert list(widget.quantities) == NAMES
    assert set(widget.entries) == set(NAMES)
    assert all(
        hasattr(e, "value") and e.continuous_update is False for e in widget.entries.values()
    )
    assert widget.done == set()
    assert widget.figure.axes == [widget.diagram.ax]
    assert "data-label='w11'" in widget.readout.value
    assert widget.values["w11"] == problem["weights"]["w11"] and widget.values["y"] == problem["y"]


def test_the_problems_numbers_read_alike_in_the_readout_and_on_the_diagram(widget):
    """The problem gives its numbers: the readout writes them as short as the diagram does
    (w11 = -0.68, not -0.6800)."""
    from nnlib.written import given

    problem = widget.problem
    shown = {**problem["weights"], "x1": problem["x"][0], "x2": problem["x"][1], "y": problem["y"]}
    written = {i for line in widget.readout_text().splitlines() for i in line.split(",  ")}
    for name, value in shown.items():
        assert f"{name} = {given(value)}" in written, (name, written)
        assert widget.diagram.text(name) == f"{name} = {given(value)}"


def test_a_correct_entry_is_shown_beside_it_and_written_on_the_diagram(widget):
    want = expected(Problem(**widget.problem))
    image, renders = widget.image.value, widget.renders
    message = widget.submit("dC/dh12", typed(want["dC/dh12"]))
    assert widget.renders == renders + 1  # one entry, one frame
    assert message.startswith("Correct: dC/dh12 = ")
    assert widget.done == {"dC/dh12"}
    assert widget.entries["dC/dh12"].value == typed(want["dC/dh12"])
    assert "data-status='correct'" in widget.feedback["dC/dh12"].value
    assert "Correct: dC/dh12" in widget.feedback["dC/dh12"].value
    text = widget.diagram.text("dC/dh12")
    assert abs(float(text.split(" = ")[1]) - want["dC/dh12"]) <= 5e-4 * abs(want["dC/dh12"])
    assert widget.diagram.states()[("node", "h2")] == "done"
    assert widget.image.value != image
    assert "1 of 24 answered" in widget.progress.value


def test_typing_into_an_entry_submits_it(widget):
    want = expected(Problem(**widget.problem))
    widget.entries["h11"].value = typed(want["h11"])  # as the browser sends it on Enter
    assert widget.done == {"h11"}
    widget.entries["y_hat"].value = typed(
        sum(widget.problem["weights"][f"w3{j}"] * want[f"h1{j}"] for j in "123")
    )
    assert "used h instead of a" in widget.feedback["y_hat"].value
    assert "data-status='wrong'" in widget.feedback["y_hat"].value
    assert widget.done == {"h11"}


@pytest.mark.parametrize("text", ["abc", "", "1,5", "nan"])
def test_a_bad_entry_leaves_the_widget_as_it_was(widget, text):
    want = expected(Problem(**widget.problem))
    widget.submit("h11", typed(want["h11"]))
    image, readout, renders = widget.image.value, widget.readout.value, widget.renders
    message = widget.submit("h11", text)
    assert message == parse(text).problem
    assert widget.done == {"h11"}
    assert (widget.image.value, widget.readout.value, widget.renders) == (image, readout, renders)
    assert "data-status='invalid'" in widget.feedback["h11"].value


def test_show_next_step_in_the_widget(widget):
    want = expected(Problem(**widget.problem))
    message = widget.show_next_step()
    assert message.startswith("Shown: h11 = ")
    entry = widget.entries["h11"]
    assert entry.disabled and abs(float(entry.value) - want["h11"]) <= 5e-4 * abs(want["h11"])
    assert widget.done == set()
    assert "0 of 24 answered, 1 shown" in widget.progress.value
    assert widget.diagram.states()[("node", "h2")] == "current"  # h12 is next
    widget.next_button.click()
    assert widget.entries["h12"].disabled


def test_new_problem_clears_the_worksheet(widget):
    from nnlib.widgets.worksheet import backprop_worksheet

    want = expected(Problem(**widget.problem))
    widget.submit("h11", typed(want["h11"]))
    widget.show_next_step()
    before = widget.problem
    widget.new_button.click()
    assert widget.problem != before
    assert widget.done == set()
    assert all(e.value == "" and not e.disabled for e in widget.entries.values())
    assert all(f.value == "" for f in widget.feedback.values())
    assert widget.diagram.text("h11") == "h11 = ?"
    assert "0 of 24 answered" in widget.progress.value
    again = backprop_worksheet(seed=3)
    again.new_problem()
    assert again.problem == widget.problem  # the same seed draws the same problems
    default, explicit = backprop_worksheet(), backprop_worksheet(seed=DEFAULT_SEED)
    assert default.problem == explicit.problem
    for w in (again, default, explicit):
        w.close()


@pytest.mark.parametrize(
    "seed, error, words",
    [
        (-1, ValueError, "seed must be None or a whole number >= 0, got -1"),
        ("a", TypeError, "seed must be None or a whole number"),
        (True, TypeError, "seed must be None or a whole number"),
    ],
)
def test_a_bad_seed_is_refused_by_name(seed, error, words):
    from nnlib.widgets.worksheet import backprop_worksheet

    with pytest.raises(error, match=re.escape(words)):
        backprop_worksheet(seed=seed)
