"""Write the course's navigation from its notebooks' file names and titles.

    python tools/navigation.py           # update in place
    python tools/navigation.py --check   # exit 1 and name what is stale; write nothing

Reads notebooks/NN_*.ipynb in name order; a notebook's title is its first "# " heading
and its one-line description is metadata course.summary, or else the first line under
"In this notebook you will".  It then writes
  - the last cell of every notebook, a Markdown cell starting with <!-- nav -->:
    links to the previous notebook, the contents (00_start_here) and the next one;
  - the contents list in 00_start_here.ipynb between <!-- contents --> and
    <!-- /contents -->: one line per notebook with its link, description and Binder link;
  - the same list in README.md, if README.md has the same two markers.
Only Markdown cells change, and a file is written only when its text would change, so
outputs stay and a second run changes nothing.
"""

import argparse
import re
import sys
from pathlib import Path

import nbformat

# The repository's public GitHub address, "owner/name" (placeholder until it is published);
# every Binder launch link is built from it.
BINDER_REPO = "OWNER/REPO"

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
README = ROOT / "README.md"
START = "00_start_here.ipynb"
NAV_MARKER = "<!-- nav -->"
CONTENTS_START, CONTENTS_END = "<!-- contents -->", "<!-- /contents -->"
GOALS = "In this notebook you will"
NOTEBOOK_NAME = re.compile(r"^\d\d_[A-Za-z0-9_]+\.ipynb$")
BINDER_BADGE = "https://mybinder.org/badge_logo.svg"
BULLET = re.compile(r"\s*(?:[-*]|\d+\.)\s+(.+)")


def binder_url(name):
    """The JupyterLab launch link for notebooks/name on mybinder.org."""
    return f"https://mybinder.org/v2/gh/{BINDER_REPO}/HEAD?urlpath=lab/tree/notebooks/{name}"


def notebook_paths(folder=NOTEBOOKS):
    """notebooks/NN_*.ipynb in reading order."""
    return sorted(p for p in folder.glob("*.ipynb") if NOTEBOOK_NAME.match(p.name))


def title_of(nb, name):
    """The text of the notebook's first "# " heading."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    raise ValueError(f"{name} has no title: expected a Markdown line starting with '# '")


def summary_of(nb, name):
    """metadata course.summary, or else the first goal under "In this notebook you will"."""
    summary = nb.metadata.get("course", {}).get("summary")
    if summary:
        return " ".join(summary.split())
    for cell in nb.cells:
        if cell.cell_type != "markdown" or GOALS not in cell.source:
            continue
        lines = cell.source.split(GOALS, 1)[1].splitlines()
        starts = [i for i, line in enumerate(lines) if BULLET.match(line)]
        if starts:
            goal = [BULLET.match(lines[starts[0]]).group(1)]
            for line in lines[starts[0] + 1 :]:  # a goal may wrap onto following lines
                if not line.strip() or BULLET.match(line) or line.lstrip().startswith("#"):
                    break
                goal.append(line.strip())
            goal = " ".join(" ".join(goal).split()).rstrip(".;,")
            return goal[0].upper() + goal[1:]
    raise ValueError(
        f"{name} has no description: set metadata course.summary or list goals under '{GOALS}'"
    )


def read_course(folder=NOTEBOOKS):
    """[(path, notebook, title, summary)] for every notebook, in order."""
    course = []
    for path in notebook_paths(folder):
        nb = nbformat.read(path, as_version=4)
        course.append((path, nb, title_of(nb, path.name), summary_of(nb, path.name)))
    return course


def nav_source(course, index):
    """The navigation cell of course[index]: previous · contents · next."""
    parts = []
    if index > 0:
        prev = course[index - 1]
        parts.append(f"[← {prev[2]}]({prev[0].name})")
    if course[index][0].name != START:
        parts.append(f"[Contents]({START})")
    if index + 1 < len(course):
        nxt = course[index + 1]
        parts.append(f"[{nxt[2]} →]({nxt[0].name})")
    return f"{NAV_MARKER}\n---\n" + " · ".join(parts)


def contents_lines(course, prefix=""):
    """One Markdown list line per notebook; links are prefix + file name."""
    return [
        f"- [{title}]({prefix}{path.name}): {summary} "
        f"[![Launch on Binder]({BINDER_BADGE})]({binder_url(path.name)})"
        for path, _, title, summary in course
    ]


def replace_between(text, inner_lines, where):
    """text with the lines between the contents markers replaced by inner_lines."""
    pattern = re.compile(re.escape(CONTENTS_START) + r".*?" + re.escape(CONTENTS_END), re.S)
    if len(pattern.findall(text)) != 1:
        raise ValueError(
            f"{where} must contain exactly one {CONTENTS_START} ... {CONTENTS_END} block"
        )
    block = "\n".join([CONTENTS_START, *inner_lines, CONTENTS_END])
    return pattern.sub(lambda _: block, text)


def has_contents_markers(text):
    return CONTENTS_START in text and CONTENTS_END in text


def plan(folder=NOTEBOOKS, readme=README):
    """What would change: [(path, what, new content)], new content being a notebook or
    README text.  Nothing is written."""
    course = read_course(folder)
    changes = []
    for index, (path, nb, _, _) in enumerate(course):
        what = []
        nav = nav_source(course, index)
        last = nb.cells[-1] if nb.cells else None
        if last is not None and last.cell_type == "markdown" and last.source.startswith(NAV_MARKER):
            if last.source != nav:
                last.source = nav
                what.append("navigation cell")
        else:
            nb.cells.append(nbformat.v4.new_markdown_cell(nav))
            what.append(
                f"navigation cell (missing: a last Markdown cell starting with {NAV_MARKER})"
            )
        if path.name == START:
            cells = [
                c for c in nb.cells if c.cell_type == "markdown" and has_contents_markers(c.source)
            ]
            if len(cells) != 1:
                raise ValueError(
                    f"{path.name} must have exactly one Markdown cell with "
                    f"{CONTENTS_START} ... {CONTENTS_END}, found {len(cells)}"
                )
            new = replace_between(cells[0].source, contents_lines(course), path.name)
            if new != cells[0].source:
                cells[0].source = new
                what.append("contents")
        if what:
            changes.append((path, ", ".join(what), nb))
    if readme.is_file():
        text = readme.read_text(encoding="utf-8")
        if has_contents_markers(text):
            new = replace_between(text, contents_lines(course, "notebooks/"), readme.name)
            if new != text:
                changes.append((readme, "contents", new))
    return changes


def _shown(path):
    """path relative to the repository when it is inside it."""
    try:
        return path.relative_to(ROOT)
    except ValueError:
        return path


def main(argv=None, folder=None, readme=None):
    """Command line entry; folder and readme default to notebooks/ and README.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="exit 1 and name what is stale, without writing"
    )
    args = parser.parse_args(argv)
    try:
        changes = plan(folder or NOTEBOOKS, readme or README)
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    for path, what, new in changes:
        rel = _shown(path)
        if args.check:
            print(f"stale: {rel}: {what}")
        elif isinstance(new, str):
            path.write_text(new, encoding="utf-8")
            print(f"updated {rel}: {what}")
        else:
            nbformat.write(new, path)
            print(f"updated {rel}: {what}")
    if args.check and changes:
        print("run: python tools/navigation.py", file=sys.stderr)
        return 1
    if not changes:
        print("navigation is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
