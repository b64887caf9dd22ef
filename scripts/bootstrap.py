#!/usr/bin/env python3
"""Set up ClaimMark in ./.venv and run it, or run its tests.  Needs only Python 3.11+.

    python3 scripts/bootstrap.py run [claimmark arguments]   set up, then open the window
    python3 scripts/bootstrap.py test [pytest arguments]     set up, then run the whole test suite
    python3 scripts/bootstrap.py lock                        pin every dependency afresh in constraints.txt

It creates a virtual environment in .venv (once), installs the project into it with the versions
pinned in constraints.txt (again only when pyproject.toml or constraints.txt changed), and on
Linux installs the system libraries Qt needs (with apt-get as root, or sudo when you are at a
terminal), or says exactly which to install.

``lock`` resolves the project with its test and dev tools in a new, temporary virtual
environment, with no constraints, and writes every version installed there to constraints.txt;
it never pins a placeholder release (version 999.9.9, which some indexes serve for names they
hold back) or the PySide6 6.12.0 that corrupts None's reference count on Python 3.11.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
CONSTRAINTS = ROOT / "constraints.txt"
PLACEHOLDER_VERSION = "999.9.9"
# never pinned (see pyproject.toml): 6.12.0 loses a reference to None on every void call on Python 3.11
BAD_PINS = {(name, "6.12.0") for name in ("pyside6", "pyside6-essentials", "pyside6-addons", "shiboken6")}


def say(message: str) -> None:
    print(f"[bootstrap] {message}", flush=True)


def run(*command: str | Path) -> None:
    subprocess.run([str(c) for c in command], check=True, cwd=ROOT)


def ensure_venv() -> None:
    if not PYTHON.exists():
        say(f"creating a virtual environment in {VENV}")
        venv.EnvBuilder(with_pip=True, clear=VENV.exists()).create(VENV)


def install_digest() -> str:
    """What the installation is made from: it is redone when either file changes."""
    if not CONSTRAINTS.exists():
        sys.exit(f"{CONSTRAINTS.name} is missing; make it with: python3 scripts/bootstrap.py lock")
    digest = hashlib.sha256()
    for file in (ROOT / "pyproject.toml", CONSTRAINTS):
        digest.update(file.name.encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


def install_command(python: Path, extra: str) -> list[str | Path]:
    """pip installing the project (editable) with every dependency at its pinned version."""
    target = f".[{extra}]" if extra else "."
    return [python, "-m", "pip", "install", "--quiet", "-c", CONSTRAINTS, "-e", target]


def ensure_installed(extra: str) -> None:
    stamp = VENV / f".claimmark-installed-{extra or 'app'}"
    digest = install_digest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    say(f"installing ClaimMark and its dependencies ({extra or 'app'}); the first time takes a few minutes")
    run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(*install_command(PYTHON, extra))
    stamp.write_text(digest)


def refused_pins(pins: dict[str, str]) -> list[str]:
    """The pins that must never be written: placeholders and the broken PySide6."""
    return [
        f"{name}=={version}"
        for name, version in pins.items()
        if version == PLACEHOLDER_VERSION or (name, version) in BAD_PINS
    ]


def _normal(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def _freeze(python: Path) -> dict[str, str]:
    out = subprocess.run(
        [str(python), "-m", "pip", "freeze", "--all", "--exclude-editable"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pins: dict[str, str] = {}
    for line in out.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, version = line.partition("==")
        if not sep:
            sys.exit(f"cannot pin '{line}': it was not installed from an index")
        if _normal(name) not in ("pip", "claimmark"):  # pip installs; claimmark is the project
            pins[name] = version
    return pins


def lock() -> int:
    """Resolve ``.[dev]`` in a new virtual environment and write its versions to constraints.txt."""
    avoid: list[str] = []  # names whose placeholder release the resolver picked: resolve again without it
    with tempfile.TemporaryDirectory(prefix="claimmark-lock-") as tmp:
        fresh = Path(tmp) / "venv"
        python = fresh / BIN.name / PYTHON.name
        excluded = Path(tmp) / "excluded.txt"
        while True:
            say("resolving .[dev] in a new virtual environment" + (f" without {', '.join(avoid)}" if avoid else ""))
            venv.EnvBuilder(with_pip=True, clear=True).create(fresh)
            excluded.write_text("".join(f"{name}!={PLACEHOLDER_VERSION}\n" for name in avoid))
            run(python, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
            run(python, "-m", "pip", "install", "--quiet", "-c", excluded, "-e", ".[dev]")
            pins = _freeze(python)
            placeholders = [name for name, version in pins.items() if version == PLACEHOLDER_VERSION]
            if not placeholders:
                break
            if set(placeholders) <= set(avoid):
                sys.exit("the resolver keeps picking placeholder releases: " + ", ".join(placeholders))
            avoid += placeholders
    refused = refused_pins({_normal(name): version for name, version in pins.items()})
    if refused:
        sys.exit("refusing to pin " + ", ".join(refused) + "; exclude them in pyproject.toml and lock again")
    python_version = ".".join(map(str, sys.version_info[:2]))
    lines = [
        "# Every package of ClaimMark's test and dev set-up (.[dev]), pinned: scripts/bootstrap.py installs",
        "# with -c constraints.txt.  Made by `python3 scripts/bootstrap.py lock` in a new virtual environment",
        f"# (Python {python_version}, {sys.platform}); run it again to move to newer releases, then run the tests.",
        *(f"{name}=={pins[name]}" for name in sorted(pins, key=_normal)),
    ]
    CONSTRAINTS.write_text("\n".join(lines) + "\n")
    say(f"wrote {len(pins)} pins to {CONSTRAINTS.name}")
    return 0


def ensure_system_libraries(platform: str) -> None:
    """On Linux, install the libraries Qt's platform plugin needs, or say which to install."""
    if not sys.platform.startswith("linux"):
        return
    probe = (
        "import json, sys; from claimmark.gui.common.system_libs import missing_libraries, packages_for;"
        f"m = missing_libraries({platform!r}); print(json.dumps([m, *packages_for(m)]))"
    )
    out = subprocess.run([str(PYTHON), "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    import json

    missing, packages, unknown = json.loads(out.stdout)
    if not missing:
        return
    say("Qt needs system libraries that are missing: " + ", ".join(missing))
    apt = shutil.which("apt-get")
    if packages and apt:
        if os.geteuid() == 0:
            command = [apt, "install", "-y", "--no-install-recommends", *packages]
            say("installing " + " ".join(packages))
            subprocess.run([apt, "update", "-qq"], check=False)
            subprocess.run(command, check=True, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
        elif shutil.which("sudo") and sys.stdin.isatty():
            say("installing them with sudo: sudo apt-get install -y " + " ".join(packages))
            subprocess.run(["sudo", apt, "install", "-y", *packages], check=True)
        else:
            sys.exit(f"Install them first, then run this again:\n  sudo apt-get install -y {' '.join(packages)}")
    elif packages:
        sys.exit("Install the packages that provide: " + ", ".join(missing))
    if unknown:
        sys.exit("Also install the packages that provide: " + ", ".join(unknown))


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 11):  # noqa: UP036 (this script may be started by an older Python)
        sys.exit(f"ClaimMark needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    mode, rest = (argv[0], argv[1:]) if argv and argv[0] in ("run", "test", "lock") else ("run", argv)
    if mode == "lock":
        return lock()
    ensure_venv()
    if mode == "test":
        ensure_installed("test")
        ensure_system_libraries("offscreen")
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        return subprocess.run([str(PYTHON), "-m", "pytest", *rest], cwd=ROOT, env=env, check=False).returncode
    ensure_installed("")
    if sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM"):
        ensure_system_libraries("wayland" if os.environ.get("WAYLAND_DISPLAY") else "xcb")
    say("opening ClaimMark")
    return subprocess.run([str(BIN / "claimmark"), *rest], cwd=ROOT, check=False).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
