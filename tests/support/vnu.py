"""The Nu HTML Checker (vnu, the W3C's), run as a local HTTP service once per test process and
asked about the HTML each page serves. The jar comes from npm's vnu-jar (`make vnu`, which
`make test` runs); Java from Debian's default-jre-headless. Missing: the check is skipped on a
developer's machine and fails in CI (CITEDUC_REQUIRE_ALL=1)."""

import atexit
import functools
import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
JAR = Path(
    os.environ.get(
        "CITEDUC_VNU_JAR",
        ROOT / ".venv" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar",
    )
)


def _missing(message: str) -> None:
    if os.environ.get("CITEDUC_REQUIRE_ALL") == "1":
        pytest.fail(message)
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@functools.cache
def service() -> str:
    """The address of this process's checker, started on first use and stopped at exit."""
    java = shutil.which("java")
    if java is None or not JAR.exists():
        _missing(f"vnu a besoin de Java (default-jre-headless) et de {JAR} (make vnu)")
    assert java is not None
    port = _free_port()
    process = subprocess.Popen(
        [
            java,
            "-Xss1m",
            "-cp",
            str(JAR),
            "-Dnu.validator.servlet.bind-address=127.0.0.1",
            "nu.validator.servlet.Main",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    atexit.register(process.terminate)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 1).close()
            return f"http://127.0.0.1:{port}/?out=json"
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise RuntimeError("le vérificateur vnu n'a pas démarré")


def html_errors(html: str) -> list[str]:
    """Each error the checker finds in a served page, with its line: [] when the page passes."""
    request = urllib.request.Request(
        service(),
        data=html.encode("utf-8"),
        headers={"Content-Type": "text/html; charset=utf-8"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=60) as answer:
        messages = json.load(answer)["messages"]
    return [
        f"ligne {m.get('lastLine', '?')} : {m['message']} — {m.get('extract', '').strip()[:120]}"
        for m in messages
        if m["type"] == "error" or (m["type"] == "non-document-error")
    ]
