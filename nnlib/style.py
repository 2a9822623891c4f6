"""The palette and style that the static figures (nnlib.plots) and the explorers
(nnlib.widgets) share, and the Figure they draw on.

Every figure is a matplotlib.figure.Figure drawn by the Agg canvas (no pyplot, so no
global state and no second copy from the inline backend); the style is applied with
rc_context while a figure is built, never on import.
"""

import contextlib
from types import MappingProxyType

import matplotlib as mpl
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

# Okabe & Ito's palette, distinguishable with the common colour-vision deficiencies.
OKABE_ITO = MappingProxyType(
    {
        "black": "#000000",
        "orange": "#E69F00",
        "sky_blue": "#56B4E9",
        "green": "#009E73",
        "yellow": "#F0E442",
        "blue": "#0072B2",
        "vermillion": "#D55E00",
        "purple": "#CC79A7",
    }
)
# The roles colours play across the course; each role also has its own marker or line
# style, so no meaning rests on colour alone.
COLORS = MappingProxyType(
    {
        "curve": OKABE_ITO["blue"],
        "derivative": OKABE_ITO["orange"],
        "tangent": OKABE_ITO["vermillion"],
        "point": OKABE_ITO["black"],
        "bar": OKABE_ITO["sky_blue"],
        "highlight": OKABE_ITO["vermillion"],
        "second": OKABE_ITO["green"],
        "third": OKABE_ITO["purple"],
    }
)
CYCLE = tuple(
    OKABE_ITO[k] for k in ("blue", "orange", "green", "vermillion", "purple", "sky_blue", "black")
)
DPI = 90

STYLE = MappingProxyType(
    {
        "axes.prop_cycle": mpl.cycler(color=list(CYCLE)),
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "font.size": 10,
        "axes.titlesize": 10,
        "legend.fontsize": 9,
        "legend.frameon": False,
        "figure.dpi": DPI,
        "savefig.dpi": DPI,
        "lines.linewidth": 2.0,
    }
)


def fmt(value):
    """A number as the figures and readouts print it: 4 significant digits."""
    return f"{float(value):.4g}"


def styled():
    """A context manager applying the course's style to figures created inside it."""
    return mpl.rc_context(STYLE)


def new_figure(figsize, dpi=DPI):
    """A Figure drawn by the Agg canvas (no pyplot, no global state)."""
    fig = Figure(figsize=figsize, dpi=dpi)
    FigureCanvasAgg(fig)
    return fig


@contextlib.contextmanager
def styled_figure(figsize, dpi=DPI):
    """A new_figure built inside styled(): `with styled_figure((w, h)) as fig: ...`."""
    with styled():
        yield new_figure(figsize, dpi)
