"""The static figure of finite differences' error against their step: truncation against
round-off.  Re-exported by nnlib.plots; taught in 07_numerical_vs_analytic.ipynb."""

import numpy as np
from matplotlib.ticker import NullFormatter

from .style import COLORS, static_figure


def _steps(steps):
    """steps as a non-empty 1-D float array of positive finite numbers; ValueError otherwise."""
    arr = np.asarray(steps, dtype=float)
    if arr.ndim != 1 or arr.size == 0 or not np.isfinite(arr).all() or (arr <= 0).any():
        raise ValueError(
            f"steps must be a non-empty 1-D sequence of positive numbers, got {steps!r}"
        )
    return arr


def _decade_limits(ax, values):
    """The y axis from the decade below the smallest positive value to the one above the
    largest, ticked inside it only (every decade, or every other one when there are many)."""
    values = np.asarray(values, dtype=float)
    values = values[values > 0]
    if not values.size:
        return
    lo, hi = int(np.floor(np.log10(values.min()))), int(np.ceil(np.log10(values.max())))
    ax.set_ylim(10.0**lo, 10.0**hi)
    ax.set_yticks(_decades(lo, hi))


def _decades(lo, hi):
    """10^hi, 10^(hi - 1), ... down to 10^lo, or every other one when more than 7."""
    return 10.0 ** np.arange(hi, lo - 1, -1 if hi - lo <= 6 else -2)


def plot_step_errors(steps, errors, best=None):
    """|estimate - exact| of finite differences against the step eps, on log-log axes:
    truncation falls with eps to the right, round-off grows as eps shrinks to the left.
    steps: 1-D positive; errors: {"forward": [...], "central": [...]} (either or both),
    each as long as steps (exact zeros are not drawn); best: {method: predicted best
    step}, drawn as dotted vertical lines.  -> Figure.  Taught in 07_numerical_vs_analytic."""
    eps = _steps(steps)
    looks = {"forward": ("--", "s", COLORS["derivative"]), "central": ("-", "o", COLORS["curve"])}
    if not errors or set(errors) - set(looks) or set(best or {}) - set(looks):
        raise ValueError(
            f"errors and best must map 'forward' or 'central' to values, got {errors!r}"
        )
    with static_figure(3.6) as fig:
        ax = fig.subplots()
        for method, err in errors.items():
            err = np.asarray(err, dtype=float)
            if err.shape != eps.shape or (err < 0).any():
                raise ValueError(f"errors[{method!r}] must be {eps.size} numbers >= 0, got {err!r}")
            ls, marker, color = looks[method]
            shown = np.where(err > 0, err, np.nan)
            ax.loglog(
                eps, shown, ls=ls, marker=marker, ms=4, color=color, label=f"{method} difference"
            )
        for method, step in (best or {}).items():
            ax.axvline(step, ls=":", color=looks[method][2], label=f"predicted best step, {method}")
        ax.set_xticks(_decades(np.ceil(np.log10(eps.min())), np.floor(np.log10(eps.max()))))
        _decade_limits(ax, np.concatenate([np.ravel(e) for e in errors.values()]))
        ax.yaxis.set_minor_formatter(NullFormatter())
        ax.set_xlabel("step eps")
        ax.set_ylabel("|estimate - backprop|")
        ax.set_title("too large a step: truncation error; too small: round-off")
        ax.legend(loc="lower left")
    return fig
