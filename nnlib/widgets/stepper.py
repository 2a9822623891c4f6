"""The backprop stepper: the article's network, one quantity of the forward and backward pass
at a time, in the order backpropagation computes them.  Taught in 06_backward_pass.ipynb."""

import functools
import numbers as _numbers

import ipywidgets as widgets

from ..backprop import QUANTITIES, backprop_steps
from ..network import ARTICLE_X, ARTICLE_Y, WEIGHT_NAMES, SeedNetwork
from ..plots import COLORS, styled
from ..style import OKABE_ITO
from .base import Explorer
from .controls import button, control_grid, folded
from .network_diagram import FIGSIZE, NetworkDiagram
from .readout import Row, Section

REUSED_COLOR = OKABE_ITO["orange"]  # as the diagram's "reused" badge


@functools.lru_cache(maxsize=8)
def _pass(weights, x, y):
    """backprop_steps for weights (a tuple in WEIGHT_NAMES' order), x (x1, x2) and y, kept
    for the last few settings: a step moves through one pass, it does not compute one."""
    return backprop_steps(dict(zip(WEIGHT_NAMES, weights)), x, y)


class BackpropStepper(Explorer):
    """The forward and backward pass stepped through on the network's diagram.  Built by
    backprop_stepper(); .steps[k] is the quantity computed (and highlighted) at .step == k,
    so .step 0 computes h11 and .step 23 dC/dw23.  What a learner sees counts from one: the
    step slider, the caption and the readout say "step k + 1 of 24"."""

    name = "backprop_stepper"
    WEIGHT_RANGE = (-4.0, 4.0)
    INPUT_RANGE = (-3.0, 3.0)
    LAST = len(QUANTITIES) - 1
    PLAY_INTERVAL = 1500  # ms between steps when playing

    def __init__(self, weights=None, x=ARTICLE_X, y=ARTICLE_Y):
        super().__init__(figsize=FIGSIZE)
        net = SeedNetwork(weights)
        x, y = net._xy(x, y)
        stepping = self._stepping()
        lo, hi = self.WEIGHT_RANGE
        columns = [
            [self._slider(n, net[n], lo, hi, 0.01) for n in WEIGHT_NAMES if n[1] == k]
            for k in "123"
        ]
        lo, hi = self.INPUT_RANGE
        columns.append(
            [
                self._slider("x1", float(x[0]), lo, hi, 0.01),
                self._slider("x2", float(x[1]), lo, hi, 0.01),
                self._slider("y", float(y), lo, hi, 0.01, "y (target)"),
            ]
        )
        folded = self._fold(control_grid(*columns))
        with styled():
            self.diagram = NetworkDiagram(self.figure.add_axes((0, 0, 1, 1)))
        self._animate(*self.diagram.artists)
        self._numbers = None
        # Beneath the figure at every width: its equations are long and change length with
        # every step, and a readout that jumped beside and beneath would move the page.
        self.readout.layout.flex = "1 1 100%"
        self.readout.layout.margin = "6px 0 0 0"
        self._assemble(stepping, self.inputs_toggle, folded)

    def _stepping(self):
        """The step slider with previous / next buttons and a play button -> their row."""
        slider = self._int_slider("step", 1, 1, self.LAST + 1, "step")
        self.previous_button = button(
            "previous",
            "chevron-left",
            "the step before (Enter or Space when focused)",
            lambda: self._move(-1),
        )
        self.next_button = button(
            "next",
            "chevron-right",
            "the next step (Enter or Space when focused)",
            lambda: self._move(+1),
        )
        self.play = widgets.Play(
            value=1,
            min=1,
            max=self.LAST + 1,
            interval=self.PLAY_INTERVAL,
            description="play",
            tooltip="step through the pass by itself",
            show_repeat=False,
        )
        # Linked in the browser: while playing, the slider moves and each move redraws.
        self._play_link = widgets.jslink((self.play, "value"), (slider, "value"))
        return widgets.HBox(
            [self.previous_button, self.next_button, self.play, slider],
            layout=widgets.Layout(flex_flow="row wrap", align_items="center"),
        )

    def _fold(self, grid):
        """grid (the weight, input and target sliders) folded away behind a toggle button
        -> its box."""
        self.inputs_toggle, self.inputs_box = folded(
            [grid],
            "weights, inputs x1, x2 and target y",
            "show or hide the sliders for the weights, the inputs and the target",
        )
        return self.inputs_box

    def close(self):
        """Close the stepper, its controls and the play link, and let go of the diagram and
        its figure."""
        self._play_link.close()
        super().close()
        self.diagram = None

    # --- the step ------------------------------------------------------------------------

    @property
    def step(self):
        """The index of the step shown: .steps[step] is the quantity being computed (the
        step slider shows step + 1)."""
        return self.sliders["step"].value - 1

    @step.setter
    def step(self, k):
        if isinstance(k, bool) or not isinstance(k, _numbers.Integral):
            raise TypeError(f"step must be a whole number from 0 to {self.LAST}, got {k!r}")
        if not 0 <= k <= self.LAST:
            raise ValueError(f"step must be from 0 to {self.LAST}, got {k}")
        self.sliders["step"].value = int(k) + 1

    def _move(self, by):
        """One step back (by=-1) or on (+1); nothing at either end."""
        self.step = min(max(self.step + by, 0), self.LAST)

    @property
    def steps(self):
        """[(name, value)] of every quantity, in the order the stepper walks through them."""
        return [(s.name, s.value) for s in self._numbers["steps"]]

    @property
    def summary(self):
        k = self.step
        return f"step {k + 1} of {self.LAST + 1} ({QUANTITIES[k]}); weights, x1 x2 y folded"

    # --- one frame -------------------------------------------------------------------------

    @classmethod
    def compute(cls, state):
        """The whole pass at the sliders' weights, inputs and target (computed once per
        setting), the index of the step shown (the step slider counts from one) and where
        the quantities it reuses live.  -> dict."""
        x, y = (state["x1"], state["x2"]), state["y"]
        steps = _pass(tuple(state[n] for n in WEIGHT_NAMES), x, y)
        k = state["step"] - 1
        at = {s.name: s.at for s in steps}
        return {
            "steps": steps,
            "k": k,
            "given": {**{n: state[n] for n in WEIGHT_NAMES}, "x1": x[0], "x2": x[1], "y": y},
            "reused_at": {at[name] for name in steps[k].reuses},
        }

    def draw(self, numbers):
        self._numbers = numbers
        d, steps, k = self.diagram, numbers["steps"], numbers["k"]
        for name, value in numbers["given"].items():
            d.show(name, value)
        states = {at: "idle" for at in d.places}
        for at in (("node", "x1"), ("node", "x2"), ("node", "y")):
            states[at] = "done"
        for j, s in enumerate(steps):
            d.show(s.name, s.value if j <= k else None)
            if j < k:
                states[s.at] = "done"
        for at in numbers["reused_at"]:
            states[at] = "reused"
        current = steps[k]
        states[current.at] = "current"
        for at, kind in states.items():
            d.state(at, kind)
        d.focus(current.name)
        d.reuse(current.reuses)
        d.caption(
            f"step {k + 1} of {len(steps)}, {current.phase} pass:  {current.symbolic}",
            current.substituted,
        )

    def lines(self, numbers):
        steps, k = numbers["steps"], numbers["k"]
        s = steps[k]
        reused = set(s.reuses)

        def row(step):
            color = COLORS["highlight"] if step is s else None
            return Row(step.name, step.value, color=REUSED_COLOR if step.name in reused else color)

        done = steps[: k + 1]
        sections = [
            Section(
                f"step {k + 1} of {len(steps)}: the {s.phase} pass",
                (
                    Row("step", f"{k + 1} of {len(steps)}"),
                    Row("pass", s.phase),
                    Row(s.name, s.value, color=COLORS["highlight"], key=True),
                    Row("equation", s.symbolic),
                    Row("with numbers", s.substituted),
                    Row("reused", ", ".join(s.reuses) or "nothing", color=REUSED_COLOR),
                ),
            ),
            Section("forward pass so far", tuple(row(t) for t in done if t.phase == "forward")),
        ]
        backward = tuple(row(t) for t in done if t.phase == "backward")
        if backward:
            sections.append(Section("backward pass so far", backward))
        return sections


def backprop_stepper(weights=None, x=ARTICLE_X, y=ARTICLE_Y):
    """The article's 2-3-1 network with every quantity of one forward and backward pass,
    computed one step at a time in backprop's order (h1j, a1j, y_hat, C, then dC/dy_hat,
    dC/dw3j, dC/da1j, dC/dh1j, dC/dwij): previous / next buttons, a step slider and a play
    button.  At each step the node or edge being computed is highlighted, its equation
    written with symbols and with numbers, the values so far stay on the diagram, and an
    upstream gradient used again is marked "reused".  The weights, inputs and target are
    folded away below.  weights: a mapping overriding some of ARTICLE_WEIGHTS; x: (x1,
    x2); y: the target.  Taught in 06_backward_pass.ipynb."""
    return BackpropStepper(weights, x, y)
