"""What the learner-mistake test modules share: the explorers to try each mistake on,
check() with every warning an error, and a network a Ctrl-C stops during a chosen step."""

import warnings

import nnlib.widgets as w
from nnlib import SeedNetwork
from nnlib.exercises import check

EXPLORERS = [getattr(w, name) for name in w.BUILDERS]
# Those driven by sliders: the worksheet takes typed entries instead (tests/test_worksheet.py).
SLIDER_EXPLORERS = [getattr(w, name) for name in w.BUILDERS if name != "backprop_worksheet"]


def strict_check(name, answer):
    """check(name, answer) with every warning turned into an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return check(name, answer)


class StopsAt:
    """A SeedNetwork whose objective raises KeyboardInterrupt on its k-th evaluation
    (1-based), as a learner's Ctrl-C during step k would: k - 1 updates are complete."""

    def __init__(self, k):
        self.net, self.k, self.calls = SeedNetwork(), k, 0

    @property
    def params(self):
        return self.net.params

    def objective(self, x, y):
        inner = self.net.objective(x, y)

        def objective():
            self.calls += 1
            if self.calls == self.k:
                raise KeyboardInterrupt
            return inner()

        return objective
