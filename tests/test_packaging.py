"""ClaimMark installs under one name of its own, ``claimmark``, and its wheel carries what it needs.

The folders ``core/``, ``gui/`` and ``resources/`` are installed as ``claimmark.core``,
``claimmark.gui`` and ``claimmark.resources`` (``pyproject.toml``), so another package with a
top-level ``core`` or ``gui`` can sit beside ClaimMark without breaking either.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _listed_packages() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return set(config["tool"]["setuptools"]["packages"])


def test_every_package_folder_is_listed_in_pyproject() -> None:
    """A new package folder left out of pyproject.toml would be missing from the wheel."""
    found = set()
    for top in ("core", "gui", "resources"):
        for init in (ROOT / top).rglob("__init__.py"):
            parts = init.parent.relative_to(ROOT).parts
            found.add(".".join(("claimmark", *parts)))
    assert found == _listed_packages()


def _site_packages(env: Path) -> Path:
    purelib = sysconfig.get_path("purelib", vars={"base": str(env), "platbase": str(env)})
    return Path(purelib)


def test_the_wheel_runs_beside_packages_named_core_gui_and_resources(tmp_path: Path) -> None:
    # built from a copy, so that no build/ folder left by an earlier build can fill in for what
    # pyproject.toml fails to say
    source = tmp_path / "source"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache"),
        symlinks=True,
    )
    wheels = tmp_path / "wheels"
    pip = [sys.executable, "-m", "pip"]
    built = subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels), str(source)],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = wheels.glob("claimmark-*.whl")

    env = tmp_path / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True)
    site = _site_packages(env)
    bin_dir = env / ("Scripts" if os.name == "nt" else "bin")
    # the dependencies come from this environment (the .pth files there, such as the editable
    # install of this checkout, are not processed for a folder added this way)
    (site / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    for name in ("core", "gui", "resources"):
        (site / name).mkdir()
        (site / name / "__init__.py").write_text(f"WHO = 'another package named {name}'\n", encoding="utf-8")

    installed = subprocess.run(
        [*pip, "--python", str(bin_dir / "python"), "install", "--no-deps", "-q", str(wheel)],
        capture_output=True,
        text=True,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr

    work = tmp_path / "elsewhere"
    work.mkdir()
    clean_env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "CLAIMMARK_DB")}
    helped = subprocess.run(
        [str(bin_dir / "claimmark"), "--help"], cwd=work, capture_output=True, text=True, env=clean_env
    )
    assert helped.returncode == 0, helped.stderr
    assert helped.stdout.startswith("usage: claimmark")

    check = (
        "import core, gui, resources, claimmark.core.cli, claimmark.gui.app\n"
        "from importlib import resources as r\n"
        "from claimmark.core.classroom.sample import load_sample_key\n"
        "assert core.WHO == 'another package named core' and gui.WHO.endswith('gui'), (core, gui)\n"
        f"assert claimmark.core.cli.__file__.startswith({str(site)!r}), claimmark.core.cli.__file__\n"
        "assert load_sample_key().claims\n"
        "assert (r.files('claimmark.core.storage') / 'migrations' / 'env.py').is_file()\n"
        "assert (r.files('claimmark.resources') / 'guide.md').is_file()\n"
        "assert (r.files('claimmark.resources.cues') / 'patterns.json').is_file()\n"
        "assert (r.files('claimmark.core.repair') / 'weights.json').is_file()\n"
        "print('ok')\n"
    )
    ran = subprocess.run(
        [str(bin_dir / "python"), "-c", check], cwd=work, capture_output=True, text=True, env=clean_env
    )
    assert ran.returncode == 0 and ran.stdout.strip() == "ok", ran.stdout + ran.stderr
