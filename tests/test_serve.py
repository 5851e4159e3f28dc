"""`gesprekskit serve` as HR uses it: the server answers within seconds (the PDFs follow), save
a kit and see the page change with only that kit's PDFs rendered again; save a broken kit and
see the error in the browser page and the terminal while the server keeps running."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import valid_kit

#: The server must answer HTTP this soon after starting, whatever the state of the kits.
ANSWER_SECONDS = 30
#: The whole first build, PDFs included, on a loaded 2-core machine.
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


@contextmanager
def serving(project: Path, log: Path) -> Iterator[Server]:
    """`gesprekskit serve` on a free port, answering HTTP within ANSWER_SECONDS."""
    port = free_port()
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "build_tools", "serve", "--project", str(project),
             "--dev-addr", f"127.0.0.1:{port}"], stdout=sink, stderr=subprocess.STDOUT)
    server = Server(process, f"http://127.0.0.1:{port}/", log)
    try:
        wait_for(lambda: fetch(server.url) is not None, ANSWER_SECONDS,
                 "the server's first answer", log)
        assert f"Serving the guide on {server.url}" in server.output()
        yield server
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def server(site_project: Path, tmp_path: Path) -> Iterator[Server]:
    config = site_project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("pdfs: false", "jobs: 1"),
                      encoding="utf-8")
    (site_project / "kits" / "tweede.yml").write_text(valid_kit("tweede"), encoding="utf-8")
    with serving(site_project, tmp_path / "serve.log") as server:
        wait_for(lambda: "The guide is up to date." in server.output(), STARTUP_SECONDS,
                 "the first build with its PDFs", server.log)
        yield server


def test_saving_a_kit_rebuilds_that_kit_only(server: Server, site_project: Path) -> None:
    assert server.render_lines()[-1].endswith("2 kit(s) rendered, 0 from the cache")
    kit = site_project / "kits" / "tweede.yml"
    kit.write_text(valid_kit("tweede").replace("title: Tweede", "title: Bijgewerkt gesprek"),
                   encoding="utf-8")
    page = server.url + "gesprekken/tweede.html"
    shown: list[str] = []
    wait_for(lambda: "Bijgewerkt gesprek" in (shown.append(fetch(page) or "") or shown[-1]),
             CHANGE_SECONDS, "the edited kit's page", server.log)
    # Kit files only changed: serve publishes that page first, the full build follows.
    assert "The edited kit's page is up to date; building the rest again." in server.output()
    assert 'href="../downloads/tweede/tweede-vragenblad.pdf"' in shown[-1]
    assert '<nav class="md-nav md-nav--primary"' in shown[-1]  # the whole page, not a fragment
    wait_for(lambda: server.render_lines()[-1].endswith("1 kit(s) rendered, 1 from the cache"),
             CHANGE_SECONDS, "the full build after the quick page", server.log)
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
    for page in ("gesprekken/tweede.html", "gesprekken/check-in.html", ""):
        shown = fetch(server.url + page) or ""
        assert re.search(r"kits/tweede\.yml:\d+:\d+: error: ", shown), shown
    kit.write_text(valid_kit("tweede").replace("title: Tweede", "title: Weer heel"),
                   encoding="utf-8")
    page = server.url + "gesprekken/tweede.html"
    wait_for(lambda: "Weer heel" in (fetch(page) or ""), CHANGE_SECONDS,
             "the repaired kit's page", server.log)


def test_with_a_broken_kit_the_server_answers_at_once_and_shows_the_error(
        site_project: Path, tmp_path: Path) -> None:
    started = time.monotonic()
    kit = site_project / "kits" / "check-in.yml"
    kit.write_text(valid_kit().replace("duration: 45", "duration: twintig"), encoding="utf-8")
    with serving(site_project, tmp_path / "serve.log") as server:
        page = server.url + "gesprekken/check-in.html"
        wait_for(lambda: "error:" in (fetch(page) or ""), ANSWER_SECONDS - (time.monotonic() - started),
                 "the error in the page", server.log)
        shown = fetch(page) or ""
        assert re.search(r"kits/check-in\.yml:\d+:\d+: error: .*duration", shown), shown
        assert "/livereload/" in shown, "the error page reloads by itself once fixed"
        assert re.search(r"kits/check-in\.yml:\d+:\d+: error: ", server.output())
        kit.write_text(valid_kit().replace("title: Check in", "title: Hersteld"), encoding="utf-8")
        wait_for(lambda: "Hersteld" in (fetch(page) or ""), CHANGE_SECONDS, "the repaired page",
                 server.log)
        assert server.process.poll() is None
