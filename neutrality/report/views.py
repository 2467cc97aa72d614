"""What the HTML report and the case sheets show of a finding, and the one jinja2 environment.

Autoescape is on for every template; the few pieces built here as Markup (the highlighted
match, the JSON data block) escape every input text themselves before they are marked safe.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup, escape

from neutrality.i18n import decimal, grouped
from neutrality.report.source import local_time, run_time

#: JSON inside <script> ends at the first `</script>`; these escapes keep every text inert
_SCRIPT_ESCAPES = (
    ("&", "\\u0026"),
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)
CONFIDENCE_RANK = {"high": 3, "medium": 2, "low": 1}


_DICT_ATTRIBUTES = frozenset(dir(dict))  # get, items, ...: always the method, as jinja2 has it


class _Environment(jinja2.Environment):
    """`f.rule_id` on a dict reads its key first. Templates read plain dicts (finding views,
    labels, summaries); jinja2 would try the attribute first and fail, about a microsecond a
    lookup: a third of the time of 5,000 case sheets. A dict's own methods (`summary.get`) and
    anything that is not a plain dict read as jinja2 reads them."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """Templates ship inside the package, so an installed wheel renders the same as a checkout."""
    env = _Environment(
        loader=jinja2.PackageLoader("neutrality.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["grouped"] = grouped  # `{{ count | grouped(lang) }}`: 1.000 or 1,000
    env.filters["run_time"] = run_time  # a run's start or end in WIB
    return env


def static_text(name: str) -> str:
    """A template file as it is (CSS, JS), for inlining and hashing."""
    env = environment()
    assert env.loader is not None  # set above
    source, _, _ = env.loader.get_source(env, name)
    return source


def csp_hash(script: str) -> str:
    """`'sha256-…'` of an inline script: the page's policy runs that script and no other."""
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    return f"'sha256-{digest}'"


def script_json(value: Any) -> Markup:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in _SCRIPT_ESCAPES:
        text = text.replace(raw, escaped)
    return Markup(text)  # safe: every character that could end the script is escaped above


def safe_link(url: Any) -> str | None:
    """An http(s) address with a host, or None: `javascript:` and the like never become links."""
    text = str(url or "").strip()
    if not text or any(ch.isspace() or ord(ch) < 32 for ch in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    return text if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def highlight(matched_text: str, span: Any) -> Markup:
    """The matched text with the span marked. A span shorter than the text is read as offsets
    into it (the text then carries context); otherwise the whole text is the match."""
    text = str(matched_text or "")
    if not text:
        return Markup("")
    if isinstance(span, list | tuple) and len(span) == 2:
        start, end = int(span[0]), int(span[1])
        if 0 <= start < end <= len(text) and end - start != len(text):
            return (
                escape(text[:start])
                + Markup("<mark>")
                + escape(text[start:end])
                + Markup("</mark>")
                + escape(text[end:])
            )
    return Markup("<mark>") + escape(text) + Markup("</mark>")


def marked_context(context: str, span: Any) -> Markup:
    """A post's excerpt with the matched words marked at `span` (Evidence.context_span)."""
    if not context:
        return Markup("")
    if not (isinstance(span, list | tuple) and len(span) == 2):
        return escape(context)
    try:
        at, end = int(span[0]), int(span[1])
    except (TypeError, ValueError):  # a hand-edited findings.jsonl
        return escape(context)
    if not 0 <= at < end <= len(context):
        return escape(context)
    return (
        escape(context[:at]) + Markup("<mark>") + escape(context[at:end]) + Markup("</mark>")
        + escape(context[end:])
    )  # fmt: skip


def finding_view(record: Mapping[str, Any], text: Mapping[str, str]) -> dict[str, Any]:
    """Plain values of one finding for the templates (which escape them)."""
    evidence = record.get("evidence") or {}
    span = evidence.get("span")
    confidence = str(record.get("confidence", ""))
    status = str(record.get("participant_status", ""))
    return {
        **{key: "" if value is None else value for key, value in record.items()},
        "confidence_label": text.get(confidence, confidence),
        "category_label": text.get(str(record.get("category", "")), record.get("category", "")),
        "method_label": coded(text, "method", record.get("match_method")),
        "field_label": coded(text, "field", evidence.get("matched_field")),
        "status_label": text.get(status, status),
        "highlighted": highlight(str(evidence.get("matched_text", "")), span),
        "span_text": f"{span[0]}–{span[1]}" if isinstance(span, list) and len(span) == 2 else "",
        "matched_field": str(evidence.get("matched_field", "")),
        "registry_entry": str(evidence.get("registry_entry", "")),
        "explanation": str(evidence.get("explanation", "")),
        "context": marked_context(str(evidence.get("context") or ""), evidence.get("context_span")),
        "cues": [str(cue) for cue in evidence.get("cues") or []],
        "link": safe_link(record.get("url")),
        "zone": local_time(record)[1],
        "score_text": _score_text(record.get("score"), text.get("lang", "id")),
    }


def coded(text: Mapping[str, str], kind: str, code: Any) -> str:
    """A match method or column as the reader's words (`method_phrase`), the code itself when
    the catalogue has none."""
    code = "" if code is None else str(code)
    return text.get(f"{kind}_{code}", code)


def _score_text(score: Any, lang: str) -> str:
    """The match score as the report's language writes it (96,3 in Indonesian)."""
    try:
        return decimal(float(score), lang)
    except (TypeError, ValueError):
        return "" if score is None else str(score)


def data_item(record: Mapping[str, Any]) -> dict[str, Any]:
    """What the table script filters and sorts on: real values, not the cells' display text."""
    evidence = record.get("evidence") or {}
    searchable = (
        "nip", "employee_name", "agency", "rule_id", "participant_name", "participant_id",
        "target_account", "platform", "action", "matched_text", "finding_id", "occurred_at_local",
    )  # fmt: skip
    haystack = " ".join(str(record.get(key) or "") for key in searchable)
    haystack += " " + str(evidence.get("explanation", ""))
    return {
        "id": record.get("finding_id", ""),
        "t": record.get("occurred_at", ""),
        "nip": record.get("nip", ""),
        "name": record.get("employee_name", ""),
        "agency": record.get("agency", ""),
        "rule": record.get("rule_id", ""),
        "participant": record.get("participant_name", ""),
        "act": f"{record.get('platform', '')} {record.get('action', '')}",
        "conf": record.get("confidence", ""),
        "crank": CONFIDENCE_RANK.get(str(record.get("confidence", "")), 0),
        "score": record.get("score", 0),
        "q": haystack.casefold(),
    }
