"""Every link in the README and the notebooks leads somewhere real: relative links to files
in the repository, Binder links to a notebook that exists, all through the one BINDER_REPO
address set in tools/navigation.py.  A running Jupyter server, started as `make lab` starts
it (the repository's root served), must find every relative link's target the way
JupyterLab, Notebook 7 and Binder resolve it: from the notebook's folder, inside the root."""

import importlib.util
import posixpath
import re
import subprocess
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlparse

import jupyter_browser as jb  # tools/jupyter_browser.py (pytest's pythonpath)
import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
# Markdown links and images: [text](target) / ![alt](target), and HTML src/href.
LINK = re.compile(r"\]\(([^)\s]+)\)|(?:src|href)=\"([^\"]+)\"")
BINDER = "https://mybinder.org/v2/gh/"

DOCUMENTS = {
    "README.md": lambda: (ROOT / "README.md").read_text(),
    "notebooks/00_start_here.ipynb": lambda: "\n".join(
        c.source
        for c in nbformat.read(ROOT / "notebooks" / "00_start_here.ipynb", 4).cells
        if c.cell_type == "markdown"
    ),
}


for _path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
    DOCUMENTS.setdefault(
        f"notebooks/{_path.name}",
        lambda p=_path: "\n".join(
            c.source for c in nbformat.read(p, 4).cells if c.cell_type == "markdown"
        ),
    )


def links(name):
    return [a or b for a, b in LINK.findall(DOCUMENTS[name]())]


def relative_links(name):
    """The links of a document that point into the repository (no scheme, no bare #)."""
    return [
        t for t in links(name) if not re.match(r"[a-z][a-z0-9+.-]*:", t) and not t.startswith("#")
    ]


def server_path(document, target):
    """The path a Jupyter front end asks the server's contents API for when a reader follows
    `target` in `document` (a path from the served root): resolved from the document's
    folder; None when it climbs out of the root, which the server cannot serve."""
    target = unquote(target.split("#")[0].split("?")[0])
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(document), target))
    if joined == ".." or joined.startswith("../") or joined.startswith("/"):
        return None
    return joined


def binder_repo():
    spec = importlib.util.spec_from_file_location("navigation", ROOT / "tools" / "navigation.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.BINDER_REPO


@pytest.mark.parametrize("name", DOCUMENTS)
def test_relative_links_resolve_to_files(name):
    base = (ROOT / name).parent
    checked = 0
    for target in relative_links(name):
        path = (base / target.split("#")[0]).resolve()
        assert path.exists(), f"{name}: link to {target} does not resolve"
        assert ROOT in path.parents, f"{name}: link to {target} leaves the repository"
        checked += 1
    assert checked > 0, f"{name} has no relative links to check"


@pytest.mark.parametrize("name", ["README.md", "notebooks/00_start_here.ipynb"])
def test_binder_links_open_existing_notebooks_through_one_address(name):
    repo = binder_repo()
    launches = [t for t in links(name) if t.startswith(BINDER)]
    notebooks = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    opened = []
    for url in launches:
        parsed = urlparse(url)
        assert parsed.path.startswith(f"/v2/gh/{repo}/HEAD"), f"{url} does not use {repo}"
        (urlpath,) = parse_qs(parsed.query)["urlpath"]
        assert urlpath.startswith("lab/tree/"), f"{url} does not open JupyterLab"
        target = urlpath[len("lab/tree/") :]
        assert (ROOT / target).is_file(), f"{url} opens {target}, which does not exist"
        opened.append(Path(target).name)
    assert sorted(opened) == notebooks, "one Binder link per notebook"


def test_server_path_resolves_from_the_documents_folder():
    assert server_path("notebooks/00_start_here.ipynb", "../README.md") == "README.md"
    assert (
        server_path("notebooks/00_start_here.ipynb", "01_neuron.ipynb#top")
        == "notebooks/01_neuron.ipynb"
    )
    assert server_path("README.md", "docs/weight_explorer.png") == "docs/weight_explorer.png"
    assert server_path("notebooks/00_start_here.ipynb", "../../README.md") is None


@pytest.fixture(scope="module")
def server():
    """A Jupyter server serving the repository's root, as `make lab` starts it."""
    with jb.JupyterLab(ROOT) as lab:
        yield lab


def status(lab, path):
    """The HTTP status of GET path on the server, with its token."""
    request = urllib.request.Request(
        f"{lab.base_url}{path}", headers={"Authorization": f"token {lab.token}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return response.status
    except urllib.error.HTTPError as err:
        return err.code


@pytest.mark.parametrize("name", DOCUMENTS)
def test_relative_links_resolve_in_the_running_server(server, name):
    checked = 0
    for target in relative_links(name):
        path = server_path(name, target)
        assert path is not None, f"{name}: {target} leaves the folder the server serves"
        code = status(server, f"/api/contents/{quote(path)}?content=0")
        assert code == 200, f"{name}: the server answers {code} for {target} ({path})"
        checked += 1
    assert checked > 0, f"{name} has no relative links to check"


def test_start_page_opens_in_jupyterlab_notebook_7_and_binder(server):
    start = "notebooks/00_start_here.ipynb"
    assert status(server, f"/api/contents/{start}?content=0") == 200
    assert status(server, f"/lab/tree/{start}") == 200  # JupyterLab, and Binder's
    assert status(server, f"/notebooks/{start}") == 200  # Notebook 7


@pytest.mark.parametrize(
    "target, start_url",
    [
        ("lab", "--LabApp.default_url=/lab/tree/notebooks/00_start_here.ipynb"),
        ("notebook", "--JupyterNotebookApp.default_url=/notebooks/notebooks/00_start_here.ipynb"),
    ],
)
def test_make_lab_and_notebook_serve_the_root_and_open_the_start_page(target, start_url):
    """The Jupyter command of `make lab` (JupyterLab) and `make notebook` (Notebook 7),
    printed by make -n without installing, serves the repository's root, as the server above
    does, and opens the start page."""
    out = subprocess.run(
        ["make", "-n", "-o", "install", target, "LAB_ARGS="],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    command = " ".join(out.replace("\\\n", " ").split())
    assert f'--ServerApp.root_dir="{ROOT}"' in command, command
    assert start_url in command, command
