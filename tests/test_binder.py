"""Binder's build, repeated here step by step: a virtual environment installed from
binder/requirements.txt at the repository root and finished by binder/postBuild (built
afresh whenever what it is built from changes), every notebook checked with nbval in it, and
the widget front-end checked against the kernel-side ipywidgets."""

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"

# ipywidgets' message protocol (kernel side) -> the major version of the JupyterLab
# widget manager that speaks it (front end, from the jupyterlab_widgets package).
PROTOCOL_TO_MANAGER_MAJOR = {"2.0.0": 5, "1.5.0": 3}


def read_requirements(path):
    """(pins name -> version, other requirement lines) of a requirements file."""
    pins, other = {}, []
    for line in Path(path).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        m = re.fullmatch(r"([A-Za-z0-9_.\-]+)==([^\s;]+)", line)
        if m:
            pins[re.sub(r"[-_.]+", "-", m.group(1)).lower()] = m.group(2)
        else:
            other.append(line)
    return pins, other


def test_binder_pins_equal_root_pins():
    root_pins, root_other = read_requirements(ROOT / "requirements.txt")
    binder_pins, binder_other = read_requirements(BINDER / "requirements.txt")
    assert root_other == [], f"requirements.txt must pin every line with ==, found {root_other}"
    assert binder_pins == root_pins
    assert binder_other == ["-e ."], "binder/requirements.txt must install nnlib with '-e .'"


def test_lowest_allowed_versions_are_the_tested_ones():
    """pyproject.toml allows no version older than the one the tests run on, and the README
    names the Python they run on."""
    pins, _ = read_requirements(ROOT / "requirements.txt")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for requirement in project["dependencies"]:
        m = re.fullmatch(r"([A-Za-z0-9_.\-]+)>=([^\s,;]+)", requirement)
        assert m, f"{requirement!r}: state the lowest tested version as name>=version"
        name = re.sub(r"[-_.]+", "-", m.group(1)).lower()
        assert pins.get(name) == m.group(2), (
            f"pyproject.toml allows {requirement}, the tests run on {name}=={pins.get(name)}"
        )
    tested = f"{sys.version_info.major}.{sys.version_info.minor}"
    assert project["requires-python"] == f">={tested}"
    readme = (ROOT / "README.md").read_text()
    assert f"You need Python {tested} and" in readme
    assert f"The tests run on Python {tested}" in readme
    start = nbformat.read(ROOT / "notebooks" / "00_start_here.ipynb", as_version=4)
    assert any(
        f"You need Python {tested} and" in c.source
        for c in start.cells
        if c.cell_type == "markdown"
    ), "the start page names another Python"


def test_runtime_names_the_python_the_tests_run_on():
    runtime = (BINDER / "runtime.txt").read_text().strip()
    assert runtime == f"python-{sys.version_info.major}.{sys.version_info.minor}"


# What a Binder environment is built from: when none of it changes, an environment built
# earlier (by this run's first pass, say) is reused instead of built again.
BUILT_FROM = (
    BINDER / "requirements.txt",
    BINDER / "postBuild",
    ROOT / "pyproject.toml",
    ROOT / "jupyter-settings" / "overrides.json",
)


def _build_key():
    """A hash of the files the environment is built from, this checkout's path (the
    environment installs it editable) and the Python that builds it."""
    digest = hashlib.sha256(f"{ROOT}\n{sys.version}\n".encode())
    for path in BUILT_FROM:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _build(env):
    """A virtual environment at env built as Binder builds one: pip install -r
    binder/requirements.txt, run from the repository root, then binder/postBuild."""
    subprocess.run([sys.executable, "-m", "venv", str(env)], check=True)
    result = subprocess.run(
        [str(env / "bin" / "python"), "-m", "pip", "install", "-q", "-r"]
        + [str(BINDER / "requirements.txt")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    post = subprocess.run(
        ["bash", str(BINDER / "postBuild")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": f"{env / 'bin'}{os.pathsep}{os.environ['PATH']}"},
    )
    assert post.returncode == 0, post.stdout[-3000:] + post.stderr[-3000:]


@pytest.fixture(scope="module")
def binder_env():
    """The Binder environment of this checkout, built once per version of what it is built
    from (BUILT_FROM) and kept in the temporary directory; a build that did not finish is
    never reused."""
    home = Path(tempfile.gettempdir()) / f"backprop-by-hand-binder-{_build_key()}"
    env, built = home / "env", home / "built"
    if not built.exists():
        shutil.rmtree(home, ignore_errors=True)
        home.mkdir(parents=True)
        _build(env)
        built.touch()
    return env


def run_in(env, *args):
    return subprocess.run(
        [str(env / "bin" / "python"), *args], cwd=ROOT, capture_output=True, text=True
    )


def test_binder_env_has_the_pinned_versions(binder_env):
    pins, _ = read_requirements(BINDER / "requirements.txt")
    code = (
        "import json, importlib.metadata as m, sys; "
        "print(json.dumps({n: m.version(n) for n in sys.argv[1:]}))"
    )
    out = run_in(binder_env, "-c", code, *pins)
    assert out.returncode == 0, out.stderr
    installed = json.loads(out.stdout)
    assert installed == pins
    nnlib_path = run_in(
        binder_env,
        "-c",
        "import nnlib, pathlib; print(pathlib.Path(nnlib.__file__).resolve().parent)",
    )
    assert Path(nnlib_path.stdout.strip()) == ROOT / "nnlib"


def test_course_settings_are_the_environments_defaults(binder_env):
    """postBuild on Binder, and `make install` here, put jupyter-settings/overrides.json
    where JupyterLab and Notebook 7 read their defaults: <prefix>/share/jupyter/lab/settings."""
    course = (ROOT / "jupyter-settings" / "overrides.json").read_bytes()
    json.loads(course)
    installed = binder_env / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    assert installed.read_bytes() == course
    code = (
        "from jupyterlab.labapp import LabApp; from notebook.app import JupyterNotebookApp; "
        "print(LabApp().app_settings_dir); print(JupyterNotebookApp().app_settings_dir)"
    )
    out = run_in(binder_env, "-c", code)
    assert out.returncode == 0, out.stderr
    assert [Path(line) for line in out.stdout.split()] == [installed.parent] * 2
    plan = subprocess.run(
        ["make", "-n", "-W", "jupyter-settings/overrides.json", "install"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert (
        "cp jupyter-settings/overrides.json .venv/share/jupyter/lab/settings/overrides.json" in plan
    ), plan


def test_widget_front_end_matches_kernel_side_ipywidgets(binder_env):
    out = run_in(
        binder_env,
        "-c",
        "import ipywidgets as w; "
        "print(w.__version__, w._version.__jupyter_widgets_controls_version__)",
    )
    assert out.returncode == 0, out.stderr
    ipywidgets_version, protocol = out.stdout.split()
    package = (
        binder_env
        / "share"
        / "jupyter"
        / "labextensions"
        / "@jupyter-widgets"
        / "jupyterlab-manager"
        / "package.json"
    )
    assert package.exists(), "the JupyterLab widget manager (jupyterlab_widgets) is not installed"
    manager_version = json.loads(package.read_text())["version"]
    assert protocol in PROTOCOL_TO_MANAGER_MAJOR, f"unknown ipywidgets protocol {protocol}"
    assert int(manager_version.split(".")[0]) == PROTOCOL_TO_MANAGER_MAJOR[protocol], (
        f"ipywidgets {ipywidgets_version} (protocol {protocol}) needs jupyterlab-manager "
        f"{PROTOCOL_TO_MANAGER_MAJOR[protocol]}.x, found {manager_version}"
    )
    listing = subprocess.run(
        [str(binder_env / "bin" / "jupyter"), "labextension", "list"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    text = listing.stdout + listing.stderr
    line = next(
        (row for row in text.splitlines() if "@jupyter-widgets/jupyterlab-manager" in row), ""
    )
    assert f"v{manager_version}" in line and "enabled" in line and "OK" in line, text


def test_every_notebook_passes_nbval_in_the_binder_env(binder_env):
    notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert notebooks, "no notebooks found"
    out = run_in(
        binder_env,
        "-m",
        "pytest",
        "--nbval",
        "--nbval-current-env",
        "-p",
        "no:cacheprovider",
        "-q",
        *map(str, notebooks),
    )
    assert out.returncode == 0, out.stdout[-5000:] + out.stderr[-2000:]
    assert re.search(r"\d+ passed", out.stdout)
