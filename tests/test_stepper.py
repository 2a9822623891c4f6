"""The backprop stepper and its network diagram, headless: every step shows nnlib's numbers
in the readout and on the diagram, the step control moves and stops at the ends, the sliders
recompute, and the cached pictures of the diagram's places look as a fresh drawing does."""

import html
import itertools
import re
from decimal import Decimal

import numpy as np
import pytest

from nnlib import ARTICLE_WEIGHTS, WEIGHT_NAMES, SeedNetwork
from nnlib.backprop import BACKWARD, FORWARD, QUANTITIES, backprop_values
from nnlib.plots import new_figure, styled
from nnlib.widgets.network_diagram import (
    FIGSIZE,
    LINES,
    LONGEST_GIVEN,
    LONGEST_NUMBER,
    PLACES,
    SLOTS,
    NetworkDiagram,
    text_width,
)
from nnlib.widgets.stepper import backprop_stepper
from nnlib.written import fmt, given

VALUE = re.compile(r"<span class='v' data-label='([^']*)'>([^<]*)</span>")


def shown_values(stepper):
    """[(label, text)] of every number the readout's HTML names by data-label."""
    return [
        (html.unescape(label), html.unescape(text).strip())
        for label, text in VALUE.findall(stepper.readout.value)
    ]


def assert_prints(text, expected, label=""):
    """text is expected written to its printed digits (4 significant: half a unit in the
    last place)."""
    if not np.isfinite(expected):
        assert text == str(expected), (label, text, expected)
        return
    digits = Decimal(text)
    half = 0.5 * 10.0 ** digits.as_tuple().exponent
    assert abs(float(digits) - expected) <= half + 1e-12 * abs(expected), (label, text, expected)


def by_hand(weights, x, y):
    """Every quantity of the pass, from SeedNetwork's forward pass and gradients and the
    chain rule written out: an independent path to the stepper's numbers."""
    net = SeedNetwork(weights)
    f, grads = net.forward(x, y), net.gradients(x, y)
    out = {"y_hat": f["y_hat"], "C": f["loss"], "dC/dy_hat": 2 * (f["y_hat"] - y)}
    for j in range(3):
        k = j + 1
        a = f["a"][j]
        out[f"h1{k}"], out[f"a1{k}"] = f["h"][j], a
        out[f"dC/da1{k}"] = out["dC/dy_hat"] * net[f"w3{k}"]
        out[f"dC/dh1{k}"] = out[f"dC/da1{k}"] * a * (1 - a)
    out.update({f"dC/d{n}": g for n, g in grads.items()})
    return out


def random_setting(seed):
    rng = np.random.default_rng(seed)
    weights = {n: round(float(rng.uniform(-4, 4)), 2) for n in WEIGHT_NAMES}
    x = tuple(round(float(v), 2) for v in rng.uniform(-3, 3, 2))
    return weights, x, round(float(rng.uniform(-3, 3)), 2)


def assert_step_shows(stepper, expected, k):
    """At step k: the readout names the quantity being computed with nnlib's value, lists
    every value so far, and the diagram writes those values and '?' for the rest."""
    name = QUANTITIES[k]
    assert stepper.step == k
    shown = shown_values(stepper)
    labels = dict(shown)
    assert labels["step"] == f"{k + 1} of {len(QUANTITIES)}"
    for label, text in shown:
        if label in expected:
            assert_prints(text, expected[label], label)
    computed = set(QUANTITIES[: k + 1])
    assert computed <= set(labels), computed - set(labels)
    assert not set(QUANTITIES[k + 1 :]) & set(labels)
    assert stepper.values[name] == pytest.approx(expected[name], rel=1e-9, abs=1e-12)
    d = stepper.diagram
    for q in QUANTITIES:
        written = d.text(q)
        if q in computed:
            assert written == f"{q} = {fmt(stepper.values[q])}"
            assert_prints(written.split(" = ")[1], expected[q], q)
        else:
            assert written == f"{q} = ?"
    assert d.focused == name


def test_the_steps_are_the_forward_then_the_backward_quantities():
    s = backprop_stepper()
    assert [name for name, _ in s.steps] == list(QUANTITIES)
    assert len(s.steps) == len(FORWARD) + len(BACKWARD) == 24
    assert all(isinstance(v, float) for _, v in s.steps)
    expected = by_hand(ARTICLE_WEIGHTS, (1.0, 1.0), 0.0)
    for name, value in s.steps:
        assert value == pytest.approx(expected[name], rel=1e-12, abs=1e-15), name


@pytest.mark.parametrize("seed", [None, 0, 1, 2])
def test_every_step_shows_nnlibs_numbers(seed):
    """At the article's weights (seed None) and at random weights, inputs and target."""
    if seed is None:
        weights, x, y = dict(ARTICLE_WEIGHTS), (1.0, 1.0), 0.0
    else:
        weights, x, y = random_setting(seed)
    s = backprop_stepper(weights, x, y)
    expected = by_hand(weights, x, y)
    assert dict(s.steps) == pytest.approx(backprop_values(weights, x, y), rel=0, abs=0)
    for k in range(len(QUANTITIES)):
        s.step = k
        assert_step_shows(s, expected, k)
    for name in WEIGHT_NAMES:
        assert s.diagram.text(name) == f"{name} = {given(weights[name])}"
    assert s.diagram.text("x1") == f"x1 = {given(x[0])}"
    assert s.diagram.text("y") == f"y = {given(y)}"


def test_the_readout_gives_the_equation_phase_and_what_is_reused():
    s = backprop_stepper()
    s.step = QUANTITIES.index("dC/dw32")  # dC/dy_hat, computed before, used again
    labels = dict(shown_values(s))
    assert labels["reused"] == "dC/dy_hat"
    assert labels["equation"] == "dC/dw32 = dC/dy_hat * a12"
    assert labels["with numbers"].startswith("dC/dw32 = 2.466 * 0.7858 = ")
    assert labels["pass"] == "backward" and labels["step"] == f"{s.step + 1} of 24" == "11 of 24"
    assert s.diagram.states()[("node", "y_hat")] == "reused"
    assert s.diagram.states()[("edge", "w32")] == "current"
    assert s.diagram.places[("node", "y_hat")].reused == {1}  # the dC/dy_hat line
    s.step = QUANTITIES.index("a12")
    labels = dict(shown_values(s))
    assert labels["reused"] == "nothing" and labels["pass"] == "forward"
    assert "reused" not in s.diagram.states().values()
    assert s.diagram.states()[("node", "h2")] == "current"


def test_assigning_step_redraws_at_once():
    s = backprop_stepper()
    before, renders = bytes(s.image.value), s.renders
    s.step = 9
    assert s.renders == renders + 1
    assert bytes(s.image.value) != before
    assert s.diagram.focused == QUANTITIES[9] and s.sliders["step"].value == 10  # from one
    current = [at for at, kind in s.diagram.states().items() if kind == "current"]
    assert current == [("edge", "w31")]
    s.sliders["step"].value = 4  # the slider moves the stepper the same way
    assert s.step == 3 and s.diagram.focused == "a11"
    assert dict(shown_values(s))["step"] == "4 of 24"
    s.step = np.int64(5)
    assert s.step == 5


@pytest.mark.parametrize(
    "bad, error",
    [(24, ValueError), (-1, ValueError), (1.5, TypeError), (True, TypeError), ("3", TypeError)],
)
def test_a_bad_step_is_refused_by_name(bad, error):
    s = backprop_stepper()
    s.step = 4
    with pytest.raises(error, match="step must be"):
        s.step = bad
    assert s.step == 4


def test_previous_and_next_move_one_step_and_stop_at_the_ends():
    s = backprop_stepper()
    s.previous_button.click()
    assert s.step == 0
    for k in range(1, len(QUANTITIES)):
        image = bytes(s.image.value)
        s.next_button.click()
        assert s.step == k and bytes(s.image.value) != image
    renders = s.renders
    s.next_button.click()
    assert s.step == len(QUANTITIES) - 1 and s.renders == renders
    s.previous_button.click()
    assert s.step == len(QUANTITIES) - 2


def test_play_is_linked_to_the_step_slider_in_the_browser():
    s = backprop_stepper()
    link = s._play_link
    assert link.source == (s.play, "value") and link.target == (s.sliders["step"], "value")
    assert (s.play.min, s.play.max) == (1, len(QUANTITIES))
    assert (s.sliders["step"].min, s.sliders["step"].max) == (1, len(QUANTITIES))
    s.close()
    assert link.comm is None  # closed with the explorer


@pytest.mark.parametrize("name, value", [("w21", -1.3), ("x1", 0.5), ("y", 2.0), ("w33", 3.9)])
def test_moving_a_slider_recomputes_the_pass(name, value):
    s = backprop_stepper()
    s.step = 20
    s.sliders[name].value = value
    weights = {n: s.sliders[n].value for n in WEIGHT_NAMES}
    x, y = (s.sliders["x1"].value, s.sliders["x2"].value), s.sliders["y"].value
    assert dict(s.steps) == backprop_values(weights, x, y)
    assert_step_shows(s, by_hand(weights, x, y), 20)


def test_the_sliders_are_folded_away_behind_a_button():
    s = backprop_stepper()
    assert s.inputs_box.layout.display == "none"
    assert set(s.sliders) == {*WEIGHT_NAMES, "x1", "x2", "y", "step"}
    s.inputs_toggle.value = True
    assert s.inputs_box.layout.display == "flex"


def test_every_slider_at_an_extreme_draws_without_error():
    s = backprop_stepper()
    for end in ("max", "min", "max"):
        for k in (0, 7, 23):
            with s.hold():
                for key, slider in s.sliders.items():
                    if key != "step":
                        slider.value = getattr(slider, end)
                s.step = k
            expected = by_hand(
                {n: s.sliders[n].value for n in WEIGHT_NAMES},
                (s.sliders["x1"].value, s.sliders["x2"].value),
                s.sliders["y"].value,
            )
            assert_step_shows(s, expected, k)
            assert "cannot be drawn" not in s.readout.value


def test_a_value_that_is_not_finite_is_written_as_such():
    with styled():
        fig = new_figure(FIGSIZE)
        d = NetworkDiagram(fig.add_axes((0, 0, 1, 1)))
    d.show("C", float("inf"))
    d.show("dC/dw11", float("nan"))
    fig.canvas.draw()
    assert d.text("C") == "C = inf" and d.text("dC/dw11") == "dC/dw11 = nan"


def test_repr_and_display():
    s = backprop_stepper()
    s.step = 13
    assert repr(s).startswith("backprop_stepper: ") and len(repr(s)) < 100
    assert "step 14 of 24" in repr(s)
    data, meta = s._repr_mimebundle_()
    assert data["text/plain"].splitlines()[0] == repr(s)
    assert "dC/da12 = 1.233" in data["text/plain"]
    assert meta["image/png"]["width"] == 720


# --- the diagram ---------------------------------------------------------------------


def diagram():
    with styled():
        fig = new_figure(FIGSIZE, 160)
        return NetworkDiagram(fig.add_axes((0, 0, 1, 1)))


def test_the_diagram_holds_every_quantity_once():
    assert set(SLOTS) == {*QUANTITIES, *WEIGHT_NAMES, "x1", "x2", "y"}
    assert sorted(n for names in LINES.values() for n in names) == sorted(SLOTS)
    assert PLACES == tuple(LINES)


def test_no_two_places_overlap_and_every_line_fits_its_place_at_its_longest():
    d = diagram()
    for name in SLOTS:
        d.show(name, LONGEST_NUMBER if name in QUANTITIES else LONGEST_GIVEN)
    for at in PLACES:
        d.state(at, "current")
    bounds = {at: p.bounds() for at, p in d.places.items()}
    for (a, (ax0, ay0, ax1, ay1)), (b, (bx0, by0, bx1, by1)) in itertools.combinations(
        bounds.items(), 2
    ):
        assert ax1 <= bx0 or bx1 <= ax0 or ay1 <= by0 or by1 <= ay0, (a, b)
    for at, place in d.places.items():
        x0, y0, x1, y1 = bounds[at]
        assert 0 <= x0 and x1 <= 720 and 56 <= y0 and y1 <= 400, at
        for text in place.lines:
            left = text.get_position()[0]
            assert x0 < left and left + text_width(text.get_text()) < x1, (at, text.get_text())


def test_the_diagrams_text_is_large_enough():
    d = diagram()
    d.caption("one", "two")
    texts = [t for t in d.layer.get_children() if hasattr(t, "get_fontsize")]
    assert len(texts) >= len(SLOTS) + 2
    assert all(t.get_fontsize() >= 11 for t in texts)


def test_the_diagram_refuses_what_it_has_no_place_for():
    d = diagram()
    with pytest.raises(ValueError, match="kind must be one of idle"):
        d.state(("node", "h1"), "busy")
    with pytest.raises(ValueError, match="at must be one of"):
        d.state(("node", "h4"), "done")
    with pytest.raises(ValueError, match="name must be one of"):
        d.show("h14", 1.0)
    with pytest.raises(ValueError, match="holds 2 lines"):
        d.write(("edge", "w11"), ["a", "b", "c"])
    d.write(("edge", "w11"), ["w11 is 0.8"])
    assert d.texts(("edge", "w11")) == ["w11 is 0.8", "dC/dw11 = ?"]


def test_cached_pictures_of_places_look_as_a_fresh_drawing():
    """Walked through every step (each place's picture kept and pasted back), the stepper
    shows the same pixels as one built at that step and drawn from nothing."""
    walked, fresh = backprop_stepper(), backprop_stepper()
    for k in [*range(24), 5, 21, 13]:
        walked.step = k
        fresh.step = k
        fresh.diagram.layer.forget()  # drawn again, every place from nothing
        drawn = fresh._png()
        assert len(fresh.diagram.layer._tiles) == len(fresh.diagram.places) + 1  # and caption
        assert bytes(walked.image.value) == drawn, k


def test_the_diagram_draws_the_same_in_an_ordinary_draw_and_in_other_formats():
    import io

    d = diagram()
    d.show("h11", 1.0)
    d.state(("node", "h1"), "current")
    d.focus("h11")
    canvas = d.ax.figure.canvas
    canvas.draw()
    first = np.array(canvas.buffer_rgba())
    canvas.draw()  # every place pasted from its kept picture
    np.testing.assert_array_equal(np.array(canvas.buffer_rgba()), first)
    x0, y0, x1, y1 = d.places[("node", "h1")].bounds()
    rows = slice(int(first.shape[0] * (1 - y1 / 400)), int(first.shape[0] * (1 - y0 / 400)))
    cols = slice(int(first.shape[1] * x0 / 720), int(first.shape[1] * x1 / 720))
    assert (first[rows, cols, :3] < 100).any()  # its outline and text are drawn
    svg = io.BytesIO()
    d.ax.figure.savefig(svg, format="svg")
    assert b"<svg" in svg.getvalue()


def test_the_kept_pictures_stay_within_their_budget():
    s = backprop_stepper()
    layer = s.diagram.layer
    for w in (0.5, -0.5, 1.5, -1.5):
        s.sliders["w22"].value = w
        for k in range(len(QUANTITIES)):
            s.step = k
    assert 0 < layer._bytes <= layer.BUDGET
    assert layer._bytes == sum(tile.nbytes for tile in layer._tiles.values())
