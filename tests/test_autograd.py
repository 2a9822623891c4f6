"""nnlib.autograd: every operation's grad against a central difference (hypothesis), the
article's network against SeedNetwork, random MLPs against MLP.loss_and_gradients, and the
errors."""

import math
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nnlib
from nnlib.autograd import Value, grads, mlp_loss, seed_network, topological_order

EPS = 1e-6
finite = st.floats(-3.0, 3.0, allow_nan=False)
nonzero = finite.filter(lambda v: abs(v) > 0.1)
positive = st.floats(0.1, 5.0)

# name -> (how a Value is made from the inputs, a strategy for each input)
UNARY = {
    "exp": (lambda a: a.exp(), finite),
    "log": (lambda a: a.log(), positive),
    "sigmoid": (lambda a: a.sigmoid(), finite),
    "tanh": (lambda a: a.tanh(), finite),
    "relu": (lambda a: a.relu(), nonzero),
    "neg": (lambda a: -a, finite),
    "square": (lambda a: a**2, finite),
    "cube": (lambda a: a**3, finite),
    "sqrt": (lambda a: a**0.5, positive),
    "reciprocal": (lambda a: a**-1, nonzero),
}
BINARY = {
    "add": (lambda a, b: a + b, finite),
    "sub": (lambda a, b: a - b, finite),
    "mul": (lambda a, b: a * b, finite),
    "div": (lambda a, b: a / b, nonzero),
    "radd": (lambda a, b: 2.5 + a * b, finite),
    "rsub": (lambda a, b: 2.5 - a * b, finite),
    "rmul": (lambda a, b: 2.5 * a + b, finite),
    "rtruediv": (lambda a, b: 2.5 / (a * a + b * b + 0.5), finite),
    "mixed": (lambda a, b: (a * b).tanh() * a.exp() + (b * b + 1.0).log() / a.sigmoid(), finite),
}


def _numerical(build, values):
    """Central difference of build(*Values) with respect to each input."""
    out = []
    for k in range(len(values)):
        up = [Value(v + EPS * (i == k)) for i, v in enumerate(values)]
        down = [Value(v - EPS * (i == k)) for i, v in enumerate(values)]
        out.append((build(*up).data - build(*down).data) / (2 * EPS))
    return out


def _autograd(build, values):
    inputs = [Value(v) for v in values]
    build(*inputs).backward()
    return [v.grad for v in inputs]


@pytest.mark.parametrize("name", list(UNARY))
@settings(deadline=None)
@given(data=st.data())
def test_unary_operations_match_a_central_difference(name, data):
    build, values = UNARY[name]
    a = data.draw(values)
    assert np.allclose(_autograd(build, [a]), _numerical(build, [a]), rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("name", list(BINARY))
@settings(deadline=None)
@given(data=st.data())
def test_binary_operations_match_a_central_difference(name, data):
    build, values = BINARY[name]
    a, b = data.draw(values), data.draw(values)
    got, want = _autograd(build, [a, b]), _numerical(build, [a, b])
    assert np.allclose(got, want, rtol=1e-5, atol=1e-7)


def test_forward_values_are_the_operations():
    a, b = Value(0.7), Value(-1.3)
    assert (a + b).data == 0.7 + -1.3 and (a / b).data == 0.7 / -1.3
    assert (a**3).data == pytest.approx(0.343) and (2 - a).data == pytest.approx(1.3)
    assert b.sigmoid().data == pytest.approx(float(nnlib.sigmoid(-1.3)), rel=1e-15)
    assert Value(-800.0).sigmoid().data == 0.0 and Value(800.0).sigmoid().data == 1.0
    assert b.relu().data == 0.0 and a.log().data == math.log(0.7)


def test_a_value_used_twice_adds_both_paths():
    a = Value(3.0)
    (a * a + a).backward()  # d/da (a^2 + a) = 2a + 1
    assert a.grad == 7.0


@pytest.mark.parametrize(
    "weights, x, y",
    [
        (None, nnlib.ARTICLE_X, nnlib.ARTICLE_Y),
        ({"w11": -1.1, "w22": 2.5, "w33": -0.4}, (0.3, -1.7), 0.9),
        ({"w13": 3.0, "w31": -2.0}, (2.0, 0.5), -1.0),
    ],
)
def test_the_seed_network_gives_seed_networks_nine_gradients(weights, x, y):
    C, v = seed_network(weights, x, y)
    C.backward()
    net = nnlib.SeedNetwork(weights)
    expected = net.gradients(x, y)
    assert C.data == pytest.approx(net.loss(x, y), abs=1e-12)
    for name in nnlib.WEIGHT_NAMES:
        assert abs(v[name].grad - expected[name]) <= 1e-12, name
    forward = net.forward(x, y)
    assert [v[f"a1{j}"].data for j in (1, 2, 3)] == pytest.approx(forward["a"], abs=1e-12)


def test_the_seed_network_names_its_values_as_the_article_does():
    C, v = seed_network()
    assert v["C"] is C and v["h12"].op == "+" and v["a12"].op == "sigmoid"
    assert all(v[name].label == name for name in v)
    assert len(topological_order(C)) == 31


@pytest.mark.parametrize("seed", range(6))
def test_random_mlps_match_nnlibs_backprop(seed):
    rng = np.random.default_rng(seed)
    hidden = [str(rng.choice(["sigmoid", "tanh", "relu", "linear"])) for _ in range(2)]
    sizes = [int(rng.integers(1, 4)) for _ in range(4)]
    model = nnlib.MLP(sizes, hidden, bias=bool(seed % 2), seed=seed)
    for p in model.params:
        p[...] = rng.normal(size=p.shape)
    X, Y = rng.normal(size=(3, sizes[0])), rng.normal(size=(3, sizes[-1]))
    C, params = mlp_loss(model, X, Y)
    C.backward()
    loss, expected = model.loss_and_gradients(X, Y)
    assert C.data == pytest.approx(loss, abs=1e-12)
    for got, want in zip(params, expected):
        assert np.allclose(grads(got), want, rtol=1e-10, atol=1e-12)


def test_mlp_loss_refuses_what_it_cannot_build():
    with pytest.raises(ValueError, match="loss 'mse'"):
        mlp_loss(nnlib.MLP([2, 3], loss="cross_entropy"), np.ones((1, 2)), [0])
    with pytest.raises(ValueError, match="activations among"):
        mlp_loss(nnlib.MLP([2, 3, 1], "leaky_relu"), np.ones((1, 2)), [0.0])


def test_a_chain_of_5000_operations_needs_no_recursion():
    x = Value(0.5)
    y = x
    for _ in range(2500):
        y = (y * 1.0001) + 0.0
    assert len(topological_order(y)) > sys.getrecursionlimit()
    y.backward()
    assert x.grad == pytest.approx(1.0001**2500)


def test_bad_data_is_refused_naming_data():
    for bad, error in (("a", TypeError), (True, TypeError), (None, TypeError)):
        with pytest.raises(error, match="data must be a real number"):
            Value(bad)
    for bad in (math.nan, math.inf):
        with pytest.raises(ValueError, match="data must be a finite number"):
            Value(bad)
    with pytest.raises(TypeError, match=r"\+ combines a Value with a Value or a number"):
        Value(1.0) + "a"
    with pytest.raises(TypeError, match="exponent of \\*\\* must be a number"):
        Value(2.0) ** Value(2.0)


def test_impossible_operations_say_what_is_wrong():
    with pytest.raises(ZeroDivisionError, match=r"the divisor Value\(b: data=0"):
        Value(1.0) / Value(0.0, "b")
    with pytest.raises(ZeroDivisionError, match="divisor"):
        2.0 / Value(0.0)
    with pytest.raises(ValueError, match="log needs a number > 0"):
        Value(-1.0).log()
    with pytest.raises(ValueError, match="no real power"):
        Value(-8.0) ** 0.5
    with pytest.raises(ZeroDivisionError, match="no finite derivative"):
        Value(0.0) ** -1


def test_backward_twice_says_grads_would_accumulate_and_how_to_reset():
    C, v = seed_network()
    C.backward()
    first = v["w11"].grad
    with pytest.raises(RuntimeError, match=r"would add to it.*zero_grad\(\)"):
        C.backward()
    assert v["w11"].grad == first  # the refused call changed nothing
    C.zero_grad()
    assert all(node.grad == 0.0 for node in topological_order(C))
    C.backward()
    assert v["w11"].grad == first


def test_topological_order_puts_parents_first():
    C, _ = seed_network()
    order = topological_order(C)
    seen = set()
    for node in order:
        assert all(p in seen for p in node._prev)
        seen.add(node)
    assert order[-1] is C
    with pytest.raises(TypeError, match="root must be a Value"):
        topological_order(1.0)


def test_exp_too_large_for_a_float_is_named():
    assert math.isfinite(Value(709.0).exp().data)
    with pytest.raises(OverflowError, match=r"^exp needs a number <= 709\.8 .*got Value"):
        Value(710.0).exp()
