"""The backprop worksheet: a problem on the article's network whose forward and backward
quantities the learner computes by hand and types in, each checked on Enter, the answers
written on the network's diagram.  The checking is nnlib.worksheet's; this module lays it out.
Taught in 06_backward_pass.ipynb.
"""

import html
import numbers
from types import MappingProxyType

import ipywidgets as widgets
import numpy as np

from ..backprop import FORWARD, QUANTITIES
from ..plots import COLORS, styled
from ..style import OKABE_ITO
from ..worksheet import DEFAULT_SEED, FORMULAS, TOLERANCE_TEXT, Worksheet, new_problem
from ..written import fmt
from . import lifetime, network_diagram
from .base import Explorer
from .controls import button
from .network_diagram import FIGSIZE, NetworkDiagram
from .readout import Row, Section

# status -> (mark, colour) of an entry's feedback: a word and a sign, not colour alone
MARKS = MappingProxyType(
    {
        "correct": ("\u2713", OKABE_ITO["green"]),
        "wrong": ("\u2717", COLORS["highlight"]),
        "invalid": ("?", "#555555"),
        "revealed": ("\u2192", OKABE_ITO["blue"]),
    }
)
LABEL_WIDTH = "23em"  # the widest "name = formula =" label, y_hat's
CSS = (
    "<style>"
    ".nnlib-ws-feedback{font-size:13px;line-height:1.35;white-space:normal;padding-top:4px}"
    ".nnlib-ws-feedback .mark{font-weight:700;margin-right:4px}"
    ".nnlib-ws-head{font-size:13px;line-height:1.45;max-width:62em}"
    ".nnlib-ws-phase{font-weight:600;font-size:13px;margin:6px 0 2px 0}"
    # In a narrow output area the label "name = formula =" wraps and the box stays usable.
    ".nnlib-ws-row .widget-label{white-space:normal;flex-shrink:1;min-width:0;height:auto;"
    "min-height:var(--jp-widgets-inline-height);line-height:1.3;display:flex;"
    "align-items:center;justify-content:flex-end;text-align:right}"
    ".nnlib-ws-row input{flex:1 1 6em;min-width:6em}"
    "</style>"
)


def _seed(seed):
    """seed for numpy's default_rng: None (DEFAULT_SEED) or a whole number >= 0."""
    if seed is None:
        return DEFAULT_SEED
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"seed must be None or a whole number >= 0, got {seed!r}")
    if seed < 0:
        raise ValueError(f"seed must be None or a whole number >= 0, got {seed}")
    return int(seed)


class BackpropWorksheet(Explorer):
    """The worksheet: blanks for every quantity of the pass, checked on Enter, and the
    network's diagram with the answers so far.  Built by backprop_worksheet()."""

    name = "backprop_worksheet"

    def __init__(self, seed=None):
        super().__init__(figsize=FIGSIZE)
        self._rng = np.random.default_rng(_seed(seed))
        self.sheet = Worksheet(new_problem(self._rng))
        self._quiet = False  # entries set by the worksheet itself are not submitted
        self.entries, self.feedback = {}, {}
        table = self._table()
        buttons = self._buttons()
        head = widgets.HTML(
            CSS + "<div class='nnlib-ws-head'>Compute each quantity from the problem's "
            "weights, inputs x1, x2 and target y (on the diagram), in the order backprop "
            f"does, type it and press Enter. {html.escape(TOLERANCE_TEXT)}</div>"
        )
        with styled():
            self.diagram = NetworkDiagram(self.figure.add_axes((0, 0, 1, 1)))
        self._animate(*self.diagram.artists)
        shown = widgets.HBox(  # the readout beside the diagram when it fits, else beneath
            [self.image, self.readout],
            layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start"),
        )
        self.children = (head, buttons, shown, table)
        self._update()
        lifetime.made_now(self, lifetime.current_run())

    def _buttons(self):
        """The "new problem" and "show next step" buttons and the progress -> their row."""
        self.new_button = button(
            "new problem",
            "refresh",
            "other weights, inputs and target; every entry cleared",
            lambda: self.new_problem(),
        )
        self.next_button = button(
            "show next step",
            "eye",
            "show the first blank not filled yet, with its equation",
            lambda: self.show_next_step(),
        )
        self.progress = widgets.HTML(layout=widgets.Layout(margin="0 0 0 12px"))
        return widgets.HBox(
            [self.new_button, self.next_button, self.progress],
            layout=widgets.Layout(flex_flow="row wrap", align_items="center"),
        )

    def _table(self):
        """The blanks, one row per quantity under "forward pass" and "backward pass":
        the label "name = formula =", the text box, the feedback."""
        rows = []
        for name in QUANTITIES:
            if name in (FORWARD[0], QUANTITIES[len(FORWARD)]):
                phase = "forward pass" if name == FORWARD[0] else "backward pass"
                rows.append(widgets.HTML(f"<div class='nnlib-ws-phase'>{phase}</div>"))
            entry = widgets.Text(
                value="",
                placeholder="?",
                description=f"{name} = {FORMULAS[name][0]} =",
                continuous_update=False,
                style={"description_width": LABEL_WIDTH},
                layout=widgets.Layout(
                    width=f"calc({LABEL_WIDTH} + 8em)",
                    max_width="calc(100% - 4px)",
                    flex="0 1 auto",
                ),
            )
            entry.observe(lambda change, name=name: self._typed(name, change), names="value")
            feedback = widgets.HTML(layout=widgets.Layout(flex="1 1 14em", min_width="14em"))
            self.entries[name], self.feedback[name] = entry, feedback
            row = widgets.HBox(
                [entry, feedback],  # the feedback beneath the box when the row is narrow
                layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start", margin="0"),
            )
            row.add_class("nnlib-ws-row")
            rows.append(row)
        return widgets.VBox(rows, layout=widgets.Layout(margin="4px 0 0 0"))

    def close(self):
        """Close the worksheet and its widgets, and let go of the diagram and its figure."""
        super().close()
        self.diagram = None

    # --- the handles -----------------------------------------------------------------------

    @property
    def problem(self):
        """{"weights": the nine by name, "x": (x1, x2), "y": y} (a new dict)."""
        return self.sheet.problem.as_dict()

    @property
    def quantities(self):
        """The names of the blanks, in the order backprop computes them."""
        return QUANTITIES

    @property
    def done(self):
        """The set of names answered correctly (a new set; shown answers are not in it)."""
        return self.sheet.done

    @property
    def summary(self):
        answered, shown, total = self.sheet.progress()
        return f"{answered} of {total} answered, {shown} shown; new problem, show next step"

    # --- entries ---------------------------------------------------------------------------

    def _typed(self, name, change):
        if not self._quiet:
            self.submit(name, change["new"])

    def submit(self, name, text):
        """What pressing Enter in name's box does: put text there, check it, show the
        feedback beside it and, when the answers changed, redraw -> the feedback message."""
        self._set_entry(name, text)
        before = self.sheet.done
        feedback = self.sheet.submit(name, text)
        self._say(name, feedback.status, feedback.message)
        if self.sheet.done != before:
            self._update()
        return feedback.message

    def _set_entry(self, name, text, disabled=None):
        entry = self.entries[name]
        self._quiet = True
        try:
            entry.value = text if isinstance(text, str) else "" if text is None else str(text)
            if disabled is not None:
                entry.disabled = disabled
        finally:
            self._quiet = False

    def _say(self, name, status, message):
        mark, color = MARKS[status]
        self.feedback[name].value = (
            f"<div class='nnlib-ws-feedback' data-status='{status}' style='color:{color}'>"
            f"<span class='mark'>{mark}</span>{html.escape(message)}</div>"
        )

    def show_next_step(self):
        """Show the first blank neither answered nor shown, with its equation and the
        numbers in it -> the message written beside it."""
        step = self.sheet.reveal_next()
        if step is None:
            message = "Every blank is filled: nothing left to show."
            self.progress.value = self._progress_html(message)
            return message
        message = f"Shown: {step.substituted}"
        self._set_entry(step.name, fmt(step.value), disabled=True)
        self._say(step.name, "revealed", message)
        self._update()
        return message

    def new_problem(self):
        """A new problem drawn from the worksheet's random generator; every entry cleared."""
        self.sheet = Worksheet(new_problem(self._rng))
        for name in QUANTITIES:
            self._set_entry(name, "", disabled=False)
            self.feedback[name].value = ""
        self._update()

    # --- one frame -------------------------------------------------------------------------

    def state(self):
        """The problem's numbers, the values answered or shown, and the next blank."""
        sheet = self.sheet
        known = [*sheet.revealed, *sheet.answers]
        remaining = [n for n in QUANTITIES if n not in known]
        return {
            "given": sheet.problem.given(),
            "known": {n: sheet.values[n] for n in QUANTITIES if n in known},
            "next": remaining[0] if remaining else None,
            "progress": sheet.progress(),
        }

    @classmethod
    def compute(cls, state):
        """Where each known value goes on the diagram and how each place looks: a place
        with a value known is done, the next blank's place current.  -> dict."""
        slots = network_diagram.SLOTS
        kinds = {at: "idle" for at in slots.values()}
        for name in ("x1", "x2", "y"):
            kinds[slots[name]] = "done"
        for name in state["known"]:
            kinds[slots[name]] = "done"
        if state["next"] is not None:
            kinds[slots[state["next"]]] = "current"
        return {**state, "kinds": kinds}

    def draw(self, numbers):
        d, known = self.diagram, numbers["known"]
        for name, value in numbers["given"].items():
            d.show(name, value)
        for name in QUANTITIES:
            d.show(name, known.get(name))
        for at, kind in numbers["kinds"].items():
            d.state(at, kind)
        upcoming = numbers["next"]
        d.focus(upcoming)
        answered, shown, total = numbers["progress"]
        d.caption(
            f"{answered} of {total} answered" + (f", {shown} shown" if shown else ""),
            f"next: {upcoming} = {FORMULAS[upcoming][0]}" if upcoming else "every blank filled",
        )

    def lines(self, numbers):
        given = numbers["given"]
        answered, shown, total = numbers["progress"]

        def rows(names):
            return tuple(Row(name, given[name], given=True) for name in names)

        return [
            Section("input weights", rows(n for n in given if n[:2] in ("w1", "w2"))),
            Section("output weights", rows(n for n in given if n.startswith("w3"))),
            Section("inputs, target", rows(("x1", "x2", "y"))),
            Section(
                "progress",
                (Row("answered", f"{answered} of {total}", key=True), Row("shown", f"{shown}")),
            ),
        ]

    def _update(self):
        """Redraw the diagram and the readout, and write the progress."""
        self.refresh()
        self.progress.value = self._progress_html()

    def _progress_html(self, note=""):
        answered, shown, total = self.sheet.progress()
        text = f"{answered} of {total} answered" + (f", {shown} shown" if shown else "")
        extra = f" &nbsp; {html.escape(note)}" if note else ""
        return f"<b data-progress='{answered}'>{text}</b>{extra}"


def backprop_worksheet(seed=None):
    """Backprop by hand: a problem on the article's 2-3-1 network (weights with one or two
    decimals, inputs and target with one), a blank for each of the 24 quantities of the
    forward and backward pass in backprop's order, and the network's diagram.  Type a
    value and press Enter: it is checked against nnlib (to about 3 significant digits) and
    a wrong one is told its likely mistake; an answer is written on the diagram.  "new
    problem" draws another; "show next step" shows the next blank's answer and equation.
    seed: the random generator's seed (None: DEFAULT_SEED, so a stored notebook shows the
    same problem).  Taught in 06_backward_pass.ipynb."""
    return BackpropWorksheet(seed)
