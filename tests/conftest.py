"""Shared test setup: the Keras backend, the oracles (PyTorch, Keras), Hypothesis profiles."""

import os

# Keras reads its backend once, at its first import: this must come before anything imports it.
os.environ["KERAS_BACKEND"] = "torch"

import importlib  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

IN_CI = os.environ.get("CI", "").lower() == "true"

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if IN_CI else "dev")


def require(name: str):
    """Import an oracle module; skip the test locally without it, fail it in CI (CI=true)."""
    try:
        return importlib.import_module(name)
    except Exception as exc:  # ImportError, or a backend that fails to initialise
        message = f"the oracle {name!r} cannot be imported ({type(exc).__name__}: {exc})."
        if IN_CI:
            pytest.fail(message + " CI checks every number against it: install it "
                        "(pip install -r requirements-dev.txt).", pytrace=False)
        pytest.skip(message)


@pytest.fixture(scope="session")
def torch():
    """The PyTorch module (the oracle for everything but Keras)."""
    return require("torch")


@pytest.fixture(scope="session")
def F(torch):  # noqa: N802 - the usual name of torch.nn.functional
    """``torch.nn.functional``."""
    return require("torch.nn.functional")


@pytest.fixture(scope="session")
def scipy_signal():
    """``scipy.signal`` (the oracle of ``core.resample``)."""
    return require("scipy.signal")


@pytest.fixture(scope="session")
def keras():
    """The Keras 3 module, on the torch backend."""
    module = require("keras")
    if module.backend.backend() != "torch":
        message = f"Keras runs on the {module.backend.backend()!r} backend, not 'torch'."
        if IN_CI:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return module
