"""Input checks shared by every nnlib module: errors that name the argument,
what was expected and what came."""

import numbers

import numpy as np


def describe(value):
    """A short description of a value for an error message."""
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of length {len(value)}"
    return f"{value!r} ({type(value).__name__})"


def as_float_array(value, name, dtype=np.float64):
    """value as a float ndarray; TypeError when it is not numeric, ValueError on NaN/inf."""
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name} must be a number or an array of numbers, got {describe(value)}")
    try:
        arr = np.asarray(value, dtype=dtype)
    except (TypeError, ValueError):
        raise TypeError(
            f"{name} must be a number or an array of numbers, got {describe(value)}"
        ) from None
    if not np.isfinite(arr).all():
        bad = "NaN" if np.isnan(arr).any() else "inf"
        raise ValueError(f"{name} must contain only finite numbers, but it contains {bad}")
    return arr


def as_float(value, name):
    """value as a finite Python float; TypeError when it is not a real number."""
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, np.ndarray)):
        raise TypeError(f"{name} must be a real number, got {describe(value)}")
    if isinstance(value, np.ndarray):
        if value.shape != ():
            raise TypeError(f"{name} must be a single number, got {describe(value)}")
        value = value.item()
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value}")
    return value


def positive(value, name):
    """value as a finite float > 0."""
    value = as_float(value, name)
    if value <= 0:
        raise ValueError(f"{name} must be > 0, got {value}")
    return value


def choice(value, name, options):
    """value if it is one of options, else ValueError listing them."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, one of {sorted(options)}, got {describe(value)}")
    if value not in options:
        raise ValueError(f"{name} must be one of {sorted(options)}, got {value!r}")
    return value


def labels_or_one_hot(Y, n, out, dtype):
    """Y as integer labels (N,) in 0..out-1 or as one-hot rows (N, out) (each row
    exactly one 1, zeros elsewhere)."""
    Y_arr = np.asarray(Y)
    if Y_arr.ndim == 1 and Y_arr.dtype.kind in "iu":  # integer labels
        if Y_arr.shape[0] != n or (n and (Y_arr.min() < 0 or Y_arr.max() >= out)):
            raise ValueError(
                f"Y as integer labels must have shape ({n},) with values "
                f"in 0..{out - 1}, got {describe(Y_arr)} with values "
                f"{Y_arr.min() if Y_arr.size else '-'}.."
                f"{Y_arr.max() if Y_arr.size else '-'}"
            )
        return Y_arr
    Y = as_float_array(Y, "Y", dtype)
    if Y.shape != (n, out):
        raise ValueError(
            f"Y must be one-hot of shape ({n}, {out}) or integer labels of "
            f"shape ({n},), got {describe(Y)}"
        )
    return one_hot_rows(Y, "Y")


def one_hot_rows(Y, name):
    """Y (N, C) if each row is one-hot (one 1, zeros elsewhere) or, more generally, class
    probabilities (each >= 0, the row summing to 1: soft targets), else ValueError showing
    the first row that is neither."""
    ok = (Y >= 0).all(axis=1) & (np.abs(Y.sum(axis=1) - 1) <= 1e-6)
    if not ok.all():
        i = int(np.argmin(ok))
        raise ValueError(
            f"{name} as rows of targets must be one-hot (one 1, zeros elsewhere) or class "
            f"probabilities (each >= 0, summing to 1), but row {i} is {Y[i].tolist()}; for "
            f"class labels pass integers of shape ({Y.shape[0]},)"
        )
    return Y
