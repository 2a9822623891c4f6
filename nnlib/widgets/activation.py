"""The activation explorer: f(x), f'(x) and the tangent.  Taught in 02_activations.ipynb."""

from ..activations import ACTIVATIONS
from ..plots import COLORS, styled
from .axes import nice_range, tangent
from .base import ELEMENTWISE, Explorer
from .controls import control_grid
from .marks import KeyLabel, point_marker, slope_text, tangent_line
from .readout import Row, Section


class ActivationExplorer(Explorer):
    """f(x), f'(x) and the tangent for one activation.  Built by activation_explorer()."""

    name = "activation_explorer"
    summary = "an x slider and a function dropdown"
    X_RANGE = (-6.0, 6.0)
    GRID = (*X_RANGE, 481)  # where the curves are computed
    TANGENT_HALF_WIDTH = 2.5  # the tangent spans 5/12 of the x range

    def __init__(self, name="sigmoid", x=1.0):
        super().__init__(figsize=(9.0, 3.2))
        if name not in ELEMENTWISE:
            raise ValueError(f"name must be one of {', '.join(ELEMENTWISE)}, got {name!r}")
        slider = self._slider("x", x, *self.X_RANGE, 0.01)
        choose = self._dropdown("function", list(ELEMENTWISE), name, "function")
        self._build_figure()
        self._assemble(control_grid([choose], [slider]))

    def _build_figure(self):
        grid = self.grid()
        with styled():
            ax, bx = self._two_axes(left=0.07, bottom=0.16, wspace=0.22)
            self.ax_f, self.ax_df = ax, bx
            (self.curve,) = ax.plot(grid, grid, color=COLORS["curve"], label="f(x)")
            self.tangent = tangent_line(ax, label="tangent, slope f'(x)")
            self.point = point_marker(ax, "o", label="(x, f(x))")
            self.slope_label = KeyLabel(ax)
            (self.dcurve,) = bx.plot(grid, grid, color=COLORS["derivative"], ls="-.", label="f'(x)")
            self.dpoint = point_marker(bx, "s", COLORS["tangent"], size=10, label="slope at x")
            for axis in (ax, bx):
                axis.set_xlim(*self.X_RANGE)
                axis.set_xlabel("x")
            # No legends: the titles say what the red marks are.
        self._animate(self.tangent, self.point, self.slope_label.text, self.dpoint)

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
            "tangent": tangent(x, fx, dfx, cls.TANGENT_HALF_WIDTH),
        }

    def draw(self, numbers):
        name, x, dfx = numbers["name"], numbers["x"], numbers["dfx"]
        self.curve.set_ydata(numbers["curve"])
        self.dcurve.set_ydata(numbers["dcurve"])
        self.ax_f.set_ylim(*numbers["f_limits"])
        self.ax_df.set_ylim(*numbers["df_limits"])
        self._retitle(self.ax_f, f"{name}(x): the red line's slope is f'(x)")
        self._retitle(self.ax_df, f"{name}'(x): the red square is that slope")
        self.tangent.set_data(*numbers["tangent"])
        self.point.set_data([x], [numbers["fx"]])
        words = slope_text("f'(x)", dfx)
        self.slope_label.beside_tangent(
            words, numbers["tangent"], self.X_RANGE, numbers["f_limits"]
        )
        self.dpoint.set_data([x], [dfx])

    def lines(self, numbers):
        n = numbers
        return [
            Section(
                n["name"],
                (
                    Row("function", n["name"]),
                    Row("x", n["x"], "the slider", COLORS["point"]),
                    Row("f(x)", n["fx"], f"{n['name']}(x)", COLORS["curve"]),
                    Row("f'(x)", n["dfx"], "the tangent's slope", COLORS["tangent"], key=True),
                ),
            )
        ]


def activation_explorer(name="sigmoid", x=1.0):
    """An x slider and a function dropdown: f(x) with its tangent, and f'(x).
    Taught in 02_activations.ipynb."""
    return ActivationExplorer(name, x)
