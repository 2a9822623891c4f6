"""Exercises of 00_start_here.ipynb: counting the weights and biases of the article's
2-3-1 network."""

from .. import network
from .engine import Exercise, Mistake

NOTEBOOK = "00_start_here"


def _mlp(bias=False):
    return network.MLP([2, 3, 1], "sigmoid", "mse", bias=bias)


EXERCISES = (
    Exercise(
        "count_weights",
        NOTEBOOK,
        kind="value",
        returns="integer",
        hint="every input connects to every hidden node, and every hidden node to the output; "
        "each connection has one weight",
        answer=lambda: sum(p.size for p in _mlp().params),
        correct_note="2 x 3 connections into the hidden layer plus 3 x 1 into the output.",
        mistakes=(
            Mistake(
                "that counts only the weights from the inputs to the hidden layer (2 x 3); "
                "the hidden-to-output weights count too",
                lambda: _mlp().params[0].size,
            ),
            Mistake(
                "that counts only the weights into the output node; add those from the "
                "inputs to the hidden layer",
                lambda: _mlp().params[1].size,
            ),
            Mistake(
                "you added layer sizes; connections multiply: every input meets every hidden node",
                lambda: sum(network.MLP([2, 3, 1]).sizes[:2]),
            ),
            Mistake(
                "that includes biases, but the article's network has none",
                lambda: network.MLP([2, 3, 1], bias=True).n_params,
            ),
        ),
    ),
    Exercise(
        "count_params_with_biases",
        NOTEBOOK,
        kind="value",
        returns="integer",
        hint="a bias belongs to each node that computes a weighted sum: the hidden nodes and "
        "the output node, not the inputs",
        answer=lambda: network.MLP([2, 3, 1], bias=True).n_params,
        correct_note="9 weights plus one bias for each of the 3 hidden nodes and the output.",
        mistakes=(
            Mistake(
                "that is the weights alone; add one bias per hidden and output node",
                lambda: network.MLP([2, 3, 1], bias=False).n_params,
            ),
            Mistake(
                "inputs have no bias: only nodes that compute a weighted sum get one",
                lambda: network.MLP([2, 3, 1], bias=True).n_params + 2,
            ),
            Mistake(
                "you gave biases to the hidden nodes only; the output node has one too",
                lambda: network.MLP([2, 3, 1], bias=False).n_params + 3,
            ),
            Mistake(
                "that is one bias per layer; each node has its own",
                lambda: network.MLP([2, 3, 1], bias=False).n_params + 2,
            ),
        ),
    ),
)
