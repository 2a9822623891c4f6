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
from course import NOTEBOOKS as EXPECTED
from nbval.plugin import get_sanitize_patterns

import nnlib
from nnlib.exercises import EXERCISES

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
PRESENT = sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb"))
NNLIB_MODULES = (
    "activations",
    "losses",
    "layers",
    "network",
    "gradcheck",
    "train",
    "plots",
    "widgets",
    "exercises",
)
MACHINE_PATHS = re.compile(r"/(work|root|home|tmp)\b")
TEXT_MIME = ("text/plain", "text/html", "text/markdown", "text/latex")
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)[^)]*\)|<(?:img|a)\s[^>]*(?:src|href)=\"([^\"]+)\"")
EXERCISE_CALL = re.compile(r"exercises\.check\(\s*[\"'](\w+)[\"']")
# Printed numbers: 12, -0.5, .25, 3.0e-10, 1E+5; not digits inside names such as W1 or 0x1f.
PRINTED_NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?(?![\w.])")
ROUNDING_LEVEL = 1e-6  # below this, printed digits may change with the CPU
SANITIZE_FILE = ROOT / "tests" / "nbval_sanitize.cfg"


def _load(stem):
    return nbformat.read(NOTEBOOKS / f"{stem}.ipynb", as_version=4)


def _code(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def _markdown(nb):
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def _python(source):
    """Cell source with IPython magics and shell lines blanked, ready for ast.parse."""
    return "\n".join(
        "" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()
    )


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
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
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
    builders = "|".join(nnlib.widgets.BUILDERS)
    cells = [c for c in _code(_load(stem)) if re.search(rf"widgets\.({builders})\(", c.source)]
    assert cells, f"no call of an explorer builder (nnlib.widgets.BUILDERS: {builders})"
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
            assert not (out.output_type == "stream" and out.name == "stderr"), (
                f"code cell {i} wrote to stderr: {out.text[:80]!r}"
            )


@per_notebook
def test_no_machine_paths_in_outputs(stem):
    for i, cell in enumerate(_code(_load(stem))):
        for text in _output_text(cell):
            match = MACHINE_PATHS.search(text)
            assert match is None, f"code cell {i} shows a machine path: {match.group(0)}"


def sanitize(text):
    """text as nbval compares it: every rule of the sanitize file applied, in order."""
    for regex, replace in get_sanitize_patterns(SANITIZE_FILE.read_text()):
        text = re.sub(regex, replace, text)
    return text


def rounding_level_numbers(text):
    """The numbers printed in text whose magnitude is below ROUNDING_LEVEL (zero aside)."""
    return [
        m.group(0)
        for m in PRINTED_NUMBER.finditer(text)
        if 0 < abs(float(m.group(0))) < ROUNDING_LEVEL
    ]


def _compared(cell):
    return "NBVAL_IGNORE_OUTPUT" not in cell.source and "NBVAL_SKIP" not in cell.source


def test_sanitizer_hides_exactly_the_numbers_below_the_threshold():
    tiny = ["3.22e-10", "8e-11", "-1.5e-07", "9.99e-07", "2.2e-16", "1E-300"]
    kept = [
        "1.235",
        "1.52",
        "0.1454785288",
        "1e-6",
        "1.0e-06",
        "2.4e-06",
        "3.0e-03",
        "1e+07",
        "0.000001",
        "12",
        "W1",
        "(2, 3)",
    ]
    for number in tiny:
        assert rounding_level_numbers(number) == [number]
        assert sanitize(f"error {number}; ok") == "error <below 1e-6>; ok"
    for text in kept:
        assert rounding_level_numbers(text) == []
        assert sanitize(f"value {text}.") == f"value {text}."


def test_scan_finds_rounding_level_numbers_the_sanitizer_misses():
    # Decimal notation is not sanitized, so a stored 0.0000003 must be reported.
    assert rounding_level_numbers(sanitize("error 0.0000003, rel 3.2e-10")) == ["0.0000003"]
    assert rounding_level_numbers(sanitize("max |diff| 1.57e-10\nloss 1.39e-13")) == []


@per_notebook
def test_no_uncompared_rounding_level_digits_in_outputs(stem):
    """Every number nbval compares is above rounding level: a smaller one is either
    replaced by the sanitize rules or printed in a form that does not depend on the CPU."""
    for i, cell in enumerate(_code(_load(stem))):
        if not _compared(cell):
            continue
        for text in _output_text(cell):
            found = rounding_level_numbers(sanitize(text))
            assert not found, (
                f"code cell {i} prints {found}, below {ROUNDING_LEVEL:g} and "
                f"not covered by {SANITIZE_FILE.name}"
            )


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
    navigation = _tool("navigation")
    stale = [f"{path.relative_to(ROOT)}: {what}" for path, what, _ in navigation.plan()]
    assert not stale, "run tools/navigation.py; stale: " + "; ".join(stale)


# --- the tools that write the notebooks ------------------------------------------


def _tool(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _toy_course(folder):
    """Three small notebooks in folder: a start page with contents markers and two more,
    one with an output and a goal list, one with a summary in its metadata."""
    v4 = nbformat.v4
    start = v4.new_notebook(
        cells=[
            v4.new_markdown_cell("# 00 · Start\n\n**In this notebook you will**\n- begin here."),
            v4.new_markdown_cell("## Contents\n\n<!-- contents -->\n<!-- /contents -->"),
            v4.new_markdown_cell("<!-- nav -->"),
        ]
    )
    first = v4.new_notebook(
        cells=[
            v4.new_markdown_cell(
                "# 01 · First\n\n**In this notebook you will**\n\n- add two\n"
                "  numbers;\n- print them."
            ),
            v4.new_code_cell(
                "1 + 1",
                execution_count=1,
                outputs=[
                    v4.new_output("execute_result", data={"text/plain": "2"}, execution_count=1)
                ],
            ),
            v4.new_markdown_cell("<!-- nav -->\nold links"),
        ]
    )
    second = v4.new_notebook(cells=[v4.new_markdown_cell("# 02 · Second")])
    second.metadata["course"] = {"summary": "The second  step"}
    for name, nb in (("00_start_here", start), ("01_first", first), ("02_second", second)):
        nbformat.write(nb, folder / f"{name}.ipynb")


def _apply(changes):
    for path, _, new in changes:
        if isinstance(new, str):
            path.write_text(new, encoding="utf-8")
        else:
            nbformat.write(new, path)


def test_navigation_writes_links_and_contents_then_is_idempotent(tmp_path):
    navigation = _tool("navigation")
    _toy_course(tmp_path)
    readme = tmp_path / "README.md"
    readme.write_text("# Course\n\n<!-- contents -->\nold\n<!-- /contents -->\nend\n")
    changes = navigation.plan(tmp_path, readme)
    assert [(p.name, what.split(" (")[0]) for p, what, _ in changes] == [
        ("00_start_here.ipynb", "navigation cell, contents"),
        ("01_first.ipynb", "navigation cell"),
        ("02_second.ipynb", "navigation cell"),
        ("README.md", "contents"),
    ]
    _apply(changes)
    assert navigation.plan(tmp_path, readme) == []
    start = nbformat.read(tmp_path / "00_start_here.ipynb", as_version=4)
    first = nbformat.read(tmp_path / "01_first.ipynb", as_version=4)
    second = nbformat.read(tmp_path / "02_second.ipynb", as_version=4)
    assert start.cells[-1].source == "<!-- nav -->\n---\n[01 · First →](01_first.ipynb)"
    assert first.cells[-1].source == (
        "<!-- nav -->\n---\n[← 00 · Start](00_start_here.ipynb)"
        " · [Contents](00_start_here.ipynb)"
        " · [02 · Second →](02_second.ipynb)"
    )
    assert second.cells[-1].source.endswith("[Contents](00_start_here.ipynb)")
    assert first.cells[1].outputs[0].data["text/plain"] == "2"
    contents = start.cells[1].source
    assert "- [01 · First](01_first.ipynb): Add two numbers [![Launch on Binder]" in contents
    assert "- [02 · Second](02_second.ipynb): The second step [![" in contents
    assert (
        f"(https://mybinder.org/v2/gh/{navigation.BINDER_REPO}/HEAD?urlpath=lab/tree/"
        f"notebooks/02_second.ipynb)"
    ) in contents
    text = readme.read_text()
    assert "old" not in text and text.endswith("<!-- /contents -->\nend\n")
    assert "- [01 · First](notebooks/01_first.ipynb): Add two numbers" in text


def test_navigation_check_names_stale_files_without_writing(tmp_path, capsys):
    navigation = _tool("navigation")
    _toy_course(tmp_path)
    before = {p: p.read_bytes() for p in tmp_path.iterdir()}
    where = {"folder": tmp_path, "readme": tmp_path / "README.md"}
    assert navigation.main(["--check"], **where) == 1
    assert f"stale: {tmp_path / '01_first.ipynb'}: navigation cell" in capsys.readouterr().out
    assert before == {p: p.read_bytes() for p in tmp_path.iterdir()}
    assert navigation.main([], **where) == 0
    after = {p: p.read_bytes() for p in tmp_path.iterdir()}
    assert after != before
    assert navigation.main(["--check"], **where) == 0
    assert navigation.main([], **where) == 0
    assert after == {p: p.read_bytes() for p in tmp_path.iterdir()}


def test_navigation_explains_a_missing_title(tmp_path):
    navigation = _tool("navigation")
    nbformat.write(
        nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("text")]),
        tmp_path / "01_untitled.ipynb",
    )
    with pytest.raises(ValueError, match="01_untitled.ipynb has no title"):
        navigation.plan(tmp_path, tmp_path / "README.md")


def test_run_notebooks_cleans_and_finds_problems():
    run_notebooks = _tool("run_notebooks")
    v4 = nbformat.v4
    nb = v4.new_notebook(
        cells=[
            v4.new_code_cell(
                "1 / 0",
                outputs=[
                    v4.new_output(
                        "error", ename="ZeroDivisionError", evalue="division by zero", traceback=[]
                    )
                ],
            ),
            v4.new_code_cell(
                "import warnings",
                outputs=[v4.new_output("stream", name="stderr", text="a warning\n")],
            ),
        ]
    )
    nb.cells[0].metadata["execution"] = {"iopub.status.busy": "2026-01-01T00:00:00Z"}
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    assert run_notebooks.problems(nb) == [
        "cell 0 ('1 / 0'): ZeroDivisionError: division by zero",
        "cell 1 ('import warnings') wrote to stderr: a warning",
    ]
    run_notebooks.clean(nb)
    assert "widgets" not in nb.metadata and "execution" not in nb.cells[0].metadata
    assert nb.metadata.kernelspec.name == "python3"
