"""The explorers' readout: the numbers a frame shows, as small HTML tables beside the figure.

An explorer's lines(numbers) returns a list of Sections, each a titled table of Rows
(name, formula, value, and the colour of the mark that shows it in the figure) and, where
a gradient is a chain-rule product, a Product: its factors, upstream ones first and the
local one last, each with its value.  The same sections give the readout as plain text
(one line per section, "name = value" joined by commas), which the still picture and
the tests read.
"""

import functools
import html
from typing import NamedTuple

from ..written import fmt, given


class Row(NamedTuple):
    """One number of the readout: label = value, with the formula that gives it and the
    colour of its mark in the figure (None: no mark).  key: one of the numbers the
    explorer is about, printed larger.  value may be a str (a name, "yes").  given: the
    value is one the learner set (a slider's), written as short as it is (0.8), not as a
    computed number is (0.8000)."""

    label: str
    value: object
    formula: str = ""
    color: str | None = None
    key: bool = False
    given: bool = False


class Product(NamedTuple):
    """A gradient as the chain rule's product: label = factor x factor x ... = value.
    factors: Rows, the upstream factors first and the local derivative last."""

    label: str
    factors: tuple
    value: float
    color: str | None = None


class Section(NamedTuple):
    """A titled table of the readout: its Rows (and Products)."""

    title: str
    rows: tuple


def sections(lines, given=()):
    """An explorer's lines as Sections: a plain list of (label, value, ...) tuples is a
    Section without a title, and each such tuple a Row.  given: the labels whose values
    the learner set (the explorer's sliders), so their Rows are marked given."""
    given = frozenset(given)
    found = []
    for line in lines:
        if isinstance(line, Section):
            found.append(line._replace(rows=tuple(_row(r, given) for r in line.rows)))
        else:
            found.append(Section("", tuple(_row(r, given) for r in line)))
    return found


def _row(row, given):
    row = row if isinstance(row, (Row, Product)) else Row(*row)
    if isinstance(row, Row) and row.label in given:
        return row._replace(given=True)
    return row


def values(parts):
    """label -> number, for every number in the sections (factors and products too)."""
    found = {}
    for section in parts:
        for row in section.rows:
            if isinstance(row, Product):
                found.update((f.label, f.value) for f in row.factors)
                found["product"] = row.value
            if not isinstance(row.value, str):
                found[row.label] = row.value
    return found


def shown(value, set_by_learner=False):
    """A value as the readout prints it: a str as it is, a computed number to 4 significant
    digits with its trailing zeros (1.000, 0.7311), a number the learner set as short as
    it is (0.8)."""
    if isinstance(value, str):
        return value
    return given(value) if set_by_learner else fmt(value)


def text_lines(parts):
    """The readout as text: per section, its "label = value" strings (a Product gives
    two lines: its formula, then its factors' values and the product)."""
    lines = []
    for section in parts:
        line = []
        for row in section.rows:
            if isinstance(row, Product):
                if line:
                    lines.append(line)
                    line = []
                factors = " x ".join(f.label for f in row.factors)
                lines.append([f"{row.label} = {factors}"])
                lines.append([f"{f.label} = {shown(f.value)}" for f in row.factors])
                lines[-1].append(f"product = {shown(row.value)}")
            else:
                line.append(f"{row.label} = {shown(row.value, row.given)}")
        if line:
            lines.append(line)
    return lines


def aligned(texts):
    """Numbers as text, padded with spaces so that their decimal points line up in a
    monospace column (text without a point aligns where its point would be)."""
    points = [_point(t) for t in texts]
    left = max(points, default=0)
    right = max((len(t) - p for t, p in zip(texts, points)), default=0)
    return [" " * (left - p) + t + " " * (right - (len(t) - p)) for t, p in zip(texts, points)]


def _point(text):
    """Where text's decimal point is, or would be: before an exponent, or at the end (and
    at the end of a text that is no number, such as a name)."""
    try:
        float(text)
    except ValueError:
        return len(text)
    for mark in (".", "e"):
        if mark in text:
            return text.index(mark)
    return len(text)


# html.escape, remembered: most of what a readout escapes (labels, formulas, colours) is
# the same at every frame.
_escape = functools.lru_cache(maxsize=1024)(html.escape)

CSS = (  # the tables' style, sent with each readout
    "<style>"
    ".nnlib-readout{display:flex;flex-wrap:wrap;gap:6px 18px;align-items:flex-start;"
    "font-size:13px;line-height:1.45}"
    ".nnlib-readout .cap{font-weight:600;white-space:nowrap}"
    ".nnlib-readout table{border-collapse:collapse;margin:0}"
    ".nnlib-readout td{padding:0 6px 0 0;vertical-align:baseline;white-space:nowrap}"
    ".nnlib-readout .f{color:#555;font-size:12px}"
    ".nnlib-readout .v{font-family:'DejaVu Sans Mono',monospace;white-space:pre;"
    "text-align:right;font-size:14px}"
    ".nnlib-readout .k{font-weight:700}"
    ".nnlib-readout .s{display:inline-block;width:10px;height:10px;border-radius:2px;"
    "margin-right:4px}"
    ".nnlib-readout .chain{display:flex;flex-wrap:wrap;align-items:flex-start;gap:2px 6px}"
    ".nnlib-readout .grp{display:flex;flex-direction:column}"
    ".nnlib-readout .fs{display:flex;flex-wrap:wrap;gap:0 6px;border-bottom:2px solid #999}"
    ".nnlib-readout .role{font-size:12px;color:#555;text-align:center}"
    ".nnlib-readout .fac{display:flex;flex-direction:column;align-items:flex-end}"
    ".nnlib-readout .x{color:#555;align-self:center}"
    ".nnlib-readout .eq{display:flex;gap:6px;margin-top:1.45em}"  # on the values' line
    "</style>"
)


def swatch(color):
    """A small square in color (nothing when None)."""
    if color is None:
        return ""
    return f"<span class='s' style='background:{_escape(color)}'></span>"


def _value(label, value, text=None):
    """A number's markup: monospace, named by data-label (what a page reads back)."""
    shown_text = shown(value) if text is None else text
    return f"<span class='v' data-label='{_escape(label)}'>{_escape(shown_text)}</span>"


def to_html(parts, message=None):
    """The readout as HTML: one block per section (its title, a table of its rows and
    each chain-rule product), side by side where there is room.  Every number carries
    its label in data-label.  message: a line of text shown instead, when a frame cannot
    be drawn."""
    blocks = [_section(section) for section in parts]
    if message is not None:
        blocks.append(f"<div>{_escape(message)}</div>")
    return CSS + "<div class='nnlib-readout'>" + "".join(blocks) + "</div>"


def _section(section):
    rows = [row for row in section.rows if isinstance(row, Row)]
    numbers = aligned([shown(row.value, row.given) for row in rows])
    key = {True: " class='k'", False: ""}
    body = [
        f"<tr{key[bool(row.key)]}><td>{swatch(row.color)}"
        f"{_escape(row.label)}</td><td class='f'>{_escape(row.formula)}</td>"
        f"<td>{_value(row.label, row.value, text)}</td></tr>"
        for row, text in zip(rows, numbers)
    ]
    title = f"<div class='cap'>{_escape(section.title)}</div>" if section.title else ""
    table = f"<table>{''.join(body)}</table>" if body else ""
    chains = "".join(_product(row) for row in section.rows if isinstance(row, Product))
    return f"<div class='sec'>{title}{table}{chains}</div>"


def _factors(factors):
    """Factors side by side, name over value, "x" between them."""
    cards = [
        f"<span class='fac'><span>{_escape(f.label)}</span>{_value(f.label, f.value)}</span>"
        for f in factors
    ]
    return "<span class='x'>&times;</span>".join(cards)


def _product(product):
    """A Product as a line that wraps where it must: label = the upstream factors
    (underlined as "upstream") x the local one (underlined as "local") = the product
    (the last "=" kept with the product)."""
    *upstream, local = product.factors
    groups = [(upstream, "upstream")] if upstream else []
    groups.append(([local], "local"))
    parts = [
        f"<span class='grp'><span class='fs'>{_factors(fs)}</span>"
        f"<span class='role'>{role}</span></span>"
        for fs, role in groups
    ]
    result = _value("product", product.value)
    return (
        f"<div class='chain'><span class='k'>{swatch(product.color)}"
        f"{_escape(product.label)}</span><span class='x'>=</span>"
        + "<span class='x'>&times;</span>".join(parts)
        + f"<span class='eq'><span>=</span>{result}</span></div>"
    )
