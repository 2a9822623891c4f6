"""The explorers, headless: every slider swept from its min to its max, the readout and
the drawn artists compared with nnlib at each stop, rapid fire, and the handles."""

import re

import numpy as np
import pytest

import nnlib
from nnlib import WEIGHT_NAMES, SeedNetwork
from nnlib.plots import fmt
from nnlib.widgets import weight_explorer

STOPS = 22          # min, max and 20 values between


def sweep_values(slider):
    """min, max and evenly spaced values between (whole numbers for integer sliders)."""
    values = np.linspace(slider.min, slider.max, STOPS)
    if isinstance(slider.value, int):
        return sorted({int(round(v)) for v in values})
    return [float(v) for v in values]


def drawn_arrays(figure):
    """Every array of data drawn in the figure: line data and patch geometry."""
    out = []
    for ax in figure.axes:
        for line in ax.lines:
            out.append(np.asarray(line.get_xydata(), dtype=float))
        for patch in ax.patches:
            out.append(np.asarray(patch.get_path().vertices, dtype=float))
            out.append(np.asarray(patch.get_transform().get_matrix(), dtype=float))
        for collection in ax.collections:
            out.append(np.asarray(collection.get_offsets(), dtype=float))
        out.append(np.array([*ax.get_xlim(), *ax.get_ylim()]))
    return out


def assert_finite_drawing(explorer):
    for arr in drawn_arrays(explorer.figure):
        assert np.isfinite(arr).all()


def assert_readout_shows(explorer, expected):
    """expected: label -> value; each is in .values (to 1e-12) and printed in the readout."""
    text = explorer.readout_text()
    for label, value in expected.items():
        assert explorer.values[label] == pytest.approx(value, rel=1e-12, abs=1e-300)
        assert f"{label} = {fmt(value)}" in text, (label, value, text)


def central_difference(f, w, h=1e-5):
    return (f(w + h) - f(w - h)) / (2 * h)


def assert_slope(drawn, analytic, numeric):
    assert drawn == pytest.approx(analytic, rel=1e-6, abs=1e-9)
    assert drawn == pytest.approx(numeric, rel=1e-6, abs=1e-8)


# --- weight explorer ---------------------------------------------------------------

def weight_expected(explorer):
    """nnlib's numbers for the explorer's current slider settings."""
    s = explorer.sliders
    net = SeedNetwork({n: s[n].value for n in WEIGHT_NAMES})
    x, y = (s["x1"].value, s["x2"].value), s["y"].value
    name = explorer.dropdowns["plotted"].value
    f = net.forward(x, y)
    grads = net.gradients(x, y)
    chain = net.chain_rule(name, x, y)
    expected = {name: net[name], "C": f["loss"], "y_hat": f["y_hat"],
                "product": chain.product, "x1": x[0], "x2": x[1], "y": y}
    expected.update({factor.label: factor.value for factor in chain})
    expected.update({f"dC/d{n}": g for n, g in grads.items()})
    return net, x, y, name, expected


def check_weight_explorer(explorer):
    net, x, y, name, expected = weight_expected(explorer)
    assert_readout_shows(explorer, expected)
    assert_finite_drawing(explorer)
    w, c, g = net[name], expected["C"], expected[f"dC/d{name}"]
    grid, curve = explorer.curve.get_data()
    np.testing.assert_allclose(curve, net.loss_curve(name, grid, x, y), rtol=1e-12)
    assert explorer.point.get_data()[0][0] == w
    assert explorer.point.get_data()[1][0] == pytest.approx(c, rel=1e-12)
    numeric = central_difference(lambda v: net.loss_curve(name, [v], x, y)[0], w)
    assert_slope(explorer.tangent_slope(), g, numeric)
    heights = [bar.get_height() for bar in explorer.bars]
    np.testing.assert_allclose(heights, [expected[f"dC/d{n}"] for n in WEIGHT_NAMES],
                               rtol=1e-12)
    chosen = [bar.get_hatch() is not None for bar in explorer.bars]
    assert chosen == [n == name for n in WEIGHT_NAMES]


def test_weight_explorer_starts_at_the_article_example():
    e = weight_explorer()
    assert set(e.sliders) == set(WEIGHT_NAMES) | {"x1", "x2", "y"}
    assert e.dropdowns["plotted"].value == "w11"
    assert e.values["C"] == pytest.approx(SeedNetwork().loss())
    assert e.values["dC/dw11"] == pytest.approx(SeedNetwork().gradients()["w11"])
    assert bytes(e.image.value).startswith(b"\x89PNG")
    check_weight_explorer(e)


def test_weight_explorer_handles_and_short_repr():
    e = weight_explorer()
    assert repr(e) == "weight_explorer: 9 weight sliders, inputs x1 x2 and target y"
    assert e._repr_mimebundle_()["text/plain"] == repr(e)
    assert e.figure is e.curve.figure
    assert e.readout.value.startswith("<pre")
    for slider in e.sliders.values():
        assert slider.description
        assert slider.continuous_update


def test_weight_explorer_inputs_fold_away():
    import ipywidgets as widgets
    e = weight_explorer()
    accordions = [c for c in e.children if isinstance(c, widgets.Accordion)]
    assert len(accordions) == 1 and accordions[0].selected_index is None
    inner = accordions[0].children[0].children
    assert [c.description for c in inner] == ["x1", "x2", "y (target)"]


@pytest.mark.parametrize("name", WEIGHT_NAMES)
def test_weight_explorer_dropdown_plots_each_weight(name):
    e = weight_explorer(weights={"w21": -1.3}, x=(0.5, -2.0), y=0.7)
    before = bytes(e.image.value)
    e.dropdowns["plotted"].value = name
    if name != "w11":
        assert bytes(e.image.value) != before
    assert e.ax_curve.get_xlabel() == name
    check_weight_explorer(e)


def test_weight_explorer_rejects_an_unknown_weight():
    with pytest.raises(ValueError, match="selected must be one of w11"):
        weight_explorer(selected="w41")


def test_weight_explorer_sweep_every_slider():
    e = weight_explorer()
    for key, slider in e.sliders.items():
        previous = bytes(e.image.value)
        for v in sweep_values(slider):
            changed = v != slider.value
            slider.value = v
            check_weight_explorer(e)
            if changed:
                assert bytes(e.image.value) != previous, (key, v)
            previous = bytes(e.image.value)


def test_weight_explorer_rapid_fire_shows_the_last_value():
    e = weight_explorer()
    rng = np.random.default_rng(3)
    values = np.round(rng.uniform(-4, 4, 100), 2)
    for v in values:
        e.sliders["w11"].value = float(v)
    last = float(values[-1])
    assert e.values["w11"] == last
    check_weight_explorer(e)
    fresh = weight_explorer(weights={"w11": last})
    assert e.readout.value == fresh.readout.value
    assert bytes(e.image.value) == bytes(fresh.image.value)


def test_weight_explorer_breaks_the_symmetry_of_equal_inputs():
    e = weight_explorer()
    assert e.values["dC/dw11"] == pytest.approx(e.values["dC/dw21"])
    e.sliders["x2"].value = 0.25
    assert e.values["dC/dw21"] == pytest.approx(0.25 * e.values["dC/dw11"])


def test_importing_nnlib_leaves_widgets_unloaded():
    import subprocess
    import sys
    code = ("import sys, nnlib; bad = [m for m in ('matplotlib', 'ipywidgets') "
            "if m in sys.modules]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"
    assert nnlib.widgets.weight_explorer is weight_explorer
