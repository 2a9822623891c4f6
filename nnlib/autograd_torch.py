"""The article's 2-3-1 network in PyTorch: what loss.backward() computes, in code a learner
can read beside nnlib.autograd.seed_network.  torch is imported when the function runs,
so importing this module (or showing its source) does not need torch.
Shown in 11_from_backprop_to_autograd.ipynb; tests/test_autograd_torch.py checks that its
gradients equal SeedNetwork's and nnlib.autograd's.
"""

from .seed_network import ARTICLE_X, ARTICLE_Y, WEIGHT_NAMES, SeedNetwork


def seed_network_gradients(weights=None, x=ARTICLE_X, y=ARTICLE_Y):
    """dC/dw for the nine weights by torch's loss.backward(), with the article's
    h1j = x1 w1j + x2 w2j, a1j = sigmoid(h1j), y_hat = sum_j a1j w3j, C = (y_hat - y)^2.
    weights: a dict overriding ARTICLE_WEIGHTS.  -> {"w11": dC/dw11, ...} (floats)."""
    import torch

    net = SeedNetwork(weights)  # checks the weights, x and y as the other versions do
    (x1, x2), y = net._xy(x, y)
    w = {
        name: torch.tensor(value, dtype=torch.float64, requires_grad=True)
        for name, value in net.weights.items()
    }
    h = [x1 * w[f"w1{j}"] + x2 * w[f"w2{j}"] for j in (1, 2, 3)]  # forward pass: torch
    a = [torch.sigmoid(h1j) for h1j in h]  # records each operation and its inputs
    y_hat = a[0] * w["w31"] + a[1] * w["w32"] + a[2] * w["w33"]
    C = (y_hat - y) ** 2
    C.backward()  # the backward pass: dC/dw into w.grad, for every weight
    return {name: w[name].grad.item() for name in WEIGHT_NAMES}
