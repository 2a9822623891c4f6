"""Settings for every pytest run from this repository: nbval compares notebook outputs
through the sanitize rules in tests/nbval_sanitize.cfg unless another file is given."""

from pathlib import Path

SANITIZE = Path(__file__).resolve().parent / "tests" / "nbval_sanitize.cfg"


def pytest_configure(config):
    option = config.option
    if getattr(option, "nbval", False) and not getattr(option, "nbval_sanitize_with", None):
        option.nbval_sanitize_with = str(SANITIZE)
