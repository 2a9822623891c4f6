"""Axis limits for the explorers: nice numbers that stay put while a slider moves, and
plotted values kept finite."""

import numpy as np

# Plotted values are clipped to +-CLIP so that extreme settings still draw.
CLIP = 1e6


def finite(values, limit=CLIP):
    """values with NaN replaced by 0 and everything clipped to [-limit, limit]."""
    return np.clip(
        np.nan_to_num(np.asarray(values, dtype=float), nan=0.0, posinf=limit, neginf=-limit),
        -limit,
        limit,
    )


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


def settled_range(current, lo, hi, room=0.0, fill=0.25, slack=0.5):
    """Keep the axis limits `current` while [lo, hi] (with its room above) still fits
    inside them and fills at least `fill` of them; otherwise new nice_range limits with
    `slack` x the span to spare.  Changing limits means redrawing the whole figure, so
    they move only now and then while a slider is dragged."""
    lo, hi = float(lo), float(hi)
    c_lo, c_hi = current
    span = max(hi - lo, 1e-3)
    if c_lo <= lo and hi + room * span <= c_hi and span >= fill * (c_hi - c_lo):
        return float(c_lo), float(c_hi)
    return nice_range(lo, hi, room + slack)


def tangent(x, y, slope, half):
    """The tangent at (x, y) with the given slope, from x - half to x + half, as the
    (xs, ys) of a two-point line, kept finite."""
    xs = np.array([x - half, x + half])
    return xs, finite(y + slope * (xs - x))
