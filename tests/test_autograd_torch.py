"""The cross-check of what loss.backward() computes: the article's network in PyTorch
(nnlib.autograd_torch), built from nnlib.autograd's Values, and SeedNetwork's backprop give
the same nine gradients.  Skipped where torch is not installed."""

import numpy as np
import pytest

import nnlib
from nnlib.autograd import seed_network
from nnlib.autograd_torch import seed_network_gradients

torch = pytest.importorskip("torch")


def _random_cases(n):
    rng = np.random.default_rng(20211104)
    for _ in range(n):
        weights = dict(zip(nnlib.WEIGHT_NAMES, rng.normal(0.0, 1.5, 9).tolist()))
        yield weights, tuple(rng.normal(0.0, 1.0, 2).tolist()), float(rng.normal())


CASES = [(None, nnlib.ARTICLE_X, nnlib.ARTICLE_Y), *_random_cases(4)]


@pytest.mark.parametrize("weights, x, y", CASES)
def test_value_seed_network_and_torch_agree(weights, x, y):
    by_torch = seed_network_gradients(weights, x, y)
    by_backprop = nnlib.SeedNetwork(weights).gradients(x, y)
    C, v = seed_network(weights, x, y)
    C.backward()
    assert set(by_torch) == set(nnlib.WEIGHT_NAMES)
    for name in nnlib.WEIGHT_NAMES:
        assert abs(by_torch[name] - by_backprop[name]) <= 1e-12, name
        assert abs(by_torch[name] - v[name].grad) <= 1e-12, name


def test_torch_version_checks_its_input_as_the_others_do():
    with pytest.raises(ValueError, match="unknown name"):
        seed_network_gradients({"w99": 1.0})
    with pytest.raises(ValueError, match="x must be the two inputs"):
        seed_network_gradients(x=(1.0, 2.0, 3.0))
