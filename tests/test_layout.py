"""The architecture contracts in pyproject.toml's [tool.importlinter] hold: the math
(stats, features, the recommender strategies) imports no web framework or storage, and no
package's modules import each other in a cycle."""

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


# The recommenders modules that are web or storage glue; every other one is held to the
# math contract, so a new strategy module is covered the day it is added.
GLUE = {"routes", "schemas", "storage", "storefront"}


def test_every_recommenders_module_is_either_math_or_named_glue() -> None:
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contract = config["tool"]["importlinter"]["contracts"][0]
    held = {m.removeprefix("recommenders.") for m in contract["source_modules"]}
    modules = {p.stem for p in (ROOT / "recommenders").glob("*.py") if p.stem != "__init__"}
    assert modules - GLUE - held == set(), "add these to the math contract or to GLUE"
    assert GLUE <= modules
