#!/usr/bin/env python3
"""Set up ClaimMark in ./.venv and run it, or run its tests.  Needs only Python 3.11+.

    python3 scripts/bootstrap.py run [claimmark arguments]   set up, then open the window
    python3 scripts/bootstrap.py test [pytest arguments]     set up, then run the whole test suite

It creates a virtual environment in .venv (once), installs the project into it (again only
when pyproject.toml changed), and on Linux installs the system libraries Qt needs (with
apt-get as root, or sudo when you are at a terminal), or says exactly which to install.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def say(message: str) -> None:
    print(f"[bootstrap] {message}", flush=True)


def run(*command: str | Path) -> None:
    subprocess.run([str(c) for c in command], check=True, cwd=ROOT)


def ensure_venv() -> None:
    if not PYTHON.exists():
        say(f"creating a virtual environment in {VENV}")
        venv.EnvBuilder(with_pip=True, clear=VENV.exists()).create(VENV)


def ensure_installed(extra: str) -> None:
    target = f".[{extra}]" if extra else "."
    stamp = VENV / f".claimmark-installed-{extra or 'app'}"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    say(f"installing ClaimMark and its dependencies ({target}); the first time takes a few minutes")
    run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(PYTHON, "-m", "pip", "install", "--quiet", "-e", target)
    stamp.write_text(digest)


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
    mode, rest = (argv[0], argv[1:]) if argv and argv[0] in ("run", "test") else ("run", argv)
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
