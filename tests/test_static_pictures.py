"""The course where no kernel runs: GitHub, nbviewer and an HTML export drop the widget view
(the notebooks store no widget state) and show the best remaining output of each cell.
Every notebook is exported to HTML by nbconvert; each explorer cell must show a PNG picture
that ends with the readout stored beside it, drawn."""

import base64
import binascii
import copy
import io
import re
from pathlib import Path

import nbformat
import numpy as np
import pytest
from nbconvert import HTMLExporter
from pictures import same_picture
from PIL import Image

from nnlib.widgets import EXPLORER_DPI, readout_image, weight_explorer

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
CELL = re.compile(r'<div\b[^>]*\bid="cell-id=([^"]*)"')
IMG = re.compile(r"<img\b[^>]*>")
PNG_URI = re.compile(r'\bsrc="data:image/png;base64,([^"]*)"')
OUTPUTS = "jp-Cell-outputWrapper"
MIN_FIGURE_ROWS = 100  # the explorers' figures are 256 to 272 pixels high


@pytest.fixture(scope="module")
def exporter():
    return HTMLExporter()


def explorer_cells(nb):
    """(cell id, stored text/plain) of every code cell whose output is an explorer."""
    found = []
    for cell in nb.cells:
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            data = out.get("data", {})
            if WIDGET_VIEW in data:
                found.append((cell.id, data.get("text/plain", "")))
    return found


def cell_outputs(html):
    """cell id -> the HTML of that cell's outputs (empty when it has none)."""
    starts = list(CELL.finditer(html))
    ends = [m.start() for m in starts[1:]] + [len(html)]
    chunks = {m.group(1): html[m.start() : end] for m, end in zip(starts, ends)}
    return {k: c.split(OUTPUTS, 1)[1] if OUTPUTS in c else "" for k, c in chunks.items()}


def decode_png(text):
    """base64 text -> (H, W, 4) uint8 RGBA, or None unless it is a valid PNG."""
    try:
        data = base64.b64decode(text, validate=True)
        with Image.open(io.BytesIO(data)) as im:
            return np.asarray(im.convert("RGBA")) if im.format == "PNG" else None
    except (binascii.Error, OSError):
        return None


def problems(nb, html):
    """One line per explorer cell that the HTML does not show as a picture of its figure
    with its readout (the stored text/plain after the first line) drawn beneath."""
    found = []
    chunks = cell_outputs(html)
    for cell_id, text in explorer_cells(nb):
        chunk = chunks.get(cell_id)
        if chunk is None:
            found.append(f"cell {cell_id}: not in the HTML")
            continue
        uris = [m.group(1) for img in IMG.findall(chunk) if (m := PNG_URI.search(img))]
        if len(uris) != 1:
            found.append(f"cell {cell_id}: {len(uris)} images with a PNG data URI, expected 1")
            continue
        picture = decode_png(uris[0])
        if picture is None:
            found.append(f"cell {cell_id}: the image is not a valid PNG")
            continue
        readout = text.split("\n")[1:]
        if not readout:
            found.append(f"cell {cell_id}: its text/plain has no readout after {text!r}")
            continue
        strip = readout_image(
            [line.split(",  ") for line in readout], picture.shape[1], EXPLORER_DPI
        )
        figure = picture[: -len(strip)]
        if len(figure) < MIN_FIGURE_ROWS or not same_picture(picture[-len(strip) :], strip):
            found.append(
                f"cell {cell_id}: the picture ({picture.shape[1]} x "
                f"{picture.shape[0]}) does not end with its readout drawn: "
                f"{readout[0]!r}..."
            )
        elif not (figure[..., :3] < 128).any():
            found.append(f"cell {cell_id}: the picture shows no figure above the readout")
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_explorer_shows_its_picture_and_readout_without_a_kernel(path, exporter):
    nb = nbformat.read(path, as_version=4)
    assert explorer_cells(nb), "no explorer cell"
    html, _ = exporter.from_notebook_node(nb)
    assert problems(nb, html) == []


# --- the check itself ----------------------------------------------------------------


def _notebook_with(bundle):
    """A one-cell notebook whose output is `bundle`, as a kernel would have stored it."""
    v4 = nbformat.v4
    cell = v4.new_code_cell(
        "widgets.weight_explorer()",
        execution_count=1,
        outputs=[v4.new_output("execute_result", data=bundle, execution_count=1)],
    )
    cell.id = "explorer"
    return v4.new_notebook(cells=[cell])


@pytest.fixture(scope="module")
def bundle():
    e = weight_explorer()
    data, metadata = e._repr_mimebundle_()
    assert metadata["image/png"]["width"] == e.css_size()[0]  # shown at its CSS size
    return {
        "text/plain": data["text/plain"],
        "image/png": data["image/png"],
        WIDGET_VIEW: data[WIDGET_VIEW],
    }


def test_a_notebook_saved_with_the_picture_passes(bundle, exporter):
    nb = _notebook_with(bundle)
    html, _ = exporter.from_notebook_node(nb)
    assert problems(nb, html) == []
    assert 'data-mime-type="text/plain"' not in cell_outputs(html)["explorer"]


def test_a_notebook_saved_without_the_picture_fails(bundle, exporter):
    old = {k: v for k, v in bundle.items() if k != "image/png"}
    old["text/plain"] = old["text/plain"].split("\n")[0]  # the bare repr line
    for data in (old, {k: v for k, v in bundle.items() if k != "image/png"}):
        nb = _notebook_with(data)
        html, _ = exporter.from_notebook_node(nb)
        assert problems(nb, html) == ["cell explorer: 0 images with a PNG data URI, expected 1"]


def test_a_picture_without_its_readout_fails(bundle, exporter):
    e = weight_explorer()
    bare = base64.b64encode(bytes(e.image.value)).decode("ascii")  # the figure alone
    other = copy.deepcopy(bundle)
    other["text/plain"] = other["text/plain"].replace("C = 1.521", "C = 1.522")
    for data in ({**bundle, "image/png": bare}, other):
        nb = _notebook_with(data)
        html, _ = exporter.from_notebook_node(nb)
        [problem] = problems(nb, html)
        width = weight_explorer().figure.canvas.get_width_height()[0]
        assert problem.startswith(f"cell explorer: the picture ({width} x ")
        assert problem.endswith(
            "does not end with its readout drawn: 'w11 = 0.8,  C = 1.52"
            + ("1" if data is not other else "2")
            + ",  y_hat = 1.233,  dC/dw11 = 0.1455'..."
        )
    broken = {**bundle, "image/png": bundle["image/png"][:200]}
    nb = _notebook_with(broken)
    html, _ = exporter.from_notebook_node(nb)
    assert problems(nb, html) == ["cell explorer: the image is not a valid PNG"]
