"""No exercise can be answered by copying a number from above it: for every exercise in the
registry, its correct answer (a value, or its function's outputs on the cases it is checked
with) appears in no stored output (text/plain, stream text, the text of HTML) of its
notebook and in no Markdown prose, in any cell before the cell that checks it.  Nor does
the saved check cell show the hint: unanswered, it states what is asked and nothing more.

A printed number gives an answer away when it equals the answer rounded to the digits
printed (0.2075 and 0.207548 both give away 0.20754808, as do 2.0755e-01 and -0.2075:
the sign is no protection) and shows at least 4 significant digits (or is an answer of
3 digits written in full: 0.125), or when it is written exactly as a notebook would print the answer
with 4 or 6 decimals (f"{v:.4f}", f"{v:.6f}": 0.0123 for 0.0123456).  Trivial answers
are not looked for: those with fewer than 3 significant digits when rounded to 6 (0, 1,
9, 13, 0.5, 0.98, 1.00000004 appear everywhere, or are a function's output on a simple
case)."""

import html
import math
import re
from decimal import Decimal
from pathlib import Path

import nbformat
import numpy as np
import pytest

from nnlib.exercises import EXERCISES

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
EXERCISE_CALL = re.compile(r"exercises\.check\(\s*[\"'](\w+)[\"']")
# A printed number: 12, -0.5, .25, 2.0755e-01; not the digits of names (W1, 0x1f), nor a
# number cut by a "." that goes on with digits; a full stop after it is fine.
NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?(?!\w|\.\d)")
HIDDEN_HTML = re.compile(r"<(style|script)\b.*?</\1>", re.S | re.I)
TAG = re.compile(r"<[^>]+>")
DIGITS_SHOWN = 4  # significant digits from which a printed number gives an answer away


def _html_text(source):
    """The text a reader sees in HTML: tags, style sheets and scripts removed."""
    return html.unescape(TAG.sub(" ", HIDDEN_HTML.sub(" ", source)))


def _output_texts(cell):
    """The text of a code cell's stored outputs, one string per output."""
    texts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            texts.append(out.get("text", ""))
        data = out.get("data", {})
        texts.append(data.get("text/plain", ""))
        texts.append(_html_text(data.get("text/html", "")))
    return [t if isinstance(t, str) else "".join(t) for t in texts if t]


def _texts_before(nb, index):
    """[(where, text), ...] a reader sees above cell index: prose and stored outputs."""
    found = []
    for i, cell in enumerate(nb.cells[:index]):
        if cell.cell_type == "markdown":
            found.append((f"cell {i} (Markdown)", cell.source))
        elif cell.cell_type == "code":
            found += [(f"cell {i} (output)", t) for t in _output_texts(cell)]
    return found


def _check_cell(nb, name):
    """The index of the code cell that calls exercises.check(name, ...)."""
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and name in EXERCISE_CALL.findall(cell.source):
            return i
    raise AssertionError(f"no cell of the notebook calls exercises.check({name!r}, ...)")


def _answers(ex):
    """Every number of the correct answer: the value, or the outputs on every case."""
    expected = [ex.expected()] if ex.kind == "value" else ex.expected()
    numbers = []
    for out in expected:
        parts = out if ex.returns == "arrays" else (out,)
        for part in parts:
            numbers += np.asarray(part, dtype=np.float64).ravel().tolist()
    return numbers


def _significant(text):
    """The significant digits of a number as written: "0.0123" -> 3, "0.8500" -> 4."""
    digits = Decimal(text.lstrip("+-")).as_tuple().digits
    return len("".join(map(str, digits)).lstrip("0"))


def _digits_of(v):
    """The significant digits of v rounded to 6: 0.20754808 -> 6, 0.98 -> 2, 1 + 4e-8 -> 1."""
    return _significant(f"{abs(v):.6g}")


def _trivial(v):
    """Numbers with fewer than 3 significant digits (rounded to 6): printed everywhere."""
    return not math.isfinite(v) or _digits_of(v) < 3


def _gives_away(text, v):
    """Whether the printed number text gives the answer v away (see the module's doc)."""
    printed = Decimal(text.lstrip("+-"))
    if printed == 0:
        return False
    shown = _significant(text)
    if text.lstrip("+-") in (f"{abs(v):.4f}", f"{abs(v):.6f}") and shown >= 3:
        return True
    if shown < DIGITS_SHOWN:  # only an answer of 3 digits, written in full: 0.125
        return shown >= 3 and printed == Decimal(f"{abs(v):.6g}")
    half_step = Decimal(5) * Decimal(10) ** (printed.as_tuple().exponent - 1)
    return abs(Decimal(repr(abs(v))) - printed) <= half_step


def _revealed(ex, texts):
    """[(where, printed number, answer), ...] for every number that gives ex away."""
    answers = sorted({abs(v) for v in _answers(ex) if not _trivial(v)})
    found = []
    for where, text in texts:
        for printed in NUMBER.findall(text):
            for v in answers:
                if _gives_away(printed, v) and (where, printed, v) not in found:
                    found.append((where, printed, v))
                    break
    return found


def test_a_printed_number_gives_an_answer_away_only_to_its_digits():
    v = 0.20754808393
    assert all(_gives_away(t, v) for t in ("0.2075", "0.207548", "-0.2075", "2.0755e-01"))
    assert not any(_gives_away(t, v) for t in ("0.2076", "0.21", "0.208", "0.20754", "0"))
    assert _gives_away("0.0123", 0.0123456) and not _gives_away("0.012", 0.0123456)
    assert _gives_away("0.125", 0.125) and _gives_away("0.1250", 0.125)
    assert not _gives_away("0.13", 0.125) and not _gives_away("1.0", 0.98)
    assert all(_trivial(v) for v in (9.0, 13.0, 0.5, 0.98, 1 + 4e-8, -1.0, math.nan))
    assert not any(_trivial(v) for v in (150.0, 0.125, 2.466424))
    assert NUMBER.findall("w11 is 0.785452. Then x = (1, 2), 3e-10 and 1.5.6") == [
        "0.785452",
        "1",
        "2",
        "3e-10",
    ]
    assert _html_text("<style>p {width: 0.2075}</style><b>0.785452</b>").split() == ["0.785452"]


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_answer_is_not_printed_before_the_exercise(name):
    ex = EXERCISES[name]
    nb = nbformat.read(NOTEBOOKS / f"{ex.notebook}.ipynb", as_version=4)
    index = _check_cell(nb, name)
    found = _revealed(ex, _texts_before(nb, index))
    assert not found, (
        f"{name} (checked in cell {index} of {ex.notebook}) can be answered from above it: "
        + "; ".join(f"{where} shows {p} (answer {v:.10g})" for where, p, v in found[:8])
    )


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_saved_exercise_cell_shows_what_is_asked_and_no_hint(name):
    ex = EXERCISES[name]
    nb = nbformat.read(NOTEBOOKS / f"{ex.notebook}.ipynb", as_version=4)
    shown = "".join(_output_texts(nb.cells[_check_cell(nb, name)]))
    assert shown.startswith(f"not answered yet: {name} asks for "), shown[:200]
    assert "Hint" not in shown and ex.hint not in shown
