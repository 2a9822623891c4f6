"""The backprop stepper in a real browser: JupyterLab (a private server, token auth) in
headless system Chromium at 1400 CSS px and device scale factor 2.  The keyboard alone steps
through the pass: Enter and Space on the focused "next" and "previous" buttons, the arrow
keys on the step slider.  Each press moves the highlighted quantity (the readout names it and
the figure is drawn anew), and the readout shows nnlib's numbers.  A picture of the stepper
mid-backward-pass is saved as artifacts/screenshots/backprop_stepper_backward.png.

Run:  .venv/bin/pytest -m browser tests/test_browser_stepper.py -s
Skips when /usr/bin/chromium is missing, except when the environment variable CI is set.
"""

import re
from decimal import Decimal
from pathlib import Path

import browser_needs
import jupyter_browser as jb  # tools/jupyter_browser.py (pytest's pythonpath)
import pytest

from nnlib.backprop import QUANTITIES, backprop_steps

browser = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
SCREENSHOT = REPO / "artifacts" / "screenshots" / "backprop_stepper_backward.png"
COURSE_SETTINGS = REPO / "jupyter-settings" / "overrides.json"
NOTEBOOK = "backprop_stepper.ipynb"
SOURCE = "from nnlib.widgets.stepper import backprop_stepper\nbackprop_stepper()"
BACKWARD_STEP = QUANTITIES.index("dC/da12")  # uses dC/dy_hat again: marked "reused"
TOTAL = len(QUANTITIES)


@pytest.fixture(scope="module")
def stepper(tmp_path_factory):
    """(page, root locator) of the stepper, rendered, in JupyterLab in Chromium at 1400 px
    and device scale factor 2."""
    sync_playwright = browser_needs.sync_playwright()
    root_dir = tmp_path_factory.mktemp("lab")
    jb.write_notebook(root_dir / NOTEBOOK, [SOURCE])
    with sync_playwright() as pw, jb.JupyterLab(root_dir, overrides=COURSE_SETTINGS) as lab:
        with jb.chromium_page(pw, width=1400, height=1000, device_scale_factor=2) as page:
            page.set_default_timeout(30_000)
            page.goto(lab.notebook_url(NOTEBOOK), timeout=60_000)
            jb.run_all_cells(page)
            root = jb.explorer_root(page)
            jb.wait_for_figure(root, page, "the stepper's cell")
            root.locator(".widget-slider").first.wait_for()
            yield page, root


def button(root, name):
    return root.locator("button", has_text=re.compile(rf"^\s*{name}\s*$"))


def shown_step(root):
    """The step the readout names, 0-based, and the quantity it computes."""
    pairs = dict(jb.read_readout(root.locator(".widget-html").first)["pairs"])
    return int(pairs["step"].split(" of ")[0]) - 1, pairs


def press_and_wait(page, root, key, before):
    """Press key on the focused element; wait for the readout to name another step and the
    figure to change -> the step shown."""
    img = root.locator("img.widget-image")
    src = img.get_attribute("src")
    page.keyboard.press(key)
    readout = root.locator(".widget-html").first
    page.wait_for_function(
        "([el, before]) => { const v = el.querySelector(\"[data-label='step']\");"
        " return v !== null && v.textContent.trim() !== before; }",
        arg=[readout.element_handle(), f"{before + 1} of {TOTAL}"],
    )
    page.wait_for_function(
        "([img, src]) => img.getAttribute('src') !== src", arg=[img.element_handle(), src]
    )
    return shown_step(root)[0]


def assert_readout_is_nnlibs(root):
    """The readout shows, for the step it names, nnlib's value of the quantity computed and
    of every quantity before it, each to its printed digits."""
    k, pairs = shown_step(root)
    steps = backprop_steps()
    assert steps[k].name in pairs, f"the readout does not name {steps[k].name}: {pairs}"
    for step in steps[: k + 1]:
        text = pairs[step.name].strip()
        digits = Decimal(text)
        half = 0.5 * 10.0 ** digits.as_tuple().exponent
        assert abs(float(digits) - step.value) <= half, (step.name, text, step.value)
    assert pairs["with numbers"] == steps[k].substituted
    return k


@browser
def test_enter_and_space_on_next_and_previous_move_the_highlight(stepper):
    page, root = stepper
    k, _ = shown_step(root)
    assert k == 0
    button(root, "next").focus()
    for key in ("Enter", "Enter", "Space"):
        moved = press_and_wait(page, root, key, k)
        assert moved == k + 1, f"{key} on 'next' moved from step {k} to {moved}"
        assert assert_readout_is_nnlibs(root) == moved
        k = moved
    button(root, "previous").focus()
    moved = press_and_wait(page, root, "Enter", k)
    assert moved == k - 1
    assert assert_readout_is_nnlibs(root) == moved


@browser
def test_arrow_keys_on_the_step_slider_reach_the_backward_pass(stepper):
    page, root = stepper
    handle = jb.slider_handle(root, "step")
    handle.focus()
    k, _ = shown_step(root)
    while k != BACKWARD_STEP:
        key = "ArrowRight" if k < BACKWARD_STEP else "ArrowLeft"
        moved = press_and_wait(page, root, key, k)
        assert abs(moved - k) == 1, f"{key} moved from step {k} to {moved}"
        k = moved
    assert assert_readout_is_nnlibs(root) == BACKWARD_STEP
    _, pairs = shown_step(root)
    assert pairs["reused"] == "dC/dy_hat"
    path = jb.screenshot_element(page, root, SCREENSHOT)
    assert path.stat().st_size > 10_000
