"""The handbook's page breaks: a guide page's last lines are not left alone on a sheet."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import cli, copy_example


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


def squeezed(text: str) -> str:
    """Text compared across line breaks and the hyphens a layout adds."""
    return re.sub(r"[\s\u2010\u00ad-]+", "", text)


@pytest.mark.slow
def test_a_table_row_is_not_split_over_two_sheets(tmp_path: Path) -> None:
    """The example's table of conversations runs over a sheet in the Het Anker brand. The row
    whose first cell wraps ("Ontwikkelgesprek (1-op-1)") was cut: that cell on the next sheet
    under the repeated header, the rest of the row above the page break. Each row stays whole."""
    project = copy_example(tmp_path / "example")
    target = tmp_path / "handboek.pdf"
    finished = cli("handbook", "-o", str(target), "--brand",
                   str(project / "brands" / "het-anker" / "_brand.yml"), "--project", str(project))
    assert finished.returncode == 0, finished.stdout + finished.stderr
    pages = [squeezed(page.extract_text()) for page in PdfReader(target).pages]
    table = (project / "content" / "gesprekscyclus.md").read_text(encoding="utf-8")
    rows = [[re.sub(r"\[([^]]*)\]\([^)]*\)", r"\1", cell).strip() for cell in line.split("|")[1:-1]]
            for line in table.splitlines() if line.startswith("| [")]
    assert len(rows) >= 6, "the example's table of conversations is the subject of this test"
    split = [row[0] for row in rows
             if not any(squeezed(row[0]) in page and squeezed(row[-1]) in page for page in pages)]
    assert split == []
