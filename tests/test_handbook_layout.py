"""The handbook's page breaks: a guide page's last lines are not left alone on a sheet."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import cli


@pytest.mark.slow
def test_a_guide_page_goes_on_where_the_one_before_it_ended(site_project: Path) -> None:
    """A page a few lines longer than a sheet: the next guide page starts under its tail,
    not on a fresh sheet (which left the tail alone on a near-empty one)."""
    content = site_project / "content"
    lines = "\n\n".join(f"Regel {number} van de welkomstpagina." for number in range(1, 47))
    (content / "index.md").write_text(f"# Welkom\n\n{lines}\n\nDe laatste regel.\n",
                                      encoding="utf-8")
    (content / "tweede.md").write_text("# Tweede pagina\n\nEen korte pagina.\n",
                                       encoding="utf-8")
    config = site_project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - Welkom: index.md\n", "  - Welkom: index.md\n  - Tweede: tweede.md\n"),
        encoding="utf-8")
    target = site_project.parent / "handboek.pdf"
    finished = cli("handbook", "-o", str(target), "--project", str(site_project))
    assert finished.returncode == 0, finished.stdout + finished.stderr
    texts = [" ".join(page.extract_text().split()) for page in PdfReader(target).pages]
    tail = next(index for index, text in enumerate(texts) if "De laatste regel." in text)
    assert "Regel 1 van" not in texts[tail], "the page must run over a sheet for this test"
    assert "Een korte pagina." in texts[tail], texts[tail]
