"""core/ must never import Qt or gui/: the import-linter contracts in pyproject.toml say so."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_are_kept() -> None:
    result = subprocess.run(
        [sys.executable, "-c", "from importlinter.cli import lint_imports_command; lint_imports_command()"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "core stays free of Qt" in result.stdout and "broken" in result.stdout
    assert " 0 broken" in result.stdout


def test_every_core_module_imports_without_qt_loaded() -> None:
    code = (
        "import importlib, pkgutil, sys, claimmark.core as core\n"
        "names = [m.name for m in pkgutil.walk_packages(core.__path__, 'claimmark.core.')]\n"
        # migration scripts are run by Alembic, inside a migration, not imported
        "names = [n for n in names if '.migrations.' not in n]\n"
        "for name in names: importlib.import_module(name)\n"
        "print(len(names), any(m.startswith(('PySide6', 'shiboken6')) for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    count, qt_loaded = out.stdout.split()
    assert int(count) > 20 and qt_loaded == "False"
