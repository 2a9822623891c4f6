"""How long does the weight explorer in JupyterLab take from a key press to its new picture?

A private JupyterLab (the course's settings, as `make lab` runs it) shows the weight
explorer in headless system Chromium (/usr/bin/chromium, driven by Playwright, through
tools/jupyter_browser.py).  For each slider (w11, w31 and y, which sits behind the folded
inputs toggle), arrow-key presses alternate right and left, so the value stays near its
start; each press waits for its picture before the next.  Measured in the page: a keydown
listener (capture phase) stamps the press, a MutationObserver on the picture's src stamps
the new image's arrival, img.decode() the moment it is ready to paint.  Measured in the
kernel: the explorer's refresh (value set -> readout and PNG sent), timed by wrapping the
instance's refresh in the notebook's cell.  Front end + transport = total - kernel, press
by press.

    PYTHONPATH=tools .venv/bin/python benchmarks/browser.py               # about a minute
    PYTHONPATH=tools .venv/bin/python benchmarks/browser.py --sliders w11 --presses 5
"""

import argparse
import contextlib
import importlib.util
import os
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

import numpy as np
from _timing import header  # beside this script

try:
    import jupyter_browser as jb  # tools/jupyter_browser.py
except ModuleNotFoundError as exc:
    if exc.name != "jupyter_browser":
        raise
    sys.exit("jupyter_browser is not importable: run PYTHONPATH=tools python benchmarks/browser.py")

REPO = Path(__file__).resolve().parents[1]
COURSE_SETTINGS = REPO / "jupyter-settings" / "overrides.json"
SLIDERS = ("w11", "w31", "y")
TARGET_MEDIAN_MS = 50.0
TARGET_P95_MS = 80.0
KERNEL_LOG = "kernel_ms.txt"  # one line per refresh: wall and CPU ms, written by the kernel

# The explorer's cell: the instance's refresh (which Explorer._changed calls) is wrapped to
# log how long each call takes, in wall-clock and in the kernel's CPU time (a gap between
# them is time other programs held the CPU); the line is written after the call.
EXPLORER_CELL = """import time

import nnlib.widgets as w

ex = w.weight_explorer()
_kernel_log = open({path!r}, "a", buffering=1)


def _timed(refresh):
    def timed():
        start, cpu = time.perf_counter(), time.process_time()
        refresh()
        wall_ms = (time.perf_counter() - start) * 1e3
        _kernel_log.write(f"{{wall_ms!r}} {{(time.process_time() - cpu) * 1e3!r}}\\n")

    return timed


ex.refresh = _timed(ex.refresh)
ex"""

# The floor: the same page and messages with no work in the kernel.  A slider in a VBox
# with a picture, like the explorer, whose change handler only swaps two of the explorer's
# frames made beforehand: what JupyterLab, the server and the browser take by themselves.
FLOOR_NOTEBOOK = "floor.ipynb"
FLOOR_LABEL = "floor"
FLOOR_CELL = """import time

import ipywidgets
import nnlib.widgets as w

_ex = w.weight_explorer()
_frames = [bytes(_ex.image.value)]
_ex.sliders["w11"].value = 0.5
_frames.append(bytes(_ex.image.value))
_kernel_log = open({path!r}, "a", buffering=1)
slider = ipywidgets.FloatSlider(value=0.8, min=-4.0, max=4.0, step=0.01, description="floor")
picture = ipywidgets.Image(value=_frames[0], format="png")


def swap(change):
    start, cpu = time.perf_counter(), time.process_time()
    picture.value = _frames[1] if picture.value == _frames[0] else _frames[0]
    wall_ms = (time.perf_counter() - start) * 1e3
    _kernel_log.write(f"{{wall_ms!r}} {{(time.process_time() - cpu) * 1e3!r}}\\n")


slider.observe(swap, names="value")
ipywidgets.VBox([slider, picture])"""

RESET_PROBE_JS = """() => Object.assign(window.__explorerLatency,
    {pressed: null, deltas: [], decoded: [], settled: 0})"""


def parse_args(argv):
    """The command line, checked -> argparse.Namespace."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--presses", type=int, default=20, help="presses per slider (20)")
    parser.add_argument(
        "--sliders", default=",".join(SLIDERS), help=f"sliders to press ({','.join(SLIDERS)})"
    )
    parser.add_argument("--warmup", type=int, default=2, help="uncounted presses first (2)")
    parser.add_argument("--dpr", type=float, default=1.0, help="device scale factor (1)")
    parser.add_argument("--width", type=int, default=1400, help="viewport width, CSS px (1400)")
    args = parser.parse_args(argv)
    args.sliders = [s.strip() for s in args.sliders.split(",") if s.strip()]
    unknown = [s for s in args.sliders if s not in SLIDERS]
    if unknown or not args.sliders:
        parser.error(f"--sliders must name some of {', '.join(SLIDERS)}, got {unknown or 'none'}")
    if args.presses < 1 or args.warmup < 0:
        parser.error(f"--presses must be >= 1, --warmup >= 0; got {args.presses}, {args.warmup}")
    if args.dpr <= 0 or args.width < 600:
        parser.error(f"--dpr must be > 0 and --width >= 600, got {args.dpr} and {args.width}")
    return args


def slider_labels():
    """name -> label of each slider, from an explorer built in this process."""
    import nnlib.widgets

    return {name: s.description for name, s in nnlib.widgets.weight_explorer().sliders.items()}


def log_lines(log):
    """The lines the kernel has written to its log so far."""
    return log.read_text().splitlines() if log.exists() else []


def settled_line_count(log, quiet=1.0, timeout=30.0):
    """The number of lines in the kernel's log once none has been added for quiet seconds.
    (When the page shows the sliders, each one whose value is off its step grid, 0.8 between
    -3 and 3 in steps of 0.01, say, sends the snapped value back: a refresh, but no press.)"""
    deadline = time.monotonic() + timeout
    count, since = len(log_lines(log)), time.monotonic()
    while time.monotonic() - since < quiet and time.monotonic() < deadline:
        time.sleep(0.05)
        if len(log_lines(log)) != count:
            count, since = len(log_lines(log)), time.monotonic()
    return count


def kernel_times(log, start, count, timeout=30.0):
    """Lines start .. start+count-1 of the kernel's log, waiting until they are written ->
    [(wall ms, CPU ms)] per refresh.  A line beyond them means a press refreshed twice, so
    presses and refreshes cannot be paired: RuntimeError."""
    deadline = time.monotonic() + timeout
    while len(lines := log_lines(log)) < start + count and time.monotonic() < deadline:
        time.sleep(0.05)
    if len(lines) != start + count or settled_line_count(log, quiet=0.3) != start + count:
        raise RuntimeError(
            f"the kernel logged {len(log_lines(log)) - start} refreshes for {count} presses: "
            f"presses and refreshes cannot be paired"
        )
    return [tuple(float(ms) for ms in line.split()) for line in lines[start:]]


def press(page, handle, presses):
    """Press ArrowRight and ArrowLeft in turn on handle, each once its previous picture is
    decoded -> (ms to the new src, ms to the decoded picture) per press, from the page."""
    page.evaluate(RESET_PROBE_JS)
    handle.focus()
    for i in range(presses):
        page.keyboard.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")
        page.wait_for_function(f"() => window.__explorerLatency.settled > {i}")
    probe = page.evaluate("() => window.__explorerLatency")
    return probe["deltas"], probe["decoded"]


def measure_slider(page, root, label, log, args):
    """Warm-up presses, then args.presses measured ones on the slider labelled label ->
    dict of per-press ms: total, decoded, kernel (wall), cpu (the kernel's CPU time) and
    front (total - kernel)."""
    handle = jb.shown_slider_handle(root, label)
    if args.warmup:
        press(page, handle, args.warmup)
    start = settled_line_count(log)
    total, decoded = press(page, handle, args.presses)
    kernel, kernel_cpu = zip(*kernel_times(log, start, args.presses))
    front = [t - k for t, k in zip(total, kernel)]
    return {"total": total, "decoded": decoded, "kernel": kernel, "cpu": kernel_cpu, "front": front}


def versions(page):
    """Lines naming the browser, JupyterLab, ipywidgets and Playwright that ran."""
    cdp = page.context.new_cdp_session(page)
    product = cdp.send("Browser.getVersion")["product"]  # 'HeadlessChrome/<version>'
    cdp.detach()
    return [
        f"Chromium {product.rpartition('/')[2]} (headless, {jb.CHROMIUM}), "
        f"JupyterLab {metadata.version('jupyterlab')}, "
        f"ipywidgets {metadata.version('ipywidgets')}, "
        f"Playwright {metadata.version('playwright')}"
    ]


@contextlib.contextmanager
def shown(name, cell, args):
    """A private JupyterLab showing the notebook `name` of one cell (cell, its kernel log's
    path filled in) in Chromium, the cell run -> (page, the widget's root, the log's path)."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="browser-benchmark-") as tmp:
        log = Path(tmp) / KERNEL_LOG
        jb.write_notebook(Path(tmp) / name, [cell.format(path=str(log))])
        with (
            jb.JupyterLab(tmp, overrides=COURSE_SETTINGS) as lab,
            sync_playwright() as pw,
            jb.chromium_page(pw, width=args.width, device_scale_factor=args.dpr) as page,
        ):
            page.set_default_timeout(30_000)
            root = jb.open_weight_explorer(lab, page, url=lab.notebook_url(name))
            root.locator("img.widget-image").first.evaluate(jb.LATENCY_PROBE_JS)
            yield page, root, log


def run(args, labels):
    """Press every slider in args.sliders of the explorer, then the floor's slider ->
    (version lines, name -> measure_slider's dict)."""
    with shown(jb.NOTEBOOK_NAME, EXPLORER_CELL, args) as (page, root, log):
        found = {name: measure_slider(page, root, labels[name], log, args) for name in args.sliders}
        seen = versions(page)
    with shown(FLOOR_NOTEBOOK, FLOOR_CELL, args) as (page, root, log):
        found[FLOOR_LABEL] = measure_slider(page, root, FLOOR_LABEL, log, args)
    return seen, found


def table(results):
    """One row per slider: medians, p95 and max in ms."""
    rows = [
        f"{'':<7} {'':>7} | {'total, key -> new src':^20} | {'decoded':>7} | "
        f"{'kernel':>6} {'(cpu)':>6} | {'front end':>9}",
        f"{'slider':<7} {'presses':>7} | {'median':>6} {'p95':>6} {'max':>6} | "
        f"{'median':>7} | {'median':>6} {'':>6} | {'median':>9}",
    ]
    for name, r in results.items():
        total = np.asarray(r["total"])
        decoded = [d for d in r["decoded"] if d is not None]
        rows.append(
            f"{name:<7} {total.size:>7} | {np.median(total):6.1f} "
            f"{np.percentile(total, 95):6.1f} {total.max():6.1f} | "
            f"{np.median(decoded) if decoded else float('nan'):7.1f} | "
            f"{np.median(r['kernel']):6.1f} {np.median(r['cpu']):6.1f} | "
            f"{np.median(r['front']):9.1f}"
        )
    return rows


def targets(results):
    """One line per target and slider: holds or MISSED, with the figure; then what the
    explorer adds to the floor."""
    lines = []
    floor = np.median(results[FLOOR_LABEL]["total"])
    for name, r in results.items():
        if name == FLOOR_LABEL:
            continue
        median, p95 = np.median(r["total"]), np.percentile(r["total"], 95)
        for what, value, goal in (
            ("median", median, TARGET_MEDIAN_MS),
            ("p95", p95, TARGET_P95_MS),
        ):
            verdict = "holds" if value <= goal else "MISSED"
            lines.append(f"target {name} {what} <= {goal:g} ms: {verdict} ({value:.1f} ms)")
        lines.append(f"{name}: median {median - floor:+.1f} ms over the floor's {floor:.1f} ms")
    return lines


def main(argv=None):
    args = parse_args(argv)
    if not Path(jb.CHROMIUM).exists():
        sys.exit(f"{jb.CHROMIUM} is missing; install it with: apt-get install -y chromium")
    if importlib.util.find_spec("playwright") is None:
        sys.exit("the playwright package is missing; install it with: pip install -e '.[test]'")
    load = os.getloadavg()[0]
    found_versions, results = run(args, slider_labels())
    lines = header(
        "weight explorer in JupyterLab: key press -> new image, measured in the page",
        found_versions
        + [
            f"viewport {args.width} CSS px wide, device scale factor {args.dpr:g}; "
            f"{args.presses} presses per slider after {args.warmup} uncounted; "
            f"load average before the run {load:.2f} (1 min)"
        ],
    ).splitlines()
    print("\n".join(line for line in lines if not line.startswith("times are")))
    print(
        "ms per key press.  decoded: key -> the new picture decoded, ready to paint.  kernel:\n"
        "the explorer's refresh, value set -> PNG sent (its CPU time in brackets: the gap is\n"
        "time other programs held the CPU).  front end: total - kernel, press by press (the\n"
        "messages both ways, the server, the browser's widget code), its median."
    )
    print("\n".join(table(results)))
    print("\n".join(targets(results)))


if __name__ == "__main__":
    main()
