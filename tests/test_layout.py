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
