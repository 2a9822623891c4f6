"""The backprop worksheet in a real browser: JupyterLab served by a private Jupyter server,
driven in headless system Chromium through Playwright.  One correct value and one wrong one
are typed into the worksheet's boxes with the keyboard and sent with Enter; the page must
show "Correct" beside the first, with the answer written on the diagram (a new image), and
the mistake named beside the second.  At 1400 and at 700 px no control overlaps another,
none is cut off or scrolls sideways, and the diagram is sharp at device pixel ratio 2.  A
picture of the worksheet with the wrong entry's feedback is saved to
artifacts/screenshots/backprop_worksheet_feedback.png (1400 px wide, device scale factor 2).

Run:  .venv/bin/pytest -m browser tests/test_browser_worksheet.py
Skips when /usr/bin/chromium is missing, except when the environment variable CI is set.
"""

import re
from pathlib import Path

import browser_needs
import jupyter_browser as jb  # tools/jupyter_browser.py (pytest's pythonpath)
import numpy as np
import pytest

from nnlib import SeedNetwork
from nnlib.worksheet import DEFAULT_SEED, new_problem

REPO = Path(__file__).resolve().parents[1]
SCREENSHOT = REPO / "artifacts" / "screenshots" / "backprop_worksheet_feedback.png"
NARROW_SHOT = REPO / "artifacts" / "browser" / "backprop_worksheet_700px.png"
FAILURE_SHOT = REPO / "artifacts" / "browser" / "backprop_worksheet_failed.png"
NOTEBOOK = "backprop_worksheet.ipynb"
SOURCE = "from nnlib.widgets.worksheet import backprop_worksheet\nbackprop_worksheet()"
COURSE_SETTINGS = REPO / "jupyter-settings" / "overrides.json"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def worksheet_page(tmp_path_factory):
    """(page, root locator) of the worksheet, rendered in JupyterLab in Chromium at 1400 CSS
    px wide and device scale factor 2."""
    sync_playwright = browser_needs.sync_playwright()
    root_dir = tmp_path_factory.mktemp("lab")
    jb.write_notebook(root_dir / NOTEBOOK, [SOURCE])
    with (
        sync_playwright() as pw,
        jb.JupyterLab(root_dir, overrides=COURSE_SETTINGS) as lab,
        jb.chromium_page(pw, width=1400, height=2400, device_scale_factor=2) as page,
    ):
        page.set_default_timeout(30_000)
        try:
            page.goto(lab.notebook_url(NOTEBOOK, workspace="worksheet"), timeout=60_000)
            jb.run_all_cells(page)
            root = jb.explorer_root(page)
            jb.wait_for_figure(root, page, "the worksheet's cell")
        except Exception as exc:
            FAILURE_SHOT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(FAILURE_SHOT))
            raise AssertionError(
                f"the worksheet did not render ({exc}); page at {FAILURE_SHOT}; server log:\n"
                f"{lab.log_tail()}"
            ) from exc
        yield page, root


def row(root, name):
    """The worksheet's row of quantity `name`: its label reads "<name> = ... =" exactly."""
    label = root.page.locator(".widget-label", has_text=re.compile(rf"^{re.escape(name)} = "))
    return root.locator(".nnlib-ws-row").filter(has=label)


def type_entry(page, root, name, text):
    """Click into name's box, type text with the keyboard and press Enter."""
    box = row(root, name).locator("input")
    box.click()
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def feedback(root, name, status):
    """The feedback beside name's box once it has this status (data-status)."""
    return row(root, name).locator(f".nnlib-ws-feedback[data-status='{status}']")


def test_typed_entries_get_their_feedback_in_the_page(worksheet_page):
    page, root = worksheet_page
    problem = new_problem(np.random.default_rng(DEFAULT_SEED))  # backprop_worksheet()'s
    trace = SeedNetwork(dict(problem.weights)).trace(problem.x, problem.y)
    figure = root.locator("img.widget-image").first
    before = figure.get_attribute("src")

    type_entry(page, root, "h11", f"{trace.h[0]:.4g}")
    right = feedback(root, "h11", "correct")
    right.wait_for()
    assert right.inner_text().startswith("\u2713Correct: h11 = ")
    page.wait_for_function("([img, src]) => img.src !== src", arg=[figure.element_handle(), before])
    assert root.locator("[data-progress='1']").inner_text().startswith("1 of 24 answered")

    with_h = sum(problem.weights[f"w3{j}"] * trace.h[k] for k, j in enumerate("123"))
    type_entry(page, root, "y_hat", f"{with_h:.4g}")
    wrong = feedback(root, "y_hat", "wrong")
    wrong.wait_for()
    assert "Likely mistake: used h instead of a" in wrong.inner_text()
    assert root.locator("[data-progress='1']").count() == 1  # the wrong entry counts nothing

    type_entry(page, root, "a11", "1,5")
    refused = feedback(root, "a11", "invalid")
    refused.wait_for()
    assert "Use a decimal point: 1.5" in refused.inner_text()

    problems = jb.layout_problems(jb.measure_layout(root))
    assert not problems, "\n".join(problems)
    jb.screenshot_element(page, root, SCREENSHOT)
    assert SCREENSHOT.stat().st_size > 0

    page.set_viewport_size({"width": 700, "height": 2400})  # a narrow window: all still shown
    jb.settle(page)
    problems = jb.layout_problems(jb.measure_layout(root))
    assert not problems, "at 700 px:\n" + "\n".join(problems)
    jb.screenshot_element(page, root, NARROW_SHOT)
