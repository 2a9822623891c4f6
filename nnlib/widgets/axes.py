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


def fitted_range(current, lo, hi, room=0.0, fill=0.3, pad=0.04):
    """Axis limits for data spanning [lo, hi], with `room` x the span spare above: each
    side on 1, 2, 5 x 10^k, and a side the data do not reach (lo >= 0, say) only `pad` of
    the other.  The limits `current` (None at first) are kept while the data fit inside
    them and fill at least `fill` of their span, so that while a slider is dragged they
    change only now and then: each change means drawing that axes again."""
    need_lo, need_hi = _needed(float(lo), float(hi), room)
    ideal = _ladder(need_lo, need_hi, pad)
    if current is not None:
        c_lo, c_hi = current
        fits = c_lo <= need_lo and need_hi <= c_hi
        if fits and (ideal[1] - ideal[0]) >= fill * (c_hi - c_lo):
            return float(c_lo), float(c_hi)
    return ideal


def _needed(lo, hi, room):
    """The extent the limits must cover: [lo, hi] with the room above, and 0."""
    lo, hi = min(lo, 0.0), max(hi, 0.0)
    return lo, hi + room * (hi - lo)


def _ladder(need_lo, need_hi, pad):
    """Limits (bottom, top) around need_lo <= 0 <= need_hi on 1, 2, 5 x 10^k."""
    big = nice_limit(max(-need_lo, need_hi))
    top = nice_limit(need_hi) if need_hi > pad * big else pad * big
    bottom = nice_limit(-need_lo) if -need_lo > pad * big else pad * big
    return -float(bottom), float(top)


def tangent(x, y, slope, half):
    """The tangent at (x, y) with the given slope, from x - half to x + half, as the
    (xs, ys) of a two-point line, kept finite."""
    xs = np.array([x - half, x + half])
    return xs, finite(y + slope * (xs - x))
