"""nnlib's gradients against an independent implementation: PyTorch's autograd.

The same parameters are copied into float64 torch tensors; the loss and every
gradient must agree to a relative error of 1e-10 (for a parameter array whose gradient is
tiny next to the rest, to 1e-14 of the gradient's largest entry).  Skipped when torch is not
installed (pip install -e '.[crosscheck]').
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nnlib

torch = pytest.importorskip(
    "torch", reason="the PyTorch cross-check needs torch: pip install -e '.[crosscheck]'"
)

TOL = 1e-10
ATOL = 1e-14  # of the gradient's largest entry, for arrays whose own gradient is tiny
HIDDEN = ("sigmoid", "tanh", "relu", "linear")
TORCH_ACT = {
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": torch.relu,
    "linear": lambda z: z,
}


def rel(a, b):
    """Relative error of two numbers or arrays, as nnlib.rel_error measures it."""
    return nnlib.rel_error(np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64))


def torch_loss_and_gradients(model, X, Y):
    """The loss and its gradients with respect to copies of model.params, by autograd."""

    def leaf(p):
        return None if p is None else torch.tensor(p, dtype=torch.float64, requires_grad=True)

    layers = [(leaf(layer.W), leaf(layer.b), layer.activation) for layer in model.layers]
    params = [t for W, b, _ in layers for t in (W, b) if t is not None]  # W1, b1, W2, ...
    a = torch.tensor(X, dtype=torch.float64)
    for i, (W, b, act) in enumerate(layers):
        z = a @ W if b is None else a @ W + b
        last = i == len(layers) - 1
        a = z if last and model.loss_name == "cross_entropy" else TORCH_ACT[act](z)
    if model.loss_name == "mse":
        loss = ((a - torch.tensor(Y, dtype=torch.float64)) ** 2).mean()
    elif np.asarray(Y).ndim == 1:
        loss = torch.nn.functional.cross_entropy(a, torch.tensor(Y, dtype=torch.long))
    else:
        loss = torch.nn.functional.cross_entropy(a, torch.tensor(Y, dtype=torch.float64))
    loss.backward()
    return loss.item(), [p.grad.numpy() for p in params]


@st.composite
def mlp_cases(draw):
    """(model, X, Y): a random MLP with random parameters and a random batch."""
    hidden = draw(st.lists(st.integers(1, 8), min_size=0, max_size=3))
    n_in = draw(st.integers(1, 8))
    loss = draw(st.sampled_from(("mse", "cross_entropy")))
    n_out = draw(st.integers(1, 5) if loss == "mse" else st.integers(2, 6))
    sizes = [n_in, *hidden, n_out]
    acts = [draw(st.sampled_from(HIDDEN)) for _ in hidden]
    if loss == "mse":
        acts.append(draw(st.sampled_from(HIDDEN)))
    bias = draw(st.booleans())
    batch = draw(st.integers(1, 64))
    seed = draw(st.integers(0, 2**32 - 1))
    scale = draw(st.sampled_from((0.1, 1.0, 3.0)))

    model = nnlib.MLP(sizes, acts, loss, bias=bias, seed=seed)
    rng = np.random.default_rng(seed)
    for p in model.params:
        p[...] = rng.standard_normal(p.shape) * scale / np.sqrt(p.shape[0])
    X = rng.standard_normal((batch, n_in)) * scale
    if loss == "mse":
        Y = rng.standard_normal((batch, n_out))
    else:
        labels = rng.integers(0, n_out, size=batch)
        Y = labels if draw(st.booleans()) else np.eye(n_out)[labels]
    return model, X, Y


@settings(max_examples=80, deadline=None)
@given(mlp_cases())
def test_mlp_loss_and_gradients_match_torch(case):
    model, X, Y = case
    loss, grads = model.loss_and_gradients(X, Y)
    t_loss, t_grads = torch_loss_and_gradients(model, X, Y)
    assert rel(loss, t_loss) < TOL, (loss, t_loss)
    assert len(grads) == len(t_grads) == len(model.params)
    # A parameter array whose gradient is tiny next to the others (a saturated layer, terms
    # that cancel over the batch) is compared to the size of the whole gradient instead:
    # rounding in float64 sums leaves about 1e-16 of that size in every entry.
    scale = max(1.0, abs(t_loss), *(float(np.abs(t).max()) for t in t_grads))
    for name, g, t in zip(model.param_names, grads, t_grads):
        assert g.shape == t.shape, name
        gap = float(np.linalg.norm(g - t))
        assert gap <= TOL * (np.linalg.norm(g) + np.linalg.norm(t)) + ATOL * scale, (
            name,
            rel(g, t),
            gap,
            scale,
        )


def test_soft_targets_match_torch():
    # Cross-entropy against targets that are not one-hot (rows still sum to 1).
    rng = np.random.default_rng(7)
    model = nnlib.MLP([4, 6, 3], "tanh", "cross_entropy", seed=3)
    X = rng.standard_normal((10, 4))
    Y = rng.dirichlet(np.ones(3), size=10)
    loss, grads = model.loss_and_gradients(X, Y)
    t_loss, t_grads = torch_loss_and_gradients(model, X, Y)
    assert rel(loss, t_loss) < TOL
    for g, t in zip(grads, t_grads):
        assert rel(g, t) < TOL


def test_a_wrong_gradient_is_caught():
    # The comparison is sharp enough to see a gradient that is off by one part in a million.
    model = nnlib.MLP([3, 4, 2], "sigmoid", "mse", seed=1)
    X = np.random.default_rng(1).standard_normal((5, 3))
    Y = np.zeros((5, 2))
    _, grads = model.loss_and_gradients(X, Y)
    _, t_grads = torch_loss_and_gradients(model, X, Y)
    assert rel(grads[0] * (1 + 1e-6), t_grads[0]) > TOL


def torch_seed_gradients(weights, x, y):
    """C = (sum_j w3j sigmoid(x1 w1j + x2 w2j) - y)^2 and dC/dw for each weight, by autograd."""
    w = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in weights.items()}
    x1, x2 = (torch.tensor(v, dtype=torch.float64) for v in x)
    y_hat = sum(w[f"w3{j}"] * torch.sigmoid(x1 * w[f"w1{j}"] + x2 * w[f"w2{j}"]) for j in (1, 2, 3))
    loss = (y_hat - y) ** 2
    loss.backward()
    return loss.item(), {k: t.grad.item() for k, t in w.items()}


def check_seed_network(weights, x, y):
    net = nnlib.SeedNetwork(weights)
    t_loss, t_grads = torch_seed_gradients(net.weights, x, y)
    assert rel(net.loss(x, y), t_loss) < TOL
    grads = net.gradients(x, y)
    assert list(grads) == list(nnlib.WEIGHT_NAMES)
    for name in nnlib.WEIGHT_NAMES:
        assert rel(grads[name], t_grads[name]) < TOL, (name, grads[name], t_grads[name])
        assert rel(net.chain_rule(name, x, y).product, t_grads[name]) < TOL, name


def test_seed_network_article_values_match_torch():
    check_seed_network(None, nnlib.ARTICLE_X, nnlib.ARTICLE_Y)


finite = st.floats(-3, 3, allow_nan=False, allow_infinity=False)


@settings(max_examples=60, deadline=None)
@given(st.lists(finite, min_size=9, max_size=9), st.tuples(finite, finite), finite)
def test_seed_network_gradients_and_chains_match_torch(values, x, y):
    check_seed_network(dict(zip(nnlib.WEIGHT_NAMES, values)), x, y)
