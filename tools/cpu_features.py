"""The numpy SIMD dispatch targets above numpy's baseline that numpy uses on this CPU now,
space-separated (e.g. "X86_V3 X86_V4 AVX512_ICL"); an empty line when there are none.

    python tools/cpu_features.py

Run with NPY_DISABLE_CPU_FEATURES unset, it lists what this CPU has.  Setting the variable
to that list makes numpy run its baseline kernels (`make test-baseline`): other rounding in
exp, tanh and sums, as on a CPU other than this one.  Run again with the variable set, it
prints an empty line: numpy reports a switched-off target as unsupported.
"""

from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__


def active_dispatch_targets():
    """The dispatch targets numpy was built with that it uses on this CPU."""
    return [name for name in __cpu_dispatch__ if __cpu_features__.get(name)]


if __name__ == "__main__":
    print(" ".join(active_dispatch_targets()))
