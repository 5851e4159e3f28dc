"""`gesprekskit import`: an outside question bank (CSV or JSON) as one kit.

The shape is deliberately simple: one question per row (or object) with an `id`, a `category`
and one column per language (`nl`, `en`, `ja`, `pt-BR`, ...). Categories become phases in the
order they first appear; each question keeps its id, so translations and later imports can be
matched to it. Texts are taken literally: Markdown signs such as `*` are escaped, so a bank's
`*crazy*` is printed with its asterisks.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .loader import RESERVED_IDS
from .model import ID_HINT, ID_PATTERN, MAX_PHASES, MAX_QUESTIONS_PER_KIT, QUESTION_ID_PATTERN
from .text import LANGUAGE_CODE, language_code_hint

_MARKDOWN_SIGNS = re.compile(r"([\\`*_\[\]<>#])")
_RESERVED_COLUMNS = {"id", "category"}
#: The length of the conversation an imported bank is planned for.
BANK_CONVERSATION_MINUTES = 60


class BankImportError(Exception):
    """The bank cannot be imported; the message names the row and the fix."""


class BankUsageError(BankImportError):
    """The command line asks for what import may not do (a kit id that cannot be one, a kit
    file that exists): a usage error (exit 2), as `new` on an existing file."""


@dataclass(frozen=True)
class BankQuestion:
    id: str
    category: str
    texts: dict[str, str]
    #: Where it is in the bank: a line of a CSV file, or the n-th question of a JSON list.
    number: int = 0
    where: str = "line"
    #: Columns with a text that is not in a language (`notes`, `xx`): not imported.
    ignored: tuple[str, ...] = ()

    @property
    def place(self) -> str:
        return f"{self.where} {self.number}"


def _literal(text: str) -> str:
    return _MARKDOWN_SIGNS.sub(r"\\\1", " ".join(text.split()))


def _dialect(raw: str) -> type[csv.Dialect] | csv.Dialect:
    """The CSV dialect of a bank: the separator its header line uses (comma, semicolon or
    tab), so that quoted line breaks and separators inside texts never confuse the guess."""
    if not raw.strip():
        return csv.excel
    header = raw.lstrip("\ufeff").splitlines()[0]
    counts = {separator: header.count(separator) for separator in (",", ";", "\t")}
    separator = max(counts, key=lambda key: counts[key])
    if counts[separator] == 0:
        return csv.excel

    class Bank(csv.excel):
        delimiter = separator

    return Bank


def read_bank(path: Path) -> list[BankQuestion]:
    """Rows of a CSV file (comma, semicolon or tab) or objects of a JSON list."""
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise BankImportError(f"{path}: cannot be read as UTF-8 text ({error})") from None
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as error:
            raise BankImportError(f"{path}:{error.lineno}: not valid JSON: {error.msg}") from None
        except RecursionError:
            raise BankImportError(f"{path}: nested too deeply to be a question bank; expected a "
                                  "list of questions") from None
        if isinstance(data, dict) and isinstance(data.get("questions"), list):
            data = data["questions"]
        if not isinstance(data, list):
            raise BankImportError(f"{path}: expected a list of questions "
                               '([{"id": ..., "category": ..., "en": ...}, ...])')
        rows = [(index + 1, item) for index, item in enumerate(data)]
        where = "question"
    else:
        try:
            dialect = _dialect(raw)
            reader = csv.DictReader(io.StringIO(raw), dialect=dialect, strict=True)
            rows = [(reader.line_num, dict(row)) for row in reader]
        except csv.Error as error:
            line = f":{reader.line_num}" if "reader" in locals() else ""
            raise BankImportError(f"{path}{line}: not a CSV question bank ({error}); write a "
                                  "header line 'id,category,<language>,...' and one question "
                                  "per line, texts with commas in double quotes") from None
        where = "line"
    return _questions(path, rows, where)


def _language_column(name: str) -> str | None:
    """`en`, `EN`, `pt-BR` → the code; `ja_JP` → an error with the fix; `notes` → None."""
    from babel import Locale, UnknownLocaleError

    code = name.strip()
    if not LANGUAGE_CODE.match(code):
        lowered = code.split("-")[0].lower() + code[len(code.split("-")[0]):]
        if LANGUAGE_CODE.match(lowered):
            code = lowered
        elif re.match(r"^[A-Za-z]{2,3}[-_][A-Za-z0-9]{2,4}$", code):
            raise BankImportError(f"the column '{name}' is not a language code: "
                               f"{language_code_hint(code)}")
        else:
            return None
    try:
        Locale.parse(code, sep="-")
    except (UnknownLocaleError, ValueError):
        return None
    return code


def _questions(path: Path, rows: list[tuple[int, Any]], where: str) -> list[BankQuestion]:
    questions: list[BankQuestion] = []
    seen: dict[str, int] = {}
    for number, raw_row in rows:
        if not isinstance(raw_row, dict):
            raise BankImportError(f"{path}: {where} {number} is not an object with id, category "
                               "and texts")
        row = {str(key or "").strip().lower() if str(key or "").strip().lower() in
               _RESERVED_COLUMNS | {"text"} else str(key or "").strip(): value
               for key, value in raw_row.items()}
        texts = row.get("text") if isinstance(row.get("text"), dict) else {
            key: value for key, value in row.items() if key not in _RESERVED_COLUMNS}
        question_id = str(row.get("id") if row.get("id") is not None else "").strip()
        if not re.match(QUESTION_ID_PATTERN, question_id):
            raise BankImportError(f"{path}: {where} {number}: the id '{question_id}' is missing or "
                               "has signs other than letters, digits, '.', '_' and '-'")
        if question_id in seen:
            raise BankImportError(f"{path}: {where} {number}: the id '{question_id}' was already "
                               f"used on {where} {seen[question_id]}; ids must be unique")
        seen[question_id] = number
        clean: dict[str, str] = {}
        ignored: list[str] = []
        for column, text in texts.items():
            try:
                code = _language_column(str(column or ""))
            except BankImportError as error:
                raise BankImportError(f"{path}: {error}") from None
            if isinstance(text, str) and text.strip():
                if code is not None:
                    clean[code] = _literal(text)
                else:
                    ignored.append(str(column or ""))
        if not clean:
            raise BankImportError(f"{path}: {where} {number} (id {question_id}) has no text in "
                               "any language; name each text column by its language code "
                               "(nl, en, ja, pt-BR)")
        category = str(row.get("category") or "").strip() or "Vragen"
        questions.append(BankQuestion(question_id, category, clean, number, where,
                                      tuple(ignored)))
    if not questions:
        raise BankImportError(f"{path}: no questions found; expected columns id, category and one "
                           "per language (nl, en, ...)")
    return questions


def bank_kit(questions: list[BankQuestion], title: str, default_language: str,
             source_name: str) -> dict[str, Any]:
    """A valid kit holding the bank: one phase per category, in the bank's order."""
    categories: list[str] = []
    for question in questions:
        if question.category not in categories:
            categories.append(question.category)
    languages = sorted({code for question in questions for code in question.texts})

    def text(value: dict[str, str]) -> Any:
        return value[default_language] if list(value) == [default_language] else value

    def both(nl: str, en: str) -> Any:
        return text({code: value for code, value in (("nl", nl), ("en", en))
                     if code in languages or code == default_language} or {default_language: nl})

    # A bank is picked from, not asked in full: plan an hour's conversation over its categories.
    minutes = max(5, BANK_CONVERSATION_MINUTES // len(categories))
    phases = []
    for category in categories:
        members = [question for question in questions if question.category == category]
        phases.append({
            "title": _literal(category),
            "minutes": minutes,
            "questions": [{"id": question.id, "text": text(question.texts)} for question in members],
        })
    return {
        "schema": 1,
        "title": title,
        "summary": both(f"Vragen uit de vragenbank {source_name}, per categorie.",
                        f"Questions from the question bank {source_name}, by category."),
        "type": "other",
        "duration": min(480, max(BANK_CONVERSATION_MINUTES, minutes * len(categories))),
        "participants": [both("Medewerker", "Employee"), both("Leidinggevende", "Manager")],
        "purpose": {
            "description": both("Kies de vragen die passen bij het gesprek dat je gaat voeren.",
                                "Choose the questions that suit the conversation you will have."),
            "for_employee": [both("Vragen die uitnodigen om te vertellen wat er speelt.",
                                  "Questions that invite you to say what is going on.")],
            "for_employer": [both("Een gedeelde set vragen voor alle leidinggevenden.",
                                  "One shared set of questions for every manager.")],
        },
        "when": {"rhythm": both("Wanneer het past", "Whenever it fits")},
        "preparation": {
            "manager": [both("Kies vooraf een handvol vragen uit deze bank.",
                             "Pick a handful of questions from this bank beforehand.")],
            "employee": [both("Lees de vragen door en kies wat je wilt bespreken.",
                              "Read the questions and choose what you want to discuss.")],
        },
        "phases": phases,
        "follow_up": {"record": [both("Wat jullie afspreken, en wanneer jullie verder praten.",
                                      "What you agree, and when you will talk again.")]},
    }


@dataclass(frozen=True)
class ImportResult:
    path: Path
    questions: int
    categories: int
    languages: list[str]


def import_bank(bank: Path, kits_dir: Path, kit_id: str, title: str | None,
                default_language: str) -> ImportResult:
    """Write kits/<kit_id>.yml from the bank; never over an existing file."""
    if not ID_PATTERN.match(kit_id) or kit_id in RESERVED_IDS:
        raise BankUsageError(f"'{kit_id}' cannot be a kit id: {ID_HINT}")
    questions = read_bank(bank)
    categories = {question.category for question in questions}
    if len(questions) > MAX_QUESTIONS_PER_KIT or len(categories) > MAX_PHASES:
        raise BankImportError(
            f"{bank}: {len(questions)} questions in {len(categories)} categories; one kit holds "
            f"at most {MAX_QUESTIONS_PER_KIT} questions in {MAX_PHASES} categories (phases). "
            "Split the bank into several files and import each as its own kit")
    kit = bank_kit(questions, title or bank.stem.replace("-", " ").replace("_", " ").capitalize(),
                   default_language, bank.name)
    kits_dir.mkdir(parents=True, exist_ok=True)
    target = kits_dir / f"{kit_id}.yml"
    header = (f"# Imported from {bank.name} by 'gesprekskit import': {len(questions)} questions.\n"
              "# Question ids come from the bank; keep them, so translations stay matched.\n")
    content = header + yaml.safe_dump(kit, allow_unicode=True, sort_keys=False, width=100)
    try:
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        raise BankUsageError(f"{target} already exists; it was left untouched. Choose another "
                             "kit id, or import a new version of the bank into it with "
                             "--update") from None
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(content)
    categories = len({question.category for question in questions})
    languages = sorted({code for question in questions for code in question.texts})
    return ImportResult(target, len(questions), categories, languages)
