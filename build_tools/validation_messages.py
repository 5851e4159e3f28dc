"""Pydantic's validation errors in plain words for HR: where (phase 3, question 4), what, and how
to fix it. No library wording reaches the user; every message has a hint.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ValidationError

from .diagnostics import DiagnosticReport
from .i18n import MissingTranslation, translator
from .text import language_code_hint
from .model import DEPRECATED_VALUES, QUESTION_KINDS, TRIGGER_FORMS, KitType, Theme
from .workshop_messages import GuidePageReport, pattern_message, workshop_messages
from .yaml_source import DataPath, SourceDocument

#: Tags pydantic puts in error locations for the format's unions; never a key of the data.
UNION_TAGS = {*QUESTION_KINDS, *TRIGGER_FORMS}

FORMAT_HINT = "see 'Voor HR → Kitformaat' in the guide for what this key takes"
_YAML_WORDS = {"tag:yaml.org,2002:bool": "a yes/no value", "tag:yaml.org,2002:int": "a number",
               "tag:yaml.org,2002:float": "a number", "tag:yaml.org,2002:null": "an empty value",
               "tag:yaml.org,2002:timestamp": "a date"}
#: What one item of a list is called, so a place reads "phase 3, question 4".
_ITEM_NAMES = {"phases": "phase", "questions": "question", "probes": "follow-up question",
               "options": "option", "participants": "participant", "tips": "tip", "kits": "kit",
               "triggers": "trigger", "months": "month", "manager": "manager item",
               "employee": "employee item",
               # workshops (workshop_model.py)
               "blocks": "block", "steps": "step", "roles": "role", "goals": "goal",
               "uses": "reference", "cards": "card deck", "observation_points": "observation point",
               "watch_for": "watch-for item", "variations": "variation",
               "facilitator_notes": "note"}
#: Keys written in Dutch, as HR naturally does: the format's keys are English.
_DUTCH_KEYS = {"titel": "title", "samenvatting": "summary", "soort": "type", "duur": "duration",
               "deelnemers": "participants", "doel": "purpose", "wanneer": "when",
               "voorbereiding": "preparation", "fasen": "phases", "fases": "phases",
               "vragen": "questions", "vraag": "text", "doorvragen": "probes", "thema": "theme",
               "opties": "options", "minuten": "minutes", "opvolging": "follow_up",
               "vervolg": "follow_up", "ritme": "rhythm", "aanleidingen": "triggers",
               "categorie": "category", "tekst": "body", "afspraken": "agreements",
               "steun": "support", "leidinggevende": "manager", "medewerker": "employee",
               # workshops
               "doelgroep": "audience", "groepsgrootte": "group_size", "doelen": "goals",
               "leerdoelen": "goals", "materialen": "materials", "materiaal": "materials",
               "blokken": "blocks", "onderdelen": "blocks", "werkvorm": "method",
               "uitnodiging": "invitation", "opstelling": "configuration", "ruimte": "space",
               "stappen": "steps", "notities": "facilitator_notes", "letop": "watch_for",
               "let_op": "watch_for", "varianten": "variations", "variaties": "variations",
               "rollenspel": "role_play", "rollen": "roles", "naam": "name",
               "privé": "private", "prive": "private", "observatiepunten": "observation_points",
               "kaarten": "cards", "gebruikt": "uses", "starttijd": "start", "begin": "start"}
_LANGUAGE_LIKE = re.compile(r"^[A-Za-z]{2,3}([-_][A-Za-z]{2,4})?$")
_TEXT_ERRORS = ("string_type", "text_type")
_SHAPE_ERRORS = ("int_type", "int_parsing", "int_from_float", "bool_type", "bool_parsing",
                 "list_type", "model_type", "dict_type", "model_attributes_type")


def did_you_mean(word: str, candidates: list[str], cutoff: float = 0.6) -> str | None:
    matches = difflib.get_close_matches(word, candidates, n=1, cutoff=cutoff)
    return matches[0] if matches else None


def place_name(path: DataPath) -> str:
    """A data path as a reader says it: ('phases', 2, 'questions', 3, 'min') →
    'phase 3, question 4, min'."""
    parts: list[str] = []
    for index, segment in enumerate(path):
        if isinstance(segment, int):
            owner = path[index - 1] if index else None
            noun = _ITEM_NAMES.get(owner) if isinstance(owner, str) else None
            if noun and parts:
                parts[-1] = f"{noun} {segment + 1}"
            else:
                parts.append(f"item {segment + 1}")
        else:
            parts.append(str(segment))
    return ", ".join(parts) or "the file"


def _strip_wrappers(annotation: Any) -> Any:
    """Look through Annotated, Optional and list to the type that holds named fields."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            if len(options) != 1:
                return annotation
            annotation = options[0]
        else:
            return annotation


def _model_at(root: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class a validation error location points into, to list its allowed keys."""
    current: Any = root
    for segment in loc:
        current = _strip_wrappers(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            found = next((info.annotation for name, info in current.model_fields.items()
                          if (info.alias or name) == segment), None)
            if found is None:
                return None
            current = found
        elif typing.get_origin(current) is list and isinstance(segment, int):
            current = typing.get_args(current)[0]
        elif typing.get_origin(current) is typing.Union and segment in QUESTION_KINDS:
            current = QUESTION_KINDS[segment]
        else:
            return None
    current = _strip_wrappers(current)
    if typing.get_origin(current) is typing.Union:
        return None
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


@lru_cache(maxsize=None)
def known_keys(model: type[BaseModel]) -> dict[str | None, set[str]]:
    """Which keys the format allows under which key (None: the top), to locate bad indentation."""
    table: dict[str | None, set[str]] = {}

    def visit(current: type[BaseModel], parent: str | None) -> None:
        names = table.setdefault(parent, set())
        for name, info in current.model_fields.items():
            key = info.alias or name
            names.add(key)
            for inner in _models_in(info.annotation):
                visit(inner, key)

    visit(model, None)
    return table


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The models a field holds, through lists, Optional and the question union."""
    found: list[type[BaseModel]] = []
    stack = [annotation]
    while stack:
        current = stack.pop()
        if isinstance(current, type) and issubclass(current, BaseModel):
            found.append(current)
        else:
            stack.extend(typing.get_args(current))
    return found


def _keys_of(model: type[BaseModel] | None, *, required_only: bool = False) -> list[str]:
    if model is None:
        return []
    return [info.alias or name for name, info in model.model_fields.items()
            if info.is_required() or not required_only]


def _data_path(data: Any, loc: tuple[Any, ...]) -> DataPath:
    """Map a pydantic location onto the data, dropping the tags pydantic adds for unions."""
    kept: list[str | int] = []
    current = data
    for segment in loc:
        if isinstance(current, dict) and segment in current:
            current = current[segment]
            kept.append(segment)
        elif isinstance(current, list) and isinstance(segment, int) and segment < len(current):
            current = current[segment]
            kept.append(segment)
        elif isinstance(current, dict) and isinstance(segment, str) and segment not in UNION_TAGS:
            kept.append(segment)  # a missing or unknown key: keep it to name it
            current = None
    return tuple(kept)


def _value_at(data: Any, path: DataPath) -> Any:
    for segment in path:
        try:
            data = data[segment]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _scalar_hint(source: SourceDocument, path: DataPath) -> tuple[str, str] | None:
    """Explain YAML 1.1 surprises: `no` read as false, 2024-01-01 as a date, 12 as a number."""
    scalar = source.scalars.get(path)
    if scalar is None or not scalar.plain or scalar.tag not in _YAML_WORDS:
        return None
    return (f"'{scalar.text}' is read by YAML as {_YAML_WORDS[scalar.tag]}, not as text",
            f"put it in quotes: \"{scalar.text}\"")


def _what_it_is(value: Any) -> str:
    if isinstance(value, bool):
        return "a yes/no value"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text '{value}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "keys indented under it"
    if value is None:
        return "nothing"
    return "a date" if hasattr(value, "year") else "a value of another kind"


def _mapping_read_from_text(value: Any, source: SourceDocument, path: DataPath) -> str | None:
    """`- Let op: dit is vertrouwelijk` is read as a key with a value; give back the text meant.

    Not for a mapping written as one ({NL: x}) or keyed by something like a language code.
    """
    if not isinstance(value, dict) or len(value) != 1:
        return None
    ((key, inner),) = value.items()
    if not isinstance(key, str) or not isinstance(inner, (str, int, float)) or isinstance(inner, bool):
        return None
    if _LANGUAGE_LIKE.match(key) or _written_as_flow_mapping(source, path):
        return None
    scalar = source.scalars.get(path + (key,))
    return f"{key}: {scalar.text if scalar else inner}"


def _text_cut_by_comma(value: Any, source: SourceDocument, path: DataPath,
                       key: str) -> tuple[str, str] | None:
    """`{nl: Eens per kwartaal, of vaker}`: YAML ends a text written inside { } at its comma
    and reads the rest as one more key without a value. Gives back (language, whole text)."""
    if not isinstance(value, dict) or value.get(key, "") is not None \
            or not _written_as_flow_mapping(source, path):
        return None
    language, text = None, ""
    for name, inner in value.items():
        if isinstance(inner, str):
            language, text = name, inner
        elif inner is None and language is not None and name == key:
            pieces = [text]
            for rest, rest_value in list(value.items())[list(value).index(name):]:
                if rest_value is not None:
                    break
                pieces.append(str(rest))
            # As written: `a,b` stays without the space YAML's reading cannot tell apart.
            written = re.search(r",[ \t]*".join(map(re.escape, pieces)), _line_at(source, path))
            return str(language), written.group(0) if written else ", ".join(pieces)
        else:
            language = None
    return None


def _line_at(source: SourceDocument, path: DataPath) -> str:
    """The line of the file where `path` is written, from its column on ("" if unreadable)."""
    location = source.location(path)
    try:
        line = source.path.read_text(encoding="utf-8-sig").splitlines()[(location.line or 1) - 1]
    except (OSError, UnicodeDecodeError, IndexError):
        return ""
    return line[(location.column or 1) - 1:]


def _written_as_flow_mapping(source: SourceDocument, path: DataPath) -> bool:
    return _line_at(source, path).startswith("{")


def _enum_values(item: dict[str, Any]) -> list[str]:
    expected = str(item.get("ctx", {}).get("expected", ""))
    values = [part.strip(" '") for part in expected.replace(" or ", ",").split(",") if part.strip(" '")]
    return values or [member.value for member in (*KitType, *Theme)]


def _closest_value(given: str, expected: list[str], language: str) -> str | None:
    """The value meant: by its spelling, an old spelling, or the label readers know it by."""
    candidates = {value: value for value in expected}
    for renamed in DEPRECATED_VALUES.values():
        candidates.update({old: new for old, new in renamed.items() if new in expected})
    for value in expected:
        label = _with_label(value, language)
        if label != value:
            candidates[label[len(value) + 2:-1].lower()] = value
    match = did_you_mean(given.lower(), list(candidates))
    return candidates[match] if match else None


def _with_label(value: str, language: str) -> str:
    """An identifier with what readers see for it, e.g. "exit-interview (Exitgesprek)"."""
    for group in ("kit_type", "theme"):
        try:
            return f"{value} ({translator(language)(f'{group}.{value}')})"
        except MissingTranslation:
            continue
    return value


#: A required key whose value is always the same: the hint for its absence shows it.
_KEY_VALUES = {"schema": "1"}


def _required_keys(class_name: Any) -> str:
    """", e.g. 'description:'": the keys a mapping of this model must have (a list written
    where a mapping belongs tells nothing of what it needs)."""
    from . import model

    found = getattr(model, str(class_name), None)
    fields = getattr(found, "model_fields", None)
    if not isinstance(fields, dict):
        return ""
    required = [f"'{field.alias or name}:'" for name, field in fields.items() if field.is_required()]
    return f" (it needs {', '.join(required)})" if required else ""


def _question_without_text(name: str, value: Any) -> tuple[str, str]:
    """A question written as a bare line (`- Hoe gaat het?`): the key it needs, with its text."""
    if isinstance(value, str) and value.strip():
        text = value.strip()
        shown = f'"{text}"' if any(mark in text for mark in ':#{}[]",') or text[0] in "'&*!|>%@`" \
            else text
        return (f"{name} is a bare line; a question has its text under 'text:'",
                f"write it as: - text: {shown}")
    return (f"{name} must be a question with its text under 'text:', not {_what_it_is(value)}",
            "write it as: - text: your question")


def _plain_message(kind: str, item: dict[str, Any], name: str, value: Any) -> tuple[str, str]:
    """Message and hint for one error in our own words, by pydantic's error type."""
    ctx = item.get("ctx", {})
    shown = _what_it_is(value)
    words: dict[str, tuple[str, str]] = {
        "int_type": (f"{name} must be a whole number, not {shown}",
                     "write a whole number without quotes, e.g. 20"),
        "int_parsing": (f"{name} must be a whole number, not {shown}",
                        "write a whole number without quotes, e.g. 20"),
        "int_from_float": (f"{name} must be a whole number, not {shown}",
                           "leave out the decimals, e.g. 20"),
        "bool_type": (f"{name} must be yes or no (true or false), not {shown}", "write true or false"),
        "bool_parsing": (f"{name} must be yes or no (true or false), not {shown}", "write true or false"),
        "string_type": (f"{name} must be a text, not {shown}",
                        "write a text, in quotes if it looks like a number or yes/no"),
        "list_type": (f"{name} must be a list, not {shown}",
                      "write a list: one item per line, each starting with '- '"),
        "model_type": (f"{name} must have keys indented under it, not {shown}",
                       "write its keys on their own lines, indented under this one"
                       + _required_keys(ctx.get("class_name"))),
        "greater_than_equal": (f"{name} is {value}, but the lowest allowed is {ctx.get('ge')}",
                               f"use {ctx.get('ge')} or more"),
        "greater_than": (f"{name} is {value}, but it must be more than {ctx.get('gt')}",
                         f"use a number above {ctx.get('gt')}"),
        "less_than_equal": (f"{name} is {value}, but the highest allowed is {ctx.get('le')}",
                            f"use {ctx.get('le')} or less"),
        "less_than": (f"{name} is {value}, but it must be less than {ctx.get('lt')}",
                      f"use a number below {ctx.get('lt')}"),
        "too_short": (f"{name} needs at least {ctx.get('min_length')} item(s), it has "
                      f"{ctx.get('actual_length', 0)}", "add items, each on its own line starting with '- '"),
        "too_long": (f"{name} can have at most {ctx.get('max_length')} items, it has "
                     f"{ctx.get('actual_length')}", "remove items until the limit is met"),
        "scale_range": (f"{name}: {item['msg']}",
                        "make max larger than min, with at most 10 between them, e.g. min: 1 and max: 10"),
        "cycle_choice": (f"{name}: {item['msg']}",
                         "keep one of 'every_months: 3', 'months: [3, 9]' or 'on_trigger: true'"),
        "question_kind": (f"{name}: 'kind' must be one of: {', '.join(QUESTION_KINDS)}",
                          "leave 'kind' out for an open question") if isinstance(value, dict)
        else _question_without_text(name, value),
        "empty_text": (f"{name}: {item['msg']}", "write the text, or remove the key if it is optional"),
        "text_type": (f"{name}: {item['msg']}",
                      "write a text, or a mapping of language to text such as {nl: ..., en: ...}"),
        "language_code": (f"'{ctx.get('language', '?')}' is not a language code",
                          language_code_hint(str(ctx.get("language", "?")))),
        "string_pattern_mismatch": pattern_message(name, value, str(ctx.get("pattern", ""))),
        "text_too_complex": (f"{name}: {item['msg']}",
                             "split the text, or write its links and lists more simply"),
        **workshop_messages(name, item),
    }
    words["dict_type"] = words["model_attributes_type"] = words["model_type"]
    return words.get(kind, (f"{name}: {item['msg'].removeprefix('Value error, ')}", FORMAT_HINT))


def report_validation_error(error: ValidationError, source: SourceDocument,
                            model: type[BaseModel], report: DiagnosticReport,
                            language: str = "nl") -> None:
    """Turn pydantic's errors into located diagnostics in plain words, each with a hint.

    A misspelt key that names a missing required key is one mistake: it gives one error (the
    unknown key, suggesting the missing one), not a second 'missing' error.
    """
    items = error.errors(include_url=False)
    if model.__name__ == "WorkshopDocument":  # its reference is another guide page
        report = GuidePageReport(report, "Voor HR → Kitformaat", "Voor trainers")
    suggested: set[DataPath] = set()
    for item in items:
        if item["type"] != "extra_forbidden":
            continue
        loc = tuple(item["loc"])
        path = _data_path(source.data, loc)
        key = str(path[-1]) if path else "?"
        mapping = _value_at(source.data, path[:-1])
        present = set(mapping) if isinstance(mapping, dict) else set()
        target = _model_at(model, loc[:-1])
        missing = [name for name in _keys_of(target, required_only=True) if name not in present]
        absent = [name for name in _keys_of(target) if name not in present]
        translated = _DUTCH_KEYS.get(key.lower())
        suggestion = (translated if translated in absent else None) or did_you_mean(key, missing) \
            or did_you_mean(key, absent)
        if suggestion in missing:
            suggested.add(path[:-1] + (suggestion,))
        allowed = _keys_of(target)
        hint = (f"did you mean '{suggestion}'?" if suggestion
                else f"allowed here: {', '.join(allowed)}" if allowed else FORMAT_HINT)
        where = f" in {place_name(path[:-1])}" if len(path) > 1 else ""
        report.error(source.location(path, key=True), f"unknown key '{key}'{where}", hint)
    for item in items:
        loc = tuple(item["loc"])
        path = _data_path(source.data, loc)
        kind = item["type"]
        if kind == "extra_forbidden" or (kind == "missing" and path in suggested):
            continue
        _report_one(item, kind, path, source, report, language)


def _report_one(item: dict[str, Any], kind: str, path: DataPath, source: SourceDocument,
                report: DiagnosticReport, language: str) -> None:
    name = place_name(path)
    value = _value_at(source.data, path)
    if kind == "missing":
        key = path[-1] if path else "?"
        where = f" in {place_name(path[:-1])}" if len(path) > 1 else ""
        example = f"{key}: {_KEY_VALUES[key]}" if key in _KEY_VALUES else f"{key}:"
        hint = f"add '{example}' here (see 'Voor HR → Kitformaat' in the guide)"
        if key == "situation":  # a trigger's category alone
            hint = ("a category sorts a situation on the trigger finder: add 'situation: "
                    "<what happened>' above 'category:', or write the trigger as a plain text")
        report.error(source.location(path[:-1]), f"the required key '{key}' is missing{where}",
                     hint)
        return
    if kind in _TEXT_ERRORS + ("language_code",):
        text = _mapping_read_from_text(value, source, path)
        if text is not None:
            report.error(source.location(path), f"{name}: '{text}' is read by YAML as a key with a "
                         "value, because of the ': ' in it",
                         f"put the whole text in quotes: \"{text}\"")
            return
    if kind == "language_code":
        key = str(item.get("ctx", {}).get("language", ""))
        cut = _text_cut_by_comma(value, source, path, key)
        if cut is not None:
            # The other texts stay where they were written: before it, after it, or both.
            others = [name for name, inner in value.items() if inner is not None]
            place = others.index(cut[0])
            before = "..., " if place > 0 else ""
            more = ", ..." if place < len(others) - 1 else ""
            quoted_text = f'"{cut[1]}"' if '"' not in cut[1] else \
                "'" + cut[1].replace("'", "''") + "'"
            report.error(source.location(path), f"{name}: '{key}' is not a language code: inside "
                         f"{{ }} a comma ends a text, so the {cut[0]} text stopped before it",
                         f"put the text in quotes: {{{before}{cut[0]}: {quoted_text}{more}}}")
            return
    if kind in _TEXT_ERRORS or kind in _SHAPE_ERRORS:
        surprise = _scalar_hint(source, path)
        if surprise and kind in _TEXT_ERRORS:
            report.error(source.location(path), f"{name}: {surprise[0]}", surprise[1])
            return
    if kind == "enum":
        given = str(item.get("input"))
        expected = _enum_values(item)
        if item.get("input") in (None, ""):  # `category:` with nothing after it
            report.error(source.location(path), f"{name}: is empty",
                         f"write one of {', '.join(_with_label(value, language) for value in expected)}"
                         + (", or write the trigger as a plain text" if path[-1] == "category"
                            else ""))
            return
        suggestion = _closest_value(given, expected, language)
        report.error(source.location(path), f"{name}: '{given}' is not one of "
                     f"{', '.join(_with_label(value, language) for value in expected)}",
                     f"did you mean '{suggestion}'?" if suggestion else "pick one of the listed values")
        return
    if kind == "literal_error" and path and path[-1] == "schema":
        report.error(source.location(path), f"schema: '{item.get('input')}' is not a supported "
                     "format version", "write 'schema: 1'")
        return
    if kind == "literal_error":
        expected = str(item.get("ctx", {}).get("expected", ""))
        report.error(source.location(path), f"{name}: '{item.get('input')}' is not allowed here",
                     f"write {expected}")
        return
    # A rule across keys (workshop_model.py) names the key the reader should look at.
    at = item.get("ctx", {}).get("at")
    location = source.location(path + ("kind",)) if kind == "question_kind" else \
        source.location(path + ((at,) if at else ()))
    message, hint = _plain_message(kind, item, name, value)
    report.error(location, message, hint)
