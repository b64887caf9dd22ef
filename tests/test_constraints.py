"""constraints.txt pins the whole set-up, and scripts/bootstrap.py installs with it.

The file is made by ``python3 scripts/bootstrap.py lock``; these tests catch a hand edit or a
resolution that went wrong: a dependency left unpinned, a pin that pyproject.toml does not allow,
the PySide6 6.12.0 that corrupts None's reference count on Python 3.11, or a placeholder release
(version 999.9.9, which an index may serve in place of a real package).
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import tomllib
from pathlib import Path
from types import ModuleType

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
CONSTRAINTS = ROOT / "constraints.txt"


def _pins() -> dict[str, Version]:
    pins: dict[str, Version] = {}
    for number, raw in enumerate(CONSTRAINTS.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        requirement = Requirement(line)
        (specifier,) = requirement.specifier  # exactly one, and it must be ==
        assert specifier.operator == "==", f"line {number}: {line!r} is not pinned with =="
        name = canonicalize_name(requirement.name)
        assert name not in pins, f"line {number}: {requirement.name} is pinned twice"
        pins[name] = Version(specifier.version)
    return pins


def _requirements() -> list[Requirement]:
    """Every requirement in pyproject.toml: the runtime dependencies and every extra's."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    listed = [*project["dependencies"], *(r for extra in project["optional-dependencies"].values() for r in extra)]
    return [r for r in map(Requirement, listed) if canonicalize_name(r.name) != "claimmark"]


def _brought_by_extras(requirement: Requirement) -> list[Requirement]:
    """What the extras asked for (``[binary]``) add, read from the installed package's metadata."""
    if not requirement.extras:
        return []
    try:
        requires = importlib.metadata.requires(requirement.name) or []
    except importlib.metadata.PackageNotFoundError:
        return []
    brought = []
    for needed in map(Requirement, requires):
        marker = needed.marker
        if marker is None or marker.evaluate({"extra": ""}):
            continue  # not an extra's: checked as a dependency of its own where pyproject names it
        if any(marker.evaluate({"extra": extra}) for extra in requirement.extras):
            brought.append(needed)
    return brought


def test_every_dependency_is_pinned_at_a_version_pyproject_allows() -> None:
    pins = _pins()
    for requirement in _requirements():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is not in constraints.txt: run python3 scripts/bootstrap.py lock"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"constraints.txt pins {requirement.name}=={pins[name]}, which pyproject.toml excludes ({requirement})"
        )
        for brought in _brought_by_extras(requirement):  # psycopg[binary] brings psycopg-binary
            assert canonicalize_name(brought.name) in pins, f"{brought} (for {requirement}) is not pinned"


def test_no_placeholder_release_and_no_broken_pyside6_is_pinned() -> None:
    pins = _pins()
    placeholders = sorted(name for name, version in pins.items() if version == Version("999.9.9"))
    assert not placeholders, f"placeholder releases pinned: {placeholders}"
    broken = sorted(
        name
        for name, version in pins.items()
        if (name.startswith("pyside6") or name == "shiboken6") and version == Version("6.12.0")
    )
    assert not broken, f"PySide6 6.12.0 corrupts None's reference count on Python 3.11: {broken}"


def _bootstrap() -> ModuleType:
    spec = importlib.util.spec_from_file_location("claimmark_bootstrap", ROOT / "scripts" / "bootstrap.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bootstrap_installs_with_the_constraints() -> None:
    bootstrap = _bootstrap()
    for extra in ("", "test"):
        command = [str(part) for part in bootstrap.install_command(Path("python"), extra)]
        assert command[command.index("-c") + 1] == str(CONSTRAINTS)


def test_the_installed_stamp_changes_with_the_constraints(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Editing constraints.txt (or pyproject.toml) makes bootstrap install again."""
    bootstrap = _bootstrap()
    (tmp_path / "pyproject.toml").write_bytes((ROOT / "pyproject.toml").read_bytes())
    copy = tmp_path / "constraints.txt"
    copy.write_bytes(CONSTRAINTS.read_bytes())
    monkeypatch.setattr(bootstrap, "ROOT", tmp_path)
    monkeypatch.setattr(bootstrap, "CONSTRAINTS", copy)
    before = bootstrap.install_digest()
    copy.write_text(copy.read_text().replace("pytest==", "pytest==0", 1))
    assert bootstrap.install_digest() != before
    copy.write_bytes(CONSTRAINTS.read_bytes())
    assert bootstrap.install_digest() == before


def test_lock_refuses_placeholders_and_the_broken_pyside6() -> None:
    refused = _bootstrap().refused_pins({"pyside6-essentials": "6.12.0", "en-core-web-trf": "999.9.9", "lxml": "6.1.3"})
    assert refused == ["pyside6-essentials==6.12.0", "en-core-web-trf==999.9.9"]
