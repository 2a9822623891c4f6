"""Refresh docs/weight_explorer.png, the README's picture of the weight explorer.

Runs the same flow as tests/test_browser.py: a private JupyterLab (token authentication,
127.0.0.1) serves a notebook that displays nnlib.widgets.weight_explorer(); headless system
Chromium (/usr/bin/chromium, driven by Playwright) runs all cells, waits for the explorer and
photographs it alone, at its initial weights.

    .venv/bin/python tools/screenshot.py                # writes docs/weight_explorer.png
    .venv/bin/python tools/screenshot.py -o other.png   # somewhere else
    make screenshot                                     # the same as the first line
"""

import argparse
import io
import sys
import tempfile
from pathlib import Path

import jupyter_browser as jb  # beside this script

REPO = Path(__file__).resolve().parents[1]


def shrink(path, colors=256):
    """Rewrite the PNG with an adaptive palette of at most `colors` colours (nnlib's
    paletted_png), keeping it whenever that makes the file smaller."""
    import numpy as np
    from PIL import Image

    from nnlib.widgets import paletted_png

    original = path.read_bytes()
    with Image.open(io.BytesIO(original)) as im:
        smaller = paletted_png(np.asarray(im.convert("RGBA")), colors)
    if len(smaller) < len(original):
        path.write_bytes(smaller)
    return path.stat().st_size


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=REPO / "docs" / "weight_explorer.png",
        help="where to write the PNG (default: docs/weight_explorer.png)",
    )
    parser.add_argument(
        "--width", type=int, default=1400, help="browser window width in CSS pixels (default: 1400)"
    )
    args = parser.parse_args(argv)
    if args.width < 600:
        parser.error(
            f"--width must be at least 600 pixels for the explorer to fit, got {args.width}"
        )
    if not Path(jb.CHROMIUM).exists():
        sys.exit(
            f"{jb.CHROMIUM} is missing; install it with: "
            f"apt-get install -y chromium chromium-driver"
        )
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="screenshot-lab-") as root:
        jb.write_notebook(Path(root) / jb.NOTEBOOK_NAME, [jb.EXPLORER_SOURCE])
        with (
            jb.JupyterLab(root) as lab,
            sync_playwright() as pw,
            jb.chromium_page(pw, width=args.width, height=1100) as page,
        ):
            jb.open_weight_explorer(lab, page)
            page.evaluate("() => document.activeElement && document.activeElement.blur()")
            path = jb.screenshot_explorer(page, args.output)
    size = shrink(path)
    print(f"wrote {path} ({size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
