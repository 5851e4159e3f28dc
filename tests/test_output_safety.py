"""The output-path rule: no build, bundle or sheet ever overwrites the project, its sources, or a
folder or file Gesprekskit did not make. Tried the way a careless user types paths."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from build_tools.cli import main
from build_tools.output_path import SITE_MARKER
from build_tools.rendering import PACKAGE_ROOT


def run(*args: str):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


def snapshot(root: Path) -> dict[str, bytes | str]:
    """Every file and link under root (the build's own cache and locks left out)."""
    found: dict[str, bytes | str] = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if relative.startswith(".cache") or relative.endswith("lock"):
            continue
        if path.is_symlink():
            found[relative] = "-> " + os.readlink(path)
        elif path.is_file():
            found[relative] = path.read_bytes()
        else:
            found[relative] = "dir"
    return found


@pytest.fixture
def project(site_project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The small project with a git folder, a brands folder and a folder mkdocs.yml names; the
    commands run from inside it, as a user types them."""
    (site_project / ".git").mkdir()
    (site_project / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (site_project / "brands" / "huisstijl").mkdir(parents=True)
    (site_project / "brands" / "huisstijl" / "_brand.yml").write_text(
        "meta:\n  name: Huisstijl\n", encoding="utf-8")
    (site_project / "eigen-thema").mkdir()
    (site_project / "eigen-thema" / "main.html").write_text("{% extends 'base.html' %}\n")
    (site_project / "haken").mkdir()
    (site_project / "haken" / "niets.py").write_text('"""A hook that does nothing."""\n')
    config = site_project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "watch:\n  - eigen-thema\n"
                      "hooks:\n  - haken/niets.py\n", encoding="utf-8")
    monkeypatch.chdir(site_project)
    return site_project


PROJECT_ITSELF = [".", "./", "..", "../", "kits/..", "{root}", "{root}/", "{root}/kits/.."]
SOURCES = ["kits", "kits/", "kits/tips", "./kits/tips/", "content", "content/gesprekken",
           "brands", "brands/huisstijl", ".git", "eigen-thema", "{root}/kits", "{root}/content/",
           "haken", ".cache", ".cache/gesprekskit/pdf/site", "{package}", "{package}/site"]


@pytest.mark.parametrize("out", PROJECT_ITSELF + SOURCES)
def test_build_never_writes_over_the_project_or_its_sources(project: Path, out: str) -> None:
    before = snapshot(project.parent)
    for arguments in (["build", "--out"], ["build", "--all-brands", "--out"]):
        result = run(*arguments, out.format(root=project, package=PACKAGE_ROOT))
        assert result.exit_code == 2, result.output
        assert "Choose" in result.output
        assert snapshot(project.parent) == before


@pytest.mark.parametrize("kind", ["folder with files", "hidden file only", "symlink to it"])
def test_a_folder_gesprekskit_did_not_make_is_never_emptied(project: Path, tmp_path: Path,
                                                             kind: str) -> None:
    home = tmp_path / "home"
    (home / "Documenten").mkdir(parents=True)
    (home / ".bashrc").write_text("export PATH\n", encoding="utf-8")
    if kind == "folder with files":
        (home / "brief.txt").write_text("Beste ...\n", encoding="utf-8")
    out = home
    if kind == "symlink to it":
        out = tmp_path / "publiceren"
        out.symlink_to(home, target_is_directory=True)
    before = snapshot(tmp_path)
    result = run("build", "--out", str(out))
    assert result.exit_code == 2 and "not made by Gesprekskit" in result.output, result.output
    assert snapshot(tmp_path) == before


def test_a_file_or_a_link_into_the_sources_is_no_output_folder(project: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notities.txt"
    notes.write_text("mijn notities\n", encoding="utf-8")
    assert run("build", "--out", str(notes)).exit_code == 2
    link = tmp_path / "site-link"
    link.symlink_to(project / "kits", target_is_directory=True)
    before = snapshot(project)
    result = run("build", "--out", str(link) + "/")
    assert result.exit_code == 2 and "kits/" in result.output
    assert snapshot(project) == before and notes.read_text() == "mijn notities\n"


def test_a_configured_site_dir_follows_the_same_rule(project: Path) -> None:
    """mkdocs.yml's site_dir, for `gesprekskit build` and for plain `mkdocs build` alike."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "site_dir: kits\n", encoding="utf-8")
    before = snapshot(project)
    refused = run("build")
    # The advice names the setting the user wrote, not an option they did not use.
    assert refused.exit_code == 2 and "such as site_dir: site in mkdocs.yml" in refused.output
    loaded = load_config(config_file=str(config))
    loaded.plugins.on_startup(command="build", dirty=False)
    with pytest.raises(MkDocsException, match="holds the guide's sources") as caught:
        loaded.plugins.on_config(loaded)
    assert "--out" not in str(caught.value)
    with pytest.raises(MkDocsException):
        mkdocs_build(load_config(config_file=str(config)))
    assert snapshot(project) == before


def test_its_own_site_is_replaced_and_marked(project: Path, tmp_path: Path) -> None:
    empty = tmp_path / "leeg"
    empty.mkdir()
    for out in (empty, tmp_path / "nieuw" / "diep" / "site"):
        assert run("build", "--out", str(out)).exit_code == 0
        assert (out / SITE_MARKER).is_file()
        assert run("build", "--out", str(out) + "/", "--force").exit_code == 0
    assert run("build", "--all-brands", "--out", str(empty), "--force").exit_code == 0
    assert (empty / "default" / "index.html").is_file() and (empty / SITE_MARKER).is_file()


def _foreign_pdf(path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.add_metadata({"/Creator": "Word", "/Title": "Mijn beoordeling"})
    with open(path, "wb") as handle:
        writer.write(handle)


def test_pdf_replaces_only_its_own_pdf(project: Path, tmp_path: Path) -> None:
    precious = tmp_path / "beoordeling.pdf"
    _foreign_pdf(precious)
    before = precious.read_bytes()
    result = run("pdf", "check-in", "-o", str(precious))
    assert result.exit_code == 2 and "left untouched" in result.output
    assert precious.read_bytes() == before
    own = tmp_path / "vragen.pdf"
    assert run("pdf", "check-in", "-o", str(own)).exit_code == 0
    first = own.stat().st_mtime_ns
    assert run("pdf", "check-in", "-o", str(own), "--sheet", "kaarten").exit_code == 0
    assert own.stat().st_mtime_ns >= first and own.read_bytes() != before
    link = tmp_path / "link.pdf"
    link.symlink_to(own)
    assert run("pdf", "check-in", "-o", str(link)).exit_code == 2


@pytest.mark.parametrize("destination", ["{tmp}/bestaat-niet/x.pdf", "kits/x.pdf",
                                         "content/x.pdf", "{tmp}"])
def test_pdf_destination_is_checked_before_rendering(project: Path, tmp_path: Path,
                                                     destination: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import build_tools.sheets.render as render

    def must_not_render(*args, **kwargs):
        raise AssertionError("rendered before the destination was checked")

    monkeypatch.setattr(render, "render_sheet", must_not_render)
    before = snapshot(project)
    result = run("pdf", "check-in", "-o", destination.format(tmp=tmp_path))
    assert result.exit_code == 2, result.output
    assert snapshot(project) == before


def test_bundle_replaces_only_its_own_zip_and_checks_first(project: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import build_tools.bundle as bundle

    other = tmp_path / "belangrijk.zip"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("contract.docx", "...")
    before = other.read_bytes()

    def must_not_build(*args, **kwargs):
        raise AssertionError("built before the destination was checked")

    with monkeypatch.context() as patched:
        patched.setattr(bundle, "build_site", must_not_build)
        for destination in (str(other), str(tmp_path / "bestaat-niet" / "x.zip"), "kits/x.zip",
                            "content/site.zip"):
            result = run("bundle", "-o", destination)
            assert result.exit_code == 2, result.output
    assert other.read_bytes() == before
    own = tmp_path / "gids.zip"
    assert run("bundle", "-o", str(own)).exit_code == 0
    assert run("bundle", "-o", str(own)).exit_code == 0, "its own zip is replaced"
    with zipfile.ZipFile(own) as archive:
        assert SITE_MARKER not in archive.namelist()
    link = tmp_path / "link.zip"
    link.symlink_to(own)
    assert run("bundle", "-o", str(link)).exit_code == 2 and link.is_symlink()


@pytest.mark.parametrize("name", ["a\\..\\evil.bat", "C:\\Windows\\x", "C:/x.html", "../uit.html",
                                  "a/../../uit.html", "/abs.html", "tab\there.html", "a/./b"])
def test_a_bad_zip_entry_name_is_refused(name: str) -> None:
    """The bundle's last check, behind the refusal of such names in the sources."""
    from build_tools.bundle import is_safe_entry_name

    assert not is_safe_entry_name(name)
    assert is_safe_entry_name("downloads/check-in/check-in-kaarten.pdf")
    assert is_safe_entry_name("en/gesprekken/a..b.html")


def test_site_and_zip_get_the_users_umask(project: Path, tmp_path: Path) -> None:
    previous = os.umask(0o027)
    try:
        assert run("build", "--out", str(tmp_path / "site")).exit_code == 0
        assert run("bundle", "-o", str(tmp_path / "gids.zip")).exit_code == 0
    finally:
        os.umask(previous)
    assert (tmp_path / "site").stat().st_mode & 0o777 == 0o750
    assert (tmp_path / "site" / "index.html").stat().st_mode & 0o777 == 0o640
    assert (tmp_path / "gids.zip").stat().st_mode & 0o777 == 0o640
    assert run("build", "--out", str(tmp_path / "site2")).exit_code == 0
    assert (tmp_path / "site2").stat().st_mode & 0o777 == 0o755


def _dead_pid() -> int:
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True)
    return int(finished.stdout)


def test_leftovers_of_killed_builds_are_removed_but_not_a_live_builds(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        dead = _dead_pid()
        stale = [project / f".site-new-{dead}-abc", project / f".site-old-{dead}-def",
                 temp / f"gesprekskit-render-{dead}-ghi", temp / f"gesprekskit-bundle-{dead}-jkl"]
        half_zip = tmp_path / f".bundle-{dead}-mno.zip"
        half_zip.write_bytes(b"PK")
        alive = [project / f".site-new-{live.pid}-abc", temp / f"gesprekskit-render-{live.pid}-x",
                 temp / "gesprekskit-render-oudestijl"]
        for folder in stale + alive:
            folder.mkdir()
            (folder / "index.html").write_text("half", encoding="utf-8")
        config = project / "mkdocs.yml"
        config.write_text(config.read_text().replace("pdfs: false", "pdfs: true"))
        built = run("build", "--jobs", "1")
        assert built.exit_code == 0, built.output
        bundled = run("bundle", "-o", str(tmp_path / "gids.zip"))
        assert bundled.exit_code == 0, bundled.output
        assert not [folder for folder in stale if folder.exists()] and not half_zip.exists()
        assert all(folder.exists() for folder in alive)
    finally:
        live.kill()
        live.wait()


def test_two_projects_cannot_build_into_one_folder_at_once(project: Path, tmp_path: Path) -> None:
    from build_tools.build import OUT_LOCK_SUFFIX

    shared = tmp_path / "gedeeld"
    assert run("build", "--out", str(shared)).exit_code == 0
    before = snapshot(shared)
    # Another project's build holds the lock of the output folder.
    with open(tmp_path / f".gedeeld{OUT_LOCK_SUFFIX}", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = run("build", "--out", str(shared), "--force")
    assert result.exit_code == 1 and f"writing into {shared}" in result.output
    assert snapshot(shared) == before


def test_a_killed_build_leaves_nothing_behind(site_project: Path, tmp_path: Path) -> None:
    """What SIGKILL leaves goes with the next build; SIGTERM cleans up at once, like Ctrl-C."""
    from conftest import valid_kit

    (site_project / "kits" / "tweede.yml").write_text(valid_kit("tweede"), encoding="utf-8")
    temp = tmp_path / "tmp"
    temp.mkdir()
    config = site_project / "mkdocs.yml"
    config.write_text(config.read_text().replace("pdfs: false", "pdfs: true"))

    def stop_while_rendering(how: int) -> tuple[int, str]:
        process = subprocess.Popen(
            [sys.executable, "-m", "build_tools", "build", str(site_project), "--jobs", "2",
             "--no-cache"], env={**os.environ, "TMPDIR": str(temp)},
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        ours = (f".site-new-{process.pid}-*", f"gesprekskit-render-{process.pid}-*")
        deadline = time.monotonic() + 120
        while not (list(site_project.glob(ours[0])) and list(temp.glob(ours[1]))):
            assert process.poll() is None, "the build ended before it could be stopped"
            assert time.monotonic() < deadline
            time.sleep(0.02)
        process.send_signal(how)
        output = process.communicate(timeout=120)[0]
        return process.returncode, output

    status, _ = stop_while_rendering(signal.SIGKILL)
    assert status == -signal.SIGKILL
    assert list(site_project.glob(".site-new-*")) and list(temp.glob("gesprekskit-render-*"))
    status, output = stop_while_rendering(signal.SIGTERM)
    assert status == 1 and "Interrupted" in output and "Traceback" not in output, output
    assert not list(site_project.glob(".site-*")) and not list(temp.glob("gesprekskit-*"))


@pytest.mark.slow  # subprocesses or big images: seconds each
def test_serve_never_writes_into_the_configured_site_dir(project: Path) -> None:
    """`serve` builds into a fresh temporary folder of its own, whatever site_dir says."""
    import socket
    import urllib.request

    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "site_dir: kits\n", encoding="utf-8")
    before = snapshot(project)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "build_tools", "serve", str(project),
                               "--dev-addr", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 90
        while True:
            assert server.poll() is None and time.monotonic() < deadline, "serve did not start"
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as answer:
                    assert answer.status == 200
                    break
            except OSError:
                time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(30)
    assert snapshot(project) == before
