"""Static checks of the course notebooks as saved (no kernel is started): structure,
stored outputs, exercises, links and navigation.  nbval re-runs them separately
(`pytest --nbval --nbval-current-env notebooks`)."""

import ast
import importlib
import importlib.util
import re
from pathlib import Path

import nbformat
import pytest

import nnlib
from nnlib.exercises import EXERCISES

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
EXPECTED = ("00_start_here", "01_neuron", "02_activations", "03_losses", "04_forward_pass",
            "05_chain_rule", "06_numerical_vs_analytic", "07_gradient_descent")
PRESENT = sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb"))
NNLIB_MODULES = ("activations", "losses", "layers", "network", "gradcheck", "train", "plots",
                 "widgets", "exercises", "tables")
MACHINE_PATHS = re.compile(r"/(work|root|home|tmp)\b")
TEXT_MIME = ("text/plain", "text/html", "text/markdown", "text/latex")
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)[^)]*\)|<(?:img|a)\s[^>]*(?:src|href)=\"([^\"]+)\"")
EXERCISE_CALL = re.compile(r"exercises\.check\(\s*[\"'](\w+)[\"']")


def _load(stem):
    return nbformat.read(NOTEBOOKS / f"{stem}.ipynb", as_version=4)


def _code(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def _markdown(nb):
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def _python(source):
    """Cell source with IPython magics and shell lines blanked, ready for ast.parse."""
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line
                     for line in source.splitlines())


def _output_text(cell):
    for out in cell.get("outputs", []):
        if out.output_type == "stream":
            yield out.text
        elif out.output_type in ("execute_result", "display_data"):
            for mime in TEXT_MIME:
                if mime in out.get("data", {}):
                    yield out.data[mime]
        elif out.output_type == "error":
            yield "\n".join(out.traceback)


def _nnlib_names():
    """Public names of functions and classes that nnlib and its submodules export."""
    names = set()
    modules = [nnlib]
    for sub in NNLIB_MODULES:
        if importlib.util.find_spec(f"nnlib.{sub}") is not None:
            modules.append(importlib.import_module(f"nnlib.{sub}"))
    for module in modules:
        for name, value in vars(module).items():
            if not name.startswith("_") and callable(value):
                names.add(name)
    return names


per_notebook = pytest.mark.parametrize("stem", PRESENT)


def test_notebooks_are_the_expected_ones():
    assert set(PRESENT) <= set(EXPECTED), f"unexpected notebooks: {set(PRESENT) - set(EXPECTED)}"


def test_course_is_complete():
    assert PRESENT == sorted(EXPECTED)


@per_notebook
def test_title_and_kernel(stem):
    nb = _load(stem)
    assert nb.cells[0].cell_type == "markdown"
    assert nb.cells[0].source.startswith(f"# {stem[:2]} · ")
    assert nb.metadata.kernelspec.name == "python3"
    assert nb.metadata.language_info.name == "python"


@per_notebook
def test_imports_nnlib_first(stem):
    first = _python(_code(_load(stem))[0].source)
    tree = ast.parse(first)
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert "nnlib" in imported


@per_notebook
def test_defines_nothing_nnlib_provides(stem):
    provided = _nnlib_names()
    defined = set()
    for cell in _code(_load(stem)):
        for node in ast.walk(ast.parse(_python(cell.source))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                defined.add(node.name)
            elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Lambda):
                defined |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    assert not defined & provided, f"defines what nnlib provides: {sorted(defined & provided)}"


@per_notebook
def test_has_the_course_sections(stem):
    text = _markdown(_load(stem))
    assert "In this notebook you will" in text
    assert re.search(r"^## Check yourself", text, re.M)
    assert re.search(r"^## Summary", text, re.M)


@per_notebook
def test_has_an_explorer_not_silenced(stem):
    cells = [c for c in _code(_load(stem)) if re.search(r"widgets\.\w+_explorer\(", c.source)]
    assert cells, "no widgets.*_explorer(...) call"
    for cell in cells:
        assert not cell.source.rstrip().endswith(";"), "an explorer cell ends with ';'"


@per_notebook
def test_exercises_are_this_notebooks_and_left_unanswered(stem):
    nb = _load(stem)
    called = []
    for i, cell in enumerate(nb.cells):
        names = EXERCISE_CALL.findall(cell.source) if cell.cell_type == "code" else []
        if not names:
            continue
        called += names
        shown = "".join(_output_text(cell))
        assert shown.startswith("not answered yet"), f"cell {i} shows {shown[:80]!r}"
        after = nb.cells[i + 1] if i + 1 < len(nb.cells) else None
        assert after is not None and after.cell_type == "markdown"
        assert "<details><summary>Hint</summary>" in after.source
        assert "<details><summary>Solution</summary>" in after.source
    assert len(called) >= 2
    for name in called:
        assert name in EXERCISES and EXERCISES[name].notebook == stem, name
    assert {ex for ex, e in EXERCISES.items() if e.notebook == stem} <= set(called)


@per_notebook
def test_saved_executed_in_order(stem):
    counts = [c.execution_count for c in _code(_load(stem))]
    assert counts == list(range(1, len(counts) + 1))


@per_notebook
def test_no_errors_or_stderr_in_outputs(stem):
    for i, cell in enumerate(_code(_load(stem))):
        for out in cell.outputs:
            assert out.output_type != "error", f"code cell {i}: {out.get('ename')}"
            assert not (out.output_type == "stream" and out.name == "stderr"), \
                f"code cell {i} wrote to stderr: {out.text[:80]!r}"


@per_notebook
def test_no_machine_paths_in_outputs(stem):
    for i, cell in enumerate(_code(_load(stem))):
        for text in _output_text(cell):
            match = MACHINE_PATHS.search(text)
            assert match is None, f"code cell {i} shows a machine path: {match.group(0)}"


@per_notebook
def test_relative_links_resolve(stem):
    for target in (a or b for a, b in LINK.findall(_markdown(_load(stem)))):
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue
        path = target.split("#")[0].split("?")[0]
        assert (NOTEBOOKS / path).exists(), f"link to {target} does not resolve"


@per_notebook
def test_ends_with_navigation(stem):
    last = _load(stem).cells[-1]
    assert last.cell_type == "markdown" and last.source.startswith("<!-- nav -->")


def test_navigation_is_current():
    spec = importlib.util.spec_from_file_location("navigation", ROOT / "tools" / "navigation.py")
    navigation = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(navigation)
    stale = [f"{path.relative_to(ROOT)}: {what}" for path, what, _ in navigation.plan()]
    assert not stale, "run tools/navigation.py; stale: " + "; ".join(stale)
