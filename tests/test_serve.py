"""`mkdocs serve`: reloads on YAML edits, keeps the last good site on an invalid edit."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A `mkdocs serve` subprocess with its log collected in the background."""

    def __init__(self, project: Path):
        self.port = _free_port()
        mkdocs = Path(sys.executable).parent / "mkdocs"
        self.proc = subprocess.Popen(
            [str(mkdocs), "serve", "--dirty", "-a", f"127.0.0.1:{self.port}"],  # as `make serve`
            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        self.log: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.log.append(line)

    def get(self, path: str) -> str | None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=5) as r:
                return r.read().decode("utf-8")
        except OSError:
            return None

    def wait_for(self, predicate, what: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.2)
        raise AssertionError(f"timed out waiting for {what}; log:\n{''.join(self.log)}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture
def server(starter):
    srv = Server(starter)
    yield srv
    srv.stop()


def test_serve_reloads_and_survives_an_invalid_edit(server, starter):
    entry = starter / "dossier" / "actors" / "land-b.yml"
    server.wait_for(lambda: "Land B" in (server.get("actors/land-b/") or ""), "first build")
    home = starter / "docs" / "index.md"
    home.write_text(home.read_text() + "\nAlso [[land-b]].\n")
    server.wait_for(lambda: ">Land B</a>" in (server.get("") or ""), "reload after a page edit")

    entry.write_text(entry.read_text().replace("name: Land B", "name: Land Bee"))
    server.wait_for(lambda: "Land Bee" in (server.get("actors/land-b/") or ""), "reload after a YAML edit")
    # Dirty rebuilds still refresh every page that shows the changed entry.
    assert ">Land Bee</a>" in server.get("actors/land-a/")
    assert ">Land Bee</a>" in server.get("actors/")
    assert ">Land Bee</a>" in server.get("")  # hand-written home page: its links show entry labels

    good = entry.read_text()
    entry.write_text(good.replace("type: state", "type: [broken"))
    server.wait_for(lambda: any("still serving the last good version of the dossier" in line for line in server.log), "the error in the log")
    assert any(line.startswith("dossier/actors/land-b.yml:4:") and "YAML syntax error" in line for line in server.log)
    assert "Land Bee" in server.get("actors/land-b/")  # last good site still served
    assert server.proc.poll() is None

    entry.write_text(good.replace("name: Land Bee", "name: Land Bea"))
    server.wait_for(lambda: "Land Bea" in (server.get("actors/land-b/") or ""), "recovery on the next valid save")
    assert not any("Traceback" in line for line in server.log)
