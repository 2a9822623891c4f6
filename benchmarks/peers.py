"""nnlib against its peers on the same work: PyTorch autograd (CPU) and micrograd.

Each contender computes the loss and every gradient of the same network with the same
weights on the same batch.  Before any timing, each peer's gradients are checked against
nnlib's; the contenders then run alternately and the medians over the repeats are
compared.  nnlib/peer < 1 means nnlib is faster.

- torch: MLPs 2-3-1 (no bias, as in the article), 20-40-4, 64-128-10 and 784-128-10 at
  batch 1 and 64; sigmoid hidden layers, mse on one output, softmax cross-entropy with
  integer labels on several.  Then one SGD training step (gradients and update) on
  784-128-10, batch 64, in float32 and float64.
- micrograd (scalar autograd, ReLU hidden layers, linear output, mse): 2-3-1 (biases
  fixed at zero and left out of the comparison, micrograd's neurons always add one) and
  2-16-16-1, at batch 1 and 64.

numpy's OpenBLAS and torch run with the same number of threads: one by default, which
keeps a shared or busy machine from skewing either (--threads N sets both to N).

    pip install -e '.[peers]'
    python benchmarks/peers.py            # about two minutes
    python benchmarks/peers.py --quick    # a smoke run
"""

import argparse
import os
import sys
from importlib import metadata
from typing import NamedTuple

import numpy as np
from _timing import (  # beside this script
    add_run_arguments,
    apply_threads,
    blas_threads,
    fmt_time,
    header,
    measure,
    parse_run_arguments,
)

import nnlib

TORCH_NETWORKS = ([2, 3, 1], [20, 40, 4], [64, 128, 10], [784, 128, 10])
MICROGRAD_NETWORKS = ([2, 3, 1], [2, 16, 16, 1])
BATCHES = (1, 64)
LR = 0.1


def import_peers():
    missing = []
    try:
        import torch
    except ImportError:
        torch, missing = None, missing + ["torch==2.13.0"]
    try:
        import micrograd.nn
    except ImportError:
        micrograd, missing = None, missing + ["micrograd==0.1.0"]
    else:
        micrograd = sys.modules["micrograd"]
    if missing:
        sys.exit(f"peers.py needs {' and '.join(missing)}: pip install -e '.[peers]'")
    return torch, micrograd


def make_case(sizes, batch, activation="sigmoid", dtype=np.float64, seed=0):
    """(model, X, Y): nnlib.MLP with `activation` hidden layers (no bias for 2-3-1, small
    random biases otherwise) and fixed random data; mse on one output, else softmax
    cross-entropy with integer labels."""
    loss = "mse" if sizes[-1] == 1 else "cross_entropy"
    bias = list(sizes) != [2, 3, 1]
    model = nnlib.MLP(sizes, activation, loss, bias=bias, seed=seed, dtype=dtype)
    rng = np.random.default_rng(seed + 1)
    for layer in model.layers if bias else ():
        layer.b[...] = rng.standard_normal(layer.b.shape) * 0.1
    X = rng.standard_normal((batch, sizes[0])).astype(dtype)
    if loss == "mse":
        Y = rng.standard_normal((batch, 1)).astype(dtype)
    else:
        Y = rng.integers(0, sizes[-1], size=batch)
    return model, X, Y


class Pair(NamedTuple):
    """One row of a table: the case, the median seconds per call of nnlib and of the peer,
    and the relative error of the peer's loss and gradients against nnlib's."""

    sizes: list
    batch: int
    t_nnlib: float
    t_peer: float
    err: float


def gradient_error(grads, peer_grads):
    return max(nnlib.rel_error(g, p) for g, p in zip(grads, peer_grads))


def bench_peer(peer, twin, networks, batches, repeats, clock):
    """Time nnlib against `peer` on every network and batch size, alternately, after
    checking the peer's loss and gradients against nnlib's (relative error below 1e-10).
    twin(sizes, batch) -> (model, X, Y, peer_step, peer_result): nnlib's case, the peer's
    loss-and-gradients call, and a function returning the peer's (loss, gradients in
    nnlib's layout) after one call.  -> a list of Pair."""
    rows = []
    for sizes in networks:
        for batch in batches:
            model, X, Y, peer_step, peer_result = twin(sizes, batch)
            loss, grads = model.loss_and_gradients(X, Y)
            peer_loss, peer_grads = peer_result()
            err = max(gradient_error(grads, peer_grads), nnlib.rel_error(loss, peer_loss))
            if err > 1e-10:
                sys.exit(
                    f"{peer} disagrees with nnlib on {sizes} batch {batch}: rel error {err:.2e}"
                )
            stats = measure(
                {"nnlib": lambda: model.loss_and_gradients(X, Y), peer: peer_step},
                repeats=repeats,
                clock=clock,
            )
            row = Pair(sizes, batch, stats["nnlib"].median, stats[peer].median, err)
            print_pair("-".join(map(str, sizes)), batch, row.t_nnlib, row.t_peer, err, peer=peer)
            rows.append(row)
    return rows


# --- torch ------------------------------------------------------------------------


def torch_twin(torch, model, X, Y):
    """A torch.nn.Sequential with model's weights, the batch as tensors, and a function
    computing the loss and filling .grad of every parameter."""
    tdtype = {np.dtype(np.float64): torch.float64, np.dtype(np.float32): torch.float32}[model.dtype]
    layers = []
    for i, layer in enumerate(model.layers):
        lin = torch.nn.Linear(*layer.W.shape, bias=layer.b is not None, dtype=tdtype)
        with torch.no_grad():
            lin.weight.copy_(torch.from_numpy(layer.W.T.copy()))
            if layer.b is not None:
                lin.bias.copy_(torch.from_numpy(layer.b.copy()))
        layers.append(lin)
        if i < len(model.layers) - 1:
            layers.append(torch.nn.Sigmoid())
    net = torch.nn.Sequential(*layers)
    Xt = torch.from_numpy(X)
    if model.loss_name == "mse":
        Yt = torch.from_numpy(Y)
        loss_fn = torch.nn.functional.mse_loss
    else:
        Yt = torch.from_numpy(Y).long()
        loss_fn = torch.nn.functional.cross_entropy

    def loss_and_gradients():
        net.zero_grad(set_to_none=True)
        loss = loss_fn(net(Xt), Yt)
        loss.backward()
        return loss

    return net, loss_and_gradients


def torch_grads(net):
    """The gradients of net's parameters in nnlib's layout ([W1, b1, ...], W = weight.T)."""
    out = []
    for lin in (m for m in net if hasattr(m, "weight")):
        out.append(lin.weight.grad.numpy().T)
        if lin.bias is not None:
            out.append(lin.bias.grad.numpy())
    return out


def bench_torch(torch, networks, batches, repeats, clock):
    def twin(sizes, batch):
        model, X, Y = make_case(sizes, batch)
        net, torch_step = torch_twin(torch, model, X, Y)
        return model, X, Y, torch_step, lambda: (torch_step().item(), torch_grads(net))

    return bench_peer("torch", twin, networks, batches, repeats, clock)


def bench_sgd_step(torch, repeats, clock, batch=64, sizes=(784, 128, 10)):
    rows = []
    for dtype, tol in ((np.float32, 1e-5), (np.float64, 1e-10)):
        model, X, Y = make_case(list(sizes), batch, dtype=dtype)
        net, torch_step = torch_twin(torch, model, X, Y)
        opt = torch.optim.SGD(net.parameters(), lr=LR)

        def nnlib_sgd():
            _, grads = model.loss_and_gradients(X, Y)
            nnlib.sgd_step(model.params, grads, LR)

        def torch_sgd():
            torch_step()
            opt.step()

        nnlib_sgd()
        torch_sgd()
        after = [
            p.detach().numpy().T if p.ndim == 2 else p.detach().numpy() for p in net.parameters()
        ]
        err = gradient_error(model.params, after)
        if err > tol:
            sys.exit(
                f"after one SGD step torch's weights differ from nnlib's ({dtype.__name__}): "
                f"rel error {err:.2e}"
            )
        stats = measure({"nnlib": nnlib_sgd, "torch": torch_sgd}, repeats=repeats, clock=clock)
        rows.append((dtype.__name__, stats["nnlib"].median, stats["torch"].median, err))
        print_pair(
            f"SGD step {'-'.join(map(str, sizes))} {dtype.__name__}",
            batch,
            *rows[-1][1:],
            peer="torch",
        )
    return rows


# --- micrograd --------------------------------------------------------------------


def micrograd_twin(micrograd, model, X, Y):
    """micrograd's MLP with model's weights (model: ReLU hidden, linear out, mse) and a
    function computing the mean squared error over the batch and its gradients."""
    from micrograd.engine import Value

    net = micrograd.nn.MLP(model.sizes[0], list(model.sizes[1:]))
    for mg_layer, layer in zip(net.layers, model.layers):
        for j, neuron in enumerate(mg_layer.neurons):
            for k, w in enumerate(neuron.w):
                w.data = float(layer.W[k, j])
            neuron.b.data = 0.0 if layer.b is None else float(layer.b[j])
    rows = [[float(v) for v in x] for x in X]
    targets = [float(v) for v in Y[:, 0]]
    scale = 1.0 / len(rows)

    def loss_and_gradients():
        net.zero_grad()
        total = Value(0.0)
        for x, y in zip(rows, targets):
            total = total + (net(x) - y) ** 2
        loss = total * scale
        loss.backward()
        return loss

    return net, loss_and_gradients


def micrograd_grads(net, bias):
    out = []
    for layer in net.layers:
        out.append(
            np.array([[n.w[k].grad for n in layer.neurons] for k in range(len(layer.neurons[0].w))])
        )
        if bias:
            out.append(np.array([n.b.grad for n in layer.neurons]))
    return out


def bench_micrograd(micrograd, networks, batches, repeats, clock):
    def twin(sizes, batch):
        model, X, Y = make_case(sizes, batch, activation="relu")
        net, mg_step = micrograd_twin(micrograd, model, X, Y)
        return model, X, Y, mg_step, lambda: (mg_step().data, micrograd_grads(net, model.bias))

    return bench_peer("micrograd", twin, networks, batches, repeats, clock)


# --- report -------------------------------------------------------------------------


def print_pair(name, batch, t_nnlib, t_peer, err, peer):
    print(
        f"{name:<24} {batch:>5} {fmt_time(t_nnlib):>10} {fmt_time(t_peer):>10} "
        f"{t_nnlib / t_peer:>11.3g} {t_peer / t_nnlib:>9.3g}x {err:>10.1e}",
        flush=True,
    )


def table_head(peer):
    return (
        f"{'network':<24} {'batch':>5} {'nnlib':>10} {peer:>10} {'nnlib/' + peer:>11} "
        f"{'speed-up':>10} {'grad err':>10}"
    )


def verdict(ok):
    return "holds" if ok else "MISSED"


def worst_line(claim, rows, holds, detail):
    """'target <claim>: holds|MISSED (worst <detail>)' judged on the row (a Pair) where
    nnlib/peer is largest: holds(row) -> bool, detail(row) -> str."""
    worst = max(rows, key=lambda r: r.t_nnlib / r.t_peer)
    return f"target {claim}: {verdict(holds(worst))} (worst {detail(worst)})"


def targets(torch_rows, mg_rows):
    """One line per target: against torch by network size, against micrograd by batch."""
    small = [r for r in torch_rows if r.sizes[0] != 784]
    checks = (
        (
            "nnlib faster than torch up to 64-128-10",
            small,
            lambda r: r.t_nnlib < r.t_peer,
            lambda r: (
                f"nnlib/torch {r.t_nnlib / r.t_peer:.2f}, "
                f"{'-'.join(map(str, r.sizes))} batch {r.batch}"
            ),
        ),
        (
            ">= 2x faster than torch at batch 64 up to 64-128-10",
            [r for r in small if r.batch == 64],
            lambda r: r.t_peer / r.t_nnlib >= 2,
            lambda r: f"{r.t_peer / r.t_nnlib:.2f}x, {'-'.join(map(str, r.sizes))}",
        ),
        (
            "no slower than torch at 784-128-10",
            [r for r in torch_rows if r.sizes[0] == 784],
            lambda r: r.t_nnlib <= r.t_peer,
            lambda r: f"nnlib/torch {r.t_nnlib / r.t_peer:.2f}, batch {r.batch}",
        ),
    )
    lines = [worst_line(*check) for check in checks if check[1]]
    for batch in sorted({r.batch for r in mg_rows if r.sizes == [2, 3, 1]}):
        r = next(r for r in mg_rows if r.sizes == [2, 3, 1] and r.batch == batch)
        lines.append(
            f"target >= 100x faster than micrograd on 2-3-1, batch {batch}: "
            f"{verdict(r.t_peer / r.t_nnlib >= 100)} ({r.t_peer / r.t_nnlib:.3g}x)"
        )
    return "\n".join(lines)


def parse_args(argv=None):
    """The command line: the shared options (see _timing.add_run_arguments)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_run_arguments(
        parser,
        quick_help="smoke run: small networks, few repeats",
        threads_help="threads for numpy's OpenBLAS and for torch alike (default 1; "
        "0 gives torch as many as numpy's OpenBLAS has by default)",
    )
    return parse_run_arguments(parser, argv)


def peers_header(torch, args):
    """header() with the peers' versions, torch's threads and the timing settings."""
    return header(
        "peers: nnlib vs torch autograd (CPU) and micrograd, loss and all gradients",
        [
            f"torch {torch.__version__}: intra-op threads {torch.get_num_threads()}, "
            f"inter-op threads {torch.get_num_interop_threads()}; micrograd "
            f"{metadata.version('micrograd')}; repeats {args.repeats}, clock {args.clock}"
        ],
    )


def main(argv=None):
    args = parse_args(argv)
    torch, micrograd = import_peers()
    # after importing torch, so that its OpenMP pool is set too
    apply_threads(
        args.threads, "warning: could not set numpy's OpenBLAS threads; only torch's were set"
    )
    torch.set_num_threads(args.threads or blas_threads() or os.cpu_count())
    print(peers_header(torch, args))
    torch_nets = TORCH_NETWORKS[:2] if args.quick else TORCH_NETWORKS
    print(table_head("torch"))
    torch_rows = bench_torch(torch, torch_nets, BATCHES, args.repeats, args.clock)
    if not args.quick:
        bench_sgd_step(torch, args.repeats, args.clock)
    print(table_head("micrograd"))
    mg_nets = MICROGRAD_NETWORKS[:1] if args.quick else MICROGRAD_NETWORKS
    mg_rows = bench_micrograd(micrograd, mg_nets, BATCHES, args.repeats, args.clock)
    print(targets(torch_rows, mg_rows))


if __name__ == "__main__":
    main()
