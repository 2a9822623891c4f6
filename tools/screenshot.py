"""Refresh docs/weight_explorer.png, the README's picture of the weight explorer, or take a
picture of any explorer at any window width and device scale factor.

Runs the same flow as tests/test_browser.py: a private JupyterLab (token authentication,
127.0.0.1) serves a notebook that displays the explorer (nnlib.widgets.weight_explorer() by
default); headless system Chromium (/usr/bin/chromium, driven by Playwright) runs all cells,
waits for the explorer and photographs it alone, at its initial values.  JupyterLab's left
sidebar is closed unless --file-browser keeps it open.

    .venv/bin/python tools/screenshot.py                # writes docs/weight_explorer.png
    .venv/bin/python tools/screenshot.py -o other.png   # somewhere else
    make screenshot                                     # the same as the first line
    # artifacts/screenshots/loss_explorer_1100px_dpr1.png, as the browser test takes it:
    .venv/bin/python tools/screenshot.py --explorer loss_explorer --width 1100 \\
        --file-browser --unfold
    # the weight explorer on a screen of device pixel ratio 2:
    .venv/bin/python tools/screenshot.py --scale 2
"""

import argparse
import io
import sys
import tempfile
from pathlib import Path

import jupyter_browser as jb  # beside this script

REPO = Path(__file__).resolve().parents[1]
README_PICTURE = REPO / "docs" / "weight_explorer.png"
SCREENSHOTS = REPO / "artifacts" / "screenshots"  # where tests/test_browser.py puts its own
DEFAULT_EXPLORER = "weight_explorer"
DEFAULT_WIDTH = 1400


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


def default_output(args):
    """docs/weight_explorer.png for the README's picture (the weight explorer at the default
    width and scale, folded, no sidebar); otherwise the name tests/test_browser.py gives the
    same picture, under artifacts/screenshots/."""
    if (args.explorer, args.width, args.scale, args.file_browser, args.unfold) == (
        DEFAULT_EXPLORER,
        DEFAULT_WIDTH,
        1,
        False,
        False,
    ):
        return README_PICTURE
    return SCREENSHOTS / f"{args.explorer}_{args.width}px_dpr{args.scale}.png"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        help="where to write the PNG (default: docs/weight_explorer.png for the weight "
        "explorer at the default width and scale, else "
        "artifacts/screenshots/<explorer>_<width>px_dpr<scale>.png)",
    )
    names = jb.explorer_names()
    parser.add_argument(
        "--explorer",
        default=DEFAULT_EXPLORER,
        choices=names,
        metavar="NAME",
        help=f"the explorer to photograph: one of {', '.join(names)} (default: {DEFAULT_EXPLORER})",
    )
    parser.add_argument(
        "--width",
        type=int,
        default=DEFAULT_WIDTH,
        help=f"browser window width in CSS pixels (default: {DEFAULT_WIDTH})",
    )
    parser.add_argument(
        "--scale",
        type=int,
        default=1,
        metavar="K",
        help="device scale factor: device pixels per CSS pixel, as on a high-density "
        "screen; the picture has K times as many pixels each way (default: 1)",
    )
    parser.add_argument(
        "--file-browser",
        action="store_true",
        help="keep JupyterLab's left sidebar open on its file browser, beside the notebook",
    )
    parser.add_argument(
        "--unfold",
        action="store_true",
        help="open the explorer's folded groups of sliders first (as the browser tests do)",
    )
    args = parser.parse_args(argv)
    if args.width < 600:
        parser.error(
            f"--width must be at least 600 pixels for the explorer to fit, got {args.width}"
        )
    if not 1 <= args.scale <= 4:
        parser.error(f"--scale must be a whole number from 1 to 4, got {args.scale}")
    if not Path(jb.CHROMIUM).exists():
        sys.exit(
            f"{jb.CHROMIUM} is missing; install it with: "
            f"apt-get install -y chromium chromium-driver"
        )
    from playwright.sync_api import sync_playwright

    output = args.output or default_output(args)
    notebook = f"{args.explorer}.ipynb"
    with tempfile.TemporaryDirectory(prefix="screenshot-lab-") as root:
        jb.write_explorers_notebook(Path(root) / notebook, [args.explorer])
        with (
            jb.JupyterLab(root) as lab,
            sync_playwright() as pw,
            jb.chromium_page(
                pw, width=args.width, height=1100, device_scale_factor=args.scale
            ) as page,
        ):
            page.goto(lab.notebook_url(notebook), timeout=60_000)
            jb.run_all_cells(page)
            explorer = jb.explorer_roots(page, [args.explorer])[args.explorer]
            if args.file_browser:
                jb.show_file_browser(page)
            else:
                jb.hide_left_sidebar(page)
            if args.unfold:
                jb.unfold(explorer)
            jb.settle(page)
            page.evaluate("() => document.activeElement && document.activeElement.blur()")
            path = jb.screenshot_element(page, explorer, output)
    size = shrink(path)
    print(f"wrote {path} ({size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
