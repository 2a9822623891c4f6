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

    def notebook_url(self, name):
        return f"{self.base_url}/lab/tree/{name}?token={self.token}"

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
    figure = root.locator("img.widget-image[src]").first
    error = page.locator(
        ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']",
        has_text=re.compile(r"Traceback|Error"),
    ).first
    figure.or_(error).wait_for(timeout=timeout_ms)
    if error.is_visible():
        raise RuntimeError(f"the notebook's cell raised an error:\n{error.inner_text()}")
    root.locator(".widget-slider").first.wait_for(timeout=timeout_ms)
    return root


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
