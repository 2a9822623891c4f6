"""Static figures of what gradients cost: the time for all the gradients against the
number of parameters (07_numerical_vs_analytic) and the multiplications backprop's reuse
saves (06_backward_pass).  Re-exported by nnlib.plots."""

import numpy as np
from matplotlib.ticker import NullFormatter

from ._check import describe
from .style import COLORS, given, static_figure


def _positive_series(values, name):
    """values as a non-empty 1-D float array of positive finite numbers; ValueError naming
    name otherwise."""
    arr = np.asarray(values, dtype=float)
    if arr.ndim != 1 or arr.size == 0 or not np.isfinite(arr).all() or (arr <= 0).any():
        raise ValueError(
            f"{name} must be a non-empty 1-D sequence of positive numbers, got {values!r}"
        )
    return arr


def _size_ticks(ax, n):
    """The x axis ticked at the sizes n themselves (at most 8 of them, spread out), with no
    labels on the minor ticks, which a log axis under two decades wide would crowd."""
    shown = n[np.unique(np.linspace(0, n.size - 1, min(n.size, 8)).round().astype(int))]
    ax.set_xticks(shown, [given(v) for v in shown])
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.yaxis.set_minor_formatter(NullFormatter())


def plot_gradient_cost(sizes, t_backprop, t_numerical):
    """Time for all the gradients against the number of parameters, on log-log axes:
    backprop (one forward and one backward pass) against central differences (two
    forward passes per parameter).  sizes, t_backprop, t_numerical: equal-length
    sequences (seconds).  -> Figure.  Taught in 07_numerical_vs_analytic."""
    n = _positive_series(sizes, "sizes")
    t_bp = _positive_series(t_backprop, "t_backprop")
    t_num = _positive_series(t_numerical, "t_numerical")
    if not n.size == t_bp.size == t_num.size:
        raise ValueError(
            f"sizes, t_backprop and t_numerical must have equal lengths, got "
            f"{n.size}, {t_bp.size} and {t_num.size}"
        )
    with static_figure(3.4) as fig:
        ax = fig.subplots()
        ax.loglog(n, t_bp, color=COLORS["curve"], ls="-", marker="o", label="backprop")
        ax.loglog(
            n, t_num, color=COLORS["derivative"], ls="--", marker="s", label="central differences"
        )
        _size_ticks(ax, n)
        ax.set_xlabel("number of parameters N")
        ax.set_ylabel("seconds for all gradients")
        ax.set_title(
            f"N from {given(n[0])} to {given(n[-1])}: backprop takes "
            f"{t_bp[-1] / t_bp[0]:.1f} times as long, central differences "
            f"{t_num[-1] / t_num[0]:.0f} times"
        )
        ax.legend(loc="upper left")
    return fig


def _count_text(n):
    """A multiplication count as a bar label: 36, 16,320, 5.0e6."""
    return f"{n:,}" if n < 1e6 else f"{n:.1e}".replace("e+0", "e").replace("e+", "e")


def _counts_of(sizes_list):
    """nnlib.backprop.multiplications of each network in sizes_list -> [Counts, ...];
    TypeError or ValueError naming sizes_list when it is not a non-empty list of them."""
    from .backprop import multiplications

    if isinstance(sizes_list, (str, bytes)) or not hasattr(sizes_list, "__iter__"):
        raise TypeError(
            f"sizes_list must be a list of layer widths per network, got {describe(sizes_list)}"
        )
    sizes_list = list(sizes_list)
    if any(not hasattr(sizes, "__iter__") for sizes in sizes_list):
        raise TypeError(
            "sizes_list must hold one sequence of layer widths per network, such as "
            f"[(2, 3, 1)], got {sizes_list!r}"
        )
    if not sizes_list:
        raise ValueError("sizes_list must name at least one network, got an empty list")
    return [multiplications(sizes) for sizes in sizes_list]


def _count_axis(ax, counts):
    """The log-scale y axis ticked at whole decades (at most seven), from 1 to ten times
    the tallest bar, which leaves room for the bars' labels."""
    ax.set_yscale("log")
    top = max(c.chains for c in counts) * 10
    decades = int(np.log10(top))
    ax.set_yticks(10.0 ** np.arange(0, decades + 1, max(1, -(-decades // 6))))
    ax.set_ylim(1, top)
    ax.yaxis.set_minor_formatter(NullFormatter())


def plot_multiplications(sizes_list):
    """Multiplications for one example's gradients of every weight, per network: each
    weight's chain rule computed on its own against the reverse pass that reuses every
    upstream gradient (nnlib.backprop.multiplications), as bars on a log scale.
    sizes_list: layer widths of each network, e.g. [(2, 3, 1), (784, 128, 10)].
    -> Figure.  Taught in 06_backward_pass."""
    counts = _counts_of(sizes_list)
    at = np.arange(len(counts))
    with static_figure(3.6) as fig:
        ax = fig.subplots()
        for shift, key, label, color, hatch in (
            (-0.2, "chains", "each weight's chain on its own", COLORS["derivative"], "//"),
            (0.2, "reverse", "the reverse pass, with reuse", COLORS["curve"], None),
        ):
            values = [getattr(c, key) for c in counts]
            bars = ax.bar(at + shift, values, 0.38, color=color, hatch=hatch, label=label)
            ax.bar_label(bars, [_count_text(v) for v in values], padding=2, fontsize=10)
        _count_axis(ax, counts)
        ax.set_xticks(
            at, ["-".join(map(str, c.sizes)) + f"\n{_times(c.ratio)} fewer" for c in counts]
        )
        ax.set_ylabel("multiplications")
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2)
        fig.suptitle("all the gradients of one example: multiplications, by network")
    return fig


def _times(ratio):
    """A ratio as "1.9x", "49x", "4,343x"."""
    return f"{ratio:.2g}x" if ratio < 100 else f"{ratio:,.0f}x"
