"""The static figures: each returns a Figure whose artists carry nnlib's numbers, and
none changes matplotlib's global settings."""

import base64
import io
from types import SimpleNamespace

import matplotlib as mpl
import numpy as np
import pytest
from matplotlib.figure import Figure
from PIL import Image

from nnlib import ACTIVATIONS, MLP, SeedNetwork, binary_cross_entropy, mse, train
from nnlib.plots import (
    COLORS,
    DPI,
    OKABE_ITO,
    SCALE,
    STYLE,
    WIDTH,
    fmt,
    given,
    picture_png,
    plot_activations,
    plot_computation_graph,
    plot_gradient_cost,
    plot_loss_curves,
    plot_multiplications,
    plot_seed_network,
    plot_training,
)


def texts(fig):
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def lines(fig):
    return {line.get_label(): line for ax in fig.axes for line in ax.lines}


def test_palette_is_okabe_ito():
    assert set(COLORS.values()) <= set(OKABE_ITO.values())
    assert OKABE_ITO["blue"] == "#0072B2" and OKABE_ITO["vermillion"] == "#D55E00"


def test_plot_activations_draws_each_function_and_derivative_from_the_registry():
    fig = plot_activations()
    assert isinstance(fig, Figure)
    drawn = lines(fig)
    for name, act in ACTIVATIONS.items():
        if not act.elementwise:
            assert f"{name}(z)" not in drawn
            continue
        z, f = drawn[f"{name}(z)"].get_data()
        np.testing.assert_allclose(f, act.f(z))
        z, df = drawn[f"{name}'(z)"].get_data()
        np.testing.assert_allclose(df, act.df(z))
        assert drawn[f"{name}(z)"].get_linestyle() != drawn[f"{name}'(z)"].get_linestyle()
    names = [n for n, a in ACTIVATIONS.items() if a.elementwise]
    titles = [ax.get_title() for ax in fig.axes if ax.get_visible()]
    assert titles == [*names, "all slopes: sigmoid' \u2264 0.25"]
    assert len(fig.axes) == len(titles)  # no empty panel
    together = {line.get_label(): line for line in fig.axes[-1].lines}
    assert list(together) == [f"{n}'" for n in names]
    for name in names:
        z, df = together[f"{name}'"].get_data()
        np.testing.assert_allclose(df, ACTIVATIONS[name].df(z))


def test_plot_activations_takes_a_subset_and_rejects_softmax():
    fig = plot_activations(["tanh", "relu"])
    titles = [ax.get_title() for ax in fig.axes if ax.get_visible()]
    assert titles == ["tanh", "relu", "all slopes: tanh' \u2264 1"]
    assert [ax.get_title() for ax in plot_activations("sigmoid").axes] == ["sigmoid"]
    with pytest.raises(ValueError, match="softmax mixes its inputs"):
        plot_activations(["softmax"])


@pytest.mark.parametrize("x, y", [((1.0, 1.0), 0.0), ((0.5, -2.0), 0.7)])
def test_plot_seed_network_shows_nnlib_forward_values(x, y):
    net = SeedNetwork({"w22": -0.6})
    f = net.forward(x, y)
    shown = "\n".join(texts(plot_seed_network(net, x, y)))
    for name, value in net.weights.items():
        assert f"{name} = {given(value)}" in shown
    for j in range(3):
        assert f"h1{j + 1} = {fmt(f['h'][j])}" in shown
        assert f"a1{j + 1} = {fmt(f['a'][j])}" in shown
    assert f"y_hat = {fmt(f['y_hat'])}" in shown
    assert f"= {fmt(f['loss'])}" in shown
    assert f"x2 = {given(x[1])}" in shown


def test_plot_seed_network_defaults_to_the_article_example():
    shown = "\n".join(texts(plot_seed_network()))
    assert "w11 = 0.8" in shown and "h12 = 1.300" in shown and "h11 = 1.000" in shown
    assert f"y_hat = {fmt(SeedNetwork().forward()['y_hat'])}" in shown


@pytest.mark.parametrize(
    "weights, x, y", [(None, (1.0, 1.0), 0.0), ({"w31": -1.1}, (0.3, 1.7), 0.4)]
)
def test_plot_computation_graph_shows_values_gradients_and_local_derivatives(weights, x, y):
    net = SeedNetwork(weights)
    f = net.forward(x, y)
    grads = net.gradients(x, y)
    shown = "\n".join(texts(plot_computation_graph(net, x, y)))
    # Each grad by hand: the local derivative of its edge times the grad of the node it feeds.
    dC_dyhat = 2 * (f["y_hat"] - y)
    assert f"2(y_hat - y)\n= {fmt(dC_dyhat)}" in shown
    assert f"y_hat = {fmt(f['y_hat'])}\ngrad {fmt(dC_dyhat)}" in shown
    assert f"C = {fmt(f['loss'])}\ngrad 1.000" in shown
    for j in range(3):
        k, a = j + 1, f["a"][j]
        w3 = net[f"w3{k}"]
        dC_da = dC_dyhat * w3
        dC_dh = dC_da * a * (1 - a)
        assert f"a1{k} = {fmt(a)}\ngrad {fmt(dC_da)}" in shown
        assert f"a1{k}(1 - a1{k})\n= {fmt(a * (1 - a))}" in shown
        assert f"h1{k} = {fmt(f['h'][j])}\ngrad {fmt(dC_dh)}" in shown
        assert f"w3{k} = {given(w3)}\ngrad {fmt(grads[f'w3{k}'])}" in shown
        assert grads[f"w3{k}"] == pytest.approx(a * dC_dyhat)
        for i in (1, 2):
            name = f"w{i}{k}"
            written = (given(net[name]), given(x[i - 1]), fmt(grads[name]))
            assert "{} = {}\nx{} = {}\ngrad {}".format(name, written[0], i, *written[1:]) in shown
            assert grads[name] == pytest.approx(x[i - 1] * dC_dh)


def test_plot_seed_network_rejects_other_models():
    with pytest.raises(TypeError, match="net must be a SeedNetwork"):
        plot_seed_network({"w11": 1.0})


def test_plot_loss_curves_match_nnlib():
    fig = plot_loss_curves()
    assert [ax.get_title() for ax in fig.axes] == ["target y = 1", "target y = 0"]
    for ax, y in zip(fig.axes, (1.0, 0.0)):
        by_label = {line.get_label(): line for line in ax.lines}
        p, c = by_label["MSE"].get_data()
        np.testing.assert_allclose(c, mse(p, np.full_like(p, y), reduction="none"))
        p, c = by_label["binary cross-entropy"].get_data()
        np.testing.assert_allclose(c, binary_cross_entropy(p, np.full_like(p, y), reduction="none"))


def test_plot_logit_gradients_and_the_leaky_relu_slope_note():
    """dC/dz through a sigmoid: cross-entropy's p - y, MSE's 2 (p - y) p (1 - p), which is
    near 0 on a confident mistake; leaky ReLU's panel writes out its slope alpha."""
    from nnlib import sigmoid
    from nnlib.plots import plot_logit_gradients

    for y in (1.0, 0.0):
        drawn = lines(plot_logit_gradients(y))
        z, bce = drawn["sigmoid + cross-entropy: p - y"].get_data()
        p = sigmoid(z)
        np.testing.assert_allclose(bce, p - y)
        z, sq = drawn["sigmoid + MSE: 2(p - y) p(1 - p)"].get_data()
        np.testing.assert_allclose(sq, 2 * (p - y) * p * (1 - p), atol=1e-15)
        worst = 0 if y else -1  # the most confident mistake drawn
        assert abs(bce[worst]) > 0.99 and abs(sq[worst]) < 0.01
    with pytest.raises(ValueError, match="y must be a target between 0 and 1"):
        plot_logit_gradients(2.0)
    notes = {ax.get_title(): [t.get_text() for t in ax.texts] for ax in plot_activations().axes}
    assert notes["leaky_relu"] == ["slope 0.01 for z < 0,\nnot 0"]
    assert all(not notes[n] for n in ("sigmoid", "tanh", "relu", "linear"))


def test_plot_training_draws_the_history():
    history = train(SeedNetwork(), (1.0, 1.0), 0.0, lr=0.5, steps=15)
    fig = plot_training(history)
    line = lines(fig)["C"]
    np.testing.assert_array_equal(line.get_xdata(), np.arange(16))
    np.testing.assert_allclose(line.get_ydata(), history.losses)
    assert fig.axes[0].get_yscale() == "log"
    assert "diverged here" not in lines(fig)
    factor = (history.losses[0] / history.losses[-1]) ** (1 / 15)
    assert fig.axes[0].get_title() == (
        f"15 steps take C from {fmt(history.losses[0])} to {history.losses[-1]:.1e}: "
        f"about {factor:.2g} times smaller each step"
    )
    assert plot_training(history, title="mine").axes[0].get_title() == "mine"


def test_plot_training_marks_divergence_with_finite_data():
    X = np.array([[1.0, 2.0], [-1.0, 0.5], [2.0, -3.0]])
    history = train(MLP([2, 4, 1], "linear", seed=0), X, np.ones(3), lr=5.0, steps=400)
    assert history.diverged
    fig = plot_training(history)
    assert "diverged here" in lines(fig)
    steps = len(history.losses) - 1
    title = f"the loss blows up after {steps} steps: the rate is too large"
    assert fig.axes[0].get_title() == title
    for line in fig.axes[0].lines:
        assert np.isfinite(np.asarray(line.get_ydata(), dtype=float)).all()


def test_plot_training_rejects_other_input():
    with pytest.raises(TypeError, match="History that nnlib.train returns"):
        plot_training([1.0, 0.5])


def test_plot_step_errors_draws_each_method_and_the_predicted_steps():
    from nnlib.plots import plot_step_errors

    steps = [1e-1, 1e-2, 1e-3, 1e-4]
    errors = {"forward": [1e-2, 1e-3, 0.0, 1e-3], "central": [1e-3, 1e-5, 1e-7, 1e-6]}
    fig = plot_step_errors(steps, errors, best={"forward": 1e-3, "central": 2e-3})
    [ax] = fig.axes
    drawn = lines(fig)
    np.testing.assert_array_equal(drawn["central difference"].get_xdata(), steps)
    np.testing.assert_array_equal(drawn["central difference"].get_ydata(), errors["central"])
    forward = drawn["forward difference"].get_ydata()
    assert np.isnan(forward[2]) and forward[3] == 1e-3  # an exact 0 is not drawn
    assert drawn["forward difference"].get_marker() != drawn["central difference"].get_marker()
    assert drawn["predicted best step, central"].get_xdata()[0] == 2e-3
    assert drawn["predicted best step, forward"].get_color() == COLORS["derivative"]
    assert ax.get_xscale() == ax.get_yscale() == "log"
    with pytest.raises(ValueError, match="errors\\['central'\\] must be 4 numbers >= 0"):
        plot_step_errors(steps, {"central": [1.0, 2.0]})
    with pytest.raises(ValueError, match="map 'forward' or 'central'"):
        plot_step_errors(steps, {"backward": [1.0] * 4})
    with pytest.raises(ValueError, match="steps must be a non-empty 1-D sequence"):
        plot_step_errors([1e-2, 0.0], {"central": [1.0, 1.0]})


def test_plot_gradient_cost():
    fig = plot_gradient_cost([9, 90, 900], [1e-5, 2e-5, 9e-5], [1e-4, 1e-2, 1.0])
    drawn = lines(fig)
    np.testing.assert_array_equal(drawn["backprop"].get_xdata(), [9, 90, 900])
    np.testing.assert_array_equal(drawn["central differences"].get_ydata(), [1e-4, 1e-2, 1.0])
    assert drawn["backprop"].get_marker() != drawn["central differences"].get_marker()
    assert fig.axes[0].get_xscale() == fig.axes[0].get_yscale() == "log"
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["9", "90", "900"]
    assert fig.axes[0].get_title() == (
        "N from 9 to 900: backprop takes 9.0 times as long, central differences 10000 times"
    )
    with pytest.raises(ValueError, match="equal lengths"):
        plot_gradient_cost([9, 90], [1e-5], [1e-4, 1e-3])
    with pytest.raises(ValueError, match="t_numerical must be a non-empty 1-D sequence"):
        plot_gradient_cost([9], [1e-5], [0.0])


def test_plot_multiplications_draws_nnlib_counts_on_a_log_scale():
    from nnlib.backprop import multiplications

    sizes_list = [(2, 3, 1), (20, 40, 4), (784, 128, 64, 10)]
    fig = plot_multiplications(sizes_list)
    [ax] = fig.axes
    chains, reverse = ax.containers
    for sizes, chain_bar, reverse_bar in zip(sizes_list, chains, reverse):
        counts = multiplications(sizes)
        assert chain_bar.get_height() == counts.chains
        assert reverse_bar.get_height() == counts.reverse
        assert chain_bar.get_hatch() != reverse_bar.get_hatch()  # not colour alone
    assert ax.get_yscale() == "log"
    ratio = multiplications((20, 40, 4)).ratio
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks[1] == f"20-40-4\n{ratio:.2g}x fewer"
    assert ticks[2].startswith("784-128-64-10\n")
    # 2-3-1 by hand: six first-layer chains x1 * a(1 - a) [two] * w3j * 2(y_hat - y) [one]
    # of five multiplications and three output chains a1j * 2(y_hat - y) of two; the
    # reverse pass forms 2(y_hat - y), three dC/da1j, three slopes, three dC/dh1j and nine
    # weight gradients.
    assert ticks[0] == f"2-3-1\n{(6 * 5 + 3 * 2) / (1 + 3 + 3 + 3 + 9):.2g}x fewer"
    labels = [t.get_text() for t in ax.texts]
    for sizes in sizes_list:
        counts = multiplications(sizes)
        assert f"{counts.reverse:,}" in labels
    # 784-128-64-10's chains, too many to write in full, in two significant digits
    big = multiplications(sizes_list[-1]).chains
    [short] = [t for t in labels if "e" in t]
    assert len(short) <= 5 and float(short) == pytest.approx(big, rel=0.01)


def test_plot_multiplications_rejects_other_input():
    with pytest.raises(TypeError, match="one sequence of layer widths per network"):
        plot_multiplications([2, 3, 1])
    with pytest.raises(TypeError, match="sizes_list must be a list"):
        plot_multiplications(231)
    with pytest.raises(ValueError, match="at least one network"):
        plot_multiplications([])
    with pytest.raises(ValueError, match="sizes must be two or more layer widths"):
        plot_multiplications([(2, 0, 1)])


def test_plots_leave_global_settings_alone():
    before = dict(mpl.rcParams)
    plot_activations()
    plot_seed_network()
    plot_training(train(SeedNetwork(), (1.0, 1.0), 0.0, steps=3))
    assert dict(mpl.rcParams) == before


# --- how a notebook shows a static figure ----------------------------------------------


def shown(fig, monkeypatch):
    """What fig publishes when IPython displays it with the inline backend's formatters
    (as after %matplotlib inline): -> (data, metadata) of its one display call."""
    from IPython.core.formatters import DisplayFormatter
    from IPython.core.pylabtools import select_figure_formats

    calls = []
    monkeypatch.setattr("IPython.display.display", lambda *a, **k: calls.append((a, k)))
    shell = SimpleNamespace(display_formatter=DisplayFormatter())
    select_figure_formats(shell, {"png"})
    assert shell.display_formatter.format(fig) == ({}, {})  # it displayed itself
    [((data,), kwargs)] = calls
    assert kwargs["raw"] is True
    return data, kwargs["metadata"]


def test_a_static_figure_shows_as_a_paletted_png_at_twice_its_css_size(monkeypatch):
    fig = plot_loss_curves()
    data, metadata = shown(fig, monkeypatch)
    assert metadata == {"image/png": {"width": 720, "height": 297}}
    assert data["text/plain"] == repr(fig)
    with Image.open(io.BytesIO(base64.b64decode(data["image/png"]))) as png:
        assert png.format == "PNG" and png.mode == "P"
        assert png.size == (2 * 720, 2 * 297)
    assert WIDTH * DPI == 720 and SCALE == 2


def test_the_picture_is_the_figure_drawn_at_twice_its_dpi():
    fig = plot_training(train(SeedNetwork(), (1.0, 1.0), 0.0, steps=3))
    png, size = picture_png(fig)
    drawn = io.BytesIO()
    fig.savefig(drawn, format="png", dpi=2 * DPI, facecolor="white")
    expected = np.asarray(Image.open(drawn).convert("RGB")).astype(int)
    got = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    gap = np.abs(got - expected).max(axis=-1)
    assert size == {"width": 720, "height": 288}
    assert gap.max() <= 80  # the palette's rounding; a misplaced glyph moves pixels by ~200
    assert (gap > 40).mean() < 0.001


def test_style_text_is_at_least_12_css_pixels_in_the_explorers_and_the_figures():
    sizes = ("font.size", "axes.titlesize", "axes.labelsize", "legend.fontsize")
    for key in (*sizes, "xtick.labelsize", "ytick.labelsize"):
        assert STYLE[key] >= 11, key  # 11 pt = 12.2 px at the explorers' 80 px per inch
