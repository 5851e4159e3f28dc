"""The layout corpus: kits at the edges of the format, on every sheet and paper, nl and en.

Generated kits carry every extreme between them: ``uitersten`` (60 questions in 8 phases with
long names, 200-character questions, 12 options, 10-step scales with long end labels, long
Dutch compounds, punctuation and ligature words), ``compact`` (the same extremes in 16
questions, for the second language: the page count of 60 questions does not depend on the
language, and it keeps this test near a minute) and ``een`` (one question). Dutch and English
alternate between the default brand (Inter) and Het Anker (Lato, with ligatures), so both
fonts' text layers are read back. Every sheet must lay out without clipping (rendering raises otherwise), fill every page
but its last, and give back its source texts when its text is extracted.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from build_tools.brand import DEFAULT_BRAND, Brand
from build_tools.brand_file import load_brand
from build_tools.loader import Project, ProjectSettings, load_project
from build_tools.model import Kit
from build_tools.sheets import COMPLETE, SHEET_TYPES
from build_tools.sheets.box_tree import underfilled_pages
from build_tools.sheets.deck import CARDS_PER_PAGE
from build_tools.sheets.render import MIN_PAGE_FILL, render_document, render_kit, write_sheet

REPO_ROOT = Path(__file__).resolve().parent.parent
COMPOUNDS = ["arbeidsongeschiktheidsverzekering", "mantelzorgondersteuningsregeling",
             "kinderopvangtoeslagaanvraagformulier", "loopbaanontwikkelingsgesprek"]


def _text(nl: str, en: str) -> dict[str, str]:
    return {"nl": nl, "en": en}


def _long_question(number: int) -> dict[str, str]:
    nl = (f"Vraag {number}: als je terugkijkt op de {COMPOUNDS[number % 4]}, de afspraken en "
          "de toelichting daarop, wat zou je dan anders willen doen; en wat moet juist blijven "
          "zoals het nu is?")
    en = (f"Question {number}: looking back on the conversation, the agreements and the "
          "explanation that came with them, what would you like to do differently; and what "
          "should stay exactly as it is?")
    return _text(nl[:200], en[:200])


def _question(number: int) -> dict:
    kind = number % 6
    if kind == 1:
        return {"kind": "scale", "text": _text(f"Welk cijfer geef je onderdeel {number}?",
                                               f"What score do you give part {number}?"),
                "min": 1, "max": 10,
                "min_label": _text("Helemaal niet tevreden over de werkomstandigheden",
                                   "Not at all satisfied with the working conditions"),
                "max_label": _text("Volledig tevreden, ik zou niets willen veranderen",
                                   "Completely satisfied, I would change nothing at all")}
    if kind == 2:
        return {"kind": "choice", "multiple": True,
                "text": _text(f"Waar gaat vraag {number} vooral over?",
                              f"What is question {number} mostly about?"),
                "options": [_text(f"{COMPOUNDS[i % 4]} {i}", f"option {i}, with a comma")
                            for i in range(1, 13)]}
    if kind == 3:
        return {"text": _long_question(number),
                "probes": [_text("Wat bedoel je precies met die toelichting?",
                                 "What exactly do you mean by that explanation?"),
                           _text("Sinds wanneer speelt dat; en wie weet ervan?",
                                 "Since when has that been going on; and who knows about it?")]}
    return {"text": _text(f"Hoe kijk je naar punt {number}: wat gaat goed, wat kan beter?",
                          f"How do you see point {number}: what goes well, what could improve?")}


def _phases(questions: int, phases: int) -> list[dict]:
    per_phase = [questions // phases + (1 if i < questions % phases else 0) for i in range(phases)]
    result, number = [], 1
    for index, count in enumerate(per_phase):
        long_name = index % 2 == 0
        title = (_text(f"Fase {index + 1}: terugblikken op de samenwerking met collega's en "
                       f"leidinggevenden in het {COMPOUNDS[index % 4]}",
                       f"Phase {index + 1}: looking back on working with colleagues and "
                       "managers over the whole of the past year")
                 if long_name else _text(f"Fase {index + 1}", f"Phase {index + 1}"))
        items = []
        for _ in range(count):
            items.append(_question(number))
            number += 1
        if index == phases - 1:
            items[-1] = {"kind": "closing", "text": _text("Wat neem je mee uit deze conversatie?",
                                                          "What do you take from this conversation?")}
        result.append({"title": title, "aim": _text("Samen kijken; rustig, zonder oordeel.",
                                                    "Look together; calmly, without judging."),
                       "minutes": 5, "questions": items})
    return result


def kit_yaml(questions: int, phases: int) -> str:
    prompts = [_text(f"Voorbereiding {i}: wat wil je bespreken, en waarom?",
                     f"Preparation {i}: what do you want to discuss, and why?") for i in range(1, 6)]
    data = {
        "schema": 1,
        "title": _text("Uitersten: de arbeidsongeschiktheidsverzekering", "Extremes: a long title"),
        "summary": _text("Een kit aan de randen van het formaat.", "A kit at the edges."),
        "type": "check-in", "duration": 60,
        "participants": [_text("Medewerker", "Employee"), _text("Leidinggevende", "Manager")],
        "purpose": {"description": _text("Toelichting: waarom dit gesprek; kort en helder.",
                                         "Explanation: why this conversation; short and clear."),
                    "for_employee": [_text("Aandacht", "Attention")],
                    "for_employer": [_text("Signalen", "Signals")]},
        # a rhythm: the preparation sheet and the plate start with last time's agreements
        "when": {"rhythm": _text("Elk kwartaal", "Every quarter"), "cycle": {"every_months": 3}},
        "preparation": {"manager": [_text("Lees de toelichting; noteer je vragen.",
                                          "Read the explanation; note your questions.")],
                        "employee": prompts[:5] if questions > 1 else prompts[:1]},
        "phases": _phases(questions, phases),
        "tips": [],
        "follow_up": {
            "record": [_text("De kern, in de woorden van de medewerker; met toelichting.",
                             "The gist, in the employee's words; with an explanation.")],
            "agreements": [_text("Wat spreken jullie af: wie, wat en wanneer?",
                                 "What do you agree: who, what and by when?")],
            "support": [_text(f"Hulp bij de {compound}, met een heldere toelichting",
                              f"Help with the conversation about item {n}, clearly explained")
                        for n, compound in enumerate(COMPOUNDS[:3], start=1)],
            "next": _text("Plan het volgende gesprek; over drie maanden.",
                          "Plan the next conversation; in three months."),
        },
    }
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=4096)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, Brand]:
    root = tmp_path_factory.mktemp("layout-corpus")
    (root / "kits" / "tips").mkdir(parents=True)
    (root / "kits" / "uitersten.yml").write_text(kit_yaml(60, 8), encoding="utf-8")
    (root / "kits" / "compact.yml").write_text(kit_yaml(16, 8), encoding="utf-8")
    (root / "kits" / "een.yml").write_text(kit_yaml(1, 1), encoding="utf-8")
    shutil.copytree(REPO_ROOT / "brands" / "het-anker", root / "brands" / "het-anker")
    brand, _report = load_brand(root / "brands" / "het-anker" / "_brand.yml", root)
    return load_project(ProjectSettings(root)), brand


def normalised(text: str) -> str:
    """Text compared across line breaks, hyphenation and text-transform."""
    return re.sub(r"[\s\-\u2010\u00ad]+", "", text).casefold()


def source_texts(kit: Kit, language: str, sheet: str) -> list[str]:
    """What a sheet must print of the kit, in words the reader can copy back out."""
    def t(value) -> str:
        return value.resolve(language, "nl") if hasattr(value, "resolve") else str(value)

    doc = kit.document
    if sheet == "voorbereiding":
        return ([t(p) for p in doc.preparation.employee] + [t(p) for p in doc.preparation.manager]
                + [t(phase.title) for phase in doc.phases] + [t(doc.follow_up.next)])
    if sheet == "vervolgafspraken":
        fu = doc.follow_up
        return [t(x) for x in (*fu.record, *fu.agreements, *fu.support)]
    if sheet == "praatplaat":
        return [t(doc.title)]
    texts = []
    for ref in kit.questions():
        q = ref.question
        texts.append(t(q.text))
        texts += [t(probe) for probe in q.probes]
        texts += [t(option) for option in getattr(q, "options", [])]
        if sheet == "vragenblad":
            texts += [t(label) for label in (getattr(q, "min_label", None),
                                             getattr(q, "max_label", None)) if label]
    if sheet == "vragenblad":
        texts += [t(phase.title) for phase in doc.phases]
    return texts


CASES = [("uitersten", "nl", False), ("compact", "en", True), ("compact", "nl", True),
         ("een", "nl", True), ("een", "en", False)]


@pytest.fixture(scope="module", params=CASES, ids=[f"{k}-{lang}" for k, lang, _ in CASES])
def rendered(request, corpus):
    """Every sheet of one kit in one language, laid out once: documents and PDF bytes."""
    project, anker = corpus
    kit_id, language, branded = request.param
    kit = project.kit(kit_id)
    brand = anker if branded else DEFAULT_BRAND
    documents = {sheet.name: render_document(project, kit, sheet.name, language=language,
                                             brand=brand)
                 for sheet in SHEET_TYPES}
    documents["praatplaat-a4"] = render_document(project, kit, "praatplaat", language=language,
                                                 brand=brand, paper="a4-landscape")
    pdfs = {name: write_sheet(document, kit, name.removesuffix("-a4"), language)
            for name, document in documents.items()}
    return kit, language, documents, pdfs


def test_every_page_but_the_last_is_well_filled(rendered) -> None:
    _kit, _language, documents, _pdfs = rendered
    for name, document in documents.items():
        if name == "kaarten":  # cards are placed, not flowed: a full page holds eight
            fronts = [sum(anchor.startswith("fit-end-") for anchor in page.anchors)
                      for page in document.pages[0::2]]
            assert all(count == CARDS_PER_PAGE for count in fronts[:-1]), fronts
            continue
        assert underfilled_pages(document, MIN_PAGE_FILL) == [], name


def test_extracted_text_equals_the_source_texts(rendered) -> None:
    kit, language, _documents, pdfs = rendered
    for name, data in pdfs.items():
        pages = PdfReader(io.BytesIO(data)).pages
        extracted = normalised(" ".join(page.extract_text() for page in pages))
        assert "\ufffd" not in extracted, name
        for text in source_texts(kit, language, name.removesuffix("-a4")):
            assert normalised(text) in extracted, (name, text)


def test_the_follow_up_form_tooltips_equal_their_labels(rendered) -> None:
    kit, language, _documents, pdfs = rendered
    fields = PdfReader(io.BytesIO(pdfs["vervolgafspraken"])).get_fields()
    support = [item.resolve(language, "nl") for item in kit.document.follow_up.support]
    tooltips = [fields[f"steun_{n}"]["/TU"] for n in range(1, len(support) + 1)]
    assert tooltips == support


def test_the_combined_document_starts_every_sheet_on_an_odd_page(corpus) -> None:
    project, _anker = corpus
    data = render_kit(project, project.kit("een"), language="nl")[COMPLETE]
    pdf = PdfReader(io.BytesIO(data))
    outline = [(item.title, pdf.get_destination_page_number(item)) for item in pdf.outline]
    assert [title for title, _page in outline] == [
        "Praatplaat", "Vragenblad", "Voorbereiding", "Vervolgafspraken", "Gesprekskaarten"]
    assert all(page % 2 == 0 for _title, page in outline)        # 0-based: odd pages
    labels = pdf.trailer["/Root"]["/PageLabels"]["/Nums"]
    starts = labels[0::2]
    assert starts == [page for _title, page in outline]
    assert [labels[i + 1]["/P"] for i in range(0, len(labels), 2)][1] == "Vragenblad "
    # the form's fonts keep their text layer in the combined document too
    text = normalised(" ".join(page.extract_text() for page in pdf.pages))
    for source in source_texts(project.kit("een"), "nl", "vervolgafspraken"):
        assert normalised(source) in text, source
