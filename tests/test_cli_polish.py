"""The command line's rough edges from issue 14's review: validate that counts while a kit is
broken, choices that offer only current values, messages in the user's words, the serve pages
in the guide's language, outputs that land where users expect and nothing left behind."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from build_tools import progress
from build_tools.model import DEPRECATED_VALUES
from conftest import REPO_ROOT, TinyProject, valid_kit
from test_command_line import bilingual, problems, run


def test_validate_counts_translation_warnings_while_a_kit_has_errors(site_project: Path) -> None:
    project = bilingual(site_project)
    (project / "content" / "index.en.md").write_text("# Welcome\n", encoding="utf-8")
    healthy = run("validate", "-p", str(project))
    warnings = [line for line in problems(healthy.output) if ": warning: " in line]
    assert healthy.exit_code == 0 and warnings
    (project / "kits" / "kapot.yml").write_text(
        valid_kit("kapot").replace("duration: 45", "duration: twintig"), encoding="utf-8")
    broken = run("validate", "-p", str(project))
    assert broken.exit_code == 1
    # the other kit's untranslated texts are still reported, as one summary per file and language
    assert [line for line in problems(broken.output) if ": warning: " in line] == warnings
    assert any("kapot.yml" in line and ": error: " in line for line in problems(broken.output))
    closing = broken.output.strip().splitlines()[-1]
    assert closing.startswith(f"1 error(s), {len(warnings)} warning(s) found")
    assert "nothing was built" not in broken.output      # validate never builds


def test_new_offers_only_the_current_types(tiny_project: TinyProject) -> None:
    root = str(tiny_project.root)
    tiny_project.write_kit("check-in")
    refused = run("new", "goed", "--type", "onbekend", "-p", root)
    assert refused.exit_code == 2 and "exit-interview" in refused.output
    for old in DEPRECATED_VALUES["type"]:
        assert old not in refused.output, old
        assert old not in run("new", "--help").output.replace("(", " ").split(), old
    old = next(iter(DEPRECATED_VALUES["type"]))                # still works, with a note
    assert run("new", "oud", "--type", old, "-p", root).exit_code == 0


def test_new_on_an_existing_file_is_refused_like_every_overwrite(tiny_project: TinyProject) -> None:
    tiny_project.write_kit("check-in")
    result = run("new", "check-in", "-p", str(tiny_project.root))
    assert result.exit_code == 2 and result.output.startswith("Error: ")
    assert "already exists" in result.output


@pytest.mark.parametrize(("option", "value"), [("kits_dir", "notes.txt"),
                                             ("kits_dir", "notes.txt/kits"),
                                             ("workshops_dir", "notes.txt")])
def test_new_into_a_folder_that_is_a_file_says_so(tiny_project: TinyProject, option: str,
                                                 value: str) -> None:
    """`new` said 'notes.txt/x.yml already exists' of a kits folder that is a file, and
    stopped with a NotADirectoryError traceback when the folder lay inside one."""
    root = tiny_project.root
    (root / "notes.txt").write_text("mijn aantekeningen\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        (root / "mkdocs.yml").read_text(encoding="utf-8") + f"      {option}: {value}\n",
        encoding="utf-8")
    command = ["new", "probeer"] if option == "kits_dir" else ["new", "--workshop", "probeer"]
    result = run(*command, "-p", str(root))
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "already exists" not in result.output
    assert "notes.txt" in result.output and option in result.output
    assert (root / "notes.txt").read_text(encoding="utf-8") == "mijn aantekeningen\n"


@pytest.mark.parametrize("command", [("new", "--workshop", "gesprek"), ("new", "oefenen")])
def test_new_refuses_the_id_of_a_kit_or_workshop_of_the_other_kind(
        tiny_project: TinyProject, command: tuple[str, ...]) -> None:
    """`new --workshop KIT_ID` wrote a workshop that validate then refused (they would share
    downloads/<id>/); refused before writing, exit 2, as an existing id is."""
    tiny_project.write_kit("gesprek")
    (tiny_project.root / "workshops").mkdir()
    (tiny_project.root / "workshops" / "oefenen.yml").write_text("schema: 1\n", encoding="utf-8")
    result = run(*command, "-p", str(tiny_project.root))
    assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    assert "downloads folder" in result.output
    assert sorted(path.name for path in (tiny_project.root / "workshops").iterdir()) == \
        ["oefenen.yml"]
    assert not (tiny_project.root / "kits" / "oefenen.yml").exists()


def test_paper_error_names_the_values_users_type(tiny_project: TinyProject) -> None:
    tiny_project.write_kit("check-in")
    result = run("pdf", "check-in", "--sheet", "kaarten", "--paper", "a3",
                 "-p", str(tiny_project.root))
    assert result.exit_code == 2 and "printed on a4 only" in result.output
    assert "a4-portrait" not in result.output


def test_paper_a4_puts_the_whole_pack_on_a4(tiny_project: TinyProject, tmp_path: Path) -> None:
    """`--paper a4` with `--sheet compleet` was ignored: the pack opened with an A3 page that an
    office printer with A4 only cannot print. Now the praatplaat is on A4 landscape there too."""
    from pypdf import PdfReader

    tiny_project.write_kit("check-in")
    target = tmp_path / "pack.pdf"
    result = run("pdf", "check-in", "--sheet", "compleet", "--paper", "a4", "-o", str(target),
                 "-p", str(tiny_project.root))
    assert result.exit_code == 0, result.output
    sizes = {tuple(sorted(round(float(side)) for side in page.mediabox[2:]))
             for page in PdfReader(target).pages}
    assert sizes == {(595, 842)}, sizes


def test_project_option_naming_a_subfolder_finds_the_project(site_project: Path) -> None:
    result = run("validate", "-p", str(site_project / "kits"))
    assert result.exit_code == 0, result.output
    assert "1 kits" in result.output


def test_pdf_without_output_goes_into_the_pdf_folder(site_project: Path, monkeypatch) -> None:
    monkeypatch.chdir(site_project)
    result = run("pdf", "check-in")
    target = site_project / "pdf" / "check-in-vragenblad.pdf"
    assert result.exit_code == 0 and str(target) in result.output
    assert target.read_bytes().startswith(b"%PDF-")
    assert not (site_project / "check-in-vragenblad.pdf").exists()
    assert "/pdf/" in (REPO_ROOT / ".gitignore").read_text(encoding="utf-8")


def test_handbook_and_workshop_without_output_go_into_the_pdf_folder_too(
        tiny_project: TinyProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """They wrote into the current folder while `pdf` wrote into pdf/ (the renderers are
    stand-ins: where the files land is under test, not the layout)."""
    import build_tools.handbook.render as handbook_render
    from build_tools.workshop_sheets import render as workshop_render
    from test_workshops import _project

    root = _project(tiny_project).root
    monkeypatch.setattr(handbook_render, "render_handbook",
                        lambda project, language, brand, **options: b"%PDF-1.7 handbook")
    monkeypatch.setattr(workshop_render, "render_workshop_sheet",
                        lambda project, workshop, name, **options: b"%PDF-1.7 " + name.encode())
    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    handbook = run("handbook", "-p", str(root))
    assert handbook.exit_code == 0, handbook.output
    assert str(root / "pdf" / "handbook-nl.pdf") in handbook.output
    assert (root / "pdf" / "handbook-nl.pdf").read_bytes() == b"%PDF-1.7 handbook"
    agenda = run("workshop", "oefenen", "--sheet", "agenda", "-p", str(root))
    assert agenda.exit_code == 0, agenda.output
    assert str(root / "pdf" / "oefenen-agenda.pdf") in agenda.output
    (root / "pdf" / "oefenen-agenda.pdf").unlink()  # a stand-in is no PDF it would replace
    every = run("workshop", "oefenen", "--sheet", "all", "-p", str(root))
    assert every.exit_code == 0 and (root / "pdf" / "oefenen-handout.pdf").exists(), every.output
    assert list(elsewhere.iterdir()) == []
    chosen = elsewhere / "boek.pdf"  # -o still decides
    assert run("handbook", "-p", str(root), "-o", str(chosen)).exit_code == 0
    assert chosen.read_bytes() == b"%PDF-1.7 handbook"
    for command in ("handbook", "workshop"):
        assert "pdf/" in run(command, "--help").output.replace("\n", " ")


def test_workshop_with_output_makes_no_pdf_folder(tiny_project: TinyProject, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """`workshop ID --sheet agenda -o FILE` wrote FILE and left an empty pdf/ folder in the
    project; `pdf` and `handbook` with -o make none."""
    from build_tools.workshop_sheets import render as workshop_render
    from test_workshops import _project

    root = _project(tiny_project).root
    monkeypatch.setattr(workshop_render, "render_workshop_sheet",
                        lambda project, workshop, name, **options: b"%PDF-1.7 " + name.encode())
    chosen = tmp_path / "agenda.pdf"
    result = run("workshop", "oefenen", "--sheet", "agenda", "-o", str(chosen), "-p", str(root))
    assert result.exit_code == 0, result.output
    assert chosen.read_bytes() == b"%PDF-1.7 agenda"
    assert not (root / "pdf").exists()


@pytest.mark.parametrize("command", [("handbook",), ("workshop", "oefenen", "--sheet", "agenda"),
                                     ("pdf", "gesprek", "--sheet", "praatplaat")])
@pytest.mark.parametrize("kind", ["file", "dangling link"])
def test_a_pdf_that_is_no_folder_is_a_clear_refusal(tiny_project: TinyProject, command: tuple[str, ...],
                                                   kind: str) -> None:
    """A file or a link to nowhere named pdf stopped all three with a FileExistsError
    traceback; it is told, exit 2, and left as it was."""
    from test_workshops import _project

    root = _project(tiny_project).root
    tiny_project.write_kit("gesprek")
    place = root / "pdf"
    if kind == "file":
        place.write_text("mijn aantekeningen\n", encoding="utf-8")
    else:
        place.symlink_to(root / "nergens")
    result = run(*command, "-p", str(root))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "pdf" in result.output and "-o" in result.output
    assert place.is_symlink() if kind != "file" else \
        place.read_text(encoding="utf-8") == "mijn aantekeningen\n"


def test_validate_reports_a_workshop_named_as_a_kit_beside_its_located_problems(
        tiny_project: TinyProject) -> None:
    """A workshop with a kit's id: the whole-file error (no line) and the file's located
    warnings were sorted together and stopped with a TypeError traceback."""
    from build_tools.scaffold import workshop_template

    root = str(tiny_project.root)
    tiny_project.write_kit("gesprek")
    (tiny_project.root / "workshops").mkdir()
    (tiny_project.root / "workshops" / "gesprek.yml").write_text(
        workshop_template("gesprek", "gesprek") + "onbekend: 1\n", encoding="utf-8")
    checked = run("validate", "-p", root)
    assert checked.exit_code == 1 and "Traceback" not in checked.output, checked.output
    assert "also the id of the kit" in checked.output


def test_serve_pages_speak_the_guide_language(site_project: Path) -> None:
    from build_tools.serve import GuideServer

    server = GuideServer(site_project, "127.0.0.1", 0)
    try:
        building = server.notice.decode()
        assert '<html lang="nl" dir="ltr">' in building and "De gids wordt gebouwd" in building
        server._show_error("kits/check-in.yml:3:1: error: iets")
        error = server.notice.decode()
        assert "De gids kon niet worden gebouwd" in error and "kits/check-in.yml:3:1" in error
    finally:
        server.server_close()
        server.close()


def test_a_killed_servers_site_folders_go_with_the_next_serve(
        site_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A killed server's temporary sites (tens of MB each) were left in /tmp for ever."""
    import sys
    import tempfile
    import time

    from build_tools.scratch import SERVE_PREFIX, TEMP_PREFIXES
    from build_tools.serve import GuideServer

    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    dead = int(subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True).stdout)
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        killed, running = temp / f"{SERVE_PREFIX}{dead}-abc", temp / f"{SERVE_PREFIX}{live.pid}-x"
        old_style = temp / f"{SERVE_PREFIX}k3x_9q2z"  # an older Gesprekskit's, two days old
        for folder in (killed, running, old_style):
            (folder / "site-1").mkdir(parents=True)
        two_days_ago = time.time() - 2 * 24 * 3600
        os.utime(old_style, (two_days_ago, two_days_ago))
        server = GuideServer(site_project, "127.0.0.1", 0)
        try:
            assert not killed.exists() and not old_style.exists() and running.exists()
            assert server.scratch.parent == temp
            assert server.scratch.name.startswith(f"{SERVE_PREFIX}{os.getpid()}-")
        finally:
            server.server_close()
            server.close()
        assert not server.scratch.exists()  # a normal stop removes its own at once
    finally:
        live.kill()
        live.wait()
    assert SERVE_PREFIX in TEMP_PREFIXES  # a PDF build sweeps them too


def test_no_heartbeat_counts_zero_of_zero() -> None:
    from build_tools.pdf_build import terminal_progress

    note, stop = terminal_progress("PDFs (nl)")
    try:
        note(0, 0)                                 # every PDF came from the cache
        assert "0 of 0" not in (progress.activity() or "")
        note(1, 3)
        assert progress.activity() == "rendering PDFs (nl): 1 of 3 document(s) × language(s) done"
    finally:
        stop()
        progress.set_activity(None)


def test_no_lock_file_is_left_and_two_builds_still_exclude_each_other(tmp_path: Path) -> None:
    from build_tools.build import LOCK_NAME, BuildLockedError, build_lock

    lock = tmp_path / LOCK_NAME
    with build_lock(tmp_path):
        assert lock.exists()
        with pytest.raises(BuildLockedError):
            with build_lock(tmp_path):
                pass
        stale = open(lock, "a+")                   # a build that opened the file meanwhile
    assert not lock.exists()
    try:
        import fcntl

        fcntl.flock(stale, fcntl.LOCK_EX | fcntl.LOCK_NB)  # ...and locks the removed file
        with build_lock(tmp_path):                 # it does not count: the lock is the path's
            with pytest.raises(BuildLockedError):
                with build_lock(tmp_path):
                    pass
    finally:
        stale.close()
    assert not lock.exists()


def test_ci_install_prints_a_line_per_step(tmp_path: Path) -> None:
    (tmp_path / ".ci").mkdir()
    script = tmp_path / ".ci" / "install"
    script.write_bytes((REPO_ROOT / ".ci" / "install").read_bytes())
    stubs = tmp_path / "bin"
    stubs.mkdir()
    for name, body in {"dpkg-query": "printf 'install ok installed'", "java": "true",
                       "python3": "echo pip-ran"}.items():
        (stubs / name).write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
        (stubs / name).chmod(stat.S_IRWXU)
    finished = subprocess.run(["bash", str(script)], capture_output=True, text=True, check=True,
                              env={**os.environ, "PATH": f"{stubs}:/usr/bin:/bin"})
    steps = [line for line in finished.stdout.splitlines() if line.startswith("==> ")]
    assert len(steps) >= 3 and "pip-ran" in finished.stdout
    assert finished.stdout.splitlines()[-1].startswith("==> Done")


def test_ctrl_c_while_the_command_is_still_loading_ends_without_a_traceback(tmp_path: Path
                                                                           ) -> None:
    """Hostile finding: Ctrl-C in the first second or two (the CLI's imports) printed a
    KeyboardInterrupt traceback. The CLI's import is held up on purpose so that the interrupt
    lands in it on any machine (a sleep before the signal let a fast machine finish first)."""
    import signal
    import subprocess
    import sys
    import textwrap

    # Ctrl-C in a terminal: Python's own handler and the signal not blocked, whatever the test
    # runner's worker passes on (a process started with SIGINT ignored or blocked never sees it).
    script = textwrap.dedent(f"""
        import importlib.abc, signal, sys, time
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {{signal.SIGINT}})

        class SlowCli(importlib.abc.MetaPathFinder):
            def find_spec(self, name, path, target=None):
                if name == "build_tools.cli":
                    print("loading", flush=True)
                    time.sleep(60)
                return None

        sys.meta_path.insert(0, SlowCli())
        sys.argv = ["gesprekskit", "validate", "-p", {str(tmp_path)!r}]
        from build_tools.entry import run
        run()
    """)
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    assert process.stdout.readline() == "loading\n"
    process.send_signal(signal.SIGINT)
    output, _ = process.communicate(timeout=60)
    assert "Traceback" not in output, output
    assert "Interrupted" in output, output
    assert process.returncode == 130, output


def test_translation_coverage_shows_100_percent_only_when_complete(
        site_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """1122 of 1125 texts showed as "en 100%", hiding the three missing ones."""
    from build_tools import translations
    from build_tools.translations import Coverage

    assert Coverage("en", 1122, 1125).percent == 99
    assert Coverage("en", 1, 1000).percent == 0 and Coverage("en", 5, 5).percent == 100
    monkeypatch.setattr(translations, "coverage", lambda project, languages: [
        Coverage("nl", 1125, 1125), Coverage("en", 1122, 1125)])
    result = run("validate", "-p", str(bilingual(site_project)))
    assert "nl 100% (1125/1125), en 99% (1122/1125)" in result.output, result.output


def test_pdf_in_the_old_order_names_the_line_to_type(tiny_project: TinyProject,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Newcomer finding: `gesprekskit pdf PROJECT KIT` (or the sheet as a word) got click's
    bare "unexpected extra argument"; the error now shows the command meant."""
    tiny_project.write_kit("check-in")
    monkeypatch.chdir(tiny_project.root.parent)
    folder = tiny_project.root.name
    for args, meant in (
            ([folder, "check-in"], f"pdf check-in -p {folder}"),
            ([folder, "check-in", "kaarten"], f"pdf check-in -p {folder} --sheet kaarten"),
            (["check-in", "praatplaat", "--paper", "a4"],
             "pdf check-in --sheet praatplaat --paper a4")):
        result = run("pdf", *args)
        assert result.exit_code == 2, result.output
        assert f"did you mean: main {meant}" in result.output, result.output
    unknown = run("pdf", "check-in", "iets")  # no place for it: click's own words stay
    assert unknown.exit_code == 2 and "did you mean" not in unknown.output
    assert "unexpected extra argument (iets)" in unknown.output


def test_pdf_spelling_hint_never_names_a_wrong_line(tiny_project: TinyProject,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Hostile review: the hint named `--sheet` twice for two sheet words (the second wins
    silently), dropped the kit when a folder was named like it (`-p check-in --sheet kaarten`),
    and read '' as the current folder (`-p ''`). A line is named only when one reading fits."""
    tiny_project.write_kit("check-in")
    monkeypatch.chdir(tiny_project.root)
    (tiny_project.root / "check-in").mkdir()   # a folder named like the kit, in the project
    for args in (["check-in", "vragenblad", "kaarten"], ["check-in", ""],
                 ["--sheet=kaarten", "check-in", "vragenblad"], ["check-in", "kits"],
                 ["--sheet", "kaarten", "--sheet", "compleet", "check-in", "extra"]):
        result = run("pdf", *args)
        assert result.exit_code == 2 and "Traceback" not in result.output, result.output
        assert "did you mean" not in result.output, (args, result.output)
    result = run("pdf", "check-in", "vragenblad")
    assert "did you mean: main pdf check-in --sheet vragenblad" in result.output, result.output
    result = run("pdf", "check-in", ".")
    assert "did you mean: main pdf check-in -p ." in result.output, result.output


def test_validate_counts_every_problem_in_its_closing_line(tiny_project: TinyProject,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Hostile review: a brand file with an error, or a character no font has, ended validate
    on the spot: the checks after it never ran and the closing count of errors and warnings
    (the last line a CI log shows) was missing. Both are now counted with the rest."""
    import build_tools.fonts as fonts

    monkeypatch.setattr(fonts, "system_fonts", lambda: ())  # as a machine without emoji fonts
    tiny_project.write_kit("check-in", valid_kit().replace("title: Check in",
                                                           "title: Check in \U0001F9A9"))
    (tiny_project.root / "_brand.yml").write_text("color:\n  primary: nietkleur\n",
                                                  encoding="utf-8")
    result = run("validate", "-p", str(tiny_project.root))
    assert result.exit_code == 1, result.output
    assert "_brand.yml:2:12: error: 'nietkleur' is not a colour" in result.output
    assert "error: no font has 1 emoji" in result.output, result.output
    assert "1 language(s) have characters no font can show" in result.output
    closing = result.output.strip().splitlines()[-1]
    assert closing.startswith("2 error(s), 0 warning(s) found"), result.output


def test_an_option_of_one_value_given_twice_is_refused(tiny_project: TinyProject,
                                                       tmp_path: Path) -> None:
    """Hostile review: `pdf KIT --sheet kaarten --sheet compleet` wrote only the last sheet,
    without a word; a user asking for two sheets now learns it takes one."""
    tiny_project.write_kit("check-in")
    out = tmp_path / "uit.pdf"
    result = run("pdf", "check-in", "--sheet", "kaarten", "--sheet=compleet", "-p",
                 str(tiny_project.root), "-o", str(out))
    assert result.exit_code == 2, result.output
    assert "--sheet is given 2 times (kaarten, compleet) but takes one value: keep one, or " \
        "--sheet compleet for all of them in one run" in result.output, result.output
    assert not out.exists()
    result = run("pdf", "check-in", "-o", str(out), f"-o{tmp_path / 'b.pdf'}",
                 "-p", str(tiny_project.root))
    assert result.exit_code == 2 and "--output is given 2 times" in result.output, result.output
