"""A new HR user's first hour, scripted (issue 14, "Done when"): in a copy of the example project,
write a new kit in Dutch only, build, serve, make one typo, fix it, build again. Every command
succeeds or gives one clear located error; the server answers within 30 s even while the kit is
broken, and the error is in the browser page."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from conftest import REPO_ROOT, TINY_MKDOCS_YML, filled_in
from test_serve import ANSWER_SECONDS, CHANGE_SECONDS, fetch, serving, wait_for

ONE_ERROR = re.compile(r"^kits/feedbackgesprek\.yml:\d+:\d+: error: .+$", re.MULTILINE)


def gesprekskit(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The command as the user types it, in the project folder, output to a pipe (not a tty)."""
    return subprocess.run([sys.executable, "-m", "build_tools", *args], cwd=project,
                          capture_output=True, text=True, check=False, timeout=900,
                          env={**os.environ, "PYTHONPATH": str(REPO_ROOT)})


def copy_of_the_example(built_example: Path, target: Path) -> Path:
    """The example as a user clones it. The PDF cache the session's example build filled comes
    along, so only the new kit is rendered (the cache is keyed by content, not by path)."""
    shutil.copytree(built_example, target)
    assert (target / ".cache" / "gesprekskit" / "pdf").is_dir(), "the example build ran first"
    return target


def test_a_new_user_writes_a_dutch_only_kit_breaks_it_and_fixes_it(
        built_example_project: Path, tmp_path: Path) -> None:
    project = copy_of_the_example(built_example_project, tmp_path / "gids")

    created = gesprekskit(project, "new", "feedbackgesprek")
    assert created.returncode == 0, created.stderr
    kit = project / "kits" / "feedbackgesprek.yml"
    good = kit.read_text(encoding="utf-8").replace("title: Feedbackgesprek",
                                                   "title: Feedback geven en vragen")
    kit.write_text(good, encoding="utf-8")

    validated = gesprekskit(project, "validate")
    assert validated.returncode == 0, validated.stderr
    assert "texts have no English version" in validated.stderr and "warning(s)." in validated.stderr

    built = gesprekskit(project, "build")
    assert built.returncode == 0, built.stderr + built.stdout
    assert "Built " in built.stdout and "Traceback" not in built.stderr
    site = project / "site"
    assert "Feedback geven en vragen" in (site / "gesprekken" / "feedbackgesprek.html").read_text(
        encoding="utf-8")
    assert (site / "en" / "gesprekken" / "feedbackgesprek.html").is_file()
    assert (site / "downloads" / "feedbackgesprek" / "feedbackgesprek-vragenblad.pdf").is_file()

    kit_type = re.search(r"^type: (\S+)$", good, re.MULTILINE)
    assert kit_type is not None
    typo = good.replace(kit_type.group(0), f"type: {kit_type.group(1)[:-1]}", 1)
    started = time.monotonic()
    with serving(project, tmp_path / "serve.log") as server:
        page = server.url + "gesprekken/feedbackgesprek.html"
        wait_for(lambda: "Feedback geven en vragen" in (fetch(page) or ""), CHANGE_SECONDS,
                 "the new kit's page", server.log)
        kit.write_text(typo, encoding="utf-8")
        wait_for(lambda: ONE_ERROR.search(fetch(page) or "") is not None, CHANGE_SECONDS,
                 "the typo's error in the page", server.log)
        assert len(ONE_ERROR.findall(fetch(page) or "")) == 1

        checked = gesprekskit(project, "validate")
        assert checked.returncode == 1
        assert len(ONE_ERROR.findall(checked.stderr)) == 1, checked.stderr
        failed = gesprekskit(project, "build")
        assert failed.returncode == 1
        assert len(ONE_ERROR.findall(failed.stderr)) == 1, failed.stderr
        assert "Traceback" not in failed.stderr
        assert (site / "gesprekken" / "feedbackgesprek.html").is_file(), "the old site stays"

        kit.write_text(good, encoding="utf-8")
        wait_for(lambda: "Feedback geven en vragen" in (fetch(page) or ""), CHANGE_SECONDS,
                 "the fixed kit's page", server.log)
        assert server.process.poll() is None and "Traceback" not in server.output()
    assert time.monotonic() - started < ANSWER_SECONDS + 3 * CHANGE_SECONDS

    rebuilt = gesprekskit(project, "build")
    assert rebuilt.returncode == 0, rebuilt.stderr


def _readme_yaml(heading: str) -> re.Match[str] | None:
    """The first YAML block of the README's section `## heading`."""
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return re.search(r"```yaml\n(.*?)```", section, re.DOTALL)


def test_the_readmes_smallest_mkdocs_yml_makes_a_guide(tmp_path: Path) -> None:
    """The README's "A new guide" as a user follows it: its mkdocs.yml, a home page and one
    kit from `new`, filled in; validate finds nothing, build publishes the site and the PDFs
    without fetching anything."""
    config = _readme_yaml("A new guide")
    assert config is not None, "the README shows a mkdocs.yml for a new guide"
    project = tmp_path / "onze-gids"
    (project / "content").mkdir(parents=True)
    (project / "mkdocs.yml").write_text(config.group(1), encoding="utf-8")
    (project / "content" / "index.md").write_text("# Onze gesprekken\n\nWelkom.\n",
                                                  encoding="utf-8")
    assert gesprekskit(project, "new", "kennismaking").returncode == 0
    kit = project / "kits" / "kennismaking.yml"
    kit.write_text(filled_in(kit.read_text(encoding="utf-8")), encoding="utf-8")

    validated = gesprekskit(project, "validate")
    assert validated.returncode == 0 and validated.stderr == "", validated.stderr
    assert "no problems found" in validated.stdout, validated.stdout
    built = gesprekskit(project, "build")
    assert built.returncode == 0 and "Traceback" not in built.stderr, built.stderr
    site = project / "site"
    assert (site / "gesprekken" / "kennismaking.html").is_file()
    assert (site / "downloads" / "kennismaking" / "kennismaking-vragenblad.pdf").is_file()
    for page in site.rglob("*.html"):
        assert "fonts.googleapis" not in page.read_text(encoding="utf-8"), page


def test_the_readmes_smallest_kit_is_valid(tmp_path: Path) -> None:
    """Newcomer finding: the README described the format in words only, and a kit written
    from them failed with nine errors. The kit it shows now validates as it stands."""
    kit = _readme_yaml("Writing a kit")
    assert kit is not None, "the README shows the smallest kit"
    project = tmp_path / "gids"
    (project / "content").mkdir(parents=True)
    (project / "kits").mkdir()
    (project / "mkdocs.yml").write_text(TINY_MKDOCS_YML, encoding="utf-8")
    (project / "content" / "index.md").write_text("# Gids\n", encoding="utf-8")
    (project / "kits" / "inwerkgesprek.yml").write_text(kit.group(1), encoding="utf-8")
    validated = gesprekskit(project, "validate")
    assert validated.returncode == 0 and validated.stderr == "", validated.stderr
    assert "1 kits, 0 tips, 2 questions" in validated.stdout, validated.stdout
