"""Writing a PDF or zip where it cannot go: a read-only folder is refused before any work, and a
write that fails halfway (a full disk, a share that went away) is a message, not a traceback,
leaving the old file and no half-written one. Hostile findings: `pdf`, `handbook` and `bundle`
into a read-only folder ended in an OSError traceback (bundle after building the whole site)."""

from __future__ import annotations

import errno
import os
import signal
from pathlib import Path

import pytest
from click.testing import CliRunner

import build_tools.output_path as output_path
from build_tools.cli import main
from build_tools.output_path import OutputPathError, check_output_file, write_output_file

from conftest import TinyProject


def _read_only(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """`folder` as a read-only disk shows it (os.access says no to writing, even for root)."""
    real_access = os.access

    def access(path: object, mode: int, *args: object, **kwargs: object) -> bool:
        if Path(str(path)).resolve() == folder.resolve() and mode & os.W_OK:
            return False
        return real_access(path, mode, *args, **kwargs)

    monkeypatch.setattr(output_path.os, "access", access)


def test_a_read_only_folder_is_refused_before_any_work(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    shared = tmp_path / "gedeelde schijf"
    shared.mkdir()
    _read_only(monkeypatch, shared)
    for kind in ("zip", "pdf"):
        with pytest.raises(OutputPathError, match="is read-only.*Choose another -o"):
            check_output_file(shared / f"gids.{kind}", None, [], kind)
    # `workshop --sheet all -o NEW` makes its folder inside the read-only one: refused too.
    with pytest.raises(OutputPathError, match="is read-only"):
        check_output_file(shared / "nieuw" / "agenda.pdf", None, [], new_folder=True, kind="pdf")
    assert check_output_file(tmp_path / "gids.pdf", None, [], "pdf") == tmp_path / "gids.pdf"


def test_a_write_that_fails_halfway_keeps_the_old_file_and_leaves_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "vragen.pdf"
    target.write_bytes(b"%PDF-1.7 old")
    real_write = Path.write_bytes

    def disk_full(self: Path, data: bytes) -> int:
        real_write(self, data[:3])
        raise OSError(errno.ENOSPC, "No space left on device", str(self))

    monkeypatch.setattr(Path, "write_bytes", disk_full)
    with pytest.raises(OSError):
        write_output_file(target, b"%PDF-1.7 new and longer")
    monkeypatch.undo()
    assert target.read_bytes() == b"%PDF-1.7 old"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["vragen.pdf"]
    write_output_file(target, b"%PDF-1.7 new")
    assert target.read_bytes() == b"%PDF-1.7 new"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["vragen.pdf"]


def test_pdf_says_why_it_could_not_write(tiny_project: TinyProject, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import build_tools.pdf_build as pdf_build

    tiny_project.write_kit("check-in")
    monkeypatch.setattr(pdf_build, "check_fonts", lambda *args, **kwargs: None)
    monkeypatch.setattr(pdf_build, "render_one_sheet", lambda *args, **kwargs: b"%PDF-1.7 x")

    def gone(target: Path, content: bytes) -> None:
        raise OSError(errno.EIO, "Input/output error", str(target))

    monkeypatch.setattr(output_path, "write_output_file", gone)
    out = tmp_path / "uit.pdf"
    result = CliRunner().invoke(main, ["pdf", "check-in", "-o", str(out),
                                       "-p", str(tiny_project.root)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    assert f"Cannot write {out}: Input/output error; no PDF was written." in result.output


@pytest.mark.parametrize("command", [["export"], ["build", "--out"]])
def test_a_read_only_site_folder_is_refused_before_any_rendering(
        tiny_project: TinyProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        command: list[str]) -> None:
    """Hostile finding: `export DIR` into a read-only folder rendered every PDF first and then
    failed with an OSError (exit 1); now refused up front, as `pdf -o` is (exit 2)."""
    import build_tools.plan as plan

    tiny_project.write_kit("check-in")
    shared = tmp_path / "gedeelde schijf"
    shared.mkdir()
    _read_only(monkeypatch, shared)

    def no_work(*args: object, **kwargs: object) -> None:
        raise AssertionError("the guide was planned before the folder was checked")

    monkeypatch.setattr(plan, "make_plan", no_work)
    for folder in (shared / "gids", shared):  # a new folder in it, and the folder itself
        result = CliRunner().invoke(main, [*command, str(folder), "-p", str(tiny_project.root)])
        assert result.exit_code == 2, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), \
            repr(result.exception)
        assert f"the folder {shared.resolve()} is read-only" in result.output
        assert "Choose another output folder" in result.output
    assert not (shared / "gids").exists()


@pytest.mark.parametrize("command", [["export"], ["build", "--out"]])
def test_a_file_or_a_link_loop_where_a_folder_belongs_is_named_before_any_work(
        tiny_project: TinyProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        command: list[str]) -> None:
    """Hostile review: `--out notes.txt/site` called the file a read-only folder, and `--out
    loop/site` (a symlink loop) built everything, then failed with '[Errno 17] File exists'."""
    import build_tools.plan as plan

    tiny_project.write_kit("check-in")
    notes = tmp_path / "notities.txt"
    notes.write_text("mine\n", encoding="utf-8")
    (tmp_path / "lus1").symlink_to(tmp_path / "lus2")
    (tmp_path / "lus2").symlink_to(tmp_path / "lus1")

    def no_work(*args: object, **kwargs: object) -> None:
        raise AssertionError("the guide was planned before the folder was checked")

    monkeypatch.setattr(plan, "make_plan", no_work)
    for out, said in ((notes / "gids", f"{notes} is a file, not a folder"),
                      (tmp_path / "lus1" / "gids", "lus1 is a symbolic link that leads nowhere"),
                      (tmp_path / "lus1", "is a symbolic link that leads nowhere")):
        result = CliRunner().invoke(main, [*command, str(out), "-p", str(tiny_project.root)])
        assert result.exit_code == 2, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), \
            repr(result.exception)
        assert said in result.output, result.output
    assert notes.read_text(encoding="utf-8") == "mine\n"


def _disk_full(*args: object, **kwargs: object) -> bytes:
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("command, render", [
    (["pdf", "check-in"], "build_tools.pdf_build.render_one_sheet"),
    (["handbook"], "build_tools.handbook.render.render_handbook")])
def test_a_full_temporary_folder_is_a_message_not_a_traceback(
        tiny_project: TinyProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        command: list[str], render: str) -> None:
    """Hostile review: with TMPDIR on a full disk (the renders' scratch files, the handbook's
    project file) `pdf`, `handbook` and `workshop` ended in an OSError traceback."""
    tiny_project.write_kit("check-in")
    monkeypatch.setattr(render, _disk_full)
    out = tmp_path / "uit.pdf"
    result = CliRunner().invoke(main, [*command, "-o", str(out), "-p", str(tiny_project.root)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    assert "Rendering stopped: No space left on device: free some space on the disk of the " \
        "temporary folder" in result.output, result.output
    assert "point TMPDIR at a folder on a disk with room" in result.output
    assert "No PDF was written." in result.output and not out.exists()


def test_a_full_temporary_folder_stops_a_workshop_sheet_with_a_message(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from conftest import copy_example

    example = copy_example(tmp_path / "example")
    monkeypatch.setattr("build_tools.workshop_sheets.render.render_workshop_sheet", _disk_full)
    result = CliRunner().invoke(main, ["workshop", "het-goede-gesprek-voeren", "--sheet",
                                       "agenda", "-p", str(example), "-o", str(tmp_path / "a.pdf")])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    assert "No space left on device" in result.output and "TMPDIR" in result.output


def test_an_error_of_the_system_no_command_caught_is_one_sentence(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import build_tools.cli as cli
    from build_tools.entry import run

    def broken() -> None:
        raise OSError(errno.EROFS, "Read-only file system", "/mnt/gids/index.html")

    monkeypatch.setattr(cli, "main", broken)
    handler = signal.getsignal(signal.SIGINT)  # run() ignores Ctrl-C once the command is done
    try:
        with pytest.raises(SystemExit) as stopped:
            run()
    finally:
        signal.signal(signal.SIGINT, handler)
    assert stopped.value.code == 1
    assert capsys.readouterr().err.startswith(
        "Stopped: Read-only file system (/mnt/gids/index.html): a read-only disk, or no "
        "permission to write there")


def _interrupted_render(*args: object, **kwargs: object) -> bytes:
    """A render that made its temporary files (as WeasyPrint's fonts do), then got Ctrl-C."""
    import tempfile

    Path(tempfile.mkdtemp(prefix="weasyprint-"), "font.otf").write_bytes(b"font")
    raise KeyboardInterrupt


@pytest.mark.parametrize("command, render", [
    (["handbook"], "build_tools.handbook.render.render_handbook"),
    (["workshop", "het-goede-gesprek-voeren", "--sheet", "agenda"],
     "build_tools.workshop_sheets.render.render_workshop_sheet")])
def test_an_interrupted_document_leaves_nothing_in_the_temporary_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str], render: str) -> None:
    """Hostile review: `timeout -s TERM 5 gesprekskit handbook` (or workshop) was killed
    silently and left gesprekskit-handbook-*/ and weasyprint-*/ in TMPDIR; Ctrl-C said only
    click's 'Aborted!'. The render's temporary files now live in a scratch folder that goes
    with it, and the interrupt is named."""
    import tempfile

    from conftest import copy_example

    example = copy_example(tmp_path / "example")
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.setattr(render, _interrupted_render)
    out = tmp_path / "uit.pdf"
    result = CliRunner().invoke(main, [*command, "-p", str(example), "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert "Interrupted; no PDF was written." in result.output, result.output
    assert list(temp.iterdir()) == [] and not out.exists()


def test_an_interrupted_sheet_is_named(tiny_project: TinyProject, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    tiny_project.write_kit("check-in")

    def interrupted(*args: object, **kwargs: object) -> bytes:
        raise KeyboardInterrupt

    monkeypatch.setattr("build_tools.pdf_build.render_one_sheet", interrupted)
    result = CliRunner().invoke(main, ["pdf", "check-in", "-p", str(tiny_project.root),
                                       "-o", str(tmp_path / "uit.pdf")])
    assert result.exit_code == 1 and "Interrupted; no PDF was written." in result.output, \
        result.output


def test_a_full_disk_names_the_file_written_not_the_one_copied(tmp_path: Path,
                                                                monkeypatch) -> None:
    """Hostile review: a build onto a full disk blamed the PDF cache file it copied from
    (the error's first file name) and advised TMPDIR; the disk that is full holds the copy."""
    import tempfile

    from build_tools.os_errors import explain_os_error

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temp"))
    error = OSError(errno.ENOSPC, "No space left on device")
    error.filename, error.filename2 = "/project/.cache/a.pdf", "/mnt/gids/.site-new/a.pdf"
    said = explain_os_error(error)
    assert said == ("No space left on device (/mnt/gids/.site-new/a.pdf): free some space on "
                    "that disk, or choose an output on another one"), said
    error.filename2 = str(tmp_path / "temp" / "gesprekskit-render-1-x" / "a.pdf")
    assert "point TMPDIR at a folder on a disk with room" in explain_os_error(error)
    error.filename2 = str(tmp_path / "temp" / "mijn gids" / ".site-new-1-x" / "a.pdf")
    assert "TMPDIR" not in explain_os_error(error)  # an output that happens to lie in /tmp
