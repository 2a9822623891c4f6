"""The activation explorer: f(x), f'(x) and the tangent.  Taught in 02_activations.ipynb."""

from ..activations import ACTIVATIONS
from ..plots import COLORS, styled
from .axes import nice_range, tangent
from .base import ELEMENTWISE, TITLE_SIZE, Explorer, marker, tangent_line


class ActivationExplorer(Explorer):
    """f(x), f'(x) and the tangent for one activation.  Built by activation_explorer()."""

    name = "activation_explorer"
    summary = "an x slider and a function dropdown"
    X_RANGE = (-6.0, 6.0)
    GRID = (*X_RANGE, 481)  # where the curves are computed

    def __init__(self, name="sigmoid", x=1.0):
        super().__init__(figsize=(9.0, 3.2))
        if name not in ELEMENTWISE:
            raise ValueError(f"name must be one of {', '.join(ELEMENTWISE)}, got {name!r}")
        slider = self._slider("x", x, *self.X_RANGE, 0.01)
        choose = self._dropdown("function", list(ELEMENTWISE), name, "function")
        self._build_figure()
        self._assemble(choose, slider)

    def _build_figure(self):
        grid = self.grid()
        with styled():
            ax, bx = self._two_axes(left=0.07, bottom=0.16, wspace=0.22)
            self.ax_f, self.ax_df = ax, bx
            (self.curve,) = ax.plot(grid, grid, color=COLORS["curve"], label="f(x)")
            self.tangent = tangent_line(ax, label="tangent, slope f'(x)")
            self.point = marker(ax, "o", label="current x")
            (self.dcurve,) = bx.plot(grid, grid, color=COLORS["derivative"], ls="-.", label="f'(x)")
            self.dpoint = marker(bx, "s", label="f'(x) at current x")
            for axis in (ax, bx):
                axis.set_xlim(*self.X_RANGE)
                axis.set_xlabel("x")
            ax.legend(loc="upper left")
            bx.legend(loc="upper left")
        self._animate(self.tangent, self.point, self.dpoint)

    @classmethod
    def compute(cls, state):
        """f and f' at x and on the grid, the tangent and the axis limits.
        state: x and "function" -> dict."""
        name, x = state["function"], state["x"]
        act = ACTIVATIONS[name]
        fx, dfx = float(act.f(x)), float(act.df(x))
        grid = cls.grid()
        curve, dcurve = act.f(grid), act.df(grid)
        return {
            "name": name,
            "x": x,
            "fx": fx,
            "dfx": dfx,
            "curve": curve,
            "dcurve": dcurve,
            "f_limits": nice_range(curve.min(), curve.max(), room=0.35),
            "df_limits": nice_range(min(dcurve.min(), 0.0), dcurve.max(), room=0.35),
            "tangent": tangent(x, fx, dfx, 1.0),
        }

    def draw(self, numbers):
        name, x = numbers["name"], numbers["x"]
        self.curve.set_ydata(numbers["curve"])
        self.dcurve.set_ydata(numbers["dcurve"])
        self.ax_f.set_ylim(*numbers["f_limits"])
        self.ax_df.set_ylim(*numbers["df_limits"])
        self.ax_f.set_title(f"{name}(x) and its tangent", fontsize=TITLE_SIZE)
        self.ax_df.set_title(f"the derivative {name}'(x)", fontsize=TITLE_SIZE)
        self.tangent.set_data(*numbers["tangent"])
        self.point.set_data([x], [numbers["fx"]])
        self.dpoint.set_data([x], [numbers["dfx"]])

    def lines(self, numbers):
        n = numbers
        return [[("function", n["name"]), ("x", n["x"]), ("f(x)", n["fx"]), ("f'(x)", n["dfx"])]]


def activation_explorer(name="sigmoid", x=1.0):
    """An x slider and a function dropdown: f(x) with its tangent, and f'(x).
    Taught in 02_activations.ipynb."""
    return ActivationExplorer(name, x)
