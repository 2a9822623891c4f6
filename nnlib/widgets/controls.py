"""The explorers' controls: sliders and dropdowns that refuse a value they cannot show.

ipywidgets lets a FloatSlider hold NaN and a Dropdown hold None; an explorer cannot draw
either.  These controls refuse them when they are set (a TraitError naming the control and
what it accepts), so a bad value never reaches the figure and never spoils later moves.
"""

import functools
import math
import numbers

import ipywidgets as widgets
import numpy as np
import traitlets


class _Finite:
    """A slider's value must be a finite number (then clamped to [min, max] as usual)."""

    @traitlets.validate("value")
    def _validate_value(self, proposal):
        value = proposal.value
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise traitlets.TraitError(self._expected(value))
        if not math.isfinite(value):
            raise traitlets.TraitError(self._expected(value))
        return super()._validate_value(proposal)

    def _expected(self, value):
        return (
            f"the slider {self.description!r} takes a finite number between {self.min:g} and "
            f"{self.max:g}, got {value!r}"
        )


class FiniteFloatSlider(_Finite, widgets.FloatSlider):
    """A FloatSlider that refuses NaN and infinities."""


class FiniteIntSlider(_Finite, widgets.IntSlider):
    """An IntSlider that refuses what is not a whole number."""


class Choice(widgets.Dropdown):
    """A Dropdown whose value must be one of its options: None is refused too."""

    @traitlets.validate("value")
    def _validate_value(self, proposal):
        try:
            return super()._validate_value(proposal)
        except traitlets.TraitError:
            raise traitlets.TraitError(self._expected(proposal.value)) from None

    @traitlets.observe("value")
    def _refuse_none(self, change):
        # traitlets lets None past the validator of a trait that allows None, as a
        # Dropdown's value does (no selection): put the old value back, then refuse.
        if change.new is None and change.old is not None:
            self.value = change.old
            raise traitlets.TraitError(self._expected(None))

    def _expected(self, value):
        allowed = ", ".join(repr(v) for v in self._options_values)
        return f"the dropdown {self.description!r} takes one of {allowed}, got {value!r}"


def check_in_range(name, value, lo, hi, whole=False):
    """A starting value for the slider `name` (a whole number when whole) -> value as a
    float (int when whole), or an error naming it and its range: a slider would otherwise
    clamp it without a word."""
    kind = numbers.Integral if whole else numbers.Real
    if isinstance(value, bool) or not isinstance(value, kind):
        what = "a whole number" if whole else "a number"
        raise TypeError(f"{name} must be {what} between {lo:g} and {hi:g}, got {value!r}")
    if not lo <= value <= hi:
        raise ValueError(f"{name} must be between {lo:g} and {hi:g}, got {float(value):g}")
    return int(value) if whole else float(value)


def check_choice(name, value, options):
    """A starting value for the dropdown `name` -> value, or ValueError listing the options.
    options: values, or (label, value) pairs."""
    values = [o[1] if isinstance(o, tuple) else o for o in options]
    if not any(value == v and type(value) is not bool for v in values):
        allowed = ", ".join(repr(v) for v in values)
        raise ValueError(f"{name} must be one of {allowed}, got {value!r}")
    return value


@functools.lru_cache(maxsize=64)
def _digits(step):
    """The decimals a value on a grid of this step is rounded to: three past the step's."""
    return max(0, -int(np.floor(np.log10(step)))) + 3


def on_grid(slider):
    """A slider's value, or the point of its step grid that the value is a rounding error
    away from (a browser computes min + k * step: 0.7999999999999998 for 0.8)."""
    value = slider.value
    if isinstance(value, int):
        return value
    k = round((value - slider.min) / slider.step)
    point = round(slider.min + k * slider.step, _digits(slider.step))
    return point if abs(point - value) <= 1e-9 * slider.step else value


def descendants(widget):
    """Every widget inside widget, at any depth: children, and the layout and style
    widgets each one carries (widget itself not included)."""
    found = []
    for name in ("layout", "style"):
        part = getattr(widget, name, None)
        if isinstance(part, widgets.Widget):
            found.append(part)
    for child in getattr(widget, "children", ()):
        found.append(child)
        found.extend(descendants(child))
    return found


def control_grid(*columns):
    """Columns of controls side by side that wrap onto new rows when the output area is
    too narrow for them all, so that no control ever covers another.  columns: lists of
    widgets, each list one column."""
    boxes = [
        widgets.VBox(list(column), layout=widgets.Layout(margin="0 16px 0 0")) for column in columns
    ]
    return widgets.HBox(boxes, layout=widgets.Layout(flex_flow="row wrap"))


def align_labels(sliders):
    """Give every slider's label the width of the longest (in em, from its characters),
    so that the tracks line up; each slider is that plus room for its track and value."""
    sliders = list(sliders)
    longest = max((len(s.description) for s in sliders), default=0)
    width = f"{0.55 * longest + 0.4:.1f}em"
    for slider in sliders:
        slider.style.description_width = width
        slider.layout.width = f"calc({width} + 200px)"


def button(description, icon, tooltip, action):
    """A button as wide as its words, with an icon, that calls action() when clicked (or
    pressed with Enter or Space while it has the focus)."""
    made = widgets.Button(
        description=description, icon=icon, tooltip=tooltip, layout=widgets.Layout(width="auto")
    )
    made.on_click(lambda _: action())
    return made


def folded(children, description, tooltip):
    """Widgets folded away behind a toggle button -> (button, the box holding them).  A
    button, not an Accordion: it takes keyboard focus (Tab, then Enter or Space), so the
    folded controls can be reached without a mouse.  The box is hidden until the button
    is pressed, and the button's chevron points down while it is open."""
    box = widgets.VBox(list(children))
    box.layout.display = "none"
    button = widgets.ToggleButton(
        value=False,
        description=description,
        icon="chevron-right",
        tooltip=tooltip,
        layout=widgets.Layout(width="auto"),
    )
    button.add_class("nnlib-fold")

    def unfold(change):
        box.layout.display = "flex" if change["new"] else "none"
        button.icon = "chevron-down" if change["new"] else "chevron-right"

    button.observe(unfold, names="value")
    return button, box
