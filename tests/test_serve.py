"""`gesprekskit serve` as HR uses it: save a kit, see the page change, and only that kit's
PDFs rendered again; save a broken kit, see the error, and the server keeps running."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import valid_kit

STARTUP_SECONDS = 180
CHANGE_SECONDS = 120


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(condition: Callable[[], bool], seconds: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    pytest.fail(f"timed out waiting for {what}; server output:\n{log.read_text(errors='replace')}")


class Server:
    def __init__(self, process: subprocess.Popen[bytes], url: str, log: Path) -> None:
        self.process, self.url, self.log = process, url, log

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def render_lines(self) -> list[str]:
        return [line for line in self.output().splitlines() if "kit(s) rendered" in line]


@pytest.fixture
def server(site_project: Path, tmp_path: Path) -> Iterator[Server]:
    config = site_project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("pdfs: false", "jobs: 1"),
                      encoding="utf-8")
    (site_project / "kits" / "tweede.yml").write_text(valid_kit("tweede"), encoding="utf-8")
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "build_tools", "serve", str(site_project),
             "--dev-addr", f"127.0.0.1:{port}"], stdout=sink, stderr=subprocess.STDOUT)
    server = Server(process, f"http://127.0.0.1:{port}/", log)
    try:
        wait_for(lambda: fetch(server.url + "gesprekken/check-in.html") is not None,
                 STARTUP_SECONDS, "the first build", log)
        yield server
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def test_saving_a_kit_rebuilds_that_kit_only(server: Server, site_project: Path) -> None:
    assert server.render_lines()[-1].endswith("2 kit(s) rendered, 0 from the cache")
    kit = site_project / "kits" / "tweede.yml"
    kit.write_text(valid_kit("tweede").replace("title: Tweede", "title: Bijgewerkt gesprek"),
                   encoding="utf-8")
    page = server.url + "gesprekken/tweede.html"
    wait_for(lambda: "Bijgewerkt gesprek" in (fetch(page) or ""), CHANGE_SECONDS,
             "the edited kit's page", server.log)
    assert server.render_lines()[-1].endswith("1 kit(s) rendered, 1 from the cache")
    pdf = server.url + "downloads/tweede/tweede-vragenblad.pdf"
    with urllib.request.urlopen(pdf, timeout=5) as response:
        assert response.read().startswith(b"%PDF")


def test_a_broken_kit_is_reported_and_serving_goes_on(server: Server, site_project: Path) -> None:
    kit = site_project / "kits" / "tweede.yml"
    kit.write_text(valid_kit("tweede").replace("phases:", "phases: [", 1), encoding="utf-8")
    wait_for(lambda: "kits/tweede.yml:" in server.output() and "error:" in server.output(),
             CHANGE_SECONDS, "the error report", server.log)
    assert server.process.poll() is None, "the server stopped on a broken kit"
    assert "Traceback" not in server.output()
    kit.write_text(valid_kit("tweede").replace("title: Tweede", "title: Weer heel"),
                   encoding="utf-8")
    page = server.url + "gesprekken/tweede.html"
    wait_for(lambda: "Weer heel" in (fetch(page) or ""), CHANGE_SECONDS,
             "the repaired kit's page", server.log)
