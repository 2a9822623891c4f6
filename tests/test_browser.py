"""The explorers in a real browser: a Jupyter server (token auth on, 127.0.0.1, a free
port) serving notebooks that display nnlib.widgets.weight_explorer(), opened in JupyterLab and
in Notebook 7 and driven in headless system Chromium through Playwright.  Moving the w11
slider must update the readout to the dC/dw11 that nnlib computes and redraw the figure:
with the keyboard in JupyterLab; in Notebook 7 with the mouse, and with the keyboard under the
course's settings, jupyter-settings/overrides.json, which `make install` puts in the
environment (without them Notebook 7's shortcuts take the arrow keys: see the README).

Then every explorer of nnlib.widgets at once, in JupyterLab at 1400 px, at 1100 px with the
file browser open, at 700 px and at 1400 px with device scale factor 2, and in Notebook 7 at
1100 and 700 px: no two controls overlap, every slider value shows, the figure fits its
output area and is sharp at device pixel ratio 2, and both front ends show the same.  A
picture of every explorer in every view is saved in artifacts/screenshots/.

Run:  .venv/bin/pytest -m browser tests/test_browser.py -s
Skips when /usr/bin/chromium is missing, except when the environment variable CI is set:
there a missing browser is a failure.
"""

import contextlib
import json
import re
import statistics
import urllib.error
import urllib.request
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

import browser_needs
import jupyter_browser as jb  # tools/jupyter_browser.py (pytest's pythonpath)
import numpy as np
import pytest

from nnlib import WEIGHT_NAMES, SeedNetwork

browser = pytest.mark.browser  # every test that drives Chromium

REPO = Path(__file__).resolve().parents[1]
SCREENSHOT = REPO / "artifacts" / "browser" / "weight_explorer.png"
NOTEBOOK7_NAME = "weight_explorer_notebook7.ipynb"
SLIDER_KEYS_NAME = "weight_explorer_slider_keys.ipynb"
RERUN_NAME = "weight_explorer_rerun.ipynb"
# Prints how many widgets the kernel holds open (ipywidgets keeps each one until closed).
OPEN_WIDGETS_SOURCE = """import warnings
import ipywidgets
with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    print("open widgets:", len(ipywidgets.Widget._active_widgets))"""
COURSE_SETTINGS = REPO / "jupyter-settings" / "overrides.json"
PRESSES = 10
NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"


def printed_values(readout, label):
    """Every number the readout shows for label, with the rounding its printed digits
    allow: [(value, half a unit in the last place)].  readout: its text ("<label> =
    <number>" lines), or what jb.read_readout finds on the page ({"pairs": [[label,
    value text]] from its tables, "text"}; its text is read when it has no tables)."""
    if isinstance(readout, str):
        readout = {"pairs": [], "text": readout}
    if readout["pairs"]:
        shown = [v.strip() for name, v in readout["pairs"] if name == label]
        numbers = [v for v in shown if re.fullmatch(NUMBER, v)]
    else:
        pattern = rf"(?<![\w/]){re.escape(label)} = ({NUMBER})(?![\w.])"
        numbers = [m.group(1) for m in re.finditer(pattern, readout["text"])]
    found = []
    for number in numbers:
        digits = Decimal(number)
        found.append((float(digits), 0.5 * 10.0 ** digits.as_tuple().exponent))
    return found


def readout_text(readout):
    """The readout as text for a failure message: its table rows as "label = value" lines,
    or its own text."""
    if isinstance(readout, str):
        return readout
    if readout["pairs"]:
        return "\n".join(f"{name} = {value.strip()}" for name, value in readout["pairs"])
    return readout["text"]


def assert_readout_shows(readout, label, expected):
    """The readout (text, or jb.read_readout's finding) shows label, every time to the
    rounding of expected (nnlib's value)."""
    found = printed_values(readout, label)
    assert found, f"the readout does not show '{label} = <number>':\n{readout_text(readout)}"
    for value, half_ulp in found:
        assert abs(value - expected) <= half_ulp + 1e-12 * abs(expected), (
            f"the readout shows {label} = {value}, nnlib computes {expected!r}:\n"
            f"{readout_text(readout)}"
        )


def slider_value(handle):
    """The slider's value as the page holds it: the handle's aria-valuetext (its
    aria-valuenow is rounded to one decimal by the slider library)."""
    return float(handle.get_attribute("aria-valuetext"))


def network_on_page(root, descriptions):
    """(SeedNetwork, x, y) with every weight, input and target read from the page's sliders.
    descriptions: slider name -> its label."""
    value = {
        name: slider_value(jb.slider_handle(root, label)) for name, label in descriptions.items()
    }
    net = SeedNetwork({name: value[name] for name in WEIGHT_NAMES})
    return net, (value["x1"], value["x2"]), value["y"]


def wait_for_readout(page, readout, label, value):
    """Wait until the readout shows label with value formatted to 4 significant digits:
    in a row of its tables, or in a '<label> = <value>' line."""
    shown = f"{value:.4g}"
    pattern = rf"(^|[^\w/]){re.escape(label)} = {re.escape(shown)}(?![\w.])"
    page.wait_for_function(
        jb.READOUT_SHOWS_JS, arg=[readout.element_handle(), label, shown, pattern]
    )


def test_missing_browser_skips_locally_but_fails_under_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="chromium is missing"):
        browser_needs.require(False, "chromium is missing")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        browser_needs.require(False, "chromium is missing")
    browser_needs.require(True, "chromium is missing")  # present: neither skips nor fails


def test_printed_values_reads_numbers_with_their_rounding():
    text = "w11 = 0.81,  dC/dw11 = 0.1449\nproduct = -1.5e-05,  dC/dw11 = 0.1449"
    assert printed_values(text, "dC/dw11") == [(0.1449, pytest.approx(5e-5))] * 2
    assert printed_values(text, "w11") == [(0.81, pytest.approx(5e-3))]
    assert printed_values(text, "product") == [(-1.5e-05, pytest.approx(5e-7))]
    with pytest.raises(AssertionError, match="nnlib computes"):
        assert_readout_shows(text, "dC/dw11", 0.14548)


def test_printed_values_reads_table_rows_and_ignores_their_text():
    readout = {
        "pairs": [["w11", "0.81"], ["dC/dw11", " 0.1449"], ["product", "-1.5e-05"]],
        "text": "w11 = 9.99",
    }
    assert printed_values(readout, "w11") == [(0.81, pytest.approx(5e-3))]
    assert printed_values(readout, "dC/dw11") == [(0.1449, pytest.approx(5e-5))]
    assert printed_values(readout, "product") == [(-1.5e-05, pytest.approx(5e-7))]
    with pytest.raises(AssertionError, match="w11 = 0.81"):
        assert_readout_shows(readout, "C", 1.0)


@browser
def test_the_page_reads_a_readout_of_tables(explorer):
    """The page reads back, from the HTML nnlib writes, every number with its label."""
    from nnlib.widgets.readout import Product, Row, Section, sections, to_html
    from nnlib.widgets.readout import values as readout_values

    page, _, _ = explorer
    chain = Product("dC/dw11", (Row("dC/da11", 0.3), Row("da11/dw11", 0.485)), 0.1455)
    parts = sections(
        [
            Section("forward", (Row("w11", 0.81, "weight", key=True), Row("C", 1.521))),
            Section("chain", (chain,)),
        ]
    )
    found = page.evaluate(
        f"html => {{ const el = document.createElement('div'); el.innerHTML = html;"
        f" return ({jb.READOUT_JS})(el); }}",
        to_html(parts),
    )
    shown = list(readout_values(parts).items())[:5]  # the product's label is no number
    assert [name for name, _ in found["pairs"]] == [name for name, _ in shown]
    for name, value in shown:
        assert_readout_shows(found, name, value)


def rendered_or_pictured(page, lab, failure_shot, what, opening):
    """opening() (which opens and renders explorers in page) -> what it returns; when it
    fails, a picture of the page at failure_shot and an AssertionError naming `what`,
    with the server's log."""
    try:
        return opening()
    except Exception as exc:
        failure_shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(failure_shot))
        raise AssertionError(
            f"{what} did not render ({exc}); page at {failure_shot}; server log:\n{lab.log_tail()}"
        ) from exc


@pytest.fixture(scope="module")
def expected_sliders():
    """name -> description of every slider, from the explorer built in this process."""
    import nnlib.widgets

    return {name: s.description for name, s in nnlib.widgets.weight_explorer().sliders.items()}


@pytest.fixture(scope="module")
def playwright():
    sync_playwright = browser_needs.sync_playwright()
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="module")
def notebooks_dir(tmp_path_factory):
    """The explorer's notebooks, one per page, so that each page has a kernel of its own."""
    root_dir = tmp_path_factory.mktemp("lab")
    jb.write_notebook(root_dir / jb.NOTEBOOK_NAME, [jb.EXPLORER_SOURCE])
    jb.write_notebook(root_dir / NOTEBOOK7_NAME, [jb.EXPLORER_SOURCE])
    jb.write_notebook(root_dir / SLIDER_KEYS_NAME, [jb.EXPLORER_SOURCE, "1 + 1"])
    jb.write_notebook(root_dir / RERUN_NAME, [jb.EXPLORER_SOURCE, OPEN_WIDGETS_SOURCE])
    return root_dir


@pytest.fixture(scope="module")
def jupyter(playwright, notebooks_dir):
    """(server, playwright): a private Jupyter server with the course's settings, as
    `make lab` and `make notebook` run it."""
    with jb.JupyterLab(notebooks_dir, overrides=COURSE_SETTINGS) as lab:
        yield lab, playwright


@pytest.fixture(scope="module")
def jupyter_as_shipped(playwright, notebooks_dir):
    """(server, playwright): a private Jupyter server with the front ends' own settings
    only, as in an environment where the course's settings were not installed."""
    with jb.JupyterLab(notebooks_dir) as lab:
        yield lab, playwright


@contextlib.contextmanager
def explorer_page(jupyter, url, failure_name):
    """(page, root locator) of the weight explorer opened at url in a fresh Chromium page,
    its cells run and the explorer rendered; on failure a picture of the page is saved
    under failure_name next to SCREENSHOT."""
    lab, pw = jupyter
    failure_shot = SCREENSHOT.with_name(failure_name)
    failure_shot.unlink(missing_ok=True)  # only a picture of this run's failure
    with jb.chromium_page(pw) as page:
        page.set_default_timeout(30_000)
        root = rendered_or_pictured(
            page,
            lab,
            failure_shot,
            "the explorer",
            lambda: jb.open_weight_explorer(lab, page, url=url),
        )
        yield page, root


@pytest.fixture(scope="module")
def explorer(jupyter):
    """(page, root locator, server) of the weight explorer, rendered and ready, in
    JupyterLab in Chromium."""
    lab, _ = jupyter
    with explorer_page(jupyter, lab.notebook_url(jb.NOTEBOOK_NAME), "failed_to_render.png") as (
        page,
        root,
    ):
        yield page, root, lab


@pytest.fixture(scope="module")
def notebook7(jupyter_as_shipped):
    """(page, root locator, server) of the weight explorer, rendered and ready, in
    Notebook 7 with its own settings only, in Chromium."""
    lab, _ = jupyter_as_shipped
    with explorer_page(
        jupyter_as_shipped, lab.notebook7_url(NOTEBOOK7_NAME), "failed_to_render_notebook7.png"
    ) as (page, root):
        yield page, root, lab


def assert_shows_the_live_widget(page, expected_sliders):
    """The explorer's cell (the first) renders one output, the live widget view with the
    explorer's weight sliders and figure, and no static picture (image/png) nor text
    beside it."""
    cell = page.locator(".jp-Notebook .jp-CodeCell").first
    assert jb.rendered_mime_types(cell) == [jb.WIDGET_VIEW_MIME], (
        f"the explorer's cell renders {jb.rendered_mime_types(cell)}, "
        f"not only the live widget ({jb.WIDGET_VIEW_MIME})"
    )
    pictures = cell.locator(".jp-RenderedImage, [data-mime-type='image/png']")
    assert pictures.count() == 0, "the explorer's cell renders a static image/png output"
    view = cell.locator(".jp-OutputArea-output > .jupyter-widgets")
    assert view.count() == 1
    for name in WEIGHT_NAMES:
        assert jb.slider_handle(view, expected_sliders[name]).count() == 1, (
            f"the live widget has no slider {expected_sliders[name]!r}"
        )
    assert view.locator("img.widget-image[src]").count() == 1, "the live widget has no figure"


def assert_arrow_keys_move_w11(page, root, expected_sliders):
    """ArrowRight, ArrowRight, ArrowLeft on the focused w11 handle: each moves w11 a step
    that way, redraws the figure, and the readout shows nnlib's numbers for the page's
    sliders."""
    handle = jb.slider_handle(root, expected_sliders["w11"])
    img = root.locator("img.widget-image")
    readout = root.locator(".widget-html")
    assert img.count() == 1 and readout.count() == 1, "expected one figure and one readout"
    for key in ("ArrowRight", "ArrowRight", "ArrowLeft"):
        before_value = slider_value(handle)
        before_src = img.get_attribute("src")
        handle.focus()
        page.keyboard.press(key)
        page.wait_for_function(
            "([img, src]) => img.getAttribute('src') !== src",
            arg=[img.element_handle(), before_src],
        )
        assert img.get_attribute("src") != before_src
        w11 = slider_value(handle)
        step = 1 if key == "ArrowRight" else -1
        assert np.sign(w11 - before_value) == step, f"{key} moved w11 from {before_value} to {w11}"
        # The readout is sent just before the image; wait until it names the new w11.
        wait_for_readout(page, readout, "w11", w11)
        text = jb.read_readout(readout)
        net, x, y = network_on_page(root, expected_sliders)
        assert net["w11"] == w11
        assert_readout_shows(text, "w11", w11)
        assert_readout_shows(text, "dC/dw11", net.gradients(x, y)["w11"])
        assert_readout_shows(text, "C", net.loss(x, y))


def assert_readout_matches_page(page, root, expected_sliders):
    """Once the readout names the w11 on the page, it shows nnlib's C and dC/dw11 for
    every slider value on the page."""
    readout = root.locator(".widget-html").first
    w11 = slider_value(jb.slider_handle(root, expected_sliders["w11"]))
    wait_for_readout(page, readout, "w11", w11)
    net, x, y = network_on_page(root, expected_sliders)
    text = jb.read_readout(readout)
    assert_readout_shows(text, "dC/dw11", net.gradients(x, y)["w11"])
    assert_readout_shows(text, "C", net.loss(x, y))


@browser
def test_server_requires_the_token(explorer):
    page, _, lab = explorer
    url = f"{lab.base_url}/api/contents/{jb.NOTEBOOK_NAME}"
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(url, timeout=5)
    assert err.value.code == 403
    authorised = urllib.request.Request(url, headers={"Authorization": f"token {lab.token}"})
    with urllib.request.urlopen(authorised, timeout=5) as resp:
        assert json.load(resp)["name"] == jb.NOTEBOOK_NAME
    assert page.url.startswith(f"http://127.0.0.1:{lab.port}/lab/")


@browser
def test_jupyterlab_shows_the_live_widget_not_the_static_picture(explorer, expected_sliders):
    page, _, _ = explorer
    assert page.locator(".jp-LabShell").count() == 1, "this is not JupyterLab's page"
    assert_shows_the_live_widget(page, expected_sliders)


@browser
def test_every_slider_is_labelled_and_keyboard_focusable(explorer, expected_sliders):
    page, root, _ = explorer
    jb.expand_folded(root)
    rows = root.locator(".widget-slider")
    labels = [t.strip() for t in rows.locator(".widget-label").all_inner_texts()]
    assert sorted(labels) == sorted(expected_sliders.values())
    for description in expected_sliders.values():
        assert description, "a slider has an empty description"
        handle = jb.slider_handle(root, description)
        assert handle.count() == 1, f"no single keyboard handle for slider {description!r}"
        handle.scroll_into_view_if_needed()
        assert handle.is_visible(), f"slider {description!r} is not shown"
        assert int(handle.get_attribute("tabindex")) >= 0, f"{description!r} is not tabbable"
        handle.focus()
        assert handle.evaluate("h => document.activeElement === h"), (
            f"slider {description!r} cannot take keyboard focus"
        )


@browser
def test_tab_reaches_w11_from_the_dropdown(explorer, expected_sliders):
    page, root, _ = explorer
    root.locator("select").first.focus()
    w11 = jb.slider_handle(root, expected_sliders["w11"])
    for _ in range(6):
        page.keyboard.press("Tab")
        if w11.evaluate("h => document.activeElement === h"):
            return
    pytest.fail("six Tab presses from the dropdown did not reach the w11 slider")


@browser
def test_keyboard_alone_reaches_the_folded_input_sliders(explorer, expected_sliders):
    page, root, _ = explorer
    first_input = jb.slider_handle(root, expected_sliders["x1"])
    opened = root.locator("button.nnlib-fold.mod-active")
    if opened.count():  # an earlier test unfolded them: fold, as a learner finds it
        opened.first.click()
    first_input.wait_for(state="hidden", timeout=15_000)  # folding goes through the kernel
    jb.slider_handle(root, expected_sliders["w33"]).focus()
    for _ in range(8):
        page.keyboard.press("Tab")
        if first_input.evaluate("h => document.activeElement === h"):
            return
        inside = root.evaluate("r => r.contains(document.activeElement)")
        is_control = page.evaluate(
            "() => document.activeElement.matches('[role=slider], .widget-readout, select, input')"
        )
        if inside and not is_control:
            page.keyboard.press("Space")  # a focusable fold button: open it
            first_input.wait_for(state="visible", timeout=15_000)  # through the kernel
    pytest.fail("Tab and Space from the w33 slider did not reach the x1 slider")


@browser
def test_arrow_keys_move_w11_and_update_readout_and_figure(explorer, expected_sliders):
    page, root, _ = explorer
    assert_arrow_keys_move_w11(page, root, expected_sliders)


@browser
def test_keypress_to_new_image_latency_and_screenshot(explorer, expected_sliders):
    page, root, _ = explorer
    handle = jb.slider_handle(root, expected_sliders["w11"])
    img = root.locator("img.widget-image").first
    img.evaluate(jb.LATENCY_PROBE_JS)
    handle.focus()
    for i in range(PRESSES):
        page.keyboard.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")
        page.wait_for_function(f"() => window.__explorerLatency.deltas.length > {i}")
    deltas = page.evaluate("() => window.__explorerLatency.deltas")
    assert len(deltas) == PRESSES and all(d > 0 for d in deltas)
    readout = root.locator(".widget-html").first
    wait_for_readout(page, readout, "w11", slider_value(handle))
    net, x, y = network_on_page(root, expected_sliders)
    assert_readout_shows(jb.read_readout(readout), "dC/dw11", net.gradients(x, y)["w11"])
    median = statistics.median(deltas)
    p95 = float(np.percentile(deltas, 95))
    path = jb.screenshot_explorer(page, SCREENSHOT)
    print(
        f"\nkeypress -> new image over {PRESSES} presses: median {median:.1f} ms, "
        f"p95 {p95:.1f} ms (goal: median <= 100 ms)"
    )
    print(f"screenshot: {path}")
    assert path.stat().st_size > 0


# --- Notebook 7 -----------------------------------------------------------------------


@browser
def test_notebook7_shows_the_live_explorer(notebook7, expected_sliders):
    page, _, lab = notebook7
    assert page.url.startswith(f"{lab.base_url}/notebooks/{NOTEBOOK7_NAME}")
    assert page.locator("#jp-NotebookLogo").count() == 1, "this is not Notebook 7's page"
    assert page.locator(".jp-LabShell").count() == 0, "this is JupyterLab, not Notebook 7"
    assert_shows_the_live_widget(page, expected_sliders)


@browser
def test_notebook7_mouse_drag_moves_w11_and_updates_readout_and_figure(notebook7, expected_sliders):
    page, root, _ = notebook7
    handle = jb.slider_handle(root, expected_sliders["w11"])
    img = root.locator("img.widget-image")
    for dx in (40, -25):
        before_value = slider_value(handle)
        before_src = img.get_attribute("src")
        jb.drag_handle(page, handle, dx)
        page.wait_for_function(
            "([img, src]) => img.getAttribute('src') !== src",
            arg=[img.element_handle(), before_src],
        )
        w11 = slider_value(handle)
        assert np.sign(w11 - before_value) == np.sign(dx), (
            f"dragging {dx} px moved w11 from {before_value} to {w11}"
        )
        assert_readout_matches_page(page, root, expected_sliders)


@browser
def test_notebook7_shortcuts_take_the_arrow_keys_but_not_page_up_nor_typing(
    notebook7, expected_sliders
):
    """With its own settings, Notebook 7 runs its keyboard shortcuts on the way down to the
    focused handle (a capture listener on document), so its command-mode arrow-key shortcuts
    claim the arrow keys first; keys it does not bind reach the slider, and its readout takes
    typing.  The README's Troubleshooting and jupyter-settings/ say so: if this test fails
    after an upgrade, the course's settings may go."""
    page, root, _ = notebook7
    handle = jb.slider_handle(root, expected_sliders["w11"])
    before = slider_value(handle)
    handle.evaluate(jb.KEY_PROBE_JS)
    handle.focus()
    page.keyboard.press("ArrowRight")
    probe = page.evaluate(jb.KEY_PROBE_RESULT_JS)
    assert probe == {"key": "ArrowRight", "defaultPrevented": True, "reachedHandle": False}, (
        f"Notebook 7 no longer claims ArrowRight on a slider ({probe}): update the README "
        f"and jupyter-settings/"
    )
    assert slider_value(handle) == before

    import nnlib.widgets

    step = nnlib.widgets.weight_explorer().sliders["w11"].step
    for key, steps in (("PageUp", 5), ("PageDown", -5)):
        start_text = handle.get_attribute("aria-valuetext")
        start = float(start_text)
        handle.focus()
        page.keyboard.press(key)
        page.wait_for_function(
            "([h, text]) => h.getAttribute('aria-valuetext') !== text",
            arg=[handle.element_handle(), start_text],
        )
        assert slider_value(handle) == pytest.approx(start + steps * step), (
            f"{key} moved w11 from {start} to {slider_value(handle)}"
        )
        assert_readout_matches_page(page, root, expected_sliders)

    typed = 1.25
    readout_box = jb.slider_row(root, expected_sliders["w11"]).locator(".widget-readout")
    readout_box.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(str(typed))
    page.keyboard.press("Enter")
    page.wait_for_function(
        "([h, v]) => parseFloat(h.getAttribute('aria-valuetext')) === v",
        arg=[handle.element_handle(), typed],
    )
    assert_readout_matches_page(page, root, expected_sliders)


@browser
def test_notebook7_arrow_keys_move_w11_with_the_course_settings(jupyter, expected_sliders):
    lab, _ = jupyter
    with explorer_page(
        jupyter, lab.notebook7_url(SLIDER_KEYS_NAME), "failed_to_render_notebook7_keys.png"
    ) as (page, root):
        assert_arrow_keys_move_w11(page, root, expected_sliders)
        # The arrow keys still move between cells when a cell, not a slider, has focus.
        cells = page.locator(".jp-Notebook .jp-Cell")
        cells.first.focus()
        page.wait_for_function(
            "cell => cell.classList.contains('jp-mod-active')", arg=cells.first.element_handle()
        )
        page.keyboard.press("ArrowDown")
        page.wait_for_function(
            "cell => cell.classList.contains('jp-mod-active')", arg=cells.nth(1).element_handle()
        )


def run_cell_again(page, cell, count):
    """Select cell (a locator) and run it with Ctrl+Enter; wait until its prompt shows the
    execution count `count`."""
    cell.locator(".jp-InputPrompt").click()
    page.keyboard.press("Control+Enter")
    page.wait_for_function(
        "([el, n]) => el.textContent.includes(`[${n}]`)",
        arg=[cell.locator(".jp-InputPrompt").element_handle(), count],
    )


def open_widgets_printed(cell):
    text = cell.locator(".jp-OutputArea-output", has_text="open widgets:").first.inner_text()
    return int(re.search(r"open widgets: (\d+)", text).group(1))


@browser
def test_running_an_explorer_cell_again_closes_the_explorer_it_made_before(jupyter):
    """JupyterLab and Notebook 7 send each cell's id with its execution; the explorer a cell
    made before is closed when the cell runs again, so re-running does not pile up widgets
    and figures.  (Notebook 7: one document per page, so no other notebook's tab is restored
    into the page.)"""
    lab, _ = jupyter
    with explorer_page(jupyter, lab.notebook7_url(RERUN_NAME), "failed_to_rerun.png") as (
        page,
        _,
    ):
        cells = page.locator(".jp-Notebook .jp-Cell")
        page.wait_for_function(
            "el => el.textContent.includes('[2]')",
            arg=cells.nth(1).locator(".jp-InputPrompt").element_handle(),
        )
        first = open_widgets_printed(cells.nth(1))
        for count in (3, 4, 5):
            run_cell_again(page, cells.nth(0), count)
        run_cell_again(page, cells.nth(1), 6)
        page.wait_for_function(
            "el => /open widgets: \\d+/.test(el.textContent)", arg=cells.nth(1).element_handle()
        )
        assert open_widgets_printed(cells.nth(1)) == first


# --- every explorer's layout, at the widths the course supports --------------------------

SCREENSHOTS = REPO / "artifacts" / "screenshots"
LAYOUT_HEIGHT = 1200  # CSS pixels: a tall window shows most of an explorer at once


class View(NamedTuple):
    """One way of looking at the explorers: a front end, a window width in CSS pixels, a
    device scale factor, and whether JupyterLab's file browser is open beside them."""

    front_end: str
    width: int
    scale: int = 1
    file_browser: bool = False

    def __str__(self):
        beside = ", the file browser open" if self.file_browser else ""
        return f"{self.width} px in {self.front_end}{beside}, device scale factor {self.scale}"

    def screenshot(self, name):
        """Where the picture of explorer `name` in this view goes."""
        suffix = "_notebook7" if self.front_end == "Notebook 7" else ""
        return SCREENSHOTS / f"{name}_{self.width}px_dpr{self.scale}{suffix}.png"


# One page each (a device scale factor is fixed for a page's life): its notebook, and the
# views taken of it one after another by resizing the window.
LAYOUT_PAGES = {
    "all_explorers_lab.ipynb": (
        View("JupyterLab", 1400),
        View("JupyterLab", 1100, file_browser=True),
        View("JupyterLab", 700),
    ),
    "all_explorers_lab_dpr2.ipynb": (View("JupyterLab", 1400, scale=2),),
    "all_explorers_notebook7.ipynb": (View("Notebook 7", 1100), View("Notebook 7", 700)),
}


@pytest.fixture(scope="module")
def explorer_layouts(jupyter, notebooks_dir):
    """View -> explorer name -> its layout as jb.measure_layout finds it, every folded group
    open, for each view of LAYOUT_PAGES; a picture of every explorer in every view is saved
    in SCREENSHOTS (View.screenshot)."""
    lab, pw = jupyter
    layouts = {}
    for notebook, views in LAYOUT_PAGES.items():
        names = jb.write_explorers_notebook(notebooks_dir / notebook)
        first = views[0]
        failure_shot = SCREENSHOTS / f"failed_to_render_{Path(notebook).stem}.png"
        failure_shot.unlink(missing_ok=True)  # only a picture of this run's failure
        if first.front_end == "Notebook 7":
            url = lab.notebook7_url(notebook)
        else:  # a workspace of its own: no tab of an earlier page restored beside it
            url = lab.notebook_url(notebook, workspace=Path(notebook).stem)
        with jb.chromium_page(
            pw, width=first.width, height=LAYOUT_HEIGHT, device_scale_factor=first.scale
        ) as page:
            page.set_default_timeout(30_000)
            roots = rendered_or_pictured(
                page,
                lab,
                failure_shot,
                f"the explorers in {first}",
                lambda: jb.open_explorers(page, url, names),
            )
            for view in views:
                page.set_viewport_size({"width": view.width, "height": LAYOUT_HEIGHT})
                if view.front_end == "JupyterLab":
                    if view.file_browser:
                        jb.show_file_browser(page)
                    else:
                        jb.hide_left_sidebar(page)
                jb.settle(page)
                page.evaluate("() => document.activeElement && document.activeElement.blur()")
                layouts[view] = {}
                for name, root in roots.items():
                    layouts[view][name] = jb.measure_layout(root)
                    jb.screenshot_element(page, root, view.screenshot(name))
    print(f"\nscreenshots of every explorer in every view: {SCREENSHOTS}/")
    return layouts


def problems_by_view(layouts):
    """["<explorer> at <view>: <problem>"] for every layout problem in every view, the most
    harmful kind first (jb.LAYOUT_CHECKS)."""
    return [
        f"{name} at {view}: {problem}"
        for check in jb.LAYOUT_CHECKS
        for view, explorers in layouts.items()
        for name, layout in explorers.items()
        for problem in check(layout)
    ]


def report(problems, limit=40):
    """The problems as a failure message, at most `limit` of them, and where the pictures
    are."""
    shown = problems[:limit]
    more = f"\n... and {len(problems) - limit} more" if len(problems) > limit else ""
    return "\n".join(shown) + more + f"\n(pictures of every explorer: {SCREENSHOTS}/)"


def box(x, y, width, height):
    return {
        "x": x,
        "y": y,
        "right": x + width,
        "bottom": y + height,
        "width": width,
        "height": height,
    }


def test_layout_checks_name_what_is_wrong():
    """The layout checks on boxes made up here: a slider value under the next column's
    label, a figure wider than its output area, a bitmap at one pixel per CSS pixel."""
    out = box(0, 0, 600, 900)
    layout = {
        "leaves": [
            {"name": "slider w11: value", "kind": "value", "box": box(200, 10, 60, 20)},
            {"name": "slider w21: label", "kind": "label", "box": box(230, 10, 60, 20)},
            {"name": "slider w31: label", "kind": "label", "box": box(290, 10, 60, 20)},
            {"name": "figure", "kind": "image", "box": box(0, 100, 720, 360)},
        ],
        "values": [{"slider": "w11", "text": "0.80", "problems": ["is covered by label"]}],
        "images": [
            {"box": box(0, 100, 720, 360), "naturalWidth": 720, "naturalHeight": 360, "output": out}
        ],
        "labelWidths": {"w11": 27, "y (target)": 62},
        "scrollers": [],
        "output": out,
    }
    problems = jb.layout_problems(layout)
    assert problems == [
        "slider w11: value overlaps slider w21: label by 20 px",
        "slider w11's value is covered by label",
        "figure is 720 px wide, its output area 600 px",
        "figure has 720 bitmap pixels across 720 CSS px (1.00 per CSS px, under 1.9): "
        "blurry at device pixel ratio 2",
        "the slider labels differ in width: w11 27 px, y (target) 62 px",
    ]
    touching = box(260, 10, 30, 20)  # starts where w11's value ends: no overlap
    assert jb.overlap(layout["leaves"][0]["box"], touching) == 0


@browser
def test_every_explorer_lays_out_cleanly_in_jupyterlab_at_every_width(explorer_layouts):
    """In JupyterLab at 1400 px, at 1100 px with the file browser open, at 700 px, and at
    1400 px on a screen of device scale factor 2: no two controls of an explorer overlap,
    every slider's value is shown whole, the figure fits its output area at its natural
    width or less and is sharp at device pixel ratio 2, and an explorer's slider labels
    share one width."""
    lab_views = {v: e for v, e in explorer_layouts.items() if v.front_end == "JupyterLab"}
    assert {v.width for v in lab_views} >= {1400, 1100, 700}
    assert any(v.file_browser for v in lab_views) and any(v.scale == 2 for v in lab_views)
    for view, explorers in lab_views.items():
        assert set(explorers) == set(jb.explorer_names()), f"explorers missing at {view}"
    problems = problems_by_view(lab_views)
    assert not problems, f"{len(problems)} layout problems:\n{report(problems)}"


@browser
def test_notebook7_and_jupyterlab_render_the_explorers_the_same(explorer_layouts):
    """At the same window width, Notebook 7 shows each explorer with the same controls and a
    figure of the same bitmap size as JupyterLab, and no layout problem either."""
    differences = []
    for view, explorers in explorer_layouts.items():
        if view.front_end != "Notebook 7":
            continue
        lab = next(
            (
                e
                for v, e in explorer_layouts.items()
                if v.front_end == "JupyterLab" and v.width == view.width and v.scale == view.scale
            ),
            None,
        )
        assert lab is not None, f"no JupyterLab view at {view.width} px to compare with"
        for name, layout in explorers.items():
            ours, theirs = jb.visible_controls(layout), jb.visible_controls(lab[name])
            if ours != theirs:
                differences.append(
                    f"{name} at {view.width} px: only Notebook 7 shows {sorted(ours - theirs)}, "
                    f"only JupyterLab shows {sorted(theirs - ours)}"
                )
            sizes = [
                [(i["naturalWidth"], i["naturalHeight"]) for i in x["images"]]
                for x in (layout, lab[name])
            ]
            if sizes[0] != sizes[1]:
                differences.append(
                    f"{name} at {view.width} px: figure bitmaps {sizes[0]} in Notebook 7, "
                    f"{sizes[1]} in JupyterLab"
                )
    notebook7 = {v: e for v, e in explorer_layouts.items() if v.front_end == "Notebook 7"}
    problems = differences + problems_by_view(notebook7)
    assert not problems, f"{len(problems)} differences and problems:\n{report(problems)}"
