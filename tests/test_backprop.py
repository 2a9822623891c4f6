"""Tests for nnlib.backprop: the stepped backward pass against SeedNetwork's gradients,
finite differences and the closed forms; the batch backward pass against MLP and a
numerical gradient; and the multiplication counts against an instrumented count of the
two ways of computing the gradients."""

import math
import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nnlib import (
    ARTICLE_WEIGHTS,
    MLP,
    WEIGHT_NAMES,
    SeedNetwork,
    numerical_gradient,
    sigmoid,
)
from nnlib.backprop import (
    BACKWARD,
    FORWARD,
    QUANTITIES,
    backprop_steps,
    backprop_values,
    batch_backward,
    multiplications,
)
from nnlib.written import fmt

# The issue's names, in the order backprop computes them.
ISSUE_NAMES = (
    "h11 h12 h13 a11 a12 a13 y_hat C dC/dy_hat dC/dw31 dC/dw32 dC/dw33 dC/da11 dC/da12 "
    "dC/da13 dC/dh11 dC/dh12 dC/dh13 dC/dw11 dC/dw12 dC/dw13 dC/dw21 dC/dw22 dC/dw23"
).split()
NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?:e[-+]?\d+)?")

coordinate = st.floats(-2.0, 2.0, allow_nan=False)
weight = st.floats(-3.0, 3.0, allow_nan=False)
weights = st.fixed_dictionaries({name: weight for name in WEIGHT_NAMES})


def _w(weights, name):
    return (ARTICLE_WEIGHTS if weights is None else weights)[name]


def _loss_of_h(h, weights, y):
    """C as a function of the hidden pre-activations, by nnlib's sigmoid."""
    w3 = np.array([_w(weights, f"w3{k}") for k in (1, 2, 3)])
    return float((sigmoid(h) @ w3 - y) ** 2)


def _loss_of_a(a, weights, y):
    w3 = np.array([_w(weights, f"w3{k}") for k in (1, 2, 3)])
    return float((a @ w3 - y) ** 2)


# --- backprop_steps ------------------------------------------------------------------


def test_quantities_are_the_issues_names_in_order():
    assert list(QUANTITIES) == ISSUE_NAMES
    assert len(FORWARD) + len(BACKWARD) == len(QUANTITIES) == 24
    assert [s.name for s in backprop_steps()] == ISSUE_NAMES


def _check_steps(weights, x, y):
    steps = backprop_steps(weights, x, y)
    assert len(steps) == len(FORWARD) + len(BACKWARD) == 24
    assert [s.name for s in steps] == ISSUE_NAMES
    assert [s.phase for s in steps] == ["forward"] * 8 + ["backward"] * 16
    v = {s.name: s.value for s in steps}
    assert v == backprop_values(weights, x, y)

    net = SeedNetwork(weights)
    forward = net.forward(x, y)
    for k in range(3):
        assert v[f"h1{k + 1}"] == pytest.approx(forward["h"][k], rel=1e-12, abs=1e-12)
        assert v[f"a1{k + 1}"] == pytest.approx(forward["a"][k], rel=1e-12, abs=1e-12)
    assert v["y_hat"] == pytest.approx(forward["y_hat"], rel=1e-12, abs=1e-12)
    assert v["C"] == pytest.approx(forward["loss"], rel=1e-12, abs=1e-12)
    for name, grad in net.gradients(x, y).items():
        assert v[f"dC/d{name}"] == pytest.approx(grad, rel=1e-12, abs=1e-12)

    # The upstream gradients by their closed forms, written here.
    assert v["dC/dy_hat"] == pytest.approx(2 * (forward["y_hat"] - y), rel=1e-12, abs=1e-12)
    for k in (1, 2, 3):
        a = forward["a"][k - 1]
        d_a = v["dC/dy_hat"] * _w(weights, f"w3{k}")
        assert v[f"dC/da1{k}"] == pytest.approx(d_a, rel=1e-12, abs=1e-12)
        assert v[f"dC/dh1{k}"] == pytest.approx(d_a * a * (1 - a), rel=1e-12, abs=1e-12)

    # ... and by finite differences of the loss as a function of h and of a.
    h, a = forward["h"].copy(), forward["a"].copy()
    d_h = numerical_gradient(lambda h: _loss_of_h(h, weights, y), h, eps=1e-6)
    d_a = numerical_gradient(lambda a: _loss_of_a(a, weights, y), a, eps=1e-6)
    for k in range(3):
        assert v[f"dC/dh1{k + 1}"] == pytest.approx(d_h[k], rel=1e-6, abs=1e-7)
        assert v[f"dC/da1{k + 1}"] == pytest.approx(d_a[k], rel=1e-6, abs=1e-7)
    return steps


def test_steps_at_the_articles_example():
    _check_steps(None, (1.0, 1.0), 0.0)


@given(weights, coordinate, coordinate, st.floats(-2.0, 2.0, allow_nan=False))
def test_steps_at_random_weights_inputs_and_targets(weights, x1, x2, y):
    _check_steps(weights, (x1, x2), y)


def test_steps_at_seeded_random_weights():
    rng = np.random.default_rng(13)
    for _ in range(5):
        w = dict(zip(WEIGHT_NAMES, rng.normal(0.0, 1.5, 9)))
        _check_steps(w, tuple(rng.normal(0.0, 1.0, 2)), float(rng.normal()))


def test_steps_accept_a_seed_network():
    net = SeedNetwork({"w22": -1.5})
    assert backprop_values(net, (0.5, 2.0), 1.0) == backprop_values({"w22": -1.5}, (0.5, 2.0), 1.0)


def _evaluate(expression):
    """The right-hand side of a substituted equation, evaluated."""
    code = expression.replace("^", "**").replace("sigma(", "_sigma(")
    return eval(code, {"_sigma": lambda z: 1.0 / (1.0 + math.exp(-z))})


@given(weights, coordinate, coordinate, st.floats(-2.0, 2.0, allow_nan=False))
def test_substituted_numbers_parse_back_and_end_with_the_value(weights, x1, x2, y):
    for s in backprop_steps(weights, (x1, x2), y):
        assert s.substituted.startswith(f"{s.name} = ")
        assert s.symbolic.startswith(f"{s.name} = ")
        middle, _, result = s.substituted[len(s.name) + 3 :].rpartition(" = ")
        assert result == fmt(s.value)
        for token in NUMBER.findall(middle):
            assert float(token) == float(fmt(float(token)))  # at most 4 significant digits


def test_substituted_equations_compute_their_value():
    """At the article's example every substituted right-hand side, evaluated, gives the
    step's value to the precision of its 4-digit numbers, and names the values of the
    quantities it uses."""
    values = backprop_values()
    for s in backprop_steps():
        middle = s.substituted[len(s.name) + 3 :].rpartition(" = ")[0]
        assert _evaluate(middle) == pytest.approx(s.value, rel=2e-3)
        for used in s.uses:
            assert fmt(values[used]) in middle


def test_substituted_example_from_the_issue():
    step = {s.name: s for s in backprop_steps()}["dC/dh12"]
    v = backprop_values()
    assert step.symbolic == "dC/dh12 = dC/da12 * a12(1 - a12)"
    a = fmt(v["a12"])
    expected = f"dC/dh12 = {fmt(v['dC/da12'])} * {a} * (1 - {a}) = {fmt(v['dC/dh12'])}"
    assert step.substituted == expected


def test_reuse_is_marked_where_an_upstream_gradient_is_used_again():
    steps = {s.name: s for s in backprop_steps()}
    for s in steps.values():
        assert set(s.reuses) <= set(s.uses)
    assert steps["dC/dw21"].reuses == ("dC/dh11",)
    assert steps["dC/dw32"].reuses == ("dC/dy_hat",)
    assert steps["dC/dw31"].reuses == ()
    assert steps["dC/dw11"].reuses == ()
    assert steps["dC/dw31"].uses == ("dC/dy_hat", "a11")


def test_reuses_are_the_backward_quantities_used_before():
    """Computed independently: a step reuses a backward quantity an earlier step used."""
    seen = set()
    for s in backprop_steps():
        assert s.reuses == tuple(u for u in s.uses if u in seen and u.startswith("dC/"))
        seen.update(s.uses)
    reusing = {s.name for s in backprop_steps() if s.reuses}
    assert reusing == {
        "dC/dw32",
        "dC/dw33",
        "dC/da11",
        "dC/da12",
        "dC/da13",
        "dC/dw21",
        "dC/dw22",
        "dC/dw23",
    }


def test_every_step_lives_on_the_diagram():
    for s in backprop_steps():
        kind, where = s.at
        if s.name.startswith("dC/dw"):
            assert s.at == ("edge", s.name[4:])
        else:
            assert kind == "node"
            assert where in {"x1", "x2", "h1", "h2", "h3", "y_hat", "C"}
    assert {s.name: s.at for s in backprop_steps()}["dC/dh12"] == ("node", "h2")


# --- batch_backward -----------------------------------------------------------------


def _batch(rng, n, hidden=3):
    return (
        rng.normal(0.0, 1.0, (n, 2)),
        rng.normal(0.0, 1.0, (n, 1)),
        rng.normal(0.0, 1.0, (2, hidden)),
        rng.normal(0.0, 0.5, hidden),
        rng.normal(0.0, 1.0, (hidden, 1)),
        rng.normal(0.0, 0.5, 1),
    )


def _loss(X, Y, W1, b1, W2, b2):
    """C = mean over the batch of (y_hat - y)^2, written here with numpy."""
    y_hat = (1.0 / (1.0 + np.exp(-(X @ W1 + b1)))) @ W2 + b2
    return float(np.mean((y_hat - Y) ** 2))


@pytest.mark.parametrize("n", [1, 5])
@pytest.mark.parametrize("hidden", [3, 4])
def test_batch_backward_equals_mlp(n, hidden):
    rng = np.random.default_rng(100 * n + hidden)
    X, Y, W1, b1, W2, b2 = _batch(rng, n, hidden)
    net = MLP([2, hidden, 1], "sigmoid", "mse", bias=True)
    assert net.param_names == ["W1", "b1", "W2", "b2"]
    for p, value in zip(net.params, (W1, b1, W2, b2)):
        p[...] = value
    _, grads = net.loss_and_gradients(X, Y)
    got = batch_backward(X, Y, W1, b1, W2, b2)
    assert len(got) == 4
    for g, e in zip(got, grads):
        assert g.shape == e.shape
        np.testing.assert_allclose(g, e, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("n", [1, 5])
def test_batch_backward_equals_a_numerical_gradient(n):
    rng = np.random.default_rng(7 + n)
    args = [np.array(a) for a in _batch(rng, n)]
    got = batch_backward(*args)
    for k, g in zip(range(2, 6), got):
        expected = numerical_gradient(lambda _: _loss(*args), args[k], eps=1e-5)
        assert g.shape == args[k].shape
        np.testing.assert_allclose(g, expected, rtol=1e-6, atol=1e-9)


def test_batch_backward_leaves_its_inputs_alone():
    args = _batch(np.random.default_rng(3), 4)
    before = [a.copy() for a in args]
    batch_backward(*args)
    for a, b in zip(args, before):
        np.testing.assert_array_equal(a, b)


def test_batch_backward_at_one_example_is_the_seed_networks_gradient():
    """Without biases, one example: the article's network."""
    net = SeedNetwork()
    W1, W2 = (p.copy() for p in net.params)
    dW1, db1, dW2, db2 = batch_backward([[1.0, 1.0]], [[0.0]], W1, np.zeros(3), W2, [0.0])
    grads = net.gradients((1.0, 1.0), 0.0)
    for i in (1, 2):
        for j in (1, 2, 3):
            assert dW1[i - 1, j - 1] == pytest.approx(grads[f"w{i}{j}"], rel=1e-12)
    for j in (1, 2, 3):
        assert dW2[j - 1, 0] == pytest.approx(grads[f"w3{j}"], rel=1e-12)
        assert db1[j - 1] == pytest.approx(grads[f"w1{j}"], rel=1e-12)  # x1 = 1
    assert db2[0] == pytest.approx(2 * net.forward()["y_hat"], rel=1e-12)


@pytest.mark.parametrize(
    "name, value",
    [
        ("X", np.ones(2)),
        ("Y", np.ones((4, 2))),
        ("Y", np.ones((3, 1))),
        ("W1", np.ones((3, 3))),
        ("b1", np.ones(2)),
        ("b1", np.ones((1, 3))),
        ("W2", np.ones((3, 2))),
        ("W2", np.ones((2, 1))),
        ("b2", np.ones(2)),
    ],
)
def test_batch_backward_names_a_badly_shaped_argument(name, value):
    args = dict(zip(("X", "Y", "W1", "b1", "W2", "b2"), _batch(np.random.default_rng(1), 4)))
    args[name] = value
    with pytest.raises(
        ValueError, match=rf"^{name} must be .*shape.*got shape {re.escape(str(value.shape))}"
    ):
        batch_backward(**args)


def test_batch_backward_refuses_text():
    args = list(_batch(np.random.default_rng(1), 2))
    args[1] = "targets"
    with pytest.raises(TypeError, match="^Y must be"):
        batch_backward(*args)


# --- multiplications, counted by an instrumented implementation -------------------------


class Counted:
    """A number that counts the multiplications it takes part in (in tally[0])."""

    def __init__(self, value, tally):
        self.value, self.tally = float(value), tally

    def _v(self, other):
        return other.value if isinstance(other, Counted) else float(other)

    def __mul__(self, other):
        self.tally[0] += 1
        return Counted(self.value * self._v(other), self.tally)

    __rmul__ = __mul__

    def __add__(self, other):
        return Counted(self.value + self._v(other), self.tally)

    __radd__ = __add__

    def __sub__(self, other):
        return Counted(self.value - self._v(other), self.tally)

    def __rsub__(self, other):
        return Counted(self._v(other) - self.value, self.tally)


def _network(sizes, seed):
    rng = np.random.default_rng(seed)
    Ws = [rng.normal(0.0, 1.0, (m, n)) for m, n in zip(sizes[:-1], sizes[1:])]
    return Ws, rng.normal(0.0, 1.0, sizes[0]), rng.normal(0.0, 1.0, sizes[-1])


def _forward(Ws, x):
    """Activations per layer, plain floats: sigmoid hidden layers, linear output."""
    acts = [np.asarray(x, dtype=float)]
    for k, W in enumerate(Ws):
        z = acts[-1] @ W
        acts.append(z if k == len(Ws) - 1 else 1.0 / (1.0 + np.exp(-z)))
    return acts


def _paths(sizes, start_layer, node):
    """Every path of node indices from node in start_layer to an output node."""
    if start_layer == len(sizes) - 1:
        return [[node]]
    return [
        [node] + rest
        for n in range(sizes[start_layer + 1])
        for rest in _paths(sizes, start_layer + 1, n)
    ]


def _chains(sizes, Ws, x, y):
    """Every weight's gradient by its own chain rule summed over its paths, nothing
    shared: -> (gradients per layer, multiplications)."""
    tally = [0]
    acts = _forward(Ws, x)
    L = len(Ws)
    grads = []
    for layer, W in enumerate(Ws):
        g = np.zeros_like(W)
        for i in range(W.shape[0]):
            for j in range(W.shape[1]):
                total = 0.0
                for path in _paths(sizes, layer + 1, j):
                    product = Counted(acts[layer][i], tally)
                    for m, node in enumerate(path[:-1]):  # hidden nodes on the path
                        a = Counted(acts[layer + 1 + m][node], tally)
                        slope = a * (1 - a.value)
                        product = product * slope * Ws[layer + 1 + m][node, path[m + 1]]
                    k = path[-1]
                    d_out = Counted(2.0, tally) * (acts[L][k] - y[k])
                    product = product * d_out
                    total = total + product
                g[i, j] = total.value
        grads.append(g)
    return grads, tally[0]


def _reverse(sizes, Ws, x, y):
    """The backward pass, each upstream gradient computed once and reused:
    -> (gradients per layer, multiplications)."""
    tally = [0]
    acts = _forward(Ws, x)
    L = len(Ws)
    d_z = [Counted(2.0, tally) * (acts[L][k] - y[k]) for k in range(sizes[-1])]
    grads = [None] * L
    for layer in range(L - 1, -1, -1):
        W = Ws[layer]
        grads[layer] = np.array(
            [
                [(d_z[j] * acts[layer][i]).value for j in range(W.shape[1])]
                for i in range(W.shape[0])
            ]
        )
        if layer == 0:
            break
        d_a = [sum((d_z[j] * W[i, j] for j in range(W.shape[1])), 0.0) for i in range(W.shape[0])]
        slopes = [Counted(a, tally) * (1 - a) for a in acts[layer]]
        d_z = [d * s for d, s in zip(d_a, slopes)]
    return grads, tally[0]


def _nnlib_gradients(sizes, Ws, x, y):
    """Gradients of sum over outputs of (y_hat_k - y_k)^2 by nnlib's MLP, whose mse
    averages over the K outputs: K times its gradients."""
    net = MLP(list(sizes), "sigmoid", "mse", bias=False)
    for p, W in zip(net.params, Ws):
        p[...] = W
    _, grads = net.loss_and_gradients(x[None, :], y[None, :])
    return [sizes[-1] * g for g in grads]


SIZES = [(2, 1), (2, 3, 1), (3, 2, 2), (2, 3, 2, 1), (2, 2, 2, 2, 1), (1, 2, 3, 2)]


@pytest.mark.parametrize("sizes", SIZES, ids=str)
def test_multiplications_equal_an_instrumented_count(sizes):
    Ws, x, y = _network(sizes, seed=len(sizes) * 10 + sum(sizes))
    expected = _nnlib_gradients(sizes, Ws, x, y)
    chain_grads, chain_count = _chains(sizes, Ws, x, y)
    reverse_grads, reverse_count = _reverse(sizes, Ws, x, y)
    for got in (chain_grads, reverse_grads):
        for g, e in zip(got, expected):
            np.testing.assert_allclose(g, e, rtol=1e-10, atol=1e-12)
    counts = multiplications(sizes)
    assert (counts.chains, counts.reverse) == (chain_count, reverse_count)
    assert counts.sizes == tuple(sizes)
    assert counts.weights == sum(W.size for W in Ws)
    assert counts.ratio == pytest.approx(chain_count / reverse_count)


def test_reuse_saves_more_as_the_network_grows():
    ratios = [multiplications(s).ratio for s in [(2, 3, 1), (20, 40, 4), (784, 128, 10)]]
    assert 1 < ratios[0] < ratios[1] < ratios[2]
    assert multiplications([784, 128, 10]).weights == 784 * 128 + 128 * 10
    assert multiplications(np.array([2, 3, 1])).sizes == (2, 3, 1)


@pytest.mark.parametrize(
    "sizes, error, pattern",
    [
        (3, TypeError, r"^sizes must be a sequence of layer widths, got 3 \(int\)"),
        ((2,), ValueError, r"^sizes must be two or more layer widths"),
        ((2, 0, 1), ValueError, r"^sizes must be .*whole numbers >= 1, got \(2, 0, 1\)"),
        ((2, 2.5, 1), ValueError, r"^sizes must be .*whole numbers >= 1"),
        ("231", ValueError, r"^sizes must be .*whole numbers >= 1"),
        ((2, True, 1), ValueError, r"^sizes must be .*whole numbers >= 1"),
    ],
)
def test_multiplications_refuses_bad_sizes(sizes, error, pattern):
    with pytest.raises(error, match=pattern):
        multiplications(sizes)
