"""Maintainability limits for nnlib: no module longer than 400 lines and no function or
method longer than 40 lines (from its def to its last line, docstring included), so each
file reads as one concept and each function as one step."""

import ast
from pathlib import Path

import pytest

NNLIB = Path(__file__).resolve().parent.parent / "nnlib"
MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 40
SOURCES = sorted(NNLIB.rglob("*.py"))


def _name(path):
    return path.relative_to(NNLIB.parent).as_posix()


def long_functions(source, limit=MAX_FUNCTION_LINES):
    """[(qualified name, lines), ...] for every function or method in source longer than
    limit lines, counted from its def (decorators excluded) to its last line."""
    found = []

    def visit(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = f"{prefix}{child.name}"
                lines = child.end_lineno - child.lineno + 1
                if not isinstance(child, ast.ClassDef) and lines > limit:
                    found.append((name, lines))
                visit(child, f"{name}.")
            else:
                visit(child, prefix)

    visit(ast.parse(source), "")
    return found


def test_nnlib_has_sources():
    assert {"network.py", "plots.py", "exercises/engine.py"} <= {
        p.relative_to(NNLIB).as_posix() for p in SOURCES
    }


@pytest.mark.parametrize("path", SOURCES, ids=_name)
def test_module_is_at_most_400_lines(path):
    n = len(path.read_text(encoding="utf-8").splitlines())
    assert n <= MAX_FILE_LINES, f"{_name(path)} has {n} lines (at most {MAX_FILE_LINES})"


@pytest.mark.parametrize("path", SOURCES, ids=_name)
def test_functions_are_at_most_40_lines(path):
    found = long_functions(path.read_text(encoding="utf-8"))
    assert not found, "; ".join(
        f"{_name(path)}: {name} has {n} lines (at most {MAX_FUNCTION_LINES})" for name, n in found
    )


def _function(name, n_lines, indent=""):
    """Source of a function of n_lines lines, its def included."""
    body = "".join(f"{indent}    x{k} = {k}\n" for k in range(n_lines - 1))
    return f"{indent}def {name}():\n{body}"


def test_long_functions_names_each_function_over_the_limit():
    source = _function("fits", 40) + "class C:\n" + _function("m", 41, "    ") + _function("f", 41)
    assert long_functions(source) == [("C.m", 41), ("f", 41)]
