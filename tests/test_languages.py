"""Languages added by the project alone: labels, fonts, fallback chains, right to left, import.

The fixture `tests/fixtures/multilingual` is a guide in Dutch and English with Arabic (labels in
`locales/ar.yml`, a font in `fonts/`, fallback [en, nl]) and Japanese (labels in
`locales/ja.yml`, the machine's font through fontconfig, fallback [en]). It is built once.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from build_tools import fonts
from build_tools.loader import ProjectSettings, load_project
from build_tools.diagnostics import GesprekskitError
from build_tools.text import LocalizedText
from conftest import MULTILINGUAL_FIXTURE as FIXTURE, cli as _cli, copy_multilingual as _copy_fixture

def _pdf_text(path: Path) -> str:
    """The text in reading order (poppler puts right-to-left runs back in logical order),
    without the direction marks it adds around them."""
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return re.sub("[\u202a-\u202e\u2066-\u2069]", "", text)


# --- unit checks ---------------------------------------------------------------------------------

def test_fallback_chain_resolves_in_order() -> None:
    text = LocalizedText({"nl": "Hallo", "en": "Hello"})
    assert text.resolve_with_language("ar", "nl", ("en", "nl")) == ("en", "Hello")
    assert text.resolve_with_language("ja", "nl", ()) == ("nl", "Hallo")
    # A text missing in the default language is taken from any language, and says which.
    assert LocalizedText({"en": "Hi"}).resolve_with_language("nl", "nl") == ("en", "Hi")


def test_underscore_language_code_gets_one_error_with_the_fix(tiny_project) -> None:
    kit = (FIXTURE / "kits" / "kennismaking.yml").read_text(encoding="utf-8")
    tiny_project.write_kit("kennismaking", kit.replace("ja:", "ja_JP:"))
    with pytest.raises(GesprekskitError) as caught:
        load_project(ProjectSettings(tiny_project.root))
    errors = [item for item in caught.value.report.errors if "ja_JP" in item.message]
    assert len(errors) == 1, caught.value.report.format()
    assert errors[0].hint == "write ja or ja-JP"
    assert "more line(s)" in errors[0].message


def test_question_ids_must_be_unique_in_a_kit(tiny_project) -> None:
    kit = (FIXTURE / "kits" / "kennismaking.yml").read_text(encoding="utf-8")
    tiny_project.write_kit("kennismaking", kit.replace("id: q-2", "id: q-1"))
    with pytest.raises(GesprekskitError) as caught:
        load_project(ProjectSettings(tiny_project.root))
    assert any("'q-1' is used twice" in item.message for item in caught.value.report.errors)


def test_missing_label_file_is_a_located_error_naming_file_and_keys(tmp_path: Path) -> None:
    root = _copy_fixture(tmp_path / "project")
    (root / "locales" / "ja.yml").unlink()
    finished = _cli("validate", str(root))
    assert finished.returncode == 1, finished.stderr
    line = next(number for number, text in enumerate(
        (root / "mkdocs.yml").read_text(encoding="utf-8").splitlines(), start=1)
        if text.strip() == "ja:")
    assert f"mkdocs.yml:{line}:" in finished.stderr
    assert "there are no interface labels for 'ja'" in finished.stderr
    assert "to locales/ja.yml in the project" in finished.stderr
    assert "build_tools/locales/en.yml" in finished.stderr  # the file to copy, by its path
    assert "Traceback" not in finished.stderr


def test_an_upper_case_language_code_is_told_its_lower_case_once() -> None:
    """Hostile finding: `language: NL` got the generic hint, with "(BCP 47)" written twice:
    "write a language code such as nl, en, ja or pt-BR (BCP 47) (BCP 47)"."""
    from build_tools.languages import LanguageSpec, check_languages

    report = check_languages(Path("/nonexistent"), Path("/nonexistent/mkdocs.yml"), "NL",
                             (LanguageSpec("NL"),))
    assert [item.hint for item in report.errors] == ["write nl"]
    report = check_languages(Path("/nonexistent"), Path("/nonexistent/mkdocs.yml"), "Dutch",
                             (LanguageSpec("Dutch"),))
    assert [item.hint.count("BCP 47") for item in report.errors] == [1]


@pytest.mark.parametrize("language", ["fr", "NL"])
def test_a_default_language_without_labels_is_an_error_not_a_traceback(
        tiny_project, language: str) -> None:
    """Hostile finding: a French-first guide (`language: fr`, no locales/fr.yml yet), or a
    mistyped `language: NL`, got its located error from validate and then a traceback
    (MissingTranslation), as the nav and link checks asked for the missing labels."""
    from click.testing import CliRunner

    from build_tools.cli import main

    tiny_project.write_kit("check-in")
    config = tiny_project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8")
                      + f"      language: {language}\nnav:\n  - Welkom: index.md\n"
                      "  - Tips: tipz.md\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "-p", str(tiny_project.root)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    assert "Traceback" not in result.output
    assert f"'{language}'" in result.output
    # The checks after it still ran: the nav's wrong page is named.
    assert "the nav names 'tipz.md', which is not a page of the guide" in result.output
    assert "did you mean 'tips.md'?" in result.output


@pytest.mark.slow  # subprocesses or big images: seconds each
def test_missing_labels_fall_back_per_key_with_a_warning() -> None:
    finished = _cli("validate", str(FIXTURE))
    assert finished.returncode == 0, finished.stderr
    assert re.search(r"locales/ja\.yml:1:1: warning: \d+ label\(s\) have no 'ja' text; the 'en' "
                     r"label is shown", finished.stderr)
    # Missing texts are summarised per file and language; --verbose lists them.
    assert ("kits/kennismaking.yml:15:5: warning: 2 texts have no Arabic version; Arabic pages "
            "and sheets show the English text") in finished.stderr
    verbose = _cli("validate", str(FIXTURE), "--verbose")
    assert "phases[1].questions[2].text has no 'ar' text; the 'en' text is used" in verbose.stderr


def test_character_without_a_font_is_an_error_before_rendering(tmp_path: Path, monkeypatch
                                                                ) -> None:
    root = _copy_fixture(tmp_path / "project")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "          fonts: [fonts/TestArabic.ttf]\n", ""), encoding="utf-8")
    monkeypatch.setattr(fonts, "system_fonts", lambda: ())
    settings = _settings(root)
    project = load_project(settings)
    from build_tools.brand import DEFAULT_BRAND
    from build_tools.pdf_build import PdfRenderError, check_fonts

    with pytest.raises(PdfRenderError) as caught:
        check_fonts(project, ["ar", "ja"], DEFAULT_BRAND)
    message = str(caught.value)
    assert "kits/kennismaking.yml:2:" in message  # the title is the first text
    assert "of the 'ar' texts" in message and "of the 'ja' texts" in message
    assert "U+06" in message and "languages: ar: fonts: [fonts/YourFont.otf]" in message
    check_fonts(project, ["nl", "en"], DEFAULT_BRAND)  # Inter has every Dutch character


def _settings(root: Path) -> ProjectSettings:
    from build_tools.plan import project_settings, read_settings

    return project_settings(read_settings(root / "mkdocs.yml"))


def test_fonts_are_part_of_the_pdf_cache_key(tmp_path: Path) -> None:
    from build_tools.brand import DEFAULT_BRAND
    from build_tools.pdf_build import kit_cache_key

    root = _copy_fixture(tmp_path / "project")
    project = load_project(_settings(root))
    kit = project.kit("kennismaking")
    before = kit_cache_key(project, kit, "ar", DEFAULT_BRAND)
    font = root / "fonts" / "TestArabic.ttf"
    font.write_bytes(font.read_bytes() + b"\0")  # a changed font file, same name
    project = load_project(_settings(root))  # the next build
    kit = project.kit("kennismaking")
    assert kit_cache_key(project, kit, "ar", DEFAULT_BRAND) != before
    assert kit_cache_key(project, kit, "nl", DEFAULT_BRAND)


def test_a_font_file_replaced_under_the_same_name_is_read_again(tmp_path: Path, monkeypatch
                                                                ) -> None:
    """Hostile review: `serve` keeps the loaded project while only a font file changed (a
    guide page saved next), and the font's characters were remembered by its path: a language
    font replaced by one without Arabic still passed the check, and the PDFs showed boxes."""
    from build_tools.brand import DEFAULT_BRAND
    from build_tools.fonts import BUNDLED_FONT
    from build_tools.pdf_build import PdfRenderError, check_fonts

    monkeypatch.setattr(fonts, "system_fonts", lambda: ())  # DejaVu has Arabic too
    root = _copy_fixture(tmp_path / "project")
    check_fonts(load_project(_settings(root)), ["ar"], DEFAULT_BRAND)
    (root / "fonts" / "TestArabic.ttf").write_bytes(BUNDLED_FONT.read_bytes())  # no Arabic
    with pytest.raises(PdfRenderError, match="of the 'ar' texts"):
        check_fonts(load_project(_settings(root)), ["ar"], DEFAULT_BRAND)


def test_serve_rebuilds_when_a_label_file_or_a_language_font_is_saved(tmp_path: Path) -> None:
    """Hostile review: `serve` watched kits, pages and brands but not `locales/` nor the
    languages' fonts: a label fixed after a font error kept the error page up."""
    from build_tools.serve import _watched

    root = _copy_fixture(tmp_path / "project")
    watched = _watched(root)
    assert (root / "locales").resolve() in watched
    assert (root / "fonts" / "TestArabic.ttf").resolve() in watched
    assert root.resolve() not in watched  # the build writes there


# --- the built guide -----------------------------------------------------------------------------

def test_third_language_site_has_its_lang_direction_and_search(multilingual_build) -> None:
    site, _ = multilingual_build
    arabic = (site / "ar" / "gesprekken" / "kennismaking.html").read_text(encoding="utf-8")
    assert '<html lang="ar"' in arabic and '<body dir="rtl"' in arabic
    assert "محادثة تعارف" in arabic
    # The question with no Arabic text shows the English one, marked as English, left to right.
    assert '<span lang="en" dir="ltr">What struck you?</span>' in arabic
    japanese = (site / "ja" / "gesprekken" / "kennismaking.html").read_text(encoding="utf-8")
    assert '<html lang="ja"' in japanese and '<body dir="ltr"' in japanese
    config = json.loads((site / "ja" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert config["config"]["lang"] == ["ja"]
    assert any("顔合わせ面談" in doc["title"] or "顔合わせ面談" in doc["text"]
               for doc in config["docs"])
    arabic_index = json.loads((site / "ar" / "search" / "search_index.json").read_text("utf-8"))
    assert arabic_index["config"]["lang"] == ["ar"]
    assert '<body dir="ltr"' in (site / "index.html").read_text(encoding="utf-8")


def test_third_language_pdfs_embed_the_project_font_and_keep_the_text(multilingual_build
                                                                     ) -> None:
    site, _ = multilingual_build
    pdf = site / "downloads" / "ar" / "kennismaking" / "kennismaking-vragenblad.pdf"
    reader = PdfReader(pdf)
    assert reader.trailer["/Root"]["/Lang"] == "ar"
    embedded = {str(font["/BaseFont"]) for page in reader.pages
                for font in page["/Resources"]["/Font"].values()}
    assert any("Gesprekskit-ar-1" in name for name in embedded), embedded
    text = _pdf_text(pdf)
    # Texts as written, in logical order, two-letter ligatures too (lam-alef in الأول, lam-alef
    # maqsura in على: pdf_finish.repair_right_to_left_ligatures).
    for source in ("محادثة تعارف", "ما مدى شعورك بالترحيب؟", "تدوين ما تتفقان عليه معا.",
                   "على ماذا نتفق للشهر القادم؟", "كيف كان أسبوعك الأول؟", "التاريخ"):
        assert source in text, text
    # What is typed into the follow-up form is drawn in the language's font too.
    form = PdfReader(site / "downloads" / "ar" / "kennismaking"
                     / "kennismaking-vervolgafspraken.pdf")
    field_fonts = {str(font.get_object()["/BaseFont"])
                   for font in form.trailer["/Root"]["/AcroForm"]["/DR"]["/Font"].values()}
    assert any("Gesprekskit-ar-1" in name for name in field_fonts), field_fonts
    # Japanese: the machine's font (fontconfig) draws the text, and it is embedded.
    japanese = site / "downloads" / "ja" / "kennismaking" / "kennismaking-vragenblad.pdf"
    assert "最初の一週間はいかがでしたか？" in _pdf_text(japanese).replace("\n", "")
    assert not any("Gesprekskit-ar" in str(font["/BaseFont"]) for page in PdfReader(japanese).pages
                   for font in page["/Resources"]["/Font"].values())


def test_right_to_left_sheets_run_from_the_right(multilingual_build) -> None:
    site, _ = multilingual_build
    pdf = site / "downloads" / "ar" / "kennismaking" / "kennismaking-vragenblad.pdf"
    page = PdfReader(pdf).pages[0]
    width = float(page.mediabox.width)
    runs: list[tuple[float, str]] = []
    page.extract_text(visitor_text=lambda text, cm, tm, *_: runs.append((tm[4] * cm[0] + cm[4], text))
                      if text.strip() else None)
    arabic = [x for x, text in runs if re.search("[\u0600-\u06ff]", text)]
    latin = [x for x, text in runs if re.search("[A-Za-z]", text)]
    assert arabic and latin
    # Arabic lines start at the right margin: their runs sit in the right half of the page.
    assert sum(x > width / 2 for x in arabic) > len(arabic) / 2
    html = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    title_line = next(line for line in html.splitlines() if "محادثة تعارف" in line)
    assert len(title_line) - len(title_line.lstrip()) > 20  # right-aligned, not at the left


def test_fallback_reported_once_per_file_and_language(multilingual_build) -> None:
    _, output = multilingual_build
    assert output.count("2 texts have no Arabic version") == 1, output
    assert "1 text has no Japanese version; Japanese pages and sheets show the Dutch text" in output


# --- an imported question bank -------------------------------------------------------------------

@pytest.mark.slow  # subprocesses or big images: seconds each
def test_import_keeps_ids_and_literal_text(tmp_path: Path) -> None:
    root = _copy_fixture(tmp_path / "project")
    bank = tmp_path / "bank.json"
    bank.write_text(json.dumps([
        {"id": "B1", "category": "Werk", "nl": "Wat maakt deze week *gek*?", "en": "What?"},
        {"id": "B2", "category": "Team", "nl": "Met wie werk je graag?"}]), encoding="utf-8")
    finished = _cli("import", str(bank), "extern", "--project", str(root))
    assert finished.returncode == 0, finished.stderr
    project = load_project(_settings(root))
    questions = [ref.question for ref in project.kit("extern").questions()]
    assert [question.id for question in questions] == ["B1", "B2"]
    assert questions[0].text.values["nl"] == r"Wat maakt deze week \*gek\*?"
    again = _cli("import", str(bank), "extern", "--project", str(root))
    assert again.returncode == 2 and "left untouched" in again.stderr  # as `new`: usage
    bad = tmp_path / "bad.csv"
    bad.write_text("id,category,ja_JP\n1,A,質問\n", encoding="utf-8")
    refused = _cli("import", str(bad), "slecht", "--project", str(root))
    assert refused.returncode == 1 and "write ja or ja-JP" in refused.stderr


def test_a_bank_of_hundreds_of_questions_builds_usable_sheets(tmp_path: Path) -> None:
    """200 questions in 7 categories, in Dutch and Japanese (with ideographic spaces)."""
    from build_tools.brand import DEFAULT_BRAND
    from build_tools.pdf_build import check_fonts
    from build_tools.sheets.render import overflows, render_document

    root = _copy_fixture(tmp_path / "project")
    bank = tmp_path / "bank.csv"
    categories = ["Werk", "Team", "Groei", "Gezondheid", "Toekomst", "Feedback", "Waarden"]
    rows = ["id,category,nl,ja"] + [
        f"Q{n:03d},{categories[n % 7]},Vraag {n}: wat zou deze week beter maken?,"
        f"質問{n}：今週をより良くするには　何が必要ですか？　理由も　教えてください。"
        for n in range(200)]
    bank.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert _cli("import", str(bank), "bank", "--project", str(root)).returncode == 0
    project = load_project(_settings(root))
    kit = project.kit("bank")
    assert len(kit.questions()) == 200 and len(kit.document.phases) == 7
    check_fonts(project, ["ja"], DEFAULT_BRAND)
    counts = {}
    for sheet in ("vragenblad", "kaarten"):
        document = render_document(project, kit, sheet, language="ja")
        assert overflows(document) == []  # no text cut off, and no false alarm on U+3000
        counts[sheet] = len(document.pages)
    # The instruction card and 200 question cards at 8 a page (26 pages of fronts), each page of
    # fronts followed by its backs; the question sheet gives each question its writing lines.
    assert counts == {"kaarten": 52, "vragenblad": counts["vragenblad"]}
    assert 30 <= counts["vragenblad"] <= 60, counts


def test_default_language_page_written_twice_uses_its_suffixed_file() -> None:
    from build_tools.site.languages import choose_content, double_defaults

    uris = ["index.md", "index.en.md", "index.ja.md", "hr.md", "hr.pt-BR.md"]
    languages = ["en", "ja", "nl", "pt-BR"]
    home = next(choice for choice in choose_content(uris, "en", "en", languages)
                if choice.src_uri == "index.md")
    assert home.source_uri == "index.en.md" and not home.fallback
    assert double_defaults(uris, "en", languages) == [("index.en.md", "index.md")]
    brazil = {choice.src_uri: choice.source_uri
              for choice in choose_content(uris, "pt-BR", "en", languages)}
    assert brazil["hr.md"] == "hr.pt-BR.md"


def test_ideographic_space_at_a_line_end_is_no_overflow(tiny_project) -> None:
    """U+3000 ending a line hangs past the edge of a card; the overflow check lets it."""
    from build_tools.model import KitType
    from build_tools.scaffold import kit_template
    from build_tools.sheets.render import overflows, render_document

    question = "あいうえおかきくけこさしすせそ　" * 6
    tiny_project.write_kit("kaart", kit_template("kaart", KitType.CHECK_IN).replace(
        "Hoe kijk je terug op de afgelopen periode?", question))
    project = load_project(ProjectSettings(tiny_project.root))
    document = render_document(project, project.kit("kaart"), "kaarten")
    assert overflows(document) == []


def test_a_font_installed_on_the_machine_makes_the_build_stale(tmp_path: Path,
                                                              monkeypatch) -> None:
    """The freshness check includes the machine's font list (files, sizes, times)."""
    from build_tools.freshness import input_fingerprint
    from build_tools.plan import read_settings

    root = _copy_fixture(tmp_path / "project")
    config = read_settings(root / "mkdocs.yml")
    before = input_fingerprint(root, root / "site", config, {})
    extra = fonts._SystemFont(root / "fonts" / "TestArabic.ttf", "Gesprekskit Test Arabic",
                              (0x600,), (0x6ff,))
    installed = fonts.system_fonts()
    monkeypatch.setattr(fonts, "system_fonts", lambda: (*installed, extra))
    assert input_fingerprint(root, root / "site", config, {}) != before


def test_missing_labels_are_one_short_warning_per_file_and_listed_with_verbose() -> None:
    from build_tools.guide_checks import guide_report

    project = load_project(_settings(FIXTURE))
    summary = [item for item in guide_report(project, ["ja"], None).warnings
               if item.location.path.name == "ja.yml"]
    (warning,) = summary
    assert re.fullmatch(r"\d+ label\(s\) have no 'ja' text; the 'en' label is shown instead "
                        r"\(first: [\w.-]+\)", warning.message)
    assert len(warning.format()) < 300 and "--verbose lists every one" in (warning.hint or "")
    listed = [item for item in guide_report(project, ["ja"], None, verbose=True).warnings
              if item.location.path.name == "ja.yml"]
    assert len(listed) == int(warning.message.split()[0]) > 1
    assert all(item.message.startswith("the label '") for item in listed)
    assert not any("label(s)" in item.message for item in project.report.warnings)
