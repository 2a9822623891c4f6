"""The explorers, headless: every slider swept from its min to its max, the readout and
the drawn artists compared with nnlib at each stop, rapid fire, and the handles."""

import base64
import io
import itertools

import matplotlib as mpl
import numpy as np
import pytest
from ipywidgets import HBox
from pictures import PALETTE_TOLERANCE, worst_gap
from PIL import Image
from test_autograd_explorer import check_autograd_explorer
from test_training_explorer import check_training_explorer

import nnlib
from nnlib import (
    ACTIVATIONS,
    MLP,
    WEIGHT_NAMES,
    SeedNetwork,
    binary_cross_entropy,
    binary_cross_entropy_grad,
    categorical_cross_entropy,
    mse,
    mse_grad,
    numerical_gradient,
    train,
)
from nnlib.backprop import QUANTITIES
from nnlib.plots import COLORS, fmt, given
from nnlib.widgets import (
    CLASS_TABLE,
    CLASSES,
    ELEMENTWISE,
    EXPLORER_DPI,
    activation_explorer,
    autograd_explorer,
    backprop_stepper,
    depth_explorer,
    finite_difference_explorer,
    gradient_descent_explorer,
    loss_explorer,
    neuron_explorer,
    readout_image,
    training_explorer,
    weight_explorer,
    wrap_readout,
)
from nnlib.widgets.background import Stamps
from nnlib.widgets.controls import descendants
from nnlib.widgets.readout import Product, Row, Section, sections, text_lines
from nnlib.widgets.readout import values as readout_values

STOPS = 22  # min, max and 20 values between


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


def written(explorer, label, value):
    """label = value as explorer's readout writes it: short when the learner set it (w11 =
    0.8: a slider's value, or a row marked given), to 4 significant digits when it was
    computed (h11 = 1.000)."""
    parts = sections(explorer.lines(explorer.compute(explorer.state())), given=explorer.sliders)
    rows = [row for part in parts for row in part.rows if isinstance(row, Row)]
    set_by_learner = any(row.given for row in rows if row.label == label)
    return f"{label} = {(given if set_by_learner else fmt)(value)}"


def assert_readout_shows(explorer, expected):
    """expected: label -> value; each is in .values (to 1e-12) and printed in the readout."""
    text = explorer.readout_text()
    for label, value in expected.items():
        assert explorer.values[label] == pytest.approx(value, rel=1e-12, abs=1e-300)
        assert written(explorer, label, value) in text, (label, value, text)


def mime_data(e):
    """The data of e's own mime bundle (it may come with its metadata, as a pair)."""
    bundle = e._repr_mimebundle_()
    return bundle[0] if isinstance(bundle, tuple) else bundle


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
    expected = {
        name: net[name],
        "C": f["loss"],
        "y_hat": f["y_hat"],
        "product": chain.product,
        "x1": x[0],
        "x2": x[1],
        "y": y,
    }
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
    assert_slope(_slope(explorer.tangent), g, numeric)
    heights = explorer.bars.drawn_lengths()
    np.testing.assert_allclose(heights, [expected[f"dC/d{n}"] for n in WEIGHT_NAMES], rtol=1e-12)
    assert explorer.bars.marked == WEIGHT_NAMES.index(name)
    assert explorer.bars.mark.get_visible() and explorer.bars.mark.get_linewidth() >= 2
    assert explorer.bars.mark.get_height() == pytest.approx(heights[explorer.bars.marked])


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
    assert mime_data(e)["text/plain"].splitlines()[0] == repr(e)
    assert e.figure is e.curve.figure
    assert "<table>" in e.readout.value
    for slider in e.sliders.values():
        assert slider.description
        assert slider.continuous_update


def test_weight_explorer_inputs_fold_away_behind_a_button():
    e = weight_explorer()
    assert [c.description for c in e.inputs_box.children] == ["x1", "x2", "y (target)"]
    assert e.inputs_toggle.value is False and e.inputs_box.layout.display == "none"
    before = bytes(e.image.value)
    e.inputs_toggle.value = True
    assert e.inputs_box.layout.display == "flex"
    assert bytes(e.image.value) == before  # folding changes no number
    e.inputs_toggle.value = False
    assert e.inputs_box.layout.display == "none"


@pytest.mark.parametrize("name", WEIGHT_NAMES)
def test_weight_explorer_dropdown_plots_each_weight(name):
    e = weight_explorer(weights={"w21": -1.3}, x=(0.5, -2.0), y=0.7)
    before = bytes(e.image.value)
    e.dropdowns["plotted"].value = name
    if name != "w11":
        assert bytes(e.image.value) != before
    assert e.ax_curve.get_xlabel().split()[0] == name
    check_weight_explorer(e)


def test_weight_explorer_rejects_an_unknown_weight():
    with pytest.raises(ValueError, match="selected must be one of w11"):
        weight_explorer(selected="w41")


def sweep(e, key, check):
    """Move slider key through sweep_values; at each value run check(e) and, when the value
    changed, require a new image."""
    slider = e.sliders[key]
    previous = bytes(e.image.value)
    for v in sweep_values(slider):
        changed = v != slider.value
        slider.value = v
        check(e)
        if changed:
            assert bytes(e.image.value) != previous, (key, v)
        previous = bytes(e.image.value)


def test_weight_explorer_sweep_every_slider():
    e = weight_explorer()
    for key in e.sliders:
        sweep(e, key, check_weight_explorer)


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
    # Axis limits settle rather than follow every move, so they depend on the path taken;
    # with the same limits, the image is the one a fresh explorer draws for the last value.
    fresh.limits.update(e.limits)
    fresh.refresh()
    assert bytes(e.image.value) == bytes(fresh.image.value)


def test_weight_explorer_breaks_the_symmetry_of_equal_inputs():
    e = weight_explorer()
    assert e.values["dC/dw11"] == pytest.approx(e.values["dC/dw21"])
    e.sliders["x2"].value = 0.25
    assert e.values["dC/dw21"] == pytest.approx(0.25 * e.values["dC/dw11"])


def test_importing_nnlib_leaves_widgets_unloaded():
    import subprocess
    import sys

    code = (
        "import sys, nnlib; bad = [m for m in ('matplotlib', 'ipywidgets') "
        "if m in sys.modules]; print(bad)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "[]"
    assert nnlib.widgets.weight_explorer is weight_explorer


# --- the other explorers: nnlib's numbers at the current settings -----------------------


def check_neuron_explorer(e):
    v = {k: s.value for k, s in e.sliders.items()}
    name = e.dropdowns["activation"].value
    z = v["w1"] * v["x1"] + v["w2"] * v["x2"] + v["b"]
    a = float(ACTIVATIONS[name].f(z))
    assert_readout_shows(
        e, {"w1 x1": v["w1"] * v["x1"], "w2 x2": v["w2"] * v["x2"], "z": z, "a": a, "b": v["b"]}
    )
    assert_finite_drawing(e)
    assert e.point.get_data()[0][0] == pytest.approx(z, rel=1e-12, abs=1e-15)
    assert e.point.get_data()[1][0] == pytest.approx(a, rel=1e-12, abs=1e-15)
    widths = e.terms.drawn_lengths()
    np.testing.assert_allclose(
        widths, [v["w1"] * v["x1"], v["w2"] * v["x2"], v["b"], z], rtol=1e-12, atol=1e-15
    )
    grid, curve = e.curve.get_data()
    np.testing.assert_allclose(curve, ACTIVATIONS[name].f(grid))
    lo, hi = e.ax_act.get_ylim()
    assert lo <= curve.min() and curve.max() <= hi


def check_activation_explorer(e):
    name = e.dropdowns["function"].value
    act = ACTIVATIONS[name]
    x = e.sliders["x"].value
    fx, dfx = float(act.f(x)), float(act.df(x))
    assert_readout_shows(e, {"x": x, "f(x)": fx, "f'(x)": dfx})
    assert_finite_drawing(e)
    assert e.point.get_data()[1][0] == fx and e.dpoint.get_data()[1][0] == dfx
    numeric = central_difference(lambda t: float(act.f(t)), x)
    if abs(x) > 1e-4:  # relu and leaky_relu have a kink at 0
        assert_slope(_slope(e.tangent), dfx, numeric)
    grid, dcurve = e.dcurve.get_data()
    np.testing.assert_allclose(dcurve, act.df(grid))


def check_loss_explorer(e):
    p, y = e.sliders["p"].value, e.dropdowns["y"].value
    target = e.dropdowns["target"].value
    raw = np.array([e.sliders[c].value for c in CLASSES])
    probs = raw / raw.sum() if raw.sum() > 0 else np.full(5, 0.2)
    k = CLASSES.index(target)
    table = np.array([CLASS_TABLE[c] for c in CLASSES])
    table[k] = probs
    row_loss = -np.log(max(probs[k], 1e-12))
    expected = {
        "y_hat": p,
        "y": y,
        "MSE": (p - y) ** 2,
        "dMSE/dy_hat": 2 * (p - y),
        "BCE": binary_cross_entropy([p], [y]),
        "dBCE/dy_hat": float(binary_cross_entropy_grad([p], [y])[0]),
        f"CCE of the {target} row": row_loss,
        "mean CCE over the table": categorical_cross_entropy(table, np.arange(5)),
    }
    expected.update({f"P({c})": q for c, q in zip(CLASSES, probs)})
    for label, value in expected.items():
        assert e.values[label] == pytest.approx(value, rel=1e-9, abs=1e-12), label
        assert f"{label} = " in e.readout_text()
    assert_readout_shows(e, {k2: e.values[k2] for k2 in expected})
    assert_finite_drawing(e)
    assert e.bars.drawn_lengths().sum() == pytest.approx(1.0)
    mse_numeric = central_difference(lambda t: mse([t], [y]), p)
    bce_numeric = central_difference(lambda t: binary_cross_entropy([t], [y]), p)
    assert_slope(_slope(e.mse_tangent), float(mse_grad([p], [y])[0]), mse_numeric)
    assert_slope(_slope(e.bce_tangent), expected["dBCE/dy_hat"], bce_numeric)
    assert e.mse_point.get_data()[1][0] == pytest.approx(expected["MSE"])
    assert e.bce_point.get_data()[1][0] == pytest.approx(expected["BCE"])


def fd_estimate(log10_eps, method, precision):
    dtype = np.dtype(precision)
    mlp = MLP([2, 3, 1], "sigmoid", "mse", bias=False, dtype=dtype)
    for mine, seed in zip(mlp.params, SeedNetwork().params):
        mine[...] = seed
    X, Y = np.ones((1, 2), dtype=dtype), np.zeros((1, 1), dtype=dtype)

    def f(w):
        mlp.params[0][0, 0] = w[0]
        return mlp.loss(X, Y)

    w = np.array([0.8], dtype=dtype)
    eps = 10.0**log10_eps  # small on purpose: no check of eps against the precision
    return float(numerical_gradient(f, w, eps=eps, method=method, check_eps=False)[0])


def check_finite_difference_explorer(e):
    log_eps = e.sliders["log10_eps"].value
    method, precision = e.dropdowns["method"].value, e.dropdowns["precision"].value
    est = fd_estimate(log_eps, method, precision)
    analytic = SeedNetwork().gradients()["w11"]
    assert_readout_shows(
        e,
        {
            "estimate": est,
            "backprop": analytic,
            "absolute error": abs(est - analytic),
            "eps": 10.0**log_eps,
        },
    )
    assert_finite_drawing(e)
    assert e.point.get_data()[0][0] == pytest.approx(10.0**log_eps)
    assert e.point.get_data()[1][0] == pytest.approx(max(abs(est - analytic), e.FLOOR))


def check_gradient_descent_explorer(e):
    lr, steps = e.sliders["lr"].value, e.sliders["steps"].value
    history = train(SeedNetwork(), (1.0, 1.0), 0.0, lr=lr, steps=steps, record_params=True)
    losses = history.losses
    assert_readout_shows(
        e,
        {
            "C at start": losses[0],
            "C at the end": losses[-1],
            "steps run": len(losses) - 1,
            "highest C": np.max(losses),
        },
    )
    assert ("diverged = yes" in e.readout_text()) == history.diverged
    assert_finite_drawing(e)
    k, drawn = e.loss_line.get_data()
    np.testing.assert_array_equal(k, np.arange(len(losses)))
    finite_losses = np.isfinite(losses) & (losses > 1e-12) & (losses < 1e4)
    np.testing.assert_allclose(drawn[finite_losses], losses[finite_losses], rtol=1e-12)
    w11 = [p[0][0, 0] for p in history.params]
    ok = np.isfinite(w11) & (np.abs(w11) < 1e6)
    np.testing.assert_allclose(e.w11_line.get_data()[1][ok], np.array(w11)[ok], rtol=1e-12)


def check_backprop_stepper(e):
    """The quantities shown so far equal the article network's pass at the sliders' values,
    computed here from SeedNetwork's forward pass and gradients and the chain rule."""
    v = {k: s.value for k, s in e.sliders.items()}
    net = nnlib.SeedNetwork({n: v[n] for n in WEIGHT_NAMES})
    x, y = (v["x1"], v["x2"]), v["y"]
    with np.errstate(all="ignore"):
        f, g = net.forward(x, y), net.gradients(x, y)
        expected = {"y_hat": f["y_hat"], "C": f["loss"], "dC/dy_hat": 2 * (f["y_hat"] - y)}
        for j, a in enumerate(f["a"], start=1):
            expected[f"h1{j}"], expected[f"a1{j}"] = f["h"][j - 1], a
            expected[f"dC/da1{j}"] = expected["dC/dy_hat"] * v[f"w3{j}"]
            expected[f"dC/dh1{j}"] = expected[f"dC/da1{j}"] * a * (1 - a)
    expected.update({f"dC/d{n}": g[n] for n in WEIGHT_NAMES})
    shown = QUANTITIES[: e.step + 1]
    assert e.step == v["step"] - 1 and e.steps[e.step][0] == shown[-1]
    assert set(e.values) == set(shown)
    np.testing.assert_allclose(
        [e.values[n] for n in shown], [expected[n] for n in shown], rtol=1e-9, equal_nan=True
    )


def check_depth_explorer(e):
    """The readout and the line equal nnlib.depth's run at the controls' values: the
    gradient norm of each layer's weights, computed here by the network's own
    loss_and_gradients."""
    from nnlib.depth import deep_network, depth_batch

    s = e.state()
    model = deep_network(s["depth"], s["width"], s["activation"], s["init"], s["seed"])
    X, Y = depth_batch(s["width"], s["seed"])
    with np.errstate(all="ignore"):
        _, grads = model.loss_and_gradients(X, Y)
    norms = [np.linalg.norm(g) for n, g in zip(model.param_names, grads) if n.startswith("W")]
    assert_readout_shows(e, {"||dC/dW_1||": norms[0], f"||dC/dW_{s['depth'] + 1}||": norms[-1]})
    assert_finite_drawing(e)
    layers, drawn = e.norm_line.get_data()
    np.testing.assert_array_equal(layers, np.arange(1, s["depth"] + 2))
    # a zero gradient (every relu of a layer off) is drawn on the bottom edge
    np.testing.assert_allclose(drawn, np.clip(norms, *e.ax_norms.get_ylim()), rtol=1e-9)


def _slope(line):
    (x0, x1), (y0, y1) = line.get_data()
    return (y1 - y0) / (x1 - x0)


EXPLORERS = {
    "weight_explorer": (weight_explorer, check_weight_explorer),
    "neuron_explorer": (neuron_explorer, check_neuron_explorer),
    "activation_explorer": (activation_explorer, check_activation_explorer),
    "loss_explorer": (loss_explorer, check_loss_explorer),
    "finite_difference_explorer": (finite_difference_explorer, check_finite_difference_explorer),
    "gradient_descent_explorer": (gradient_descent_explorer, check_gradient_descent_explorer),
    "backprop_stepper": (backprop_stepper, check_backprop_stepper),
    "training_explorer": (training_explorer, check_training_explorer),
    "depth_explorer": (depth_explorer, check_depth_explorer),
    "autograd_explorer": (autograd_explorer, check_autograd_explorer),
}
OTHERS = [k for k in EXPLORERS if k != "weight_explorer"]


@pytest.mark.parametrize("name", OTHERS)
def test_explorer_handles(name):
    make, check = EXPLORERS[name]
    e = make()
    assert repr(e).startswith(f"{name}: ") and len(repr(e)) < 100
    assert mime_data(e)["text/plain"].splitlines()[0] == repr(e)
    assert e.sliders and all(s.description and s.continuous_update for s in e.sliders.values())
    assert e.image in descendants(e) and e.readout in descendants(e)
    assert bytes(e.image.value).startswith(b"\x89PNG")
    assert e.figure.axes
    check(e)


@pytest.mark.parametrize("name", OTHERS)
def test_explorer_sweep_every_slider(name):
    make, check = EXPLORERS[name]
    for key in make().sliders:
        sweep(make(), key, check)


@pytest.mark.parametrize("name", OTHERS)
def test_explorer_every_dropdown_option(name):
    make, check = EXPLORERS[name]
    e = make()
    for dropdown in e.dropdowns.values():
        for _, value in (
            dropdown.options
            if isinstance(dropdown.options[0], tuple)
            else [(o, o) for o in dropdown.options]
        ):
            dropdown.value = value
            check(e)
            first = next(iter(e.sliders.values()))
            for v in (first.min, first.max):
                first.value = v
                check(e)


@pytest.mark.parametrize("name", OTHERS)
def test_explorer_rapid_fire_shows_the_last_value(name):
    make, check = EXPLORERS[name]
    e = make()
    slider = next(iter(e.sliders.values()))
    values = sweep_values(slider) * 5
    np.random.default_rng(0).shuffle(values)
    for v in values[:100]:
        slider.value = v
    check(e)
    fresh = make()
    fresh.sliders[next(iter(e.sliders))].value = values[99]
    assert e.readout.value == fresh.readout.value
    assert bytes(e.image.value) == bytes(fresh.image.value)


def test_neuron_explorer_rejects_softmax():
    with pytest.raises(ValueError, match="activation must be one of sigmoid"):
        neuron_explorer("softmax")
    assert "softmax" not in ELEMENTWISE


def test_loss_explorer_loads_each_table_row():
    e = loss_explorer()
    before = e.renders
    e.dropdowns["target"].value = "Cow"
    assert e.renders == before + 1  # the five sliders move, one redraw
    assert [e.sliders[c].value for c in CLASSES] == list(CLASS_TABLE["Cow"])
    assert e.values["CCE of the Cow row"] == pytest.approx(-np.log(0.96))
    check_loss_explorer(e)


def test_loss_explorer_renormalises_and_survives_all_zero():
    e = loss_explorer()
    with e.hold():
        for c in CLASSES:
            e.sliders[c].value = 0.0
    assert e.values["P(Cat)"] == pytest.approx(0.2)
    e.sliders["Cat"].value = 0.5
    assert e.values["P(Cat)"] == pytest.approx(1.0)
    assert e.values["CCE of the Cat row"] == pytest.approx(0.0, abs=1e-12)
    e.sliders["Cat"].value = 0.0
    e.sliders["Dog"].value = 0.5
    assert np.isfinite(e.values["CCE of the Cat row"]) and e.values["CCE of the Cat row"] > 20
    check_loss_explorer(e)


def test_finite_difference_explorer_shows_truncation_meeting_round_off():
    e = finite_difference_explorer()
    central = e.errors["central", "float64"]
    best = int(np.argmin(central))
    assert central[best] < 1e-9
    assert central[0] > 1e3 * central[best]  # tiny eps: round-off dominates
    assert central[-1] > 1e3 * central[best]  # large eps: truncation dominates
    assert e.errors["central", "float32"].min() > 1e3 * central[best]


def test_gradient_descent_explorer_overshoots_at_large_rates():
    e = gradient_descent_explorer(lr=0.1, steps=30)
    assert e.values["highest C"] == e.values["C at start"]  # every step goes down
    e.sliders["lr"].value = 2.0
    assert e.values["highest C"] > 10 * e.values["C at start"]  # the first step overshoots
    check_gradient_descent_explorer(e)


@pytest.mark.parametrize("name", list(EXPLORERS))
def test_explorer_every_slider_at_an_extreme_at_once(name):
    make, check = EXPLORERS[name]
    e = make()
    for end in ("max", "min", "max"):
        with e.hold():
            for slider in e.sliders.values():
                slider.value = getattr(slider, end)
        check(e)
        assert all(np.isfinite(v) for v in e.values.values())


# --- the display: the live widget, and a picture for pages without a kernel ---------------


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def assert_same_picture(actual, expected):
    assert actual.shape == expected.shape
    worst = worst_gap(actual, expected)
    assert worst <= PALETTE_TOLERANCE, f"pixels differ by up to {worst} levels"


def decode_png(data):
    """PNG bytes -> (H, W, 4) uint8 RGBA; fails unless data is a complete, valid PNG."""
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    with Image.open(io.BytesIO(data)) as im:
        assert im.format == "PNG"
        return np.asarray(im.convert("RGBA"))


def ink_rows(rgba, level=128):
    """Bands of consecutive pixel rows that hold dark pixels (lines of text)."""
    dark = (rgba[..., :3].min(axis=2) < level).any(axis=1)
    starts = dark & ~np.concatenate([[False], dark[:-1]])
    return int(starts.sum())


def bundle_of(e):
    """What IPython sends to the front end when the explorer is the value of a cell."""
    from IPython.core.formatters import DisplayFormatter

    data, _ = DisplayFormatter().format(e)
    return data


@pytest.mark.parametrize("name", list(EXPLORERS))
def test_display_bundle_has_the_widget_a_picture_and_the_readout(name):
    make, _ = EXPLORERS[name]
    e = make()
    bundle = bundle_of(e)
    assert "text/html" not in bundle  # it would outrank the picture without a kernel
    assert bundle[WIDGET_VIEW] == {"version_major": 2, "version_minor": 0, "model_id": e.model_id}
    text = bundle["text/plain"].split("\n")
    assert text[0] == repr(e)
    assert "\n".join(text[1:]) == e.readout_text()
    for label, value in e.values.items():
        assert written(e, label, value) in bundle["text/plain"], label

    picture = decode_png(base64.b64decode(bundle["image/png"], validate=True))
    figure = decode_png(bytes(e.image.value))
    width, height = e.figure.canvas.get_width_height()
    assert figure.shape == (height, width, 4)
    assert picture.shape[1] == width and picture.shape[0] > height
    assert_same_picture(picture[:height], figure)  # the figure as it is now
    strip = picture[height:]
    assert ink_rows(strip) >= len(e.readout_text().splitlines())
    pad = round(0.1 * EXPLORER_DPI)
    assert (strip[1:, -pad:, :3] == 255).all(), "readout text runs into the right edge"
    assert_same_picture(strip, readout_image(e._readout_parts, width, EXPLORER_DPI))


@pytest.mark.parametrize("name", list(EXPLORERS))
def test_display_leaves_the_explorer_working(name):
    make, check = EXPLORERS[name]
    shown, fresh = make(), make()
    rc = dict(mpl.rcParams)
    image, backgrounds, renders = bytes(shown.image.value), dict(shown._backgrounds), shown.renders
    first = bundle_of(shown)
    assert dict(mpl.rcParams) == rc
    assert bytes(shown.image.value) == image and shown.renders == renders
    assert shown._backgrounds.keys() == backgrounds.keys()
    assert all(shown._backgrounds[k] is v for k, v in backgrounds.items())
    key = next(iter(shown.sliders))
    slider = shown.sliders[key]
    value = slider.max if slider.value != slider.max else slider.min
    for e in (shown, fresh):
        e.sliders[key].value = value
        check(e)
    assert shown.readout.value == fresh.readout.value
    assert bytes(shown.image.value) == bytes(fresh.image.value)
    assert bytes(shown.image.value) != image
    again = bundle_of(shown)  # displayed again: the new values
    assert again["text/plain"] != first["text/plain"]
    assert again["image/png"] == bundle_of(fresh)["image/png"] != first["image/png"]


def test_readout_wraps_at_the_joins_to_the_width():
    parts = [["a = 1", "bb = 22", "ccc = 333"], ["a single part longer than the width"], []]
    rows = wrap_readout(parts, 16)
    assert rows == ["a = 1,  bb = 22,", "    ccc = 333", "a single part longer than the width", ""]
    assert wrap_readout(parts, 100)[0] == "a = 1,  bb = 22,  ccc = 333"


@pytest.mark.parametrize("width, dpi", [(720, 80), (701, 72), (333, 90)])
def test_readout_image_is_exactly_the_width_asked(width, dpi):
    parts = [["w11 = 0.8", "C = 1.521", "y_hat = 1.233"] * 4, ["x1 = 1"]]
    rgba = readout_image(parts, width, dpi)
    assert rgba.dtype == np.uint8 and rgba.shape[1] == width and rgba.shape[2] == 4
    assert ink_rows(rgba) >= len(wrap_readout(parts, 10**6))
    assert (rgba[1:, -round(0.1 * dpi) :, :3] == 255).all()  # nothing cut off at the right


@pytest.mark.parametrize("name", list(EXPLORERS))
def test_a_value_put_on_the_slider_grid_by_the_browser_redraws_nothing(name):
    """The browser puts each value on its slider's grid, min + k * step, and sends it back:
    0.7999999999999998 for 0.8.  That is the value shown, so nothing is drawn again."""
    e = EXPLORERS[name][0]()
    for key, slider in e.sliders.items():
        if isinstance(slider.value, int):
            continue
        renders, state = e.renders, e.state()
        k = round((slider.value - slider.min) / slider.step)
        browser = slider.min + k * slider.step  # what the front end computes
        slider.value = np.nextafter(browser, browser + 1.0)  # and a rounding error more
        assert e.renders == renders, key
        assert e.state() == state, key
        slider.value = slider.value + 3 * slider.step  # a real move still redraws
        assert e.renders == renders + 1, key


def full_drawing(e):
    """The canvas of e drawn again from nothing: no cached background, no band, no stamp."""
    e._backgrounds.clear()
    e._shown = None
    return np.array(e._render())


@pytest.mark.parametrize(
    "make, key, top, fixed",
    [
        (weight_explorer, "y", 2.5, "x"),  # y limits change: x texts and title pasted
        (neuron_explorer, "b", 10.0, "y"),  # x limits change: y texts and title pasted
    ],
)
def test_axes_drawn_again_alone_look_as_drawn_with_the_whole_figure(
    monkeypatch, make, key, top, fixed
):
    """Dragging a slider changes the axis limits of one panel at a time: that panel is
    drawn again alone (its band blanked, the texts of its other axis and its title pasted
    as pixels).  Every such frame must equal the whole figure drawn from nothing at the
    same settings."""
    pasted = []
    paste = Stamps.paste
    monkeypatch.setattr(
        Stamps, "paste", lambda self, *a: pasted.append((self.fixed, paste(self, *a))) or True
    )
    e = make()
    whole = e.background_draws
    for value in np.linspace(0.0, top, 60):
        draws = e.background_draws
        e.sliders[key].value = float(value)
        if e.background_draws == draws:
            continue
        frame = np.array(e.figure.canvas.buffer_rgba())
        np.testing.assert_array_equal(frame, full_drawing(e), err_msg=f"{key} = {value}")
        e.refresh()  # back to the explorer's own caches
    assert e.background_draws - whole >= 3
    assert pasted and all(ok for _, ok in pasted), "a panel's texts could not be pasted"
    assert {f for f, _ in pasted} == {fixed}


def test_a_new_resolution_is_drawn_whole_not_pasted_from_the_old_one():
    e = weight_explorer()
    width = e.figure.canvas.get_width_height()[0]
    e.figure.set_dpi(2 * e.figure.dpi)
    e.sliders["w11"].value = 0.3
    frame = np.array(e.figure.canvas.buffer_rgba())
    assert frame.shape[1] == 2 * width
    np.testing.assert_array_equal(frame, full_drawing(e))


# --- what the figures show: the derivative first, limits that fit, readout tables ---------

# The readout's labels of numbers at each explorer's start, as before the readout became
# tables: notebooks and tests read explorer.values[label].
LABELS = {
    "weight_explorer": {"C", "y_hat", "product", "dC/dy_hat", "dy_hat/da11", "da11/dh11"}
    | {"dh11/dw11", "w11", "x1", "x2", "y"}
    | {f"dC/d{n}" for n in WEIGHT_NAMES}
    | {f"h1{j}" for j in "123"}
    | {f"a1{j}" for j in "123"},
    "neuron_explorer": {"a", "b", "w1", "w1 x1", "w2", "w2 x2", "x1", "x2", "z"},
    "activation_explorer": {"f'(x)", "f(x)", "x"},
    "loss_explorer": {"BCE", "MSE", "dBCE/dy_hat", "dMSE/dy_hat", "y", "y_hat"}
    | {"CCE of the Cat row", "mean CCE over the table"}
    | {f"P({c})" for c in CLASSES},
    "finite_difference_explorer": {"absolute error", "backprop", "eps", "estimate"}
    | {"log10(eps)", "relative error"},
    "gradient_descent_explorer": {"C at start", "C at the end", "highest C", "lowest C"}
    | {"lr", "steps", "steps run"}
    | {f"final {n}" for n in WEIGHT_NAMES},
    "backprop_stepper": {"h11"},
    "training_explorer": {"epoch", "updates", "updates per epoch", "lr"}
    | {"training loss", "training accuracy", "validation accuracy"},
    "depth_explorer": {"depth", "width", "weight std", "||dC/dW_1||", "||dC/dW_11||"}
    | {"first / last", "a_1 5-95 %", "a_10 5-95 %", "a_10 median"},
    "autograd_explorer": {"x", "w", "b", "y", "z", "a", "C", "steps", "its grad"}
    | {"dC/dw", "dC/dw by hand", "dC/db", "dC/db by hand"},
}
WORDS = {  # the readout's words (str values), as before
    "weight_explorer": set(),
    "neuron_explorer": {"activation = sigmoid"},
    "activation_explorer": {"function = sigmoid"},
    "loss_explorer": {"true class = Cat"},
    "finite_difference_explorer": {"method = central", "precision = float64"},
    "gradient_descent_explorer": {"diverged = no"},
    "backprop_stepper": {"pass = forward", "reused = nothing"},
    "training_explorer": {"diverged = no"},
    "depth_explorer": {"activation = sigmoid", "init = xavier"},
    "autograd_explorer": {"node = x"},
}


@pytest.mark.parametrize("name", list(EXPLORERS))
def test_lines_are_tables_with_the_labels_of_before(name):
    e = EXPLORERS[name][0]()
    parts = e.lines(e.compute(e.state()))
    assert parts and all(isinstance(part, Section) for part in parts)
    rows = [row for part in parts for row in part.rows]
    assert all(isinstance(row, (Row, Product)) for row in rows)
    assert set(readout_values(parts)) == LABELS[name]
    assert readout_values(parts) == e.values
    lines = text_lines(sections(parts, given=e.sliders))
    assert "\n".join(",  ".join(line) for line in lines) == e.readout_text()
    for words in WORDS[name]:
        assert words in e.readout_text()
    keys = [row for row in rows if isinstance(row, Row) and row.key]
    assert 1 <= len(keys) <= 3 and all(row.color or row.label == "estimate" for row in keys)


def test_weight_readout_writes_the_chain_rule_as_one_product():
    e = weight_explorer()
    parts = e.lines(e.compute(e.state()))
    products = [row for part in parts for row in part.rows if isinstance(row, Product)]
    (product,) = products
    chain = SeedNetwork().chain_rule("w11")
    assert product.label == "dC/dw11" and product.color == COLORS["tangent"]
    assert [f.label for f in product.factors] == [f.label for f in chain]
    assert [f.value for f in product.factors] == pytest.approx([f.value for f in chain])
    assert product.value == pytest.approx(chain.product)
    text = e.readout_text()
    assert "dC/dw11 = dC/dy_hat x dy_hat/da11 x da11/dh11 x dh11/dw11" in text
    assert f"product = {fmt(chain.product)}" in text


def assert_inside(text, ax):
    """The text (drawn) lies within its axes."""
    renderer = ax.figure.canvas.get_renderer()
    box, frame = text.get_window_extent(renderer), ax.get_window_extent(renderer)
    assert text.get_text()
    assert frame.x0 - 1 <= box.x0 and box.x1 <= frame.x1 + 1, (text.get_text(), box, frame)
    assert frame.y0 - 1 <= box.y0 and box.y1 <= frame.y1 + 1, (text.get_text(), box, frame)


def assert_derivative_marks(tangent, point, label, curve):
    """A solid, thick tangent in the tangent colour over the curve, the point above it, and
    the slope written in the key size above both."""
    assert tangent.get_linestyle() == "-" and tangent.get_linewidth() >= 2.5
    assert mpl.colors.same_color(tangent.get_color(), COLORS["tangent"])
    assert curve.get_zorder() < tangent.get_zorder() < point.get_zorder() < label.get_zorder()
    assert label.get_fontsize() >= 13 and tangent.get_animated() and label.get_animated()


@pytest.mark.parametrize("name", WEIGHT_NAMES)
def test_weight_slope_label_says_the_readouts_gradient(name):
    e = weight_explorer(selected=name)
    assert_derivative_marks(e.tangent, e.point, e.slope_label.text, e.curve)
    for value in (-4.0, -1.2, 0.8, 2.5, 4.0):
        e.sliders[name].value = value
        words = f"dC/d{name} = {fmt(e.values[f'dC/d{name}'])}"
        assert e.slope_label.text.get_text() == f"slope {words}"
        assert words in e.readout_text()
        assert_inside(e.slope_label.text, e.ax_curve)
        (x0, x1), _ = e.tangent.get_data()
        assert x1 - x0 == pytest.approx(2 * e.TANGENT_HALF_WIDTH)


@pytest.mark.parametrize("function", ELEMENTWISE)
def test_activation_slope_label_says_the_readouts_derivative(function):
    e = activation_explorer(function)
    assert_derivative_marks(e.tangent, e.point, e.slope_label.text, e.curve)
    for x in (-6.0, -2.5, 0.5, 3.0, 6.0):
        e.sliders["x"].value = x
        assert e.slope_label.text.get_text() == "slope f'(x) = " + fmt(e.values["f'(x)"])
        assert_inside(e.slope_label.text, e.ax_f)


def test_loss_slopes_are_drawn_and_written():
    e = loss_explorer()
    for y, p in itertools.product((0.0, 1.0), (0.01, 0.3, 0.7, 0.99)):
        with e.hold():
            e.dropdowns["y"].value, e.sliders["p"].value = y, p
        for kind, tangent, point, label in (
            ("MSE", e.mse_tangent, e.mse_point, e.mse_label),
            ("BCE", e.bce_tangent, e.bce_point, e.bce_label),
        ):
            assert_derivative_marks(tangent, point, label.text, e.mse_curve)
            assert label.text.get_text().endswith(
                f"d{kind}/dy_hat = {fmt(e.values[f'd{kind}/dy_hat'])}"
            )
            assert_inside(label.text, e.ax_binary)
        assert_inside(e.cce_label.text, e.ax_classes)
    legend = [t.get_text() for t in e.ax_binary.get_legend().get_texts()]
    assert legend == ["MSE", "BCE"]  # no entry for a mark that is not drawn


def test_finite_difference_error_is_written_by_the_star():
    e = finite_difference_explorer()
    for log_eps in (-16.0, -8.0, -4.0, -1.0):
        e.sliders["log10_eps"].value = log_eps
        assert e.error_label.text.get_text() == f"error {fmt(e.values['absolute error'])}"
        assert_inside(e.error_label.text, e.ax)


def test_weight_gradient_bars_fit_their_signs():
    e = weight_explorer()
    assert all(e.values[f"dC/d{n}"] > 0 for n in WEIGHT_NAMES)
    assert e.ax_bars.get_ylim() == (0.0, 2.0)  # not symmetric: no gradient is negative
    e.sliders["y"].value = 2.5  # y_hat < y: every gradient negative
    assert all(e.values[f"dC/d{n}"] < 0 for n in WEIGHT_NAMES)
    lo, hi = e.ax_bars.get_ylim()
    assert hi == 0.0 and lo <= min(e.values[f"dC/d{n}"] for n in WEIGHT_NAMES)
    e.sliders["y"].value = 0.0
    assert e.ax_bars.get_ylim() == (0.0, 2.0)
    e.sliders["x2"].value = -1.0  # the gradients of w21 .. w23 change sign
    grads = [e.values[f"dC/d{n}"] for n in WEIGHT_NAMES]
    lo, hi = e.ax_bars.get_ylim()
    assert lo <= min(grads) < 0 < max(grads) <= hi


def test_neuron_sum_axis_fits_the_terms():
    e = neuron_explorer()
    terms = [e.values[k] for k in ("w1 x1", "w2 x2", "b", "z")]
    lo, hi = e.ax_sum.get_xlim()
    assert lo == 0.0 and max(terms) <= hi <= 2 * max(terms)  # not a fixed -10 .. 10
    e.sliders["w2"].value = -2.0
    terms = [e.values[k] for k in ("w1 x1", "w2 x2", "b", "z")]
    lo, hi = e.ax_sum.get_xlim()
    assert lo <= min(terms) < 0 < max(terms) <= hi and hi - lo <= 4 * (max(terms) - min(terms))


@pytest.mark.parametrize("name", list(EXPLORERS))
def test_figure_text_is_large_enough(name):
    e = EXPLORERS[name][0]()
    e.figure.canvas.draw()
    texts = [t for t in e.figure.findobj(mpl.text.Text) if t.get_visible() and t.get_text()]
    assert texts and all(t.get_fontsize() >= 11 for t in texts), [
        (t.get_text(), t.get_fontsize()) for t in texts if t.get_fontsize() < 11
    ]


@pytest.mark.parametrize("name", list(EXPLORERS))
def test_controls_are_laid_out_in_wrapping_columns(name):
    e = EXPLORERS[name][0]()
    grids = [w for w in descendants(e) if isinstance(w, HBox) and w.layout.flex_flow == "row wrap"]
    sliders = set(e.sliders.values())
    in_grids = {s for grid in grids for s in descendants(grid) if s in sliders}
    if name == "weight_explorer":
        sliders -= set(e.inputs_box.children)  # folded away beneath the grid
    assert sliders <= in_grids


def test_gradient_descent_writes_the_last_loss_by_its_point():
    e = gradient_descent_explorer()
    for lr, steps in ((0.1, 1), (0.1, 30), (2.0, 100), (0.5, 97)):
        with e.hold():
            e.sliders["lr"].value, e.sliders["steps"].value = lr, steps
        assert e.end_label.text.get_text() == f"C = {fmt(e.values['C at the end'])}"
        assert_inside(e.end_label.text, e.ax_loss)
