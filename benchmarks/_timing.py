"""Timing helpers shared by the benchmark scripts.

measure() times several contenders on the same work by alternating them (A B C, A B C,
...), so that a slow spell of a busy machine hits all of them alike, and reports the
median and 95th percentile of the time per call.  header() prints what the figures
depend on: Python, numpy, BLAS and its threads, and the thread-related environment.
add_run_arguments() and parse_run_arguments() give the scripts their shared options
(--quick, --repeats, --threads, --clock).
"""

import os
import platform
import time
from typing import NamedTuple

import numpy as np
from threadpoolctl import ThreadpoolController

THREAD_ENV = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "OPENBLAS_CORETYPE",
    "OPENBLAS_L2_SIZE",
)


class Stats(NamedTuple):
    """Seconds per call over the repeats: median, 95th percentile, and the samples."""

    median: float
    p95: float
    samples: tuple

    def __str__(self):
        return f"{fmt_time(self.median)} (p95 {fmt_time(self.p95)})"


def fmt_time(seconds):
    """A time in the unit that suits it: '12.3 us', '4.56 ms', '1.23 s'."""
    if seconds < 1e-3:
        return f"{seconds * 1e6:.3g} us"
    if seconds < 1.0:
        return f"{seconds * 1e3:.3g} ms"
    return f"{seconds:.3g} s"


CLOCKS = {
    "wall": time.perf_counter,
    # CPU time of this process: on a busy machine it leaves out the time other programs
    # hold the CPU.  It adds up every thread, so use it with single-threaded work.
    "cpu": time.process_time,
}


def calls_per_sample(fn, min_time=0.01, max_calls=1_000_000, clock="wall"):
    """How many calls of fn make one sample last at least min_time seconds (a power of 2)."""
    now = _clock(clock)
    number = 1
    while number < max_calls:
        start = now()
        for _ in range(number):
            fn()
        if now() - start >= min_time:
            break
        number *= 2
    return number


def _clock(name):
    if name not in CLOCKS:
        raise ValueError(f"clock must be one of {sorted(CLOCKS)}, got {name!r}")
    return CLOCKS[name]


def measure(contenders, repeats=15, min_time=0.01, warmup=1, clock="wall"):
    """Time each fn of contenders (a dict name -> fn of no arguments), alternating them
    repeat by repeat.  Each sample runs a contender enough times to last min_time seconds
    of the clock ("wall" or "cpu", see CLOCKS).  -> dict name -> Stats of seconds per call."""
    now = _clock(clock)
    if not isinstance(contenders, dict) or not contenders:
        raise TypeError(
            f"contenders must be a non-empty dict name -> function, got {type(contenders).__name__}"
        )
    if not isinstance(repeats, int) or repeats < 1:
        raise ValueError(f"repeats must be a positive whole number, got {repeats!r}")
    for _ in range(warmup):
        for fn in contenders.values():
            fn()
    numbers = {name: calls_per_sample(fn, min_time, clock=clock) for name, fn in contenders.items()}
    samples = {name: [] for name in contenders}
    for _ in range(repeats):
        for name, fn in contenders.items():
            number = numbers[name]
            start = now()
            for _ in range(number):
                fn()
            samples[name].append((now() - start) / number)
    return {name: summarize(s) for name, s in samples.items()}


def summarize(samples):
    """Stats of a list of seconds-per-call samples."""
    arr = np.asarray(samples, dtype=float)
    if arr.size == 0:
        raise ValueError("samples must hold at least one time, got none")
    return Stats(float(np.median(arr)), float(np.percentile(arr, 95)), tuple(arr.tolist()))


def time_once(fn, clock="wall"):
    """(seconds, result) of one call of fn, for work too slow to repeat."""
    now = _clock(clock)
    start = now()
    result = fn()
    return now() - start, result


def _numpy_blas():
    """threadpoolctl's controller of numpy's BLAS library (the first BLAS loaded: numpy is
    imported above, before any other library that could bring one), or None without one."""
    libs = ThreadpoolController().select(user_api="blas").lib_controllers
    return libs[0] if libs else None


def blas_threads():
    """The number of threads numpy's BLAS uses, or None when it cannot be read."""
    lib = _numpy_blas()
    return None if lib is None else lib.num_threads


def set_blas_threads(n):
    """Make every BLAS and OpenMP thread pool loaded in this process (numpy's OpenBLAS;
    torch's OpenMP too, once torch is imported) use n threads from now on, through
    threadpoolctl (no environment change).  Returns True when numpy's BLAS now uses n
    threads, False when there is none."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be a positive whole number of threads, got {n!r}")
    ThreadpoolController().limit(limits=n)
    return blas_threads() == n


def blas_corename():
    """The CPU kernel numpy's OpenBLAS picked (e.g. 'Haswell'), or None."""
    lib = _numpy_blas()
    return None if lib is None else getattr(lib, "architecture", None)


def header(title, extra=()):
    """Lines describing the machine and the settings the timings depend on."""
    lines = [
        title,
        f"python {platform.python_version()}, numpy {np.__version__}, "
        f"{platform.machine()} with {os.cpu_count()} logical CPUs, {platform.system()}",
        f"numpy BLAS: OpenBLAS threads {blas_threads()}, core {blas_corename()}",
        "environment: " + ", ".join(f"{k}={os.environ.get(k, '(unset)')}" for k in THREAD_ENV),
    ]
    lines.extend(extra)
    lines.append("times are seconds per call, the median over alternating repeats")
    return "\n".join(lines)


def add_clock_argument(parser):
    """--clock cpu|wall, for scripts whose --threads sets how many threads time runs on."""
    parser.add_argument(
        "--clock",
        choices=("cpu", "wall"),
        default=None,
        help="cpu: this process's CPU time, steady on a busy machine (the "
        "default with one thread); wall: elapsed time (the default "
        "with several threads)",
    )


def chosen_clock(args):
    """The clock --clock names, or the default for --threads: cpu for one thread, else wall
    (CPU time adds up every thread, including ones that only wait)."""
    return args.clock or ("cpu" if args.threads == 1 else "wall")


def add_run_arguments(parser, quick_help, threads_help):
    """--quick, --repeats, --threads (default 1) and --clock, the options the timing
    scripts share; quick_help and threads_help say what --quick and --threads do there."""
    parser.add_argument("--quick", action="store_true", help=quick_help)
    parser.add_argument(
        "--repeats",
        type=int,
        default=None,
        help="alternating repeats per timing (default 15, 3 with --quick)",
    )
    parser.add_argument("--threads", type=int, default=1, help=threads_help)
    add_clock_argument(parser)


def parse_run_arguments(parser, argv=None):
    """Parse argv with parser (see add_run_arguments) and settle, in the namespace returned,
    args.repeats (15, or 3 with --quick, when not given) and args.clock (chosen_clock);
    a bad --repeats or --threads ends the script with a usage error."""
    args = parser.parse_args(argv)
    args.repeats = args.repeats or (3 if args.quick else 15)
    args.clock = chosen_clock(args)
    if args.repeats < 1 or args.threads < 0:
        parser.error(
            f"--repeats must be >= 1 and --threads >= 0, got {args.repeats} and {args.threads}"
        )
    return args


def apply_threads(threads, warning="warning: could not set numpy's OpenBLAS threads"):
    """Set every BLAS and OpenMP pool loaded so far to `threads` threads (0 leaves them
    alone); print `warning` when numpy's BLAS could not be set."""
    if threads and not set_blas_threads(threads):
        print(warning)
