"""The palette and style that the static figures (nnlib.plots) and the explorers
(nnlib.widgets) share, and the Figure they draw on.

Every figure is a matplotlib.figure.Figure drawn by the Agg canvas (no pyplot, so no
global state and no second copy from the inline backend); the style is applied with
rc_context while a figure is built, never on import.

A static figure is a StaticFigure, WIDTH inches wide (720 CSS pixels at DPI): in a notebook
it shows itself as a paletted PNG drawn at SCALE times its size and displayed at its size
(as IPython's "retina" format does), sharp on a HiDPI screen and small on disk.
"""

import base64
import contextlib
import io
from types import MappingProxyType

import matplotlib as mpl
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .written import fmt, given  # noqa: F401  (the figures' numbers, written one way)

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
DPI = 90  # CSS pixels per inch of a static figure
WIDTH = 8.0  # inches: every static figure is 720 CSS pixels wide, as wide as the explorers
SCALE = 2  # device pixels per CSS pixel of the stored PNG

STYLE = MappingProxyType(
    {
        "axes.prop_cycle": mpl.cycler(color=list(CYCLE)),
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.alpha": 0.3,
        # Points; at least 12 CSS pixels at 80 (explorers) or 90 (static figures) per inch.
        "font.size": 11,
        "axes.titlesize": 12,
        "axes.labelsize": 11,
        "xtick.labelsize": 11,
        "ytick.labelsize": 11,
        "legend.fontsize": 11,
        "figure.titlesize": 12,
        "legend.frameon": False,
        "figure.dpi": DPI,
        "savefig.dpi": DPI,
        "lines.linewidth": 2.0,
    }
)


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


def picture_png(fig, scale=SCALE, colors=64):
    """fig drawn at scale times its dpi as a paletted PNG (adaptive palette of at most
    `colors` colours, not dithered), with the size to show it at.
    -> (png bytes, {"width": CSS px, "height": CSS px})."""
    from PIL import Image

    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=scale * fig.dpi, facecolor="white")
    with Image.open(out) as drawn:
        rgb = drawn.convert("RGB")
    paletted = rgb.quantize(colors=colors, dither=Image.Dither.NONE)
    png = io.BytesIO()
    paletted.save(png, format="png", optimize=True)
    width, height = (round(v) for v in fig.get_size_inches() * fig.dpi)
    return png.getvalue(), {"width": width, "height": height}


class StaticFigure(Figure):
    """A Figure that a notebook shows as picture_png(self): drawn at SCALE times its
    size, displayed at its size.  (IPython's inline backend registers its own PNG
    formatter for every Figure; _ipython_display_ comes before any formatter.)"""

    def _ipython_display_(self):
        from IPython.display import display

        png, size = picture_png(self)
        bundle = {"image/png": base64.b64encode(png).decode("ascii"), "text/plain": repr(self)}
        display(bundle, metadata={"image/png": size}, raw=True)


@contextlib.contextmanager
def static_figure(height, width=WIDTH, layout="constrained"):
    """A StaticFigure, width by height inches at DPI, laid out by `layout` (None for a
    figure placed by hand), built inside styled(): `with static_figure(3.0) as fig: ...`."""
    height = round(height * DPI) / DPI  # a whole number of CSS pixels
    with styled():
        fig = StaticFigure(figsize=(width, height), dpi=DPI, layout=layout)
        FigureCanvasAgg(fig)
        yield fig
