"""The weight explorer in a real browser: a Jupyter server (token auth on, 127.0.0.1, a free
port) serving notebooks that display nnlib.widgets.weight_explorer(), opened in JupyterLab and
in Notebook 7 and driven in headless system Chromium through Playwright.  Moving the w11
slider must update the readout to the dC/dw11 that nnlib computes and redraw the figure:
with the keyboard in JupyterLab; in Notebook 7 with the mouse, and with the keyboard under the
course's settings, jupyter-settings/overrides.json, which `make install` puts in the
environment (without them Notebook 7's shortcuts take the arrow keys: see the README).

Run:  .venv/bin/pytest -m browser tests/test_browser.py -s
Skips when /usr/bin/chromium is missing, except when the environment variable CI is set:
there a missing browser is a failure.
"""

import contextlib
import json
import os
import re
import statistics
import urllib.error
import urllib.request
from decimal import Decimal
from pathlib import Path

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


def require(condition, what):
    """Skip when something the browser test needs is missing, but fail under CI."""
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what} (CI is set, so the browser test must run)")
    pytest.skip(what)


def printed_values(text, label):
    """Every number printed as '<label> = <number>' in the readout text, with the
    rounding its printed digits allow: [(value, half a unit in the last place)]."""
    found = []
    for match in re.finditer(rf"(?<![\w/]){re.escape(label)} = ({NUMBER})(?![\w.])", text):
        digits = Decimal(match.group(1))
        found.append((float(digits), 0.5 * 10.0 ** digits.as_tuple().exponent))
    return found


def assert_readout_shows(text, label, expected):
    found = printed_values(text, label)
    assert found, f"the readout does not show '{label} = <number>':\n{text}"
    for value, half_ulp in found:
        assert abs(value - expected) <= half_ulp + 1e-12 * abs(expected), (
            f"the readout shows {label} = {value}, nnlib computes {expected!r}:\n{text}"
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
    """Wait until the readout prints '<label> = <value formatted to 4 significant digits>'."""
    pattern = rf"(^|[^\w/]){re.escape(label)} = {re.escape(f'{value:.4g}')}(?![\w.])"
    page.wait_for_function(
        "([el, pattern]) => new RegExp(pattern, 'm').test(el.innerText)",
        arg=[readout.element_handle(), pattern],
    )


def test_missing_browser_skips_locally_but_fails_under_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="chromium is missing"):
        require(False, "chromium is missing")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        require(False, "chromium is missing")
    require(True, "chromium is missing")  # present: neither skips nor fails


def test_printed_values_reads_numbers_with_their_rounding():
    text = "w11 = 0.81,  dC/dw11 = 0.1449\nproduct = -1.5e-05,  dC/dw11 = 0.1449"
    assert printed_values(text, "dC/dw11") == [(0.1449, pytest.approx(5e-5))] * 2
    assert printed_values(text, "w11") == [(0.81, pytest.approx(5e-3))]
    assert printed_values(text, "product") == [(-1.5e-05, pytest.approx(5e-7))]
    with pytest.raises(AssertionError, match="nnlib computes"):
        assert_readout_shows(text, "dC/dw11", 0.14548)


@pytest.fixture(scope="module")
def expected_sliders():
    """name -> description of every slider, from the explorer built in this process."""
    import nnlib.widgets

    return {name: s.description for name, s in nnlib.widgets.weight_explorer().sliders.items()}


@pytest.fixture(scope="module")
def playwright():
    require(Path(jb.CHROMIUM).exists(), f"{jb.CHROMIUM} is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "the playwright package is not installed")
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
        try:
            root = jb.open_weight_explorer(lab, page, url=url)
        except Exception as exc:
            failure_shot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(failure_shot))
            raise AssertionError(
                f"the explorer did not render ({exc}); page at "
                f"{failure_shot}; "
                f"server log:\n{lab.log_tail()}"
            ) from exc
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
        text = readout.inner_text()
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
    text = readout.inner_text()
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
    assert_readout_shows(readout.inner_text(), "dC/dw11", net.gradients(x, y)["w11"])
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
