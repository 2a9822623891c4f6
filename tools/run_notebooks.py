"""Execute the course's notebooks top to bottom in a fresh kernel and save them in place.

    python tools/run_notebooks.py [--timeout SECONDS] [NOTEBOOK ...]

With no paths, every notebooks/*.ipynb is run, in name order.  Each notebook runs in
its own fresh "python3" kernel (the interpreter running this script), with notebooks/
as the working directory, so execution counts go 1..n.  The saved file keeps its
outputs but no widget state and no execution timings, so it stays small and its diff
shows only real changes.  A notebook whose run produces an error (or anything on
stderr) is not saved; the script names it and exits with status 1.
"""

import argparse
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
VOLATILE_CELL_METADATA = ("execution", "collapsed", "scrolled", "ExecuteTime")


def problems(nb):
    """One line per error output or stderr stream in nb's code cells."""
    found = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        first = cell.source.splitlines()[0] if cell.source else ""
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                found.append(f"cell {index} ({first!r}): {out.ename}: {out.evalue}")
            elif out.output_type == "stream" and out.name == "stderr":
                text = out.text.strip().splitlines()
                found.append(f"cell {index} ({first!r}) wrote to stderr: {text[0] if text else ''}")
    return found


def clean(nb):
    """Drop widget state and volatile metadata; set the course's kernel spec."""
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    for cell in nb.cells:
        for key in VOLATILE_CELL_METADATA:
            cell.metadata.pop(key, None)
    return nb


def run(path, timeout):
    """Execute one notebook; save it in place when it ran cleanly.  -> list of problems."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        allow_errors=True,
        record_timing=False,
        store_widget_state=False,
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    client.execute()
    found = problems(nb)
    if not found:
        nbformat.write(clean(nb), path)
    return found


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "paths", nargs="*", type=Path, help="notebooks to run (default: every notebooks/*.ipynb)"
    )
    parser.add_argument(
        "--timeout", type=int, default=600, help="seconds allowed per cell (default 600)"
    )
    args = parser.parse_args(argv)
    paths = args.paths or sorted(NOTEBOOKS.glob("*.ipynb"))
    if not paths:
        parser.error(f"no notebooks found in {NOTEBOOKS}")
    missing = [str(p) for p in paths if p.suffix != ".ipynb" or not p.is_file()]
    if missing:
        parser.error(f"paths must be existing .ipynb files; not found: {', '.join(missing)}")
    failed = 0
    for path in paths:
        found = run(path, args.timeout)
        if found:
            failed += 1
            print(f"FAILED {path} (not saved)")
            for line in found:
                print(f"    {line}")
        else:
            print(f"ok     {path}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
