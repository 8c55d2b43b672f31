"""The architecture contracts in pyproject.toml's [tool.importlinter] hold: the math
(stats, features, the recommender strategies) imports no web framework or storage, the
top-level packages import each other one way only, and no package's modules import each
other in a cycle."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The venv's own binary, beside the interpreter running the tests.
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


@pytest.mark.skipif(
    not LINT_IMPORTS.exists(),
    reason=f"lint-imports is not installed at {LINT_IMPORTS} (pip install -r requirements-dev.txt)",
)
def test_import_contracts_hold() -> None:
    result = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, (
        f"lint-imports failed (exit {result.returncode}):\n{result.stdout}\n{result.stderr}"
    )


# The recommenders modules that are storage glue; every other one is held to the math
# contract, so a new strategy module is covered the day it is added.
GLUE = {"storage"}


def test_every_recommenders_module_is_either_math_or_named_glue() -> None:
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contract = config["tool"]["importlinter"]["contracts"][0]
    held = {m.removeprefix("recommenders.") for m in contract["source_modules"]}
    modules = {p.stem for p in (ROOT / "recommenders").glob("*.py") if p.stem != "__init__"}
    assert modules - GLUE - held == set(), "add these to the math contract or to GLUE"
    assert GLUE <= modules


def test_every_top_level_package_is_layered() -> None:
    """A new top-level package is analysed and placed in a layer, so a cycle through it
    breaks the layers contract instead of going unseen."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    (layers,) = [c for c in config["contracts"] if c["type"] == "layers"]
    layered = {name.strip() for layer in layers["layers"] for name in layer.split("|")}
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")} - {"tests"}
    assert set(config["root_packages"]) == packages, "list it in root_packages"
    assert layered == packages, "place it in the layers contract"
