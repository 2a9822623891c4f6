"""Networks: MLP's backprop against central differences on hypothesis-generated
networks, its parameters and input checks; SeedNetwork against the article's worked
example, its chain rule, loss curves and weights."""

import math

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import nnlib
from nnlib import ARTICLE_WEIGHTS, MLP, WEIGHT_NAMES, SeedNetwork, numerical_gradient, rel_error

HIDDEN = ("sigmoid", "tanh", "relu", "leaky_relu", "linear")
# Inputs are 0 or at least 0.01 in size: an input like 1e-116 makes a gradient far below
# what a central difference of a loss near 1 can resolve (about 1e-10).
inputs = st.floats(-2, 2).map(lambda v: 0.0 if abs(v) < 0.01 else v)


def _pre_activations(model, X):
    """Every layer's z = a @ W + b, computed here by hand from model.params."""
    zs, a = [], X
    for layer in model.layers:
        z = a @ layer.W + (0.0 if layer.b is None else layer.b)
        zs.append(z)
        a = nnlib.ACTIVATIONS[layer.activation].f(z)
    return zs


@st.composite
def mlp_case(draw):
    loss = draw(st.sampled_from(["mse", "cross_entropy"]))
    depth = draw(st.integers(2, 4))
    sizes = draw(st.lists(st.integers(1, 6), min_size=depth, max_size=depth))
    if loss == "cross_entropy":
        sizes[-1] = max(sizes[-1], 2)
    hidden = draw(st.lists(st.sampled_from(HIDDEN), min_size=depth - 2, max_size=depth - 2))
    activations = hidden + ([draw(st.sampled_from(HIDDEN))] if loss == "mse" else [])
    bias = draw(st.booleans())
    seed = draw(st.integers(0, 2**32 - 1))
    n = draw(st.integers(1, 8))
    X = draw(hnp.arrays(np.float64, (n, sizes[0]), elements=inputs))
    if loss == "mse":
        Y = draw(hnp.arrays(np.float64, (n, sizes[-1]), elements=st.floats(-2, 2)))
    elif draw(st.booleans()):
        Y = draw(hnp.arrays(np.int64, (n,), elements=st.integers(0, sizes[-1] - 1)))
    else:
        Y = np.eye(sizes[-1])[
            draw(hnp.arrays(np.int64, (n,), elements=st.integers(0, sizes[-1] - 1)))
        ]
    model = MLP(sizes, activations, loss, bias=bias, seed=seed)
    if bias:  # nonzero biases, so their effect is checked too
        rng = np.random.default_rng(seed)
        for layer in model.layers:
            layer.b[...] = rng.uniform(-0.5, 0.5, layer.b.shape)
    return model, X, Y


@given(mlp_case())
def test_mlp_gradients_match_central_differences(case):
    model, X, Y = case
    # Kinks: relu and leaky_relu are not differentiable at 0; keep every pre-activation
    # of those layers well away from it compared with eps = 1e-6.
    for z, act in zip(_pre_activations(model, X), model.activations):
        if act in ("relu", "leaky_relu"):
            assume(np.abs(z).min() > 1e-3)
    loss, grads = model.loss_and_gradients(X, Y)
    assert loss == pytest.approx(model.loss(X, Y), rel=1e-15)
    assert len(grads) == len(model.params)
    for name, p, g in zip(model.param_names, model.params, grads):
        assert g.shape == p.shape, name
        num = numerical_gradient(lambda _: model.loss(X, Y), p)
        assert rel_error(g, num) < 1e-6, (name, g, num)


def _hand_forward(X, W1, b1, W2, b2):
    return np.tanh(X @ W1 + b1) @ W2 + b2


def test_mlp_forward_and_loss_match_a_hand_written_network():
    model = MLP([3, 4, 2], "tanh", "mse", seed=1)
    rng = np.random.default_rng(2)
    for p in model.params:
        p[...] = rng.standard_normal(p.shape)
    X, Y = rng.standard_normal((5, 3)), rng.standard_normal((5, 2))
    expected = _hand_forward(X, *model.params)
    np.testing.assert_allclose(model.forward(X), expected, rtol=1e-13)
    assert model.loss(X, Y) == pytest.approx(np.mean((expected - Y) ** 2), rel=1e-13)


def test_cross_entropy_mlp_outputs_probabilities_and_its_loss():
    model = MLP([3, 5, 4], "relu", "cross_entropy", seed=3)
    X = np.random.default_rng(4).standard_normal((6, 3))
    labels = np.array([0, 1, 2, 3, 0, 1])
    p = model.forward(X)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-12)
    assert model.loss(X, labels) == pytest.approx(
        nnlib.categorical_cross_entropy(p, labels), rel=1e-12
    )
    loss_l, grads_l = model.loss_and_gradients(X, labels)
    loss_h, grads_h = model.loss_and_gradients(X, np.eye(4)[labels])
    assert loss_l == pytest.approx(loss_h, rel=1e-15)
    for a, b in zip(grads_l, grads_h):
        np.testing.assert_allclose(a, b, rtol=1e-14, atol=1e-17)


def test_params_are_the_live_arrays():
    model = MLP([2, 3, 1], "sigmoid", "mse", seed=0)
    X = np.array([[1.0, -1.0], [0.5, 2.0]])
    before = model.forward(X)
    W1 = model.params[0]
    W1[0, 0] += 1.0
    after = model.forward(X)
    assert not np.allclose(before, after)
    np.testing.assert_allclose(
        after,
        nnlib.sigmoid(X @ W1 + model.params[1]) @ model.params[2] + model.params[3],
        rtol=1e-14,
    )
    model.params[3][...] = 10.0
    np.testing.assert_allclose(model.forward(X) - after, 10.0 - 0.0, rtol=1e-12)


@pytest.mark.parametrize(
    "bias, names",
    [
        (True, ["W1", "b1", "W2", "b2", "W3", "b3"]),
        (False, ["W1", "W2", "W3"]),
    ],
)
def test_param_names_and_shapes(bias, names):
    model = MLP([4, 3, 2, 1], "tanh", "mse", bias=bias, seed=0)
    assert model.param_names == names
    shapes = {"W1": (4, 3), "b1": (3,), "W2": (3, 2), "b2": (2,), "W3": (2, 1), "b3": (1,)}
    assert [p.shape for p in model.params] == [shapes[n] for n in names]
    assert model.n_params == sum(math.prod(shapes[n]) for n in names)
    assert model.activations == ("tanh", "tanh", "linear")
    assert all(p.dtype == np.float64 for p in model.params)


@pytest.mark.parametrize("bias", [True, False])
def test_layers_are_named_views_of_params(bias):
    model = MLP([4, 3, 2], "relu", "cross_entropy", bias=bias, seed=0)
    layers = model.layers
    assert [layer.activation for layer in layers] == ["relu", "softmax"]
    assert [layer.W.shape for layer in layers] == [(4, 3), (3, 2)]
    arrays = [p for layer in layers for p in (layer.W, layer.b) if p is not None]
    assert len(arrays) == len(model.params)
    assert all(a is p for a, p in zip(arrays, model.params))
    if bias:
        assert [layer.b.shape for layer in layers] == [(3,), (2,)]
    else:
        assert all(layer.b is None for layer in layers)
    layers[1].W[0, 0] = 7.0  # a view: the model computes with it
    assert model.params[-1 - bias][0, 0] == 7.0


def test_seed_reproducibility():
    a = MLP([3, 4, 2], "relu", "mse", seed=7)
    b = MLP([3, 4, 2], "relu", "mse", seed=7)
    c = MLP([3, 4, 2], "relu", "mse", seed=8)
    for p, q in zip(a.params, b.params):
        np.testing.assert_array_equal(p, q)
    assert not np.array_equal(a.params[0], c.params[0])


def test_seed_does_not_touch_numpy_global_state():
    state = np.random.get_state()[1].copy()
    MLP([3, 4, 2], seed=1)
    MLP([3, 4, 2])
    np.testing.assert_array_equal(np.random.get_state()[1], state)


def test_float32_dtype():
    model = MLP([2, 3, 1], "sigmoid", "mse", seed=0, dtype=np.float32)
    assert all(p.dtype == np.float32 for p in model.params)
    assert model.forward(np.ones((2, 2))).dtype == np.float32
    with pytest.raises(TypeError, match=r"^dtype must be a floating-point type, got int64"):
        MLP([2, 1], dtype=np.int64)


def test_y_of_shape_n_is_reshaped_for_one_output_and_wrong_shapes_raise():
    model = MLP([2, 3, 1], "tanh", "mse", seed=0)
    X = np.arange(8.0).reshape(4, 2) / 8
    y = np.array([0.0, 1.0, 0.0, 1.0])
    assert model.loss(X, y) == model.loss(X, y.reshape(4, 1))
    with pytest.raises(ValueError, match=r"^Y has shape \(4, 2\) but the network has 1 output"):
        model.loss(X, np.zeros((4, 2)))
    with pytest.raises(ValueError, match=r"^Y has shape \(3, 1\).*expected shape \(4, 1\)"):
        model.loss(X, np.zeros((3, 1)))
    with pytest.raises(ValueError, match=r"^Y has shape \(3,\)"):
        model.loss(X, np.zeros(3))
    two = MLP([2, 3, 2], "tanh", "mse", seed=0)
    with pytest.raises(ValueError, match=r"^Y has shape \(4,\) but the network has 2 output"):
        two.loss(X, y)


@pytest.mark.parametrize(
    "X, pattern",
    [
        (
            np.ones((4, 3)),
            r"^X has shape \(4, 3\) but the first layer expects 2 inputs \(shape \(N, 2\)\)",
        ),
        (np.ones(2), r"^X has shape \(2,\)"),
        (np.ones((1, 4, 2)), r"^X has shape \(1, 4, 2\)"),
        (np.array([[1.0, np.nan]]), r"^X must contain only finite numbers, but it contains NaN"),
        (np.array([[np.inf, 1.0]]), r"^X must contain only finite numbers, but it contains inf"),
    ],
)
def test_bad_X_raises(X, pattern):
    model = MLP([2, 3, 1], "tanh", "mse", seed=0)
    with pytest.raises(ValueError, match=pattern):
        model.forward(X)
    with pytest.raises(ValueError, match=pattern):
        model.loss_and_gradients(X, np.zeros((len(X), 1)))


def test_bad_Y_raises():
    model = MLP([2, 3, 1], "tanh", "mse", seed=0)
    with pytest.raises(ValueError, match=r"^Y must contain only finite numbers"):
        model.loss(np.ones((2, 2)), np.array([0.0, np.nan]))
    with pytest.raises(TypeError, match=r"^X must be a number or an array"):
        model.forward("data")
    ce = MLP([2, 3, 3], "tanh", "cross_entropy", seed=0)
    X = np.ones((2, 2))
    with pytest.raises(
        ValueError, match=r"^Y as integer labels must have shape \(2,\) with values in 0..2"
    ):
        ce.loss(X, np.array([0, 3]))
    with pytest.raises(ValueError, match=r"^Y as integer labels must have shape \(2,\)"):
        ce.loss(X, np.array([0, 1, 2]))
    with pytest.raises(ValueError, match=r"^Y must be one-hot of shape \(2, 3\)"):
        ce.loss(X, np.ones((2, 2)))


@pytest.mark.parametrize(
    "kwargs, error, pattern",
    [
        (dict(sizes=[2]), ValueError, r"^sizes must list at least an input and an output"),
        (dict(sizes="2-3-1"), TypeError, r"^sizes must be a list of layer widths"),
        (dict(sizes=[2, 0, 1]), ValueError, r"^sizes must be positive whole numbers"),
        (dict(sizes=[2, 1.5, 1]), ValueError, r"^sizes must be positive whole numbers"),
        (
            dict(sizes=[2, 3, 1], activations="sigmod"),
            ValueError,
            r"^activations\[0\] must be one of .*got 'sigmod'",
        ),
        (
            dict(sizes=[2, 3, 3, 1], activations=["tanh", "relus"]),
            ValueError,
            r"^activations\[1\] must be one of",
        ),
        (
            dict(sizes=[2, 3, 3, 1], activations=["tanh"]),
            ValueError,
            r"^activations must be one name or a list of 2 \(hidden layers\) or 3",
        ),
        (
            dict(sizes=[2, 3, 1], activations=["softmax", "linear"]),
            ValueError,
            r"^activations\[0\] is 'softmax', which is only for the output layer",
        ),
        (
            dict(sizes=[2, 3, 2], activations=["tanh", "sigmoid"], loss="cross_entropy"),
            ValueError,
            r"^loss 'cross_entropy' needs a softmax output layer",
        ),
        (
            dict(sizes=[2, 3, 2], activations=["tanh", "softmax"], loss="mse"),
            ValueError,
            r"softmax' goes with loss 'cross_entropy'",
        ),
        (dict(sizes=[2, 3, 1], loss="mae"), ValueError, r"^loss must be one of .*got 'mae'"),
        (dict(sizes=[2, 3, 1], bias="yes"), TypeError, r"^bias must be True or False"),
    ],
)
def test_bad_constructor_arguments_raise(kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        MLP(**kwargs)


# --- SeedNetwork: the article's worked example -----------------------------------------


def test_article_hidden_preactivations_are_exact():
    f = SeedNetwork().forward()
    np.testing.assert_allclose(f["h"], [1.0, 1.3, 0.8], rtol=0, atol=1e-12)
    np.testing.assert_allclose(f["a"], 1 / (1 + np.exp(-np.array([1.0, 1.3, 0.8]))), rtol=1e-15)
    np.testing.assert_array_equal(f["x"], [1.0, 1.0])
    assert f["y"] == 0.0


def test_article_rounded_values_are_consistent():
    net = SeedNetwork()
    f = net.forward()
    a_rounded = np.round(f["a"], 2)
    np.testing.assert_array_equal(a_rounded, [0.73, 0.79, 0.69])
    w3 = np.array([net["w31"], net["w32"], net["w33"]])
    # The book sums the rounded activations: 1.235.
    assert round(float(a_rounded @ w3), 3) == 1.235
    # The exact value differs from 1.235 only by that rounding.
    assert abs(f["y_hat"] - 1.235) < 0.005
    assert f["y_hat"] == pytest.approx(float(f["a"] @ w3), rel=1e-15)
    assert round(f["loss"], 2) == 1.52
    assert f["loss"] == pytest.approx(f["y_hat"] ** 2, rel=1e-15)
    assert net.loss() == f["loss"]


@pytest.mark.parametrize("x, y", [((1.0, 1.0), 0.0), ((1.0, 2.0), 0.0), ((-0.5, 3.0), 1.5)])
@pytest.mark.parametrize("name", WEIGHT_NAMES)
def test_chain_rule_multiplies_to_the_backprop_gradient(name, x, y):
    net = SeedNetwork()
    chain = net.chain_rule(name, x, y)
    grad = net.gradients(x, y)[name]
    assert chain.product == pytest.approx(grad, rel=1e-12, abs=1e-15)
    assert math.prod(f.value for f in chain) == pytest.approx(grad, rel=1e-12, abs=1e-15)
    assert chain.weight == name


def test_chain_rule_labels_and_values_for_w11():
    net = SeedNetwork()
    chain = net.chain_rule("w11")
    assert [f.label for f in chain] == ["dC/dy_hat", "dy_hat/da11", "da11/dh11", "dh11/dw11"]
    f = net.forward()
    a11 = f["a"][0]
    np.testing.assert_allclose(
        [c.value for c in chain], [2 * f["y_hat"], 0.3, a11 * (1 - a11), 1.0], rtol=1e-15
    )
    assert "dC/dw11 = dC/dy_hat x dy_hat/da11 x da11/dh11 x dh11/dw11" in str(chain)


def test_chain_rule_labels_for_other_weights():
    net = SeedNetwork()
    assert [f.label for f in net.chain_rule("w23")] == [
        "dC/dy_hat",
        "dy_hat/da13",
        "da13/dh13",
        "dh13/dw23",
    ]
    assert [f.label for f in net.chain_rule("w32")] == ["dC/dy_hat", "dy_hat/dw32"]
    assert net.chain_rule("w23")[3].value == 1.0
    assert net.chain_rule("w23", x=(1.0, 2.5))[3].value == 2.5


def test_gradients_match_central_differences():
    net = SeedNetwork()
    for x, y in (((1.0, 1.0), 0.0), ((0.3, -2.0), 1.0)):
        grads = net.gradients(x, y)
        assert list(grads) == list(WEIGHT_NAMES)
        for name in WEIGHT_NAMES:
            probe = net.copy()

            def loss_at(w, name=name, probe=probe):
                probe[name] = float(w[0])
                return probe.loss(x, y)

            num = numerical_gradient(loss_at, np.array([net[name]]))[0]
            assert grads[name] == pytest.approx(num, rel=1e-7, abs=1e-10), name


def test_symmetry_of_w1j_and_w2j():
    net = SeedNetwork()
    same = net.gradients((1.0, 1.0))
    apart = net.gradients((1.0, 2.0))
    for j in "123":
        assert same[f"w1{j}"] == same[f"w2{j}"]
        assert apart[f"w1{j}"] != apart[f"w2{j}"]
        # dh1j/dw2j = x2 = 2 while dh1j/dw1j = x1 = 1.
        assert apart[f"w2{j}"] == pytest.approx(2 * apart[f"w1{j}"], rel=1e-14)


@pytest.mark.parametrize("x, y", [((1.0, 1.0), 0.0), ((0.5, -1.5), 0.7)])
def test_trace_is_forward_gradients_and_chain_factors(x, y):
    net = SeedNetwork({"w12": -0.6, "w32": 1.4})
    t = net.trace(x, y)
    W1, W2 = net.params
    h = np.array(x) @ W1
    a = 1.0 / (1.0 + np.exp(-h))
    np.testing.assert_allclose(t.h, h, rtol=1e-15)
    np.testing.assert_allclose(t.a, a, rtol=1e-15)
    assert t.y_hat == pytest.approx(float(a @ W2[:, 0]), rel=1e-15)
    assert t.C == pytest.approx((t.y_hat - y) ** 2, rel=1e-14)
    assert t.dC_dy_hat == 2 * (t.y_hat - y)
    np.testing.assert_array_equal(t.dy_hat_da, W2[:, 0])
    np.testing.assert_allclose(t.da_dh, a * (1 - a), rtol=1e-15)
    np.testing.assert_array_equal(t.dh_dw, x)
    for name in WEIGHT_NAMES:
        assert t.gradients[name] == pytest.approx(
            net.chain_rule(name, x, y).product, rel=1e-12, abs=1e-15
        )
    f = net.forward(x, y)
    assert (f["y_hat"], f["loss"]) == (t.y_hat, t.C) and f["loss"] == net.loss(x, y)
    assert net.gradients(x, y) == t.gradients


def test_from_arrays_copies_the_weights():
    W1 = np.array([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]])
    W2 = np.array([0.7, 0.8, 0.9])
    net = SeedNetwork.from_arrays(W1, W2)
    assert list(net.weights.values()) == [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
    assert net.params[0] is not W1
    W1[0, 0] = 5.0
    assert net["w11"] == 0.1
    np.testing.assert_array_equal(SeedNetwork.from_arrays(W1, W2[:, None]).params[1], W2[:, None])
    with pytest.raises(ValueError, match=r"^W1 must have shape \(2, 3\), got shape \(3, 2\)"):
        SeedNetwork.from_arrays(W1.T, W2)
    with pytest.raises(ValueError, match=r"^W2 must contain only finite numbers"):
        SeedNetwork.from_arrays(W1, [0.1, np.nan, 0.2])


@pytest.mark.parametrize("name", WEIGHT_NAMES)
def test_loss_curve_equals_loss_weight_by_weight(name):
    net = SeedNetwork()
    values = np.linspace(-2.0, 2.0, 9)
    for x, y in (((1.0, 1.0), 0.0), ((0.5, -1.5), 0.7)):
        curve = net.loss_curve(name, values, x, y)
        expected = [SeedNetwork({name: v}).loss(x, y) for v in values]
        np.testing.assert_allclose(curve, expected, rtol=1e-13, atol=1e-15)
    assert net.weights == ARTICLE_WEIGHTS
    assert net.loss_curve(name, [ARTICLE_WEIGHTS[name]])[0] == pytest.approx(net.loss(), rel=1e-14)


def test_loss_curve_rejects_bad_values():
    net = SeedNetwork()
    with pytest.raises(
        ValueError, match=r"^values must be a 1-D array of weights, got shape \(2, 2\)"
    ):
        net.loss_curve("w11", np.ones((2, 2)))
    with pytest.raises(ValueError, match=r"^values must contain only finite numbers"):
        net.loss_curve("w11", [0.0, np.nan])
    with pytest.raises(ValueError, match=r"^weight name must be one of w11, .*got 'w14'"):
        net.loss_curve("w14", [0.0])


def test_weights_dict_order_and_overrides():
    net = SeedNetwork()
    assert list(net.weights) == list(WEIGHT_NAMES)
    assert net.weights == ARTICLE_WEIGHTS
    # The article's weights, laid out as it draws them: w_ij in row i, column j of W1,
    # w3j in row j of W2.
    np.testing.assert_array_equal(net.params[0], [[0.8, 0.4, 0.3], [0.2, 0.9, 0.5]])
    np.testing.assert_array_equal(net.params[1], [[0.3], [0.5], [0.9]])
    some = SeedNetwork({"w33": -1.0, "w11": 2})
    assert list(some.weights) == list(WEIGHT_NAMES)
    assert some.weights == {**ARTICLE_WEIGHTS, "w33": -1.0, "w11": 2.0}
    every = SeedNetwork({name: i / 10 for i, name in enumerate(WEIGHT_NAMES)})
    assert list(every.weights.values()) == [i / 10 for i in range(9)]
    np.testing.assert_array_equal(every.params[0], [[0.0, 0.1, 0.2], [0.3, 0.4, 0.5]])
    np.testing.assert_array_equal(every.params[1], [[0.6], [0.7], [0.8]])
    # weights is a new dict: editing it leaves the network alone.
    w = net.weights
    w["w11"] = 5.0
    assert net["w11"] == 0.8


def test_item_access_set_weights_and_copy():
    net = SeedNetwork()
    net["w12"] = -0.25
    assert net["w12"] == -0.25 and net.params[0][0, 1] == -0.25
    assert net.forward()["h"][1] == pytest.approx(-0.25 + 0.9)
    assert net.set_weights({"w31": 1.0}) is net
    assert net["w31"] == 1.0
    twin = net.copy()
    twin["w11"] = 0.0
    assert net["w11"] == 0.8 and twin["w31"] == 1.0
    assert twin.params[0] is not net.params[0]


def test_seed_network_bad_weights_raise_and_change_nothing():
    net = SeedNetwork()
    with pytest.raises(
        ValueError, match=r"^weights has unknown name\(s\) \['w41'\]; the names are w11"
    ):
        net.set_weights({"w11": 0.1, "w41": 1.0})
    assert net["w11"] == 0.8  # checked before any is set
    with pytest.raises(ValueError, match=r"^weights has unknown name\(s\) \['W11'\]"):
        SeedNetwork({"W11": 0.1})
    with pytest.raises(
        TypeError, match=r"^weights must be a dict such as \{'w11': 0.8\}, got a list of length 9"
    ):
        SeedNetwork(list(ARTICLE_WEIGHTS.values()))
    with pytest.raises(ValueError, match=r"^weights\['w12'\] must be a finite number, got nan"):
        net.set_weights({"w11": 0.1, "w12": float("nan")})
    assert net["w11"] == 0.8
    with pytest.raises(TypeError, match=r"^weights\['w12'\] must be a real number, got '0.4'"):
        SeedNetwork({"w12": "0.4"})
    with pytest.raises(ValueError, match=r"^weight name must be one of"):
        net["w10"]
    with pytest.raises(ValueError, match=r"^w11 must be a finite number, got inf"):
        net["w11"] = float("inf")
    with pytest.raises(ValueError, match=r"^weight name must be one of"):
        net.chain_rule("b1")


@pytest.mark.parametrize(
    "x, error, pattern",
    [
        ((1.0, 1.0, 1.0), ValueError, r"^x must be the two inputs \(x1, x2\), got shape \(3,\)"),
        ([[1.0, 1.0]], ValueError, r"^x must be the two inputs \(x1, x2\), got shape \(1, 2\)"),
        ((1.0, np.nan), ValueError, r"^x must contain only finite numbers, but it contains NaN"),
        ("11", TypeError, r"^x must be a number or an array"),
    ],
)
def test_seed_network_bad_x_raises(x, error, pattern):
    net = SeedNetwork()
    for method in (net.forward, net.loss, net.gradients, net.loss_and_gradients):
        with pytest.raises(error, match=pattern):
            method(x)


def test_seed_network_bad_y_raises():
    net = SeedNetwork()
    with pytest.raises(ValueError, match=r"^y must be a finite number, got inf"):
        net.loss((1.0, 1.0), float("inf"))
    with pytest.raises(
        TypeError, match=r"^y must be a single number, got an array of shape \(2,\)"
    ):
        net.gradients((1.0, 1.0), np.array([0.0, 1.0]))
