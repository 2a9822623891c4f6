"""Deep networks at initialisation (nnlib.depth): per-layer gradient norms against a
numerical gradient, how they vanish or explode with the activation and the initial scale,
the chain's factors, the figures of notebook 10, and errors that name the argument."""

import numpy as np
import pytest

from nnlib.activations import sigmoid
from nnlib.depth import (
    DepthReport,
    activation_percentiles,
    chain_factors,
    deep_network,
    depth_batch,
    depth_report,
    depth_run,
    init_scale,
    layer_activations,
    layer_gradient_norms,
)
from nnlib.network import MLP
from nnlib.plots_depth import plot_activation_bands, plot_gradient_norms


def numerical_norms(model, X, Y, eps=1e-6):
    """||dC/dW_l|| per layer by central differences of model.loss, every weight in turn."""
    norms = []
    for layer in model.layers:
        W, grad = layer.W, np.zeros_like(layer.W)
        for idx in np.ndindex(W.shape):
            keep = W[idx]
            try:
                W[idx] = keep + eps
                up = model.loss(X, Y)
                W[idx] = keep - eps
                down = model.loss(X, Y)
            finally:
                W[idx] = keep
            grad[idx] = (up - down) / (2 * eps)
        norms.append(np.linalg.norm(grad))
    return np.array(norms)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_norms_equal_a_numerical_gradient_on_a_tiny_deep_net(activation):
    model = deep_network(4, 3, activation, "he", seed=1)
    X, Y = depth_batch(3, seed=1, n=5)
    np.testing.assert_allclose(
        layer_gradient_norms(model, X, Y), numerical_norms(model, X, Y), rtol=1e-5
    )


def test_report_holds_one_norm_per_layer_and_the_hidden_activations():
    model = deep_network(3, 5, "tanh", seed=2)
    X, Y = depth_batch(5, seed=2, n=7)
    report = depth_report(model, X, Y)
    assert isinstance(report, DepthReport)
    assert report.weight_norms.shape == report.bias_norms.shape == (4,)
    assert [a.shape for a in report.activations] == [(7, 5)] * 3
    for mine, theirs in zip(report.activations, layer_activations(model, X)):
        np.testing.assert_array_equal(mine, theirs)
    loss, grads = model.loss_and_gradients(X, Y)
    assert report.loss == pytest.approx(loss)
    db = [g for name, g in zip(model.param_names, grads) if name.startswith("b")]
    np.testing.assert_allclose(report.bias_norms, [np.linalg.norm(g) for g in db])


def test_weights_are_drawn_with_the_init_std():
    for init, scale in (("xavier", 1.0), ("he", np.sqrt(2.0)), (3.0, 3.0)):
        model = deep_network(6, 64, "relu", init, seed=0)
        W = np.concatenate([layer.W.ravel() for layer in model.layers[:-1]])
        assert W.std() == pytest.approx(scale / 8.0, rel=0.03)  # sqrt(1/64) = 1/8
    assert init_scale("he") == pytest.approx(np.sqrt(2.0)) and init_scale(0.5) == 0.5


def test_runs_are_seeded_and_deterministic():
    a, b = depth_run(5, 8, "sigmoid", seed=3), depth_run(5, 8, "sigmoid", seed=3)
    np.testing.assert_array_equal(a.weight_norms, b.weight_norms)
    assert not np.array_equal(a.weight_norms, depth_run(5, 8, "sigmoid", seed=4).weight_norms)


def test_sigmoid_gradients_vanish_with_depth_at_xavier():
    firsts = [depth_run(d, 32, "sigmoid").weight_norms[0] for d in (2, 5, 10)]
    assert firsts[0] > 10 * firsts[1] > 100 * firsts[2]
    norms = depth_run(10, 32, "sigmoid").weight_norms
    assert norms[0] < 1e-4 * norms[-1]


def test_relu_with_he_keeps_every_layer_within_a_factor():
    norms = depth_run(10, 32, "relu", "he").weight_norms
    assert norms.max() / norms.min() < 10


def test_a_large_scale_explodes():
    tanh = depth_run(10, 32, "tanh", 4.0).weight_norms
    assert tanh[0] > 20 * tanh[-1]  # grows on its way back to the input
    relu = depth_run(10, 32, "relu", 4.0).weight_norms
    assert relu.min() > 1e6 * depth_run(10, 32, "relu", "he").weight_norms.max()


def test_chain_factors_multiply_to_the_derivative_of_the_chain():
    ws, x = np.array([0.5, 2.0, -1.5]), 0.8
    factors = chain_factors(ws, x)

    def chain(x):
        for w in ws:
            x = sigmoid(w * x)
        return x

    slope = (chain(x + 1e-6) - chain(x - 1e-6)) / 2e-6
    assert np.prod(factors) == pytest.approx(slope, rel=1e-6)
    assert np.all(np.abs(factors) <= 0.25 * np.abs(ws))


def test_activation_percentiles_are_ordered_per_layer():
    p = activation_percentiles(depth_run(4, 16, "tanh").activations)
    assert p.shape == (4, 5) and np.all(np.diff(p, axis=1) >= 0)


@pytest.mark.parametrize(
    "call, error, words",
    [
        (lambda: deep_network(0, 8), ValueError, "depth must be a whole number from 1"),
        (lambda: deep_network(2.5, 8), ValueError, "depth"),
        (lambda: deep_network(3, 0), ValueError, "width must be a whole number from 1"),
        (lambda: deep_network(3, 8, "softmax"), ValueError, "activation must be one of"),
        (lambda: deep_network(3, 8, init="glorot"), ValueError, "init must be one of"),
        (lambda: deep_network(3, 8, init=-1.0), ValueError, "init as a number must be > 0"),
        (lambda: deep_network(3, 8, init=True), TypeError, "init must be 'xavier', 'he'"),
        (lambda: depth_report("net", np.ones((2, 3)), np.ones((2, 1))), TypeError, "model"),
        (
            lambda: depth_report(deep_network(2, 3), np.ones((2, 4)), np.ones((2, 1))),
            ValueError,
            "X has shape (2, 4)",
        ),
        (lambda: chain_factors([], 1.0), ValueError, "ws must be one or more"),
        (lambda: chain_factors([1.0], "x"), TypeError, "x must be a real number"),
    ],
)
def test_bad_inputs_are_named(call, error, words):
    with pytest.raises(error, match=words.replace("(", r"\(").replace(")", r"\)")):
        call()


def test_depth_report_refuses_a_cross_entropy_network():
    model = MLP([2, 3, 2], loss="cross_entropy")
    with pytest.raises(TypeError, match="loss 'mse'"):
        depth_report(model, np.ones((1, 2)), np.array([0]))


def test_gradient_norm_figure_draws_one_log_line_per_run():
    runs = {a: depth_run(6, 8, a) for a in ("sigmoid", "relu")}
    fig = plot_gradient_norms(runs)
    ax = fig.axes[0]
    assert ax.get_yscale() == "log" and len(ax.lines) == 2
    np.testing.assert_allclose(ax.lines[1].get_ydata(), runs["relu"].weight_norms)
    lo, hi = ax.get_ylim()
    assert lo <= min(r.weight_norms.min() for r in runs.values())
    assert hi >= max(r.weight_norms.max() for r in runs.values())


def test_activation_figure_has_a_panel_per_run():
    fig = plot_activation_bands({"tanh": depth_run(3, 8, "tanh"), "relu": depth_run(3, 8, "relu")})
    assert [ax.get_title() for ax in fig.axes] == ["tanh", "relu"]


@pytest.mark.parametrize("bad", [{}, [1, 2], {"x": 1.0}])
def test_figures_name_a_bad_runs_argument(bad):
    with pytest.raises((TypeError, ValueError), match="runs"):
        plot_gradient_norms(bad)
