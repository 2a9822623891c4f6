"""Drive the course's explorers in a real browser: a private Jupyter server with token
authentication (it serves JupyterLab at /lab and, with the notebook package installed,
Notebook 7 at /notebooks), headless Chromium through Playwright's sync API, and the page-side
helpers the browser tests and tools/screenshot.py share.  Tests import it as
`jupyter_browser` (pytest puts tools/ on the path: pyproject.toml); so do screenshot.py,
which sits beside it, and benchmarks/browser.py (run with PYTHONPATH=tools).

Nothing here downloads a browser: Chromium is the system one at CHROMIUM.
"""

import contextlib
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
NOTEBOOK_NAME = "weight_explorer.ipynb"
EXPLORER_SOURCE = "import nnlib.widgets as w\nw.weight_explorer()"
WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_notebook(path, sources):
    """Write a notebook with one code cell per source string, no outputs, Python 3 kernel."""
    cells = [
        {
            "cell_type": "code",
            "execution_count": None,
            "id": f"cell-{i}",
            "metadata": {},
            "outputs": [],
            "source": src,
        }
        for i, src in enumerate(sources)
    ]
    nb = {
        "cells": cells,
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"},
        },
    }
    Path(path).write_text(json.dumps(nb, indent=1))
    return Path(path)


class JupyterLab:
    """A JupyterLab server on 127.0.0.1 with a fresh random token, serving root_dir (the
    same server shows a notebook in Notebook 7 too: notebook7_url).

    Its runtime, config, data, settings and workspace directories live under a private
    temporary directory, so no user configuration leaks in and nothing is left behind.
    overrides: an overrides.json file whose settings defaults the front ends use (the course's
    jupyter-settings/overrides.json, say); without it they use none.
    Use as a context manager: the whole process group is stopped on exit."""

    def __init__(self, root_dir, startup_timeout=60.0, overrides=None):
        self.root_dir = Path(root_dir)
        self.overrides = None if overrides is None else Path(overrides)
        self.startup_timeout = startup_timeout
        self.token = secrets.token_hex(24)
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.proc = None
        self._home = None
        self._log = None

    def __enter__(self):
        self._home = tempfile.TemporaryDirectory(prefix="jupyter-home-")
        home = Path(self._home.name)
        dirs = self._private_dirs(home)
        app_settings = self._app_settings(home, dirs["settings"])
        self._log = open(home / "server.log", "wb")
        self.proc = subprocess.Popen(
            self._command(app_settings),
            env=self._environment(dirs),
            cwd=self.root_dir,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    @staticmethod
    def _private_dirs(home):
        """name -> a new empty directory under home, for each of Jupyter's own directories."""
        dirs = {
            name: home / name
            for name in ("runtime", "config", "data", "settings", "workspaces", "ipython")
        }
        for d in dirs.values():
            d.mkdir()
        return dirs

    def _app_settings(self, home, settings_dir):
        """The front ends' settings: their defaults directory (overrides.json, the one given,
        never that of the environment's share/jupyter/lab/settings) and, in settings_dir,
        no "get Jupyter news?" prompt over the notebook.  -> the defaults directory."""
        app_settings = home / "app-settings"
        app_settings.mkdir()
        if self.overrides is not None:
            (app_settings / "overrides.json").write_bytes(self.overrides.read_bytes())
        notification = settings_dir / "@jupyterlab" / "apputils-extension"
        notification.mkdir(parents=True)
        (notification / "notification.jupyterlab-settings").write_text(
            json.dumps({"fetchNews": "false"})
        )
        return app_settings

    @staticmethod
    def _environment(dirs):
        """This process's environment with Jupyter's directories pointed at dirs, no
        inherited token or data path, and this Python's scripts first on PATH."""
        env = dict(os.environ)
        env.update(
            JUPYTER_RUNTIME_DIR=str(dirs["runtime"]),
            JUPYTER_CONFIG_DIR=str(dirs["config"]),
            JUPYTER_DATA_DIR=str(dirs["data"]),
            JUPYTERLAB_SETTINGS_DIR=str(dirs["settings"]),
            JUPYTERLAB_WORKSPACES_DIR=str(dirs["workspaces"]),
            IPYTHONDIR=str(dirs["ipython"]),
            JUPYTER_PLATFORM_DIRS="1",
            PATH=str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", ""),
        )
        env.pop("JUPYTER_TOKEN", None)
        env.pop("JUPYTER_PATH", None)
        return env

    def _command(self, app_settings):
        """The command line that starts the server (app_settings: the defaults directory)."""
        cmd = [
            sys.executable,
            "-m",
            "jupyter",
            "lab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={self.port}",
            "--ServerApp.port_retries=0",
            f"--ServerApp.root_dir={self.root_dir}",
            f"--IdentityProvider.token={self.token}",
            "--ServerApp.terminals_enabled=False",
            "--LabApp.extension_manager=readonly",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            f"--LabApp.app_settings_dir={app_settings}",
            f"--JupyterNotebookApp.app_settings_dir={app_settings}",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")  # containers and CI machines often run as root
        return cmd

    def __exit__(self, *exc):
        self.stop()

    def api(self, path):
        """GET an API path with the token; returns the decoded JSON."""
        req = urllib.request.Request(
            f"{self.base_url}{path}", headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(req, timeout=5) as resp:
            return json.load(resp)

    def _wait_ready(self):
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"JupyterLab exited with code {self.proc.returncode} "
                    f"before it was ready:\n{self.log_tail()}"
                )
            try:
                self.api("/api/status")
                return
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.25)
        raise RuntimeError(
            f"JupyterLab was not ready within {self.startup_timeout:.0f} s:\n{self.log_tail()}"
        )

    def log_tail(self, n=40):
        """The last n lines of the server's log (for failure messages)."""
        if self._home is None:
            return ""
        path = Path(self._home.name) / "server.log"
        if not path.exists():
            return ""
        return "\n".join(path.read_text(errors="replace").splitlines()[-n:])

    def notebook_url(self, name, workspace=None):
        """The address of notebook `name` in JupyterLab.  workspace: the name of a
        JupyterLab workspace to open it in (a new name: a fresh one, with no tab of another
        page restored beside it); default: the server's default workspace."""
        where = f"workspaces/{workspace}/" if workspace else ""
        return f"{self.base_url}/lab/{where}tree/{name}?token={self.token}"

    def notebook7_url(self, name):
        """The address of notebook `name` in Notebook 7 (the `jupyter notebook` interface)."""
        return f"{self.base_url}/notebooks/{name}?token={self.token}"

    def stop(self):
        """Stop the server and every process it started.  The server shuts its kernels
        down on SIGTERM; kernels run in process groups of their own, so any that
        outlive a server that had to be killed are stopped here by group."""
        if self.proc is not None:
            kernels = _children(self.proc.pid)
            if self.proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGTERM)
                try:
                    self.proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(self.proc.pid, signal.SIGKILL)
                    self.proc.wait(timeout=10)
            for pid, pgid, cmdline in kernels:
                if _cmdline(pid) == cmdline:  # still the process we saw, not a reused pid
                    with contextlib.suppress(ProcessLookupError, PermissionError):
                        os.killpg(pgid, signal.SIGKILL)
        if self._log is not None:
            self._log.close()
            self._log = None
        if self._home is not None:
            self._home.cleanup()
            self._home = None


def _cmdline(pid):
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None


def _children(parent):
    """[(pid, process group, cmdline)] of the direct children of parent (Linux /proc;
    an empty list elsewhere)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        pid = int(stat.parent.name)
        if int(fields[1]) == parent:
            found.append((pid, int(fields[2]), _cmdline(pid)))
    return found


@contextlib.contextmanager
def chromium_page(playwright, width=1400, height=1000, device_scale_factor=1):
    """A page in headless system Chromium with a fresh temporary profile, a viewport of
    width x height CSS pixels and device_scale_factor device pixels per CSS pixel."""
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": width, "height": height},
            device_scale_factor=device_scale_factor,
        )
        try:
            page = context.pages[0] if context.pages else context.new_page()
            yield page
        finally:
            context.close()


# JupyterLab's status bar reads 'Python 3 (ipykernel) | Idle'.  Notebook 7 shows no status
# bar; there the notebook's toolbar names the kernel and its execution indicator reads
# data-status="idle" (also before a kernel is chosen, hence the kernel name too).
_KERNEL_IDLE_JS = """() => Array.from(document.querySelectorAll('.jp-StatusBar-TextItem'))
    .some(e => /^(?!No Kernel).+ \\| Idle$/.test(e.textContent.trim()))
  || Array.from(document.querySelectorAll('.jp-NotebookPanel-toolbar')).some(bar => {
        const name = bar.querySelector('.jp-Toolbar-kernelName');
        const state = bar.querySelector('.jp-Notebook-ExecutionIndicator');
        return name !== null && state !== null && state.dataset.status === 'idle'
            && !/^No Kernel/.test(name.textContent.trim());
    })"""


def run_all_cells(page, timeout_ms=60_000):
    """Wait until the notebook's kernel is connected and idle, then choose Run > Run All
    Cells in the menu bar.  Works in JupyterLab and in Notebook 7 (same menu entries)."""
    page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=timeout_ms)
    page.wait_for_function(_KERNEL_IDLE_JS, timeout=timeout_ms)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()


# --- the weight explorer in the page --------------------------------------------------


def explorer_root(page):
    """The explorer's outermost widget (a VBox) in the first cell's output."""
    return page.locator(".jp-OutputArea-output > .widget-vbox").first


def wait_for_explorer(page, timeout_ms=60_000):
    """Wait until the explorer shows its figure (an <img> with a source) and its sliders;
    returns the explorer's root locator."""
    root = explorer_root(page)
    wait_for_figure(root, page, "the notebook's cell", timeout_ms)
    root.locator(".widget-slider").first.wait_for(timeout=timeout_ms)
    return root


def wait_for_figure(root, scope, cell, timeout_ms=60_000):
    """Wait until the explorer at root shows its figure (an <img> with a source), or an
    error is printed in scope (a page or a cell's locator); for an error, RuntimeError
    saying that `cell` raised it."""
    figure = root.locator("img.widget-image[src]").first
    error = scope.locator(
        ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']",
        has_text=re.compile(r"Traceback|Error"),
    ).first
    figure.or_(error).wait_for(timeout=timeout_ms)
    if error.is_visible():
        raise RuntimeError(f"{cell} raised an error:\n{error.inner_text()}")


def slider_row(root, description):
    """The .widget-slider row whose label reads exactly `description`."""
    label = root.page.locator(".widget-label", has_text=re.compile(rf"^{re.escape(description)}$"))
    return root.locator(".widget-slider").filter(has=label)


def slider_handle(root, description):
    """The keyboard handle (role="slider") of the slider labelled `description`."""
    return slider_row(root, description).locator("[role='slider']")


def expand_folded(root):
    """Open every folded group of sliders (its toggle button) so the sliders are shown."""
    closed = root.locator("button.nnlib-fold:not(.mod-active)")
    for _ in range(closed.count()):
        closed.first.click()


def shown_slider_handle(root, description, timeout_ms=15_000):
    """The keyboard handle of the slider labelled `description`, shown: when it is folded
    away, every folded group is opened (that goes through the kernel) and the handle
    waited for.  -> its locator."""
    handle = slider_handle(root, description)
    if not handle.is_visible():
        expand_folded(root)
        handle.wait_for(state="visible", timeout=timeout_ms)
    return handle


def drag_handle(page, handle, dx, steps=10):
    """Drag a slider's handle dx CSS pixels to the right (left if negative) with the
    mouse, in `steps` moves, as a learner drags it."""
    handle.scroll_into_view_if_needed()
    box = handle.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + dx, y, steps=steps)
    page.mouse.up()


# What each rendered output of a cell shows: the mime type its renderer declares in
# data-mime-type (JupyterLab's renderers of images, text and HTML set it), or the widget
# view's mime type for an output that holds a live widget (the widget renderer sets none).
RENDERED_MIME_TYPES_JS = """(cell, widgetView) => Array.from(
    cell.querySelectorAll('.jp-OutputArea-output')).map(out => out.dataset.mimeType
        || (out.querySelector(':scope > .jupyter-widgets') ? widgetView : 'unknown'))"""


def rendered_mime_types(cell):
    """[mime type] of each output the code cell (a locator) renders, in order."""
    return cell.evaluate(RENDERED_MIME_TYPES_JS, WIDGET_VIEW_MIME)


def screenshot_explorer(page, path):
    """Save a PNG of the explorer alone (not the rest of JupyterLab) at path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.mouse.move(0, 0)  # no hover highlight in the picture
    explorer_root(page).screenshot(path=str(path), animations="disabled")
    return path


def open_weight_explorer(lab, page, timeout_ms=60_000, url=None):
    """Open the explorer notebook served by lab, run all its cells and wait for the
    explorer to render; returns its root locator.  url: where to open it (default: the
    explorer notebook in JupyterLab; lab.notebook7_url(name) opens one in Notebook 7)."""
    page.goto(url or lab.notebook_url(NOTEBOOK_NAME), timeout=timeout_ms)
    run_all_cells(page, timeout_ms)
    return wait_for_explorer(page, timeout_ms)


# Records, in the page, the time from each arrow-key press to the next change of the
# figure's src (performance.now() deltas in ms), and to the moment the new picture is
# decoded, ready to paint (decoded[i] for press i; null when a newer src replaced it first).
# settled counts the presses whose decoding has finished either way.
LATENCY_PROBE_JS = """img => {
    const probe = {pressed: null, deltas: [], decoded: [], settled: 0, changes: 0};
    document.addEventListener('keydown', event => {
        if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
            probe.pressed = performance.now();
        }
    }, true);
    new MutationObserver(() => {
        probe.changes += 1;
        if (probe.pressed !== null) {
            const pressed = probe.pressed, i = probe.deltas.length;
            probe.deltas.push(performance.now() - pressed);
            probe.pressed = null;
            img.decode().then(() => performance.now() - pressed, () => null).then(ms => {
                probe.decoded[i] = ms;
                probe.settled += 1;
            });
        }
    }).observe(img, {attributes: true, attributeFilter: ['src']});
    window.__explorerLatency = probe;
}"""


# Records, in the page, who sees the next key press on a slider handle: a capture-phase
# listener on window (the first to see any key event) keeps the event, a listener on the
# handle notes whether the press reached it.  After the press, event.defaultPrevented
# tells whether something on the way (a keyboard shortcut) claimed it.
KEY_PROBE_JS = """handle => {
    const probe = {event: null, reachedHandle: false};
    window.addEventListener('keydown', event => { probe.event = event; }, true);
    handle.addEventListener('keydown', () => { probe.reachedHandle = true; }, true);
    window.__keyProbe = probe;
}"""
KEY_PROBE_RESULT_JS = """() => ({key: window.__keyProbe.event && window.__keyProbe.event.key,
    defaultPrevented: !!(window.__keyProbe.event && window.__keyProbe.event.defaultPrevented),
    reachedHandle: window.__keyProbe.reachedHandle})"""


# --- every explorer in one notebook, and its layout measured in the page ---------------

ALL_EXPLORERS_NAME = "all_explorers.ipynb"
# The notebook shown (JupyterLab keeps the panels of its other tabs, hidden).
SHOWN_NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"
# The explorers' roots in a notebook, one per code cell's output.
EXPLORER_ROOTS = ".jp-OutputArea-output > .widget-vbox"


def explorer_names():
    """The name of every explorer builder nnlib.widgets exports (nnlib.widgets.BUILDERS)."""
    import nnlib.widgets

    return list(nnlib.widgets.BUILDERS)


def explorer_source(name):
    """The code cell that displays the explorer made by nnlib.widgets.<name>()."""
    return f"import nnlib.widgets as w\nw.{name}()"


def write_explorers_notebook(path, names=None):
    """Write a notebook that displays every explorer (names: default explorer_names()), one
    per cell, in that order.  -> the names, in cell order."""
    names = explorer_names() if names is None else list(names)
    write_notebook(path, [explorer_source(name) for name in names])
    return names


def explorer_roots(page, names, timeout_ms=90_000):
    """name -> root locator of each explorer of a notebook written by
    write_explorers_notebook, its cells run: each cell is scrolled into view and its
    explorer waited for (figure and sliders shown), or its error raised."""
    cells = page.locator(f"{SHOWN_NOTEBOOK} .jp-CodeCell")
    roots = {}
    for i, name in enumerate(names):
        cell = cells.nth(i)
        cell.scroll_into_view_if_needed(timeout=timeout_ms)
        root = cell.locator(EXPLORER_ROOTS).first
        wait_for_figure(root, cell, f"the cell of {name}", timeout_ms)
        roots[name] = root
    return roots


def open_explorers(page, url, names, timeout_ms=90_000):
    """Open the notebook at url (written by write_explorers_notebook), run all its cells,
    wait for every explorer and open its folded groups.  -> name -> root locator."""
    page.goto(url, timeout=timeout_ms)
    run_all_cells(page, timeout_ms)
    roots = explorer_roots(page, names, timeout_ms)
    for root in roots.values():
        unfold(root, timeout_ms)
    return roots


def unfold(root, timeout_ms=15_000):
    """Open every folded group of the explorer (root: its locator) and wait until none is
    left folded (opening one goes through the kernel)."""
    root.scroll_into_view_if_needed()
    expand_folded(root)
    root.locator("button.nnlib-fold:not(.mod-active)").first.wait_for(
        state="detached", timeout=timeout_ms
    )


def show_file_browser(page, timeout_ms=15_000):
    """Open JupyterLab's left sidebar on its file browser (a no-op when it is open)."""
    tab = page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab[data-id='filebrowser']")
    tab.wait_for(timeout=timeout_ms)
    if "lm-mod-current" not in (tab.get_attribute("class") or ""):
        tab.click()
    page.locator("#filebrowser").wait_for(state="visible", timeout=timeout_ms)


def hide_left_sidebar(page):
    """Close JupyterLab's left sidebar if a panel of it is open."""
    current = page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current")
    if current.count():
        current.first.click()
        page.locator("#filebrowser").wait_for(state="hidden")


def file_browser_width(page):
    """The width in CSS pixels of JupyterLab's file browser as shown (0: not shown)."""
    return page.evaluate(
        """() => { const fb = document.querySelector('#filebrowser');
            return fb && fb.checkVisibility() ? fb.getBoundingClientRect().width : 0; }"""
    )


# Measures one explorer's layout (its root element in, a plain object out).  Its leaf
# controls, each named for a reader: per slider row (by its label) the label, the track
# and the value readout; each dropdown's label and <select>; each button and toggle
# button; any other input; the readout HTML (each of its tables, or the extent of its
# text); the figure.  Boxes are CSS pixels in the viewport.
LAYOUT_JS = """root => {
    const box = el => { const r = el.getBoundingClientRect();
        return {x: r.left, y: r.top, right: r.right, bottom: r.bottom,
                width: r.width, height: r.height}; };
    const shown = el => el.checkVisibility({opacityProperty: true, visibilityProperty: true})
        && el.getBoundingClientRect().width > 0 && el.getBoundingClientRect().height > 0;
    const text = el => (el.innerText || el.textContent || '').trim().replace(/\\s+/g, ' ');
    const inside = (b, c) => b.x >= c.x - 1 && b.right <= c.right + 1
        && b.y >= c.y - 1 && b.bottom <= c.bottom + 1;
    // An element's last class (ipywidgets and JupyterLab put the telling one last).
    const cls = el => el.className && typeof el.className === 'string'
        ? '.' + el.className.trim().split(/\\s+/).pop() : '';
    const leaves = [];
    const add = (name, kind, el, rect) => {
        if (el && shown(el)) leaves.push({name, kind, box: rect || box(el)});
    };
    const sliderNames = [];
    for (const row of root.querySelectorAll('.widget-slider')) {
        if (!shown(row)) continue;
        const label = row.querySelector('.widget-label');
        const name = label && text(label) ? text(label) : '(unlabelled slider)';
        sliderNames.push(name);
        add(`slider ${name}: label`, 'label', label);
        add(`slider ${name}: track`, 'track', row.querySelector('.slider-container')
            || row.querySelector('.slider'));
        add(`slider ${name}: value`, 'value', row.querySelector('.widget-readout'));
    }
    for (const w of root.querySelectorAll('.widget-dropdown, .widget-select')) {
        const label = w.querySelector(':scope > .widget-label');
        const name = label && text(label) ? text(label) : '(unlabelled dropdown)';
        add(`dropdown ${name}: label`, 'label', label);
        add(`dropdown ${name}: menu`, 'select', w.querySelector('select'));
    }
    for (const b of root.querySelectorAll('button')) {
        const kind = b.classList.contains('widget-toggle-button') ? 'toggle button' : 'button';
        add(`${kind} '${text(b)}'`, 'button', b);
    }
    for (const i of root.querySelectorAll('input, textarea')) {
        if (i.closest('.widget-slider, .widget-dropdown')) continue;
        const w = i.closest('.widget-inline-hbox');
        const label = w && w.querySelector(':scope > .widget-label');
        const name = (label && text(label)) || i.type || 'input';
        add(`${i.type || 'input'} ${name}: label`, 'label', label);
        add(`${i.type || 'input'} ${name}`, 'input', i);
    }
    const readouts = [];
    for (const [k, html] of Array.from(root.querySelectorAll('.widget-html')).entries()) {
        const tables = html.querySelectorAll('.nnlib-readout table');
        if (tables.length) {
            tables.forEach((t, j) => {
                const caption = t.caption ? text(t.caption) : '';
                add(`readout table ${caption ? `'${caption}'` : j + 1}`, 'readout', t);
            });
        } else {
            // The extent of its text: the union of its text nodes' boxes.
            const walker = document.createTreeWalker(html, NodeFilter.SHOW_TEXT);
            let extent = null;
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                // A <style> sheet's text is not shown: its range's box is all zeros.
                if (!node.textContent.trim() || node.parentElement.closest('style')) continue;
                const range = document.createRange();
                range.selectNodeContents(node);
                const r = box(range);
                extent = extent === null ? r : {x: Math.min(extent.x, r.x),
                    y: Math.min(extent.y, r.y), right: Math.max(extent.right, r.right),
                    bottom: Math.max(extent.bottom, r.bottom)};
            }
            if (extent !== null) {
                extent.width = extent.right - extent.x;
                extent.height = extent.bottom - extent.y;
                add(k ? `readout ${k + 1}` : 'readout', 'readout', html, extent);
            }
        }
        readouts.push({tables: tables.length, shown: shown(html), box: box(html)});
    }
    const images = [];
    for (const [k, img] of Array.from(root.querySelectorAll('img')).entries()) {
        add(k ? `figure ${k + 1}` : 'figure', 'image', img);
        const out = img.closest('.jp-OutputArea-output');
        images.push({box: box(img), naturalWidth: img.naturalWidth,
                     naturalHeight: img.naturalHeight, complete: img.complete,
                     output: out ? box(out) : null});
    }
    // Each slider's value readout: shown, inside its row, inside every box up to the
    // output area that clips, showing all of its text, and not covered by another part
    // of the explorer.
    const values = [];
    for (const row of root.querySelectorAll('.widget-slider')) {
        if (!shown(row)) continue;
        const label = row.querySelector('.widget-label');
        const name = label && text(label) ? text(label) : '(unlabelled slider)';
        const value = row.querySelector('.widget-readout');
        const problems = [];
        if (!value || !shown(value)) {
            problems.push('is not shown');
        } else {
            const v = box(value), r = box(row);
            const px = x => Math.round(x);
            if (!inside(v, r))
                problems.push(`lies outside its row (value ${px(v.x)}..${px(v.right)} px, ` +
                    `row ${px(r.x)}..${px(r.right)} px)`);
            const area = root.closest('.jp-OutputArea-output') || root;
            for (let a = value.parentElement; a && area.contains(a); a = a.parentElement) {
                const style = getComputedStyle(a);
                if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
                const c = box(a);
                if (!inside(v, c)) {
                    problems.push(`is clipped by ${a.tagName.toLowerCase()}${cls(a)}`);
                    break;
                }
            }
            if (value.scrollWidth > value.clientWidth + 1)
                problems.push(`cuts off its text '${text(value)}' (${value.scrollWidth} px of ` +
                    `text in ${value.clientWidth} px)`);
            // Covered: what the page shows at points across its middle (those in the
            // viewport) is another part of the explorer.
            const cy = (v.y + v.bottom) / 2;
            for (const f of [0.2, 0.5, 0.8]) {
                const cx = v.x + f * v.width;
                if (cx < 0 || cy < 0 || cx >= innerWidth || cy >= innerHeight) continue;
                const top = document.elementFromPoint(cx, cy);
                if (top && root.contains(top) && !value.contains(top) && !top.contains(value)) {
                    problems.push(`is covered by ${top.tagName.toLowerCase()}${cls(top)} ` +
                        `'${text(top).slice(0, 40)}'`);
                    break;
                }
            }
        }
        values.push({slider: name, text: value ? text(value) : '', problems});
    }
    const labelWidths = {};
    for (const row of root.querySelectorAll('.widget-slider')) {
        const label = row.querySelector('.widget-label');
        if (shown(row) && label && shown(label)) labelWidths[text(label)] = box(label).width;
    }
    // The boxes of the explorer, and its output area, whose content is wider than they are
    // (they scroll sideways or cut it off).
    const area = root.closest('.jp-OutputArea-output');
    const scrollers = [];
    for (const el of [area, root, ...root.querySelectorAll('*')]) {
        if (!el || !shown(el) || el.matches('.widget-readout')) continue;
        const style = getComputedStyle(el);
        if (style.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1)
            scrollers.push({name: `${el.tagName.toLowerCase()}${cls(el)}`, box: box(el),
                            scrollWidth: el.scrollWidth, clientWidth: el.clientWidth});
    }
    return {leaves, sliders: sliderNames, values, images, readouts, labelWidths, scrollers,
            output: area ? box(area) : null, root: box(root)};
}"""


def measure_layout(root):
    """The layout of one explorer (its root locator), measured in the page from element
    boxes: {leaves: [{name, kind, box}], sliders, values: [{slider, text, problems}],
    images: [{box, naturalWidth, naturalHeight, output}], readouts, labelWidths: slider
    label -> width, scrollers: [{name, box, scrollWidth, clientWidth}] (boxes whose content
    is wider than they are), output: the output area's box, root: box}.  Boxes are CSS
    pixels in the viewport: {x, y, right, bottom, width, height}."""
    root.scroll_into_view_if_needed()
    return root.evaluate(LAYOUT_JS)


def overlap(a, b):
    """How far boxes a and b intersect: the smaller of the widths and heights of their
    intersection, in CSS pixels (0 when apart or touching)."""
    w = min(a["right"], b["right"]) - max(a["x"], b["x"])
    h = min(a["bottom"], b["bottom"]) - max(a["y"], b["y"])
    return max(0.0, min(w, h))


def overlapping_controls(layout, tolerance=1.0):
    """[(name, name, pixels)] for every two distinct leaf controls of the layout whose boxes
    intersect by more than `tolerance` CSS pixels (in width and in height)."""
    leaves = layout["leaves"]
    found = []
    for i, a in enumerate(leaves):
        for b in leaves[i + 1 :]:
            depth = overlap(a["box"], b["box"])
            if depth > tolerance:
                found.append((a["name"], b["name"], depth))
    return found


def hidden_values(layout):
    """["slider <label>'s value <problem>"] for every slider value readout that is not
    shown, lies outside its row, is clipped or covered, or cuts its text off."""
    return [
        f"slider {v['slider']}'s value {problem}"
        for v in layout["values"]
        for problem in v["problems"]
    ]


def too_wide_images(layout, tolerance=1.0):
    """[description] of every figure wider than its output area (.jp-OutputArea-output),
    reaching past its right edge, or drawn out of proportion."""
    found = []
    for k, img in enumerate(layout["images"]):
        name = f"figure {k + 1}" if k else "figure"
        b, out = img["box"], img["output"]
        if out is None:
            found.append(f"{name} is not in an output area")
            continue
        if b["width"] > out["width"] + tolerance:
            found.append(
                f"{name} is {b['width']:.0f} px wide, its output area {out['width']:.0f} px"
            )
        elif b["right"] > out["right"] + tolerance:
            found.append(
                f"{name} reaches {b['right'] - out['right']:.0f} px past its output area's "
                f"right edge"
            )
        if img["naturalWidth"] and b["width"]:
            natural = img["naturalHeight"] / img["naturalWidth"]
            drawn = b["height"] / b["width"]
            if abs(drawn - natural) > 0.02 * natural:
                found.append(
                    f"{name} is drawn at {b['width']:.0f} x {b['height']:.0f} px, out of its "
                    f"bitmap's proportions ({img['naturalWidth']} x {img['naturalHeight']})"
                )
    return found


def overflowing_controls(layout, tolerance=1.0):
    """[description] of every control or readout table reaching past its output area's right
    edge, and of every box of the explorer whose content is wider than it (it scrolls
    sideways or cuts it off), naming the controls that stick out of it."""
    found = []
    out = layout["output"]
    if out is not None:
        for leaf in layout["leaves"]:
            past = leaf["box"]["right"] - out["right"]
            if leaf["kind"] != "image" and past > tolerance:
                found.append(
                    f"{leaf['name']} reaches {past:.0f} px past its output area's right edge"
                )
    for scroller in layout["scrollers"]:
        b = scroller["box"]
        out_of_it = [  # the controls that start inside it and end past its right edge
            leaf["name"]
            for leaf in layout["leaves"]
            if b["x"] - tolerance <= leaf["box"]["x"] < b["right"]
            and leaf["box"]["right"] > b["right"] + tolerance
            and overlap({**leaf["box"], "x": b["x"], "right": b["right"]}, b) > 0
        ]
        verb = "sticks" if len(out_of_it) == 1 else "stick"
        which = f": {', '.join(out_of_it)} {verb} out of it" if out_of_it else ""
        found.append(
            f"{scroller['name']} holds {scroller['scrollWidth']} px of content in "
            f"{scroller['clientWidth']} px (it scrolls sideways or cuts it off){which}"
        )
    return found


def shrunk_images(layout, scale=2, tolerance=0.02):
    """[description] of every figure drawn narrower than its natural CSS width (its bitmap's
    width / scale) although its output area has room for that width."""
    found = []
    for k, img in enumerate(layout["images"]):
        natural = img["naturalWidth"] / scale
        width, out = img["box"]["width"], img["output"]
        if out is not None and out["width"] >= natural and width < natural * (1 - tolerance):
            found.append(
                f"{'figure ' + str(k + 1) if k else 'figure'} is drawn {width:.0f} px wide, "
                f"its output area has room for its natural {natural:.0f} px"
            )
    return found


def image_sharpness(layout):
    """[(naturalWidth, CSS width, their ratio)] of each figure: a ratio of 2 is sharp on a
    screen of device pixel ratio 2."""
    found = []
    for img in layout["images"]:
        width = img["box"]["width"]
        found.append((img["naturalWidth"], width, img["naturalWidth"] / width if width else 0.0))
    return found


def blurry_images(layout, ratio=1.9):
    """[description] of every figure whose bitmap has fewer than `ratio` pixels per CSS pixel
    of its drawn width (blurry at device pixel ratio 2)."""
    return [
        f"{'figure ' + str(k + 1) if k else 'figure'} has {natural} bitmap pixels across "
        f"{width:.0f} CSS px ({r:.2f} per CSS px, under {ratio}): blurry at device pixel "
        f"ratio 2"
        for k, (natural, width, r) in enumerate(image_sharpness(layout))
        if r < ratio
    ]


def uneven_labels(layout, tolerance=1.0):
    """[description] when the explorer's slider labels do not all share one width."""
    widths = layout["labelWidths"]
    if not widths or max(widths.values()) - min(widths.values()) <= tolerance:
        return []
    shown = ", ".join(f"{k} {v:.0f} px" for k, v in sorted(widths.items(), key=lambda kv: kv[1]))
    return [f"the slider labels differ in width: {shown}"]


def overlaps(layout):
    """["<control> overlaps <control> by <n> px"] for every two overlapping controls."""
    return [f"{a} overlaps {b} by {d:.0f} px" for a, b, d in overlapping_controls(layout)]


# The layout checks, the most harmful first: each takes a layout and returns sentences.
LAYOUT_CHECKS = (
    overlaps,
    hidden_values,
    too_wide_images,
    overflowing_controls,
    shrunk_images,
    blurry_images,
    uneven_labels,
)


def layout_problems(layout):
    """Every layout problem of one explorer, as sentences (LAYOUT_CHECKS in order):
    overlapping controls, hidden or clipped slider values, figures too wide, controls past
    the output area's edge or scrolled out of sight, figures needlessly shrunk or blurry,
    uneven slider labels."""
    return [problem for check in LAYOUT_CHECKS for problem in check(layout)]


def visible_controls(layout):
    """The set of names of the explorer's shown leaf controls (not the figure or readout)."""
    return {leaf["name"] for leaf in layout["leaves"] if leaf["kind"] not in ("image", "readout")}


def screenshot_element(page, root, path):
    """Save a PNG of one element (an explorer's root locator) at path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.mouse.move(0, 0)  # no hover highlight in the picture
    root.screenshot(path=str(path), animations="disabled")
    return path


# --- the readout's numbers ---------------------------------------------------------------

# An explorer's readout (its HTML widget in, {pairs, text} out): pairs [label, value text]
# of every number in its tables (.nnlib-readout), each of which names itself in its
# data-label; text: the readout as the page shows it, for a readout of "label = value"
# lines (no tables).
READOUT_JS = """el => ({
    pairs: Array.from(el.querySelectorAll('.nnlib-readout [data-label]'))
        .map(v => [v.dataset.label, v.textContent.trim()]),
    text: el.innerText,
})"""


def read_readout(readout):
    """The numbers an explorer's readout (its HTML widget's locator) shows:
    {"pairs": [[label, value text]] from its tables, "text": its text}."""
    return readout.evaluate(READOUT_JS)


# Whether the readout shows `label` with the value text `value`: in a table row, or (a
# readout without tables) in a line matching `pattern`.
READOUT_SHOWS_JS = f"""([el, label, value, pattern]) => {{
    const readout = ({READOUT_JS})(el);
    if (readout.pairs.length) return readout.pairs.some(([l, v]) => l === label && v === value);
    return new RegExp(pattern, 'm').test(readout.text);
}}"""


def settle(page):
    """Wait until the page has laid itself out again (two animation frames, after which
    JupyterLab's panels have taken a new window size)."""
    page.evaluate(
        "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
    )
