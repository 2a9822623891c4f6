"""nnlib.plots_autograd: the computation graph of a Value expression laid out in rows,
its texts readable (no overlaps, nothing cut, none too small), its numbers the nodes'."""

import pytest
from test_figure_text import text_problems

from nnlib.autograd import Value, seed_network
from nnlib.plots_autograd import graph_rows, plot_value_graph
from nnlib.style import COLORS
from nnlib.written import fmt
from nnlib.written import given as given_number


def test_graph_rows_put_inputs_above_their_first_use():
    C, v = seed_network()
    rows, x = graph_rows(C)
    row_of = {node: r for r, row in enumerate(rows) for node in row}
    assert row_of[v["w31"]] == row_of[v["a11"]] and row_of[v["y"]] == row_of[v["y_hat"]]
    assert rows[-1] == [C] and max(len(r) for r in rows) == 8
    for row in rows:
        places = [x[node] for node in row]
        assert places == sorted(places) and all(
            b - a >= 1.0 - 1e-12 for a, b in zip(places, places[1:])
        )


@pytest.mark.parametrize("weights", [None, {"w31": -1.1, "w22": -0.6, "w13": -2.5}])
def test_the_graph_figure_is_readable(weights):
    C, v = seed_network(weights, (-0.35, 1.7), -0.4)
    C.backward()
    fig = plot_value_graph(C)
    assert text_problems(fig) == []
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "w11\n" + given_number(v["w11"].data) in texts
    grad_texts = [t for t in fig.axes[0].texts if t.get_text() == fmt(v["w11"].grad)]
    assert grad_texts and all(t.get_color() == COLORS["tangent"] for t in grad_texts)
    assert len(texts) == 2 * 31
    renderer = fig.canvas.get_renderer()
    boxes = [p.get_window_extent(renderer) for p in fig.axes[0].patches if p.get_zorder() == 2]
    assert len(boxes) == 31
    for text in fig.axes[0].texts:  # every text inside a node's box
        t = text.get_window_extent(renderer)
        inside = [
            b for b in boxes if b.x0 <= t.x0 and t.x1 <= b.x1 and b.y0 <= t.y0 and t.y1 <= b.y1
        ]
        assert len(inside) == 1, text.get_text()


def test_a_graph_too_large_to_draw_is_refused():
    total = Value(0.0)
    for k in range(30):
        total = total + Value(float(k))
    with pytest.raises(ValueError, match="a readable drawing fits at most"):
        plot_value_graph(total)
