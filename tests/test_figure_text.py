"""Every static figure the notebooks show, built as the notebooks build it, reads cleanly:
no two visible texts (titles, axis and tick labels, legends, node and edge labels, each
with the box drawn around it) overlap, none is cut off by the figure's edge, and none is
smaller than 12 CSS pixels; and all are one width, 720 CSS pixels."""

import io
import re
from pathlib import Path

import nbformat
import numpy as np
import pytest
from matplotlib.text import Text
from PIL import Image

import nnlib
from nnlib import plots

ROOT = Path(__file__).resolve().parent.parent
# A line that draws a static figure: plots.plot_x(...), or any other plot_ function called
# on its own or from a module (so that no figure escapes the checks below).
CALL = re.compile(r"^(?:[\w.]+\.)?plot_\w+\(")
MIN_TEXT_PX = 12  # CSS pixels at 1x
SLACK_PX = 0.5  # extents are floats; touching is not overlapping


def _article():
    return nnlib.SeedNetwork(), np.array(nnlib.ARTICLE_X), nnlib.ARTICLE_Y


def _gradient_cost():
    """The figure of 07 with its models' sizes and the timings stored in its table (ms)."""
    widths = [2, 4, 8, 16, 32, 64, 128]
    n = [nnlib.MLP([4, w, 1], activations="sigmoid", seed=0).n_params for w in widths]
    t_backprop = np.array([0.054, 0.056, 0.056, 0.062, 0.065, 0.079, 0.142]) * 1e-3
    t_numerical = np.array([1.2, 2.2, 4.5, 8.8, 18.5, 64.0, 98.6]) * 1e-3
    return plots.plot_gradient_cost(n, t_backprop, t_numerical)


def _step_errors():
    """The figure of 07: errors of dC/dw11's finite differences on its grid of steps."""
    net, x, y = _article()
    exact = net.gradients(x, y)["w11"]
    w11 = np.array([net["w11"]])

    def loss_of_w11(w):
        return float(net.loss_curve("w11", w, x, y)[0])

    steps = 10.0 ** -np.arange(1, 12.01, 0.25)
    errors = {
        m: [abs(nnlib.numerical_gradient(loss_of_w11, w11, e, method=m)[0] - exact) for e in steps]
        for m in ("forward", "central")
    }
    return plots.plot_step_errors(steps, errors, best={"forward": 1.5e-7, "central": 2.1e-5})


def _training():
    net, x, y = _article()
    return plots.plot_training(nnlib.train(net, x, y, lr=0.1, steps=40))


def _moons():
    """Notebook 09's two moons and its split: X, y, X_train, y_train, X_val, y_val."""
    from nnlib import datasets

    X, y = datasets.make_moons(n=200, noise=0.1, seed=0)
    return (X, y, *datasets.train_validation_split(X, y, validation=0.25, seed=0))


def _trained(start=None, batch_size=16):
    """Notebook 09's run: 16 tanh units, lr 0.5, 100 epochs -> (model, its Trainer)."""
    from nnlib.classifier import Trainer

    _, _, X_train, y_train, X_val, y_val = _moons()
    model = nnlib.MLP([2, 16, 2], "tanh", loss="cross_entropy", seed=0)
    if start is not None:
        for p in model.params:
            p[...] = start
    trainer = Trainer(model, X_train, y_train, lr=0.5, batch_size=batch_size, seed=0,
                      X_val=X_val, y_val=y_val)  # fmt: skip
    for _ in range(100):
        trainer.epoch()
    return model, trainer


def _boundary(start, title):
    _, _, _, _, X_val, y_val = _moons()
    return plots.plot_decision_boundary(_trained(start)[0], X_val, y_val, title=title)


def _learning_curves():
    runs = {"full batch": _trained(batch_size=150)[1], "batch 16": _trained()[1]}
    return plots.plot_learning_curves({k: r.history for k, r in runs.items()})


def _depth_runs(runs):
    """DepthReports of notebook 10 by label: {label: (activation, init)} -> {label: run}."""
    from nnlib.depth import depth_run

    return {label: depth_run(10, 32, act, init) for label, (act, init) in runs.items()}


def _value_graph():
    """Notebook 11's graph: the article's network built from Values, after backward()."""
    from nnlib.autograd import seed_network

    C, _ = seed_network()
    C.backward()
    return plots.plot_value_graph(C)


MOONS_TITLE = "two moons: class 0 (circles) and class 1 (squares)"
TIED_TITLE = "equal start: one straight boundary"
TRAINED_TITLE = "trained: the boundary over the validation points"
NORMS_TITLE = "10 hidden layers of 32 units at initialisation"
SCALES_TITLE = "tanh: the initial scale decides"

# Each figure-building call in the notebooks -> the same figure built here.
FIGURES = {
    ("00_start_here", "plots.plot_seed_network()"): plots.plot_seed_network,
    ("02_activations", "plots.plot_activations()"): plots.plot_activations,
    ("03_losses", "plots.plot_loss_curves()"): plots.plot_loss_curves,
    ("03_losses", "plots.plot_logit_gradients()"): plots.plot_logit_gradients,
    ("04_forward_pass", "plots.plot_seed_network(net, x=x, y=y)"): (
        lambda: plots.plot_seed_network(*_article())
    ),
    ("05_chain_rule", "plots.plot_computation_graph(net, x=x, y=y)"): (
        lambda: plots.plot_computation_graph(*_article())
    ),
    ("06_backward_pass", "plots.plot_multiplications(networks)"): (
        lambda: plots.plot_multiplications(
            [(2, 3, 1), (20, 40, 4), (784, 128, 10), (784, 128, 64, 10)]
        )
    ),
    (
        "07_numerical_vs_analytic",
        "plots.plot_gradient_cost(n_weights, t_backprop, t_numerical)",
    ): _gradient_cost,
    (
        "07_numerical_vs_analytic",
        "plots.plot_step_errors(fine_steps, fine_errors, best=predicted)",
    ): _step_errors,
    ("08_gradient_descent", "plots.plot_training(history)"): _training,
    ("09_training_a_classifier", f'plots.plot_dataset(X, y, title="{MOONS_TITLE}")'): (
        lambda: plots.plot_dataset(*_moons()[:2], title=MOONS_TITLE)
    ),
    (
        "09_training_a_classifier",
        f'plots.plot_decision_boundary(tied, X_val, y_val, title="{TIED_TITLE}")',
    ): lambda: _boundary(0.3, TIED_TITLE),
    (
        "09_training_a_classifier",
        "plots.plot_learning_curves({k: r.history for k, r in runs.items()})",
    ): _learning_curves,
    (
        "09_training_a_classifier",
        f'plots.plot_decision_boundary(model, X_val, y_val, title="{TRAINED_TITLE}")',
    ): lambda: _boundary(None, TRAINED_TITLE),
    ("10_vanishing_gradients", f'plots.plot_gradient_norms(usual, title="{NORMS_TITLE}")'): (
        lambda: plots.plot_gradient_norms(
            _depth_runs(
                {
                    "sigmoid, xavier": ("sigmoid", "xavier"),
                    "tanh, xavier": ("tanh", "xavier"),
                    "relu, he": ("relu", "he"),
                }
            ),
            title=NORMS_TITLE,
        )
    ),
    (
        "10_vanishing_gradients",
        f'plots.plot_gradient_norms(tanh_scales, title="{SCALES_TITLE}")',
    ): lambda: plots.plot_gradient_norms(
        _depth_runs(
            {
                "tanh, 0.5 x xavier": ("tanh", 0.5),
                "tanh, xavier": ("tanh", "xavier"),
                "tanh, 4 x xavier": ("tanh", 4.0),
            }
        ),
        title=SCALES_TITLE,
    ),
    ("10_vanishing_gradients", "plots.plot_activation_bands(spreads)"): (
        lambda: plots.plot_activation_bands(
            _depth_runs(
                {
                    "sigmoid, xavier": ("sigmoid", "xavier"),
                    "relu, 0.5 x xavier": ("relu", 0.5),
                    "tanh, 4 x xavier": ("tanh", 4.0),
                }
            )
        )
    ),
    ("11_from_backprop_to_autograd", "plots.plot_value_graph(C)"): _value_graph,
}
# Figures drawn with other arguments than the notebooks', to test the test on more layouts.
EXTRA = {
    "computation graph at another input": lambda: plots.plot_computation_graph(
        nnlib.SeedNetwork({"w31": -1.1}), (0.3, 1.7), 0.4
    ),
    "negative numbers everywhere": lambda: plots.plot_computation_graph(
        nnlib.SeedNetwork({"w31": -1.1, "w22": -0.6, "w13": -2.5}), (-0.35, 1.7), -0.4
    ),
    "the forward pass of another input": lambda: plots.plot_seed_network(
        nnlib.SeedNetwork({"w31": -1.1, "w22": -0.6, "w13": -2.5}), (-0.35, 1.7), -0.4
    ),
    "two activations": lambda: plots.plot_activations(["tanh", "relu"]),
    "multiplications, the deepest network first": lambda: plots.plot_multiplications(
        [(784, 256, 128, 64, 10), (2, 2), (3, 5, 5, 2), (10, 10, 10, 10, 10), (2, 3, 1)]
    ),
}


def notebook_calls():
    """(notebook, call) for every code line of the notebooks that builds a static figure."""
    found = set()
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                for line in cell.source.splitlines():
                    if CALL.match(line.strip()):
                        found.add((path.stem, line.strip()))
    return found


def _drawn_ticks(axis):
    """The tick labels axis draws: those of ticks inside its view interval."""
    lo, hi = sorted(axis.get_view_interval())
    tol = 1e-9 * max(abs(lo), abs(hi), 1.0)
    locs = [(axis.get_majorticklocs(), axis.get_major_ticks), (axis.get_minorticklocs(), None)]
    drawn = []
    for where, get in locs:
        ticks = (get or axis.get_minor_ticks)(len(where))
        for loc, tick in zip(where, ticks):
            if lo - tol <= loc <= hi + tol and tick.get_visible():
                drawn += [t for t in (tick.label1, tick.label2) if t.get_visible()]
    return drawn


def _visible_texts(artist, tick_labels):
    """Every non-empty Text under artist that is drawn: not hidden itself or by a parent."""
    if not artist.get_visible():
        return []
    if isinstance(artist, Text):
        shown = artist.get_text().strip() != ""
        is_tick = id(artist) in tick_labels["all"]
        return [artist] if shown and (not is_tick or id(artist) in tick_labels["drawn"]) else []
    found = []
    for child in artist.get_children():
        found += _visible_texts(child, tick_labels)
    return found


def visible_texts(fig):
    """The figure's drawn texts (after fig is drawn)."""
    every, drawn = set(), set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            for tick in axis.majorTicks + axis.minorTicks:
                every |= {id(tick.label1), id(tick.label2)}
            drawn |= {id(t) for t in _drawn_ticks(axis)}
    return _visible_texts(fig, {"all": every, "drawn": drawn})


def extent(text, renderer):
    """The window extent of a text, including the box drawn around it if any."""
    box = text.get_window_extent(renderer)
    patch = text.get_bbox_patch()
    if patch is not None and patch.get_visible():
        patch_box = patch.get_window_extent(renderer)
        box = type(box).union([box, patch_box])
    return box


def text_problems(fig):
    """One line per pair of overlapping texts, per text cut by the figure's edge and per
    text below MIN_TEXT_PX CSS pixels."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    texts = visible_texts(fig)
    boxes = [extent(t, renderer) for t in texts]
    found = []
    for k, (t, b) in enumerate(zip(texts, boxes)):
        for u, c in zip(texts[k + 1 :], boxes[k + 1 :]):
            dx = min(b.x1, c.x1) - max(b.x0, c.x0)
            dy = min(b.y1, c.y1) - max(b.y0, c.y0)
            if dx > SLACK_PX and dy > SLACK_PX:
                found.append(f"{t.get_text()!r} overlaps {u.get_text()!r}")
        edge = fig.bbox
        if (
            b.x0 < edge.x0 - SLACK_PX
            or b.y0 < edge.y0 - SLACK_PX
            or b.x1 > edge.x1 + SLACK_PX
            or b.y1 > edge.y1 + SLACK_PX
        ):
            found.append(f"{t.get_text()!r} is cut by the figure's edge")
        px = t.get_fontsize() * plots.DPI / 72  # points -> CSS px at DPI per inch
        if px < MIN_TEXT_PX - 1e-9:
            found.append(f"{t.get_text()!r} is {px:.1f} CSS px, below {MIN_TEXT_PX}")
    return found


def test_the_list_covers_every_static_figure_of_the_notebooks():
    assert notebook_calls() == set(FIGURES)


@pytest.mark.parametrize(
    "build",
    list(FIGURES.values()) + list(EXTRA.values()),
    ids=[k[0] for k in FIGURES] + list(EXTRA),
)
def test_no_text_overlaps_another_or_leaves_the_figure(build):
    assert text_problems(build()) == []


@pytest.mark.parametrize("build", list(FIGURES.values()), ids=[k[0] for k in FIGURES])
def test_every_figure_is_as_wide_as_the_others_and_shows_itself_at_2x(build):
    fig = build()
    assert isinstance(fig, plots.StaticFigure)
    png, size = plots.picture_png(fig)
    assert size["width"] == 720 == round(fig.get_size_inches()[0] * plots.DPI)
    with Image.open(io.BytesIO(png)) as picture:
        assert picture.size == (2 * size["width"], 2 * size["height"])


# --- the check itself ----------------------------------------------------------------


def _figure_with(*placements):
    fig = plots.new_figure((4.0, 2.0))
    ax = fig.add_axes((0.2, 0.2, 0.6, 0.6))
    for x, y, size in placements:
        ax.text(x, y, "some words", transform=ax.transAxes, fontsize=size)
    return fig


def test_overlapping_texts_are_found():
    [problem] = text_problems(_figure_with((0.1, 0.5, 11), (0.15, 0.52, 11)))
    assert problem == "'some words' overlaps 'some words'"


def test_a_text_past_the_edge_is_found():
    [problem] = text_problems(_figure_with((1.3, 0.5, 11)))
    assert problem == "'some words' is cut by the figure's edge"


def test_small_text_is_found():
    [problem] = text_problems(_figure_with((0.1, 0.5, 8)))
    assert problem == "'some words' is 10.0 CSS px, below 12"


def test_crowded_tick_labels_are_found():
    fig = plots.new_figure((2.0, 2.0))
    ax = fig.add_axes((0.2, 0.2, 0.7, 0.7))
    ax.set_xticks(np.linspace(0, 1, 30))
    assert any("overlaps" in p for p in text_problems(fig))
    ax.set_xticks([0, 1])
    assert text_problems(fig) == []
