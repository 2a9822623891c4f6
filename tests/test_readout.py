"""The explorers' readout tables: every number in a row of its own, named, with its
formula and the colour of its mark, decimal points lined up; the chain rule as a product
of upstream factors and the local one; the same numbers as plain text."""

from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nnlib.widgets.readout import Product, Row, Section, aligned, sections, text_lines, to_html
from nnlib.widgets.readout import values as readout_values

CHAIN = Product(
    "dC/dw11",
    (
        Row("dC/dy_hat", 2.466),
        Row("dy_hat/da11", 0.3),
        Row("da11/dh11", 0.1966),
        Row("dh11/dw11", 1.0),
    ),
    0.1455,
    "#D55E00",
)


class Labelled(HTMLParser):
    """Every number's (data-label, text), in order, and the text of each table row."""

    def __init__(self):
        super().__init__()
        self.numbers, self.rows, self.roles = [], [], []
        self._open = []  # (tag, what it collects)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr":
            self.rows.append("")
        if "data-label" in attrs:
            self.numbers.append([attrs["data-label"], ""])
        self._open.append((tag, attrs.get("data-label"), attrs.get("class")))

    def handle_endtag(self, tag):
        self._open.pop()

    def handle_data(self, data):
        if any(label is not None for _, label, _ in self._open):
            self.numbers[-1][1] += data
        if any(tag == "tr" for tag, _, _ in self._open):
            self.rows[-1] += data
        if self._open and self._open[-1][2] == "role":
            self.roles.append(data)


def parse(html):
    parser = Labelled()
    parser.feed(html.split("</style>", 1)[1])
    return parser


def test_each_row_is_name_formula_value_with_its_swatch():
    parts = [Section("this weight", (Row("C", 1.5210, "(y_hat - y)^2", "#0072B2", key=True),))]
    html = to_html(parts)
    page = parse(html)
    assert page.numbers == [["C", "1.521"]]
    assert page.rows == ["C(y_hat - y)^21.521"]
    assert "background:#0072B2" in html and ">this weight</div>" in html
    assert "<tr class='k'>" in html


def test_text_is_escaped():
    html = to_html([Section("<b>", (Row("a<b", "x&y", "1 < 2"),))])
    assert "<div class='cap'>&lt;b&gt;</div>" in html
    assert "a&lt;b" in html and "x&amp;y" in html and "1 &lt; 2" in html


@given(st.lists(st.floats(allow_nan=False, allow_infinity=False, width=32), min_size=1))
def test_decimal_points_line_up(numbers):
    texts = [f"{x:.4g}" for x in numbers]
    padded = aligned(texts)
    assert len({len(t) for t in padded}) == 1
    assert [t.strip() for t in padded] == texts
    points = {t.index(".") if "." in t else None for t in padded if "." in t and "e" not in t}
    assert len(points) <= 1


def test_numbers_without_a_point_align_where_it_would_be():
    padded = aligned(["12", "0.5", "-3"])
    assert padded == ["12  ", " 0.5", "-3  "]


def test_chain_rule_is_a_product_of_upstream_factors_and_the_local_one():
    html = to_html([Section("the chain rule", (CHAIN,))])
    page = parse(html)
    assert page.numbers == [
        ["dC/dy_hat", "2.466"],
        ["dy_hat/da11", "0.3000"],
        ["da11/dh11", "0.1966"],
        ["dh11/dw11", "1.000"],
        ["product", "0.1455"],
    ]
    assert page.roles == ["upstream", "local"]
    # the three upstream factors sit in the group marked upstream, the last one alone
    upstream, local = html.split("class='role'>upstream")[0], html.split("upstream</span>")[1]
    assert all(name in upstream for name in ("dC/dy_hat", "dy_hat/da11", "da11/dh11"))
    assert "dh11/dw11" in local.split("class='role'>local")[0]


def test_text_and_values_keep_every_number():
    parts = sections([[("w11", 0.8), ("C", 1.521)], Section("chain", (CHAIN,)), [("mode", "yes")]])
    assert text_lines(parts) == [
        ["w11 = 0.8000", "C = 1.521"],
        ["dC/dw11 = dC/dy_hat x dy_hat/da11 x da11/dh11 x dh11/dw11"],
        [
            "dC/dy_hat = 2.466",
            "dy_hat/da11 = 0.3000",
            "da11/dh11 = 0.1966",
            "dh11/dw11 = 1.000",
            "product = 0.1455",
        ],
        ["mode = yes"],
    ]
    found = readout_values(parts)
    assert found == pytest.approx(
        {
            "w11": 0.8,
            "C": 1.521,
            "dC/dy_hat": 2.466,
            "dy_hat/da11": 0.3,
            "da11/dh11": 0.1966,
            "dh11/dw11": 1,
            "product": 0.1455,
            "dC/dw11": 0.1455,
        }
    )


def test_a_message_replaces_the_tables():
    html = to_html([], message="this setting cannot be drawn (boom <1>)")
    assert "this setting cannot be drawn (boom &lt;1&gt;)" in html and "<table" not in html


def test_numbers_the_learner_set_are_short_and_computed_ones_keep_four_digits():
    parts = sections([[("w11", 0.8), ("h11", 1.0), ("x1", 1.0)]], given={"w11", "x1"})
    assert [row.given for row in parts[0].rows] == [True, False, True]
    assert text_lines(parts) == [["w11 = 0.8", "h11 = 1.000", "x1 = 1"]]
    assert [text.strip() for _, text in parse(to_html(parts)).numbers] == ["0.8", "1.000", "1"]
