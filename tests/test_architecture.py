"""core/ must never import Qt or gui/: the import-linter contract in pyproject.toml says so."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_core_does_not_import_qt() -> None:
    result = subprocess.run(
        [sys.executable, "-c", "from importlinter.cli import lint_imports_command; lint_imports_command()"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "core stays free of Qt" in result.stdout and "KEPT" in result.stdout


def test_core_imports_without_qt_loaded() -> None:
    code = (
        "import sys, core.cli, core.db, core.repository, core.operations, core.nlp, core.exporting, core.workspace;"
        "print(any(m.startswith('PySide6') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
