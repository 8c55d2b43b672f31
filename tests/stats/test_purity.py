"""stats/ is pure: importing it pulls in no web framework and no database layer."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

STATS = Path(__file__).resolve().parents[2] / "stats"


def test_stats_modules_import_no_web_or_storage_code() -> None:
    modules = sorted(f"stats.{path.stem}" for path in STATS.glob("*.py"))
    script = (
        "import sys\n"
        + "".join(f"import {name}\n" for name in modules)
        + "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'fastapi', 'starlette', 'sqlalchemy', 'models', 'db', 'ab_testing'})\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=STATS.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "", f"stats imports {result.stdout.strip()}"
