"""What the browser tests need before they start: Chromium at jupyter_browser.CHROMIUM and
the playwright package.  Missing, a test is skipped here and fails under CI, where the
browser tests must run."""

import os
from pathlib import Path

import jupyter_browser as jb  # tools/jupyter_browser.py (pytest's pythonpath)
import pytest


def require(condition, what):
    """Skip when something the browser test needs is missing, but fail under CI."""
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what} (CI is set, so the browser test must run)")
    pytest.skip(what)


def sync_playwright():
    """playwright's sync_playwright, once Chromium and the package are found (see require)."""
    require(Path(jb.CHROMIUM).exists(), f"{jb.CHROMIUM} is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "the playwright package is not installed")
    return sync_playwright
