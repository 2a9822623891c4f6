"""Axis limits for the explorers: nice numbers that stay put while a slider moves, and
plotted values kept finite."""

import numpy as np
from matplotlib.ticker import FuncFormatter, MaxNLocator

# Plotted values are clipped to +-CLIP so that extreme settings still draw.
CLIP = 1e6


def _padded(value, position=None, width=6, align=str.center):
    """A tick label without trailing zeros ("0.2", "-1"), padded with figure spaces (as
    wide as a digit, and blank) to `width` characters; one that would be longer is written
    with a power of ten ("-5e-4")."""
    text = f"{value:g}"
    if len(text) > width:
        mantissa, exponent = f"{value:e}".split("e")
        text = f"{mantissa.rstrip('0').rstrip('.')}e{int(exponent)}"
    return align(text.replace("-", "\u2212"), width, "\u2007")


# Tick labels that take the same room whatever the limits: an axes whose limits change is
# drawn again alone, within the columns its first drawing took (see background.Bands).
def few_ticks():
    """A tick locator of two to four ticks at multiples of 1, 2 or 5 x 10^k: each tick
    label costs milliseconds to draw when a panel is drawn again after its limits change,
    and one significant digit keeps every label within six characters (see _padded)."""
    return MaxNLocator(nbins=3, steps=[1, 2, 5, 10])


def short_x():
    """A formatter of x tick labels of one width, centred under their ticks (a new one
    for each axis: a formatter holds on to the axis it labels)."""
    return FuncFormatter(_padded)


def short_y():
    """A formatter of y tick labels of one width, right-aligned (a new one per axis)."""
    return FuncFormatter(lambda value, position=None: _padded(value, align=str.rjust))


def finite(values, limit=CLIP):
    """values with NaN replaced by 0 and everything clipped to [-limit, limit]."""
    values = np.asarray(values, dtype=float)
    if not np.isfinite(values).all():  # nan_to_num costs, and most values need none
        values = np.nan_to_num(values, nan=0.0, posinf=limit, neginf=-limit)
    return np.clip(values, -limit, limit)


def nice_limit(value):
    """The smallest of 1, 2, 5 x 10^k that is >= value (at least 1e-3): axis limits that
    change only now and then as the data move."""
    value = max(float(value), 1e-3)
    exponent = np.floor(np.log10(value))
    for mantissa in (1.0, 2.0, 5.0, 10.0):
        if mantissa * 10.0**exponent >= value * (1 - 1e-12):
            return float(mantissa * 10.0**exponent)
    return float(10.0 ** (exponent + 1))


def nice_range(lo, hi, room=0.0):
    """Axis limits around [lo, hi] (plus `room` x the span above, for labels), snapped
    to a grid of 1, 2, 5 x 10^k so that they stay put while the data move a little."""
    lo, hi = float(lo), float(hi)
    span = max(hi - lo, 1e-3)
    step = nice_limit(span / 4)
    bottom = np.floor((lo - 0.04 * span) / step) * step
    top = np.ceil((hi + (0.04 + room) * span) / step) * step
    return float(bottom), float(top)


def fitted_range(current, lo, hi, room=0.0, fill=0.3, pad=0.04):
    """Axis limits for data spanning [lo, hi], with `room` x the span spare above, on 1,
    2, 5 x 10^k: from 0 (less `pad` x the other side: pad=0 for bars) to the data's side
    when the data have one sign, symmetric about 0 when they have both (a side counts
    when its data pass REACH of the other side).  The limits `current` (None at first)
    are kept while the data fit inside them, fill at least `fill` of their span and have
    the same signs, so that while a slider is dragged they change only now and then:
    each change means drawing that axes again."""
    need_lo, need_hi = _needed(float(lo), float(hi), room)
    ideal = _ladder(need_lo, need_hi, pad)
    if current is not None:
        c_lo, c_hi = float(current[0]), float(current[1])
        fits = c_lo <= need_lo and need_hi <= c_hi
        full = (ideal[1] - ideal[0]) >= fill * (c_hi - c_lo)
        if fits and full and _sides(c_lo, c_hi, pad) == _sides(*ideal, pad):
            return c_lo, c_hi
    return ideal


REACH = 0.02  # of the larger side: data beyond 0 by less leave that side to the padding


def _sides(bottom, top, pad):
    """Which sides of the limits (bottom, top) are for data: (below 0, above 0)."""
    reach = max(pad, REACH) * (1 + 1e-9)
    return -bottom > reach * top, top > reach * -bottom


def _needed(lo, hi, room):
    """The extent the limits must cover: [lo, hi] with the room above, and 0."""
    lo, hi = min(lo, 0.0), max(hi, 0.0)
    return lo, hi + room * (hi - lo)


def _ladder(need_lo, need_hi, pad):
    """Limits (bottom, top) around need_lo <= 0 <= need_hi on 1, 2, 5 x 10^k: +-big when
    both sides pass REACH of big, else big on the data's side and pad x big on the other."""
    big = nice_limit(max(-need_lo, need_hi))
    reach = max(pad, REACH) * big
    if -need_lo > reach and need_hi > reach:
        return -big, big
    if -need_lo > reach:
        return -big, pad * big
    return -pad * big + 0.0, big


def tangent(x, y, slope, half):
    """The tangent at (x, y) with the given slope, from x - half to x + half, as the
    (xs, ys) of a two-point line, kept finite."""
    xs = np.array([x - half, x + half])
    return xs, finite(y + slope * (xs - x))
