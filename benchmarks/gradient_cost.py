"""What does a gradient cost?  Backprop against finite differences, on nnlib.MLP.

For MLPs 2-3-1, 20-40-4, 64-128-10 and 784-128-10 at batch 1 and 64 it times a forward
pass up to the loss (model.loss: the evaluation that a numerical gradient repeats for every
parameter), a forward+backward pass (loss and every gradient) and the central-difference
gradient (two loss evaluations per parameter), and prints (fwd+bwd)/fwd and
numerical/backprop.  A plain-numpy forward+backward of the same network, written out by
hand below, runs alternately with nnlib in the same repeats: nnlib/hand is the price of
nnlib's checks and structure.  Hidden layers are sigmoid; one output uses mse, several
use softmax cross-entropy with integer labels.

When the numerical gradient of a whole network would take longer than --budget seconds,
it is timed on an evenly spread subset of each parameter array and extrapolated by the
number of parameters (marked "~" in the table).  numpy's OpenBLAS runs on one thread
unless --threads says otherwise.  Also saves a log-log plot of time
against the number of parameters (--out, default artifacts/gradient_cost.png).

    python benchmarks/gradient_cost.py            # about two minutes
    python benchmarks/gradient_cost.py --quick    # a smoke run, a few seconds
"""

import argparse
import os

import numpy as np
from _timing import (  # beside this script
    add_run_arguments,
    apply_threads,
    fmt_time,
    header,
    measure,
    parse_run_arguments,
    time_once,
)

import nnlib

NETWORKS = ([2, 3, 1], [20, 40, 4], [64, 128, 10], [784, 128, 10])
BATCHES = (1, 64)
RATIO_TARGET = 2.2  # (fwd+bwd)/fwd at batch 64
HAND_TARGET = 1.3  # nnlib/hand for fwd+bwd


def make_case(sizes, batch, seed=0):
    """(model, X, Y) for one network and batch, with fixed random weights and data."""
    loss = "mse" if sizes[-1] == 1 else "cross_entropy"
    model = nnlib.MLP(sizes, "sigmoid", loss, bias=True, seed=seed)
    rng = np.random.default_rng(seed + 1)
    X = rng.standard_normal((batch, sizes[0]))
    if loss == "mse":
        Y = rng.standard_normal((batch, sizes[-1]))
    else:
        Y = rng.integers(0, sizes[-1], size=batch)
    return model, X, Y


def hand_forward(params, X, classify):
    """The hand-written network's outputs (softmax probabilities when classify)."""
    Ws, bs = params[0::2], params[1::2]
    a = X
    for W, b in zip(Ws[:-1], bs[:-1]):
        a = 1.0 / (1.0 + np.exp(-(a @ W + b)))
    z = a @ Ws[-1] + bs[-1]
    if classify:
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)
    return z


def hand_loss_and_gradients(params, X, Y, classify, gradients=True):
    """The same network written out in plain numpy: sigmoid hidden layers, then mse on a
    linear output or softmax cross-entropy on integer labels.  params: [W1, b1, ...].
    -> (loss, gradients), or (loss, None) when gradients is False (the forward pass only)."""
    Ws, bs = params[0::2], params[1::2]
    acts = [X]
    a = X
    for W, b in zip(Ws[:-1], bs[:-1]):
        a = 1.0 / (1.0 + np.exp(-(a @ W + b)))
        acts.append(a)
    z = a @ Ws[-1] + bs[-1]
    n = X.shape[0]
    if classify:
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        s = e.sum(axis=1, keepdims=True)
        rows = np.arange(n)
        loss = float(np.mean(np.log(s[:, 0]) - z[rows, Y]))
        if not gradients:
            return loss, None
        dz = e / s
        dz[rows, Y] -= 1.0
        dz /= n
    else:
        diff = z - Y
        loss = float(np.mean(diff * diff))
        if not gradients:
            return loss, None
        dz = diff * (2.0 / diff.size)
    grads = [None] * len(params)
    for i in range(len(Ws) - 1, -1, -1):
        grads[2 * i] = acts[i].T @ dz
        grads[2 * i + 1] = dz.sum(axis=0)
        if i > 0:
            a = acts[i]
            dz = (dz @ Ws[i].T) * a * (1.0 - a)
    return loss, grads


def subset_indices(size, k):
    """k flat indices spread evenly over range(size)."""
    return np.unique(np.linspace(0, size - 1, num=min(k, size)).round().astype(int))


def numerical_cost(model, X, Y, budget, clock, probe=64):
    """(seconds for the whole central-difference gradient, exact?, checked parameters,
    max relative error against backprop on them).  Times the whole gradient when a probe
    of `probe` parameters per array predicts at most `budget` seconds, else extrapolates
    from the probe's time per parameter."""
    _, grads = model.loss_and_gradients(X, Y)

    def f(_):
        return model.loss(X, Y)

    def probe_run(k):
        seconds, count, errs = 0.0, 0, []
        for p, g in zip(model.params, grads):
            flat = p.reshape(-1)  # a view: perturbing it perturbs the model
            idx = subset_indices(flat.size, k)
            for start, stop in _runs(idx):
                view = flat[start:stop]
                t, num = time_once(lambda: nnlib.numerical_gradient(f, view), clock)
                seconds += t
                count += stop - start
                errs.append(nnlib.rel_error(num, g.reshape(-1)[start:stop]))
        return seconds, count, max(errs)

    seconds, count, err = probe_run(probe)
    estimate = seconds / count * model.n_params
    if estimate <= budget:
        seconds, count, err = probe_run(max(p.size for p in model.params))
        return seconds, True, count, err
    return estimate, False, count, err


def _runs(idx):
    """Consecutive stretches of sorted indices as (start, stop) pairs."""
    start = prev = idx[0]
    for i in idx[1:]:
        if i != prev + 1:
            yield start, prev + 1
            start = i
        prev = i
    yield start, prev + 1


def check_hand(model, X, Y):
    """Stop the script unless the hand-written network's loss, outputs and gradients equal
    nnlib's (to 1e-12).  -> (Yh, classify): the targets and the flag it runs with."""
    classify = model.loss_name == "cross_entropy"
    Yh = Y if classify else Y.reshape(X.shape[0], -1)
    loss_n, grads_n = model.loss_and_gradients(X, Y)
    loss_h, grads_h = hand_loss_and_gradients(model.params, X, Yh, classify)
    worst = max(nnlib.rel_error(a, b) for a, b in zip(grads_n, grads_h))
    worst = max(worst, nnlib.rel_error(model.forward(X), hand_forward(model.params, X, classify)))
    if not (np.isclose(loss_n, loss_h, rtol=1e-12) and worst < 1e-12):
        raise SystemExit(
            f"hand-written network disagrees with nnlib on {list(model.sizes)}: "
            f"loss {loss_h} vs {loss_n}, gradient rel error {worst:.2e}"
        )
    return Yh, classify


def time_case(sizes, batch, repeats, budget, clock):
    """One row of the table: nnlib and the hand-written network timed alternately, then the
    numerical gradient (see numerical_cost)."""
    model, X, Y = make_case(sizes, batch)
    Yh, classify = check_hand(model, X, Y)
    params = model.params
    stats = measure(
        {
            "forward": lambda: model.loss(X, Y),
            "fwd+bwd": lambda: model.loss_and_gradients(X, Y),
            "hand fwd": lambda: hand_loss_and_gradients(params, X, Yh, classify, False),
            "hand": lambda: hand_loss_and_gradients(params, X, Yh, classify),
        },
        repeats=repeats,
        clock=clock,
    )
    num_s, exact, checked, err = numerical_cost(model, X, Y, budget, clock)
    return dict(
        sizes=sizes,
        batch=batch,
        n_params=model.n_params,
        forward=stats["forward"].median,
        backprop=stats["fwd+bwd"].median,
        hand=stats["hand"].median,
        hand_forward=stats["hand fwd"].median,
        numerical=num_s,
        exact=exact,
        checked=checked,
        num_err=err,
    )


def run(networks, batches, repeats, budget, clock):
    """Time every network at every batch size, printing each row as it comes."""
    rows = []
    for sizes in networks:
        for batch in batches:
            rows.append(time_case(sizes, batch, repeats, budget, clock))
            print_row(rows[-1], flush=True)
    return rows


COLUMNS = (
    f"{'network':<12} {'batch':>5} {'params':>7} {'forward':>9} {'fwd+bwd':>9} "
    f"{'(f+b)/f':>7} {'hand f+b':>9} {'hand (f+b)/f':>12} {'nnlib/hand':>10} {'numerical':>10} "
    f"{'num/backprop':>12} {'num rel err':>11}"
)


def print_row(r, flush=False):
    name = "-".join(map(str, r["sizes"]))
    mark = " " if r["exact"] else "~"
    print(
        f"{name:<12} {r['batch']:>5} {r['n_params']:>7} {fmt_time(r['forward']):>9} "
        f"{fmt_time(r['backprop']):>9} {r['backprop'] / r['forward']:>7.2f} "
        f"{fmt_time(r['hand']):>9} {r['hand'] / r['hand_forward']:>12.2f} "
        f"{r['backprop'] / r['hand']:>10.2f} "
        f"{mark}{fmt_time(r['numerical']):>9} {r['numerical'] / r['backprop']:>12.3g} "
        f"{r['num_err']:>11.1e}",
        flush=flush,
    )


def target_line(claim, rows, ratio, limit, where):
    """'target <claim>: holds|MISSED (worst <ratio>, <where>)' for the row where ratio(row)
    is largest; the target holds when that ratio is at most limit."""
    worst = max(rows, key=ratio)
    value = ratio(worst)
    return (
        f"target {claim}: {'holds' if value <= limit else 'MISSED'} "
        f"(worst {value:.2f}, {where(worst)})"
    )


def summary(rows):
    """The lines below the table: extrapolated rows, the targets, the largest network."""
    lines = []
    extrapolated = [r for r in rows if not r["exact"]]
    for r in extrapolated:
        lines.append(
            f"~ {'-'.join(map(str, r['sizes']))} batch {r['batch']}: numerical "
            f"gradient timed on {r['checked']} of {r['n_params']} parameters and "
            f"extrapolated (the whole would exceed the budget)"
        )
    at64 = [r for r in rows if r["batch"] == 64]
    if at64:
        lines.append(
            target_line(
                f"(fwd+bwd)/fwd <= {RATIO_TARGET} at batch 64 for every size",
                at64,
                lambda r: r["backprop"] / r["forward"],
                RATIO_TARGET,
                lambda r: "-".join(map(str, r["sizes"])),
            )
        )
    lines.append(
        target_line(
            f"nnlib within {HAND_TARGET}x of hand-written numpy",
            rows,
            lambda r: r["backprop"] / r["hand"],
            HAND_TARGET,
            lambda r: f"{'-'.join(map(str, r['sizes']))} batch {r['batch']}",
        )
    )
    biggest = max(rows, key=lambda r: (r["n_params"], r["batch"]))
    lines.append(
        f"largest network ({biggest['n_params']} parameters, batch "
        f"{biggest['batch']}): backprop is {biggest['numerical'] / biggest['backprop']:.3g}"
        f" times cheaper than central differences"
    )
    return "\n".join(lines)


def plot_batch(ax, rs, batch, color):
    """Backprop and central differences against the number of parameters for one batch
    size; hollow squares where the numerical gradient was extrapolated."""
    n = [r["n_params"] for r in rs]
    for key, style, what in (
        ("backprop", "o-", "backprop (forward + backward)"),
        ("numerical", "s--", "central differences"),
    ):
        ax.loglog(n, [r[key] for r in rs], style, color=color, label=f"{what}, batch {batch}")
    for r in rs:
        if not r["exact"]:
            ax.loglog(
                r["n_params"], r["numerical"], "s", color="white", markeredgecolor=color, zorder=3
            )


def plot(rows, out):
    """Save the log-log plot of seconds per whole gradient against the number of
    parameters to out."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.5))
    for batch, color in zip(sorted({r["batch"] for r in rows}), ("tab:blue", "tab:orange")):
        rs = sorted((r for r in rows if r["batch"] == batch), key=lambda r: r["n_params"])
        plot_batch(ax, rs, batch, color)
    ax.set_xlabel("number of parameters")
    ax.set_ylabel("seconds for the whole gradient")
    ax.set_title(
        "The cost of a gradient: backprop vs finite differences\n"
        "(hollow squares: extrapolated from a subset of parameters)",
        fontsize=10,
    )
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    fig.savefig(out, dpi=120)
    plt.close(fig)


def parse_args(argv=None):
    """The command line: the shared options (see _timing.add_run_arguments), --budget
    (30 s, or 1 s with --quick, when not given) and --out."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_run_arguments(
        parser,
        quick_help="smoke run: two small networks, few repeats, tiny budget",
        threads_help="threads for numpy's OpenBLAS (default 1; 0 keeps its default)",
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=None,
        help="seconds allowed for one whole numerical gradient before it is "
        "extrapolated instead (default 30, 1 with --quick)",
    )
    parser.add_argument(
        "--out",
        default=os.path.join("artifacts", "gradient_cost.png"),
        help="where to save the plot (default artifacts/gradient_cost.png)",
    )
    args = parse_run_arguments(parser, argv)
    if args.budget is None:
        args.budget = 1.0 if args.quick else 30.0
    if args.budget <= 0:
        parser.error(f"--budget must be > 0, got {args.budget}")
    return args


def main(argv=None):
    args = parse_args(argv)
    apply_threads(args.threads)
    print(
        header(
            "gradient_cost: backprop vs central differences on nnlib.MLP (float64)",
            [
                f"repeats {args.repeats}, numerical-gradient budget {args.budget:g} s, "
                f"clock {args.clock}"
            ],
        )
    )
    print(COLUMNS)
    networks = NETWORKS[:2] if args.quick else NETWORKS
    rows = run(networks, BATCHES, args.repeats, args.budget, args.clock)
    print(summary(rows))
    plot(rows, args.out)
    print(f"plot saved to {args.out}")


if __name__ == "__main__":
    main()
