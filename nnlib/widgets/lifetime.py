"""How long an explorer lives: what closing it lets go of, and the explorers a notebook cell
made before, closed when the cell runs again.

ipywidgets keeps every open widget alive, so an explorer that is merely replaced on the page
(the learner runs its cell again) would keep its figure, its cached backgrounds and its
controls until the kernel stops.  An explorer remembers the cell and the run that made it
(weakly: the memory holds no explorer alive); when the same cell makes an explorer in a later
run, the explorers of its earlier runs are closed.  Several explorers made by one run of a
cell are left alone.
"""

import weakref

from matplotlib.artist import Artist
from matplotlib.figure import Figure

from .bars import Bars
from .marks import KeyLabel

# cell id -> (the run that made the explorers, weak references to them)
_MADE_BY_CELL = {}


def current_run():
    """(the id of the notebook cell being run, its execution count), or None outside a
    notebook front end that sends cell ids (JupyterLab and Notebook 7 do)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    shell = get_ipython()
    kernel = getattr(shell, "kernel", None)
    if kernel is None or not hasattr(kernel, "get_parent"):
        return None
    cell = (kernel.get_parent() or {}).get("metadata", {}).get("cellId")
    return None if cell is None else (cell, shell.execution_count)


def made_now(explorer, run):
    """Remember that explorer was made by run (from current_run()), and close the explorers
    the same cell made in its earlier runs."""
    if run is None:
        return
    cell, count = run
    earlier, refs = _MADE_BY_CELL.get(cell, (None, []))
    if earlier != count:
        for ref in refs:
            old = ref()
            if old is not None:
                old.close()
        refs = []
    refs.append(weakref.ref(explorer))
    _MADE_BY_CELL[cell] = (count, refs)


def holds_figure(value):
    """Whether value is, or holds, part of a matplotlib figure (a Figure, an artist, Bars,
    a KeyLabel, or a list, tuple or dict of them, at any depth)."""
    if isinstance(value, dict):
        return any(holds_figure(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(holds_figure(v) for v in value)
    return isinstance(value, (Figure, Artist, Bars, KeyLabel))


def drop_figure(explorer):
    """Set every attribute of explorer that holds part of its figure to None, so that the
    figure can be collected even while the explorer object is still referenced (by the
    notebook's output history, say)."""
    for name, value in list(vars(explorer).items()):
        if holds_figure(value):
            setattr(explorer, name, None)
