"""The loss explorer: MSE and binary cross-entropy against the prediction, and categorical
cross-entropy for one row of the five-class table.  Taught in 03_losses.ipynb."""

from types import MappingProxyType

import numpy as np

from ..article import CLASS_TABLE, CLASSES  # the source's five-class table
from ..losses import (
    binary_cross_entropy,
    binary_cross_entropy_grad,
    categorical_cross_entropy,
    mse,
    mse_grad,
)
from ..plots import COLORS, fmt, styled
from .axes import tangent
from .bars import Bars
from .base import Explorer
from .controls import control_grid
from .marks import (
    TEXT_SIZE,
    KeyLabel,
    fractions,
    move_line,
    point_marker,
    slope_text,
    tangent_line,
)
from .readout import Row, Section

# Each binary loss's formulas: (its value, its slope dC/dy_hat).
FORMULAS = MappingProxyType(
    {
        "MSE": ("(y_hat - y)^2", "2 (y_hat - y)"),
        "BCE": ("-y log y_hat - (1-y) log(1-y_hat)", "(y_hat - y) / (y_hat (1-y_hat))"),
    }
)


def renormalised(raw):
    """Class probabilities scaled to sum to 1 (uniform when all are 0).  (5,) -> (5,)."""
    raw = np.asarray(raw, dtype=float)
    total = raw.sum()
    return raw / total if total > 0 else np.full(len(raw), 1.0 / len(raw))


class LossExplorer(Explorer):
    """MSE and binary cross-entropy against the prediction, and categorical
    cross-entropy for one row of the five-class table.  Built by loss_explorer()."""

    name = "loss_explorer"
    summary = "a prediction slider, target dropdowns, five class-probability sliders"
    P_RANGE = (0.01, 0.99)
    C_LIMITS = (0.0, 5.0)
    TANGENT_HALF_WIDTH = 0.2  # the tangents span 2/5 of the prediction's range
    GRID = (*P_RANGE, 393)  # where the curves are computed

    def __init__(self, p=0.7, y=1.0, target="Cat"):
        super().__init__(figsize=(9.0, 3.3))
        if target not in CLASSES:
            raise ValueError(f"target must be one of {', '.join(CLASSES)}, got {target!r}")
        pred = self._slider("p", p, *self.P_RANGE, 0.01, "prediction y_hat")
        if y not in (0, 1):
            raise ValueError(f"y must be the binary target 0 or 1, got {y!r}")
        targ = self._dropdown("y", [("0", 0.0), ("1", 1.0)], float(y), "target y")
        probs = [
            self._slider(c, CLASS_TABLE[target][k], 0.0, 1.0, 0.01, f"P({c})")
            for k, c in enumerate(CLASSES)
        ]
        row = self._dropdown(
            "target", list(CLASSES), target, "true class (table row)", on_change=self._load_row
        )
        self._build_figure()
        self._assemble(control_grid([pred, targ], [row, *probs[:2]], probs[2:]))

    def _build_figure(self):
        grid = self.grid()
        with styled():
            ax, bx = self._two_axes(left=0.07, bottom=0.17, wspace=0.22)
            self.ax_binary, self.ax_classes = ax, bx
            (self.mse_curve,) = ax.plot(grid, grid, color=COLORS["curve"], ls="-", label="MSE")
            (self.bce_curve,) = ax.plot(
                grid, grid, color=COLORS["derivative"], ls="-.", label="BCE"
            )
            self.mse_tangent = tangent_line(ax, label="_mse_tangent")
            self.bce_tangent = tangent_line(ax, label="_bce_tangent")
            self.mse_point = point_marker(ax, "o", COLORS["curve"], label="_mse_now")
            self.bce_point = point_marker(ax, "s", COLORS["derivative"], label="_bce_now")
            self.mse_label, self.bce_label = KeyLabel(ax), KeyLabel(ax)
            ax.set_xlim(0.0, 1.0)
            ax.set_ylim(*self.C_LIMITS)
            ax.set_xlabel("prediction y_hat")
            ax.set_ylabel("loss C")
            ax.legend(loc="upper center", ncols=2, fontsize=TEXT_SIZE)
            self.bars = Bars(bx, len(CLASSES))
            bx.set_xticks(range(5), CLASSES)
            bx.set_ylim(0.0, 1.0)
            bx.set_ylabel("probability (renormalised)")
            bx.grid(axis="x", visible=False)
            self.cce_label = KeyLabel(bx, COLORS["highlight"])
        labels = (self.mse_label.text, self.bce_label.text, self.cce_label.text)
        self._animate(
            self.mse_tangent,
            self.bce_tangent,
            self.mse_point,
            self.bce_point,
            *labels,
            *self.bars.artists,
        )

    def _load_row(self, change):
        with self.hold():
            for c, value in zip(CLASSES, CLASS_TABLE[change["new"]]):
                self.sliders[c].value = value

    def probabilities(self):
        """The five class sliders renormalised to sum to 1 (uniform when all are 0)."""
        return renormalised([self.sliders[c].value for c in CLASSES])

    @classmethod
    def compute(cls, state):
        """The binary losses and slopes at p and on the grid; the renormalised row and its
        categorical cross-entropy, alone and in the table.  state: p, y, target, the five
        class sliders -> dict."""
        p, y, target = state["p"], state["y"], state["target"]
        grid = cls.grid()
        yy = np.full_like(grid, y)
        c_mse, c_bce = mse([p], [y]), binary_cross_entropy([p], [y])
        g_mse, g_bce = float(mse_grad([p], [y])[0]), float(binary_cross_entropy_grad([p], [y])[0])
        probs = renormalised([state[c] for c in CLASSES])
        k = CLASSES.index(target)
        table = np.array([CLASS_TABLE[c] for c in CLASSES])
        table[k] = probs
        return {
            "p": p,
            "y": y,
            "target": target,
            "k": k,
            "mse_curve": mse(grid, yy, reduction="none"),
            "bce_curve": binary_cross_entropy(grid, yy, reduction="none"),
            "mse": (c_mse, g_mse),
            "bce": (c_bce, g_bce),
            "mse_tangent": tangent(p, c_mse, g_mse, cls.TANGENT_HALF_WIDTH),
            "bce_tangent": tangent(p, c_bce, g_bce, cls.TANGENT_HALF_WIDTH),
            "probs": probs,
            "row_loss": categorical_cross_entropy(probs[None, :], np.array([k])),
            "mean_loss": categorical_cross_entropy(table, np.arange(5)),
        }

    def draw(self, numbers):
        n, p = numbers, numbers["p"]
        self.mse_curve.set_ydata(n["mse_curve"])
        self.bce_curve.set_ydata(n["bce_curve"])
        move_line(self.mse_tangent, *n["mse_tangent"])
        move_line(self.bce_tangent, *n["bce_tangent"])
        move_line(self.mse_point, [p], [n["mse"][0]])
        move_line(self.bce_point, [p], [n["bce"][0]])
        self._slope_labels(n)
        self._retitle(
            self.ax_binary, f"target y = {n['y']:.0f}: the red lines' slopes are dC/dy_hat"
        )
        self.bars.set(n["probs"], n["k"])
        k, row_loss = n["k"], n["row_loss"]
        u, _ = fractions(k, 0.0, self.ax_classes.get_xlim(), (0.0, 1.0))
        self.cce_label.put(f"CCE = {fmt(row_loss)}", u, n["probs"][k] + 0.1)
        self._retitle(self.ax_classes, f"cross-entropy, true class {n['target']} (outlined)")

    def _slope_labels(self, n):
        """The two slopes written one above the other under the legend, on the side
        where the curves are low (the right for y = 1, the left for y = 0), each with the
        marker of its point: circle MSE, square BCE."""
        u = 0.7 if n["y"] == 1 else 0.3
        self.bce_label.put(slope_text("\u25a0 dBCE/dy_hat", n["bce"][1], prefix=""), u, 0.72)
        self.mse_label.put(slope_text("\u25cf dMSE/dy_hat", n["mse"][1], prefix=""), u, 0.58)

    def lines(self, numbers):
        n = numbers
        return [
            Section(
                "binary",
                (
                    Row("y_hat", n["p"], "the prediction", COLORS["point"], given=True),
                    Row("y", n["y"], "the target", given=True),
                ),
            ),
            self._binary("MSE (circle)", "MSE", n["mse"], COLORS["curve"]),
            self._binary("BCE (square)", "BCE", n["bce"], COLORS["derivative"]),
            *self._classes(n),
        ]

    @staticmethod
    def _binary(title, name, loss, color):
        """A binary loss's Section: its value (the colour of its curve) and its slope (the
        colour of the tangents), with their formulas.  loss: (value, slope)."""
        value, slope = FORMULAS[name]
        return Section(
            title,
            (
                Row(name, loss[0], value, color),
                Row(f"d{name}/dy_hat", loss[1], slope, COLORS["tangent"], key=True),
            ),
        )

    @staticmethod
    def _classes(n):
        """The five-class row and its categorical cross-entropy, as Sections."""
        target = n["target"]
        probs = tuple(
            Row(f"P({c})", q, color=COLORS["highlight" if c == target else "bar"])
            for c, q in zip(CLASSES, n["probs"])
        )
        row_loss = Row(
            f"CCE of the {target} row", n["row_loss"], f"-log P({target})", COLORS["highlight"]
        )
        mean = Row("mean CCE over the table", n["mean_loss"], "mean of -log P(true class)")
        return (
            Section("five classes", (Row("true class", target), *probs)),
            Section("categorical cross-entropy", (row_loss, mean)),
        )


def loss_explorer(p=0.7, y=1.0, target="Cat"):
    """The prediction as a slider: MSE and binary cross-entropy with their slopes; and
    one row of the five-class table, adjustable and renormalised, with its categorical
    cross-entropy.  Taught in 03_losses.ipynb."""
    return LossExplorer(p, y, target)
