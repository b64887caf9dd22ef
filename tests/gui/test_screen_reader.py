"""ClaimMark through a screen reader's eyes: the real program on a real X server (Xvfb), its
accessibility tree read over AT-SPI by tests/gui/atspi/driver.py, never by coordinates.

Needs Xvfb, a D-Bus session (dbus-daemon), the AT-SPI bus (Debian's at-spi2-core) and Debian's
python3-pyatspi for /usr/bin/python3 (the project's virtual environment has another Python):
``.ci/run`` installs them; without them the test is skipped and says which is missing.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimmark.core.reader.workspace import Workspace
from claimmark.core.storage import open_database

DRIVER = Path(__file__).parent / "atspi" / "driver.py"
SYSTEM_PYTHON = "/usr/bin/python3"
BUS_LAUNCHER = ("/usr/libexec/at-spi-bus-launcher", "/usr/lib/at-spi2-core/at-spi-bus-launcher")
WORDS = "Kim laid a flower on a memorial wall"
SECOND = "about 600 are believed to have been killed"


def _missing() -> str:
    """Why the test cannot run here ('' if it can)."""
    if not sys.platform.startswith("linux"):
        return "AT-SPI is the Linux accessibility bus"
    for tool, package in (("Xvfb", "xvfb"), ("dbus-daemon", "dbus-daemon")):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (apt-get install {package})"
    if not any(Path(p).exists() for p in BUS_LAUNCHER):
        return "the AT-SPI bus launcher is not installed (apt-get install at-spi2-core)"
    if not Path(SYSTEM_PYTHON).exists():
        return f"{SYSTEM_PYTHON} is missing (the AT-SPI client runs in the system's Python)"
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True, text=True, check=False)
    if probe.returncode != 0:
        return "pyatspi is not installed for /usr/bin/python3 (apt-get install python3-pyatspi)"
    from claimmark.gui.common.system_libs import missing_libraries, packages_for

    missing = missing_libraries("xcb")
    if missing:
        packages, unknown = packages_for(missing)
        return "Qt's X11 plugin lacks system libraries (apt-get install " + " ".join(packages + unknown) + ")"
    return ""


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


@pytest.fixture
def desktop(tmp_path: Path) -> Iterator[dict[str, str]]:
    """An X server and a D-Bus session of the test's own; the environment for programs on them."""
    reason = _missing()
    if reason:
        pytest.skip(f"no accessibility bus here: {reason}")
    started: list[subprocess.Popen] = []
    try:
        xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", "1", "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        started.append(xvfb)
        assert xvfb.stdout is not None
        display = xvfb.stdout.readline().strip()
        if not display:
            pytest.skip("no accessibility bus here: Xvfb did not start")
        bus = subprocess.Popen(
            ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        started.append(bus)
        assert bus.stdout is not None
        address = bus.stdout.readline().strip()
        if not address:
            pytest.skip("no accessibility bus here: the D-Bus session did not start")
        config = tmp_path / "config"
        (config / "ClaimMark").mkdir(parents=True)
        # the practice view would open over the window at a first start; this is the reader's test
        (config / "ClaimMark" / "ClaimMark.conf").write_text("[practice]\nat_start=false\n", encoding="utf-8")
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "NO_AT_BRIDGE", "QT_ACCESSIBILITY")
        }
        env.update(
            DISPLAY=f":{display}",
            DBUS_SESSION_BUS_ADDRESS=address,
            XDG_CONFIG_HOME=str(config),
            XDG_RUNTIME_DIR=str(tmp_path),
            QT_QPA_PLATFORM="xcb",
            QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1",  # Qt's AT-SPI bridge on without a screen reader running
            QT_ACCESSIBILITY="1",
        )
        yield env
    finally:
        for process in reversed(started):
            _stop(process)


def test_a_claim_is_tagged_and_read_back_through_the_accessibility_tree(desktop: dict[str, str], tmp_path) -> None:
    db_path = tmp_path / "reader.sqlite3"
    app = subprocess.Popen(
        [sys.executable, "-m", "claimmark.gui.app", "--db", str(db_path), "--trainee", "ava"],
        env=desktop,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        driven = subprocess.run(
            [
                SYSTEM_PYTHON,
                str(DRIVER),
                "ClaimMark",
                WORDS,
                "1 confirmed",  # the toolbar says the tags as the buttons and the list do
                "Retag as estimated",
                SECOND,
                "3 unverified",
            ],
            env=desktop,
            capture_output=True,
            text=True,
            timeout=240,
            check=False,
        )
    finally:
        _stop(app)
    assert driven.returncode == 0, driven.stderr
    seen = json.loads(driven.stdout.strip().splitlines()[-1])
    assert "error" not in seen, json.dumps(seen, indent=1)[:6000]
    assert seen["selected"] == WORDS
    assert seen["article_description"].startswith("The article. Select words")
    assert seen["claims_description"].startswith("Every claim in text order")
    # read back from the claims list: the tag in words, the claim's words, no source and no note yet
    assert seen["rows_after_tag"] == [["confirmed", WORDS, "none", "none"]]
    assert seen["announced_after_tag"].startswith(f"New claim, confirmed: {WORDS}")
    assert seen["retag_description"].startswith("Retag the selected claim as estimated")
    assert seen["rows_after_retag"][0][:2] == ["estimated", WORDS]
    assert seen["announced_after_retag"].startswith(f"Retagged from confirmed to estimated: {WORDS}")
    assert all(seen["editor"].values()), seen["editor"]
    # the claim chosen in the list through the Table interface: its place, tag and words announced
    assert seen["announced_after_choosing"].startswith(f"Claim 1 of 2, estimated: {WORDS}")
    # and the announcements themselves, as AT-SPI Announcement signals (where AT-SPI has them)
    if "announcement_listener" not in seen:
        heard = seen["announcements"]
        assert any(a.startswith(f"New claim, confirmed: {WORDS}") for a in heard), heard
        assert any(a.startswith(f"Retagged from confirmed to estimated: {WORDS}") for a in heard), heard
        assert any(a.startswith(f"Claim 1 of 2, estimated: {WORDS}") for a in heard), heard
    # and it is saved, as the window showed
    db = open_database(str(db_path))
    try:
        workspace = Workspace(db, "ava")
        opened = workspace.open_start()
        assert opened is not None
        claims = [(opened.article.text[c.start : c.end], c.tag) for c in workspace.claims(opened.claim_set_id)]
    finally:
        db.close()
    assert claims == [(WORDS, "estimated"), (SECOND, "unverified")]
