"""Every link in the README and the start page leads somewhere real: relative links to
files in the repository, Binder links to a notebook that exists, all through the one
BINDER_REPO address set in tools/navigation.py."""

import importlib.util
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
# Markdown links and images: [text](target) / ![alt](target), and HTML src/href.
LINK = re.compile(r"\]\(([^)\s]+)\)|(?:src|href)=\"([^\"]+)\"")
BINDER = "https://mybinder.org/v2/gh/"

DOCUMENTS = {
    "README.md": lambda: (ROOT / "README.md").read_text(),
    "notebooks/00_start_here.ipynb": lambda: "\n".join(
        c.source for c in nbformat.read(ROOT / "notebooks" / "00_start_here.ipynb", 4).cells
        if c.cell_type == "markdown"),
}


def links(name):
    return [a or b for a, b in LINK.findall(DOCUMENTS[name]())]


def binder_repo():
    spec = importlib.util.spec_from_file_location("navigation", ROOT / "tools" / "navigation.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.BINDER_REPO


@pytest.mark.parametrize("name", DOCUMENTS)
def test_relative_links_resolve_to_files(name):
    base = (ROOT / name).parent
    checked = 0
    for target in links(name):
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue
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
        target = urlpath[len("lab/tree/"):]
        assert (ROOT / target).is_file(), f"{url} opens {target}, which does not exist"
        opened.append(Path(target).name)
    assert sorted(opened) == notebooks, "one Binder link per notebook"
