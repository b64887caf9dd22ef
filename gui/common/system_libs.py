"""System libraries Qt's platform plugins need on Linux, and the Debian packages that hold them.

Pip installs Qt itself, but its X11 plugin links against system libraries (libxcb-cursor0,
libxcb-icccm4, ...) that a fresh Linux desktop may lack; Qt then aborts with "Could not load
the Qt platform plugin". This module finds what is missing with ``ldd``, without importing
Qt, so both ``claimmark`` (a clear message instead of an abort) and ``scripts/bootstrap.py``
(installs them) can use it.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

# shared-object name -> Debian/Ubuntu package
PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libGLX.so.0": "libglx0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libSM.so.6": "libsm6",
    "libICE.so.6": "libice6",
}

PLUGINS = {"xcb": "libqxcb.so", "offscreen": "libqoffscreen.so", "wayland": "libqwayland.so"}


def qt_folder() -> Path | None:
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "Qt"


def missing_libraries(platform: str = "xcb") -> list[str]:
    """Shared objects that Qt's ``platform`` plugin (and Qt GUI) need but the system lacks."""
    if not sys.platform.startswith("linux") or shutil.which("ldd") is None:
        return []
    qt = qt_folder()
    if qt is None:
        return []
    files = [qt / "plugins" / "platforms" / PLUGINS.get(platform, f"libq{platform}.so"), qt / "lib" / "libQt6Gui.so.6"]
    if platform == "xcb":
        files.append(qt / "lib" / "libQt6XcbQpa.so.6")
    missing: list[str] = []
    for file in files:
        if not file.exists():
            continue
        result = subprocess.run(["ldd", str(file)], capture_output=True, text=True, check=False)
        for line in result.stdout.splitlines():
            if "not found" in line:
                name = line.split("=>")[0].strip()
                if name not in missing:
                    missing.append(name)
    return missing


def packages_for(libraries: list[str]) -> tuple[list[str], list[str]]:
    """(Debian packages to install, libraries with no known package)."""
    packages: list[str] = []
    unknown: list[str] = []
    for lib in libraries:
        package = PACKAGES.get(lib)
        if package is None:
            unknown.append(lib)
        elif package not in packages:
            packages.append(package)
    return packages, unknown


def install_hint(libraries: list[str]) -> str:
    packages, unknown = packages_for(libraries)
    lines = []
    if packages:
        lines.append("On Debian or Ubuntu install them with:\n  sudo apt-get install -y " + " ".join(packages))
    if unknown:
        lines.append("Also needed (find the package for your system): " + ", ".join(unknown))
    return "\n".join(lines)
