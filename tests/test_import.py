"""`import nnlib` stays light and changes no global state: checked in fresh
interpreters, so nothing already imported by the tests can hide a problem."""

import json
import subprocess
import sys
import textwrap


def _run(code):
    """Run code in a fresh interpreter and return what it printed as JSON."""
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_import_loads_neither_matplotlib_nor_ipywidgets():
    out = _run("""
        import json, sys
        import nnlib
        heavy = sorted(m for m in sys.modules
                       if m.split(".")[0] in ("matplotlib", "ipywidgets", "IPython", "pandas"))
        print(json.dumps({"heavy": heavy, "numpy": "numpy" in sys.modules}))
    """)
    assert out == {"heavy": [], "numpy": True}


def test_import_sets_no_numpy_random_state():
    out = _run("""
        import json
        import numpy as np
        before = np.random.get_state()
        import nnlib
        after = np.random.get_state()
        same = (before[0] == after[0] and (before[1] == after[1]).all()
                and before[2:] == after[2:])
        # The global stream continues where it was: no seed was set.
        print(json.dumps({"same": bool(same)}))
    """)
    assert out == {"same": True}


def test_import_changes_no_rcparams():
    out = _run("""
        import json
        import matplotlib
        before = dict(matplotlib.rcParams)
        import nnlib
        after = dict(matplotlib.rcParams)
        changed = sorted(k for k in before if str(before[k]) != str(after[k]))
        print(json.dumps({"changed": changed}))
    """)
    assert out == {"changed": []}


def test_public_names_and_lazy_submodules():
    out = _run("""
        import json, sys
        import nnlib
        names = ["sigmoid", "sigmoid_prime", "tanh", "tanh_prime", "relu", "relu_prime",
                 "leaky_relu", "leaky_relu_prime", "linear", "linear_prime", "softmax",
                 "softmax_prime", "ACTIVATIONS", "LOSSES", "mse", "mse_grad",
                 "binary_cross_entropy", "binary_cross_entropy_grad",
                 "categorical_cross_entropy", "categorical_cross_entropy_grad", "MLP",
                 "SeedNetwork", "numerical_gradient", "rel_error", "gradient_check",
                 "sgd_step", "train", "WEIGHT_NAMES", "ARTICLE_WEIGHTS", "ARTICLE_X",
                 "ARTICLE_Y"]
        missing = [n for n in names if not hasattr(nnlib, n)]
        try:
            nnlib.no_such_name
            unknown = "no error"
        except AttributeError as e:
            unknown = str(e)
        print(json.dumps({"missing": missing, "unknown": unknown,
                          "lazy_loaded": [m for m in ("nnlib.plots", "nnlib.widgets",
                                                      "nnlib.exercises") if m in sys.modules]}))
    """)
    assert out == {
        "missing": [],
        "unknown": "module 'nnlib' has no attribute 'no_such_name'",
        "lazy_loaded": [],
    }
