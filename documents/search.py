"""Full-text search of the documents in force, with highlighted excerpts."""

import html

from django.utils.safestring import mark_safe
from wagtail.rich_text import RichText

from qms.text import WORD_RE, stem_word

from .models import ControlledDocumentPage

EXCERPT_WORDS = 30


def body_text(body) -> str:
    """The plain text of a document body StreamField (headings, paragraphs, steps,
    tables, notes), for excerpts and exports."""
    parts = []
    for block in body:
        parts.append(block_text(block.block_type, block.value))
    return "\n".join(p for p in parts if p)


def block_text(block_type, value) -> str:
    from django.utils.html import strip_tags

    if block_type == "heading":
        return value["text"]
    if block_type == "paragraph":
        return strip_tags(value.source if isinstance(value, RichText) else str(value))
    if block_type == "steps":
        return "\n".join(str(v) for v in value)
    if block_type == "table":
        rows = (value or {}).get("data") or []
        return "\n".join(" ".join(str(c) for c in row if c) for row in rows)
    if block_type == "note":
        text = value["text"]
        return strip_tags(text.source if isinstance(text, RichText) else str(text))
    if block_type == "document_link":
        return value.get("label") or ""
    return ""


def search_documents(query: str):
    """Live documents matching every word of the query, best first."""
    return ControlledDocumentPage.objects.live().search(query, operator="and")


def highlight(text: str, query: str, words: int = EXCERPT_WORDS) -> str:
    """An HTML-safe excerpt of the text around the first word matching the query, with
    every matching word (same French stem, accents and case ignored) in <mark>."""
    stems = {stem_word(w) for w in WORD_RE.findall(query)}
    tokens = list(WORD_RE.finditer(text))
    if not tokens:
        return ""
    hits = [i for i, m in enumerate(tokens) if stem_word(m.group()) in stems]
    first = hits[0] if hits else 0
    start_token = max(0, first - words // 3)
    end_token = min(len(tokens), start_token + words)
    start = tokens[start_token].start()
    end = tokens[end_token - 1].end()
    out, cursor = [], start
    hit_set = set(hits)
    for i in range(start_token, end_token):
        m = tokens[i]
        out.append(html.escape(text[cursor : m.start()]))
        word = html.escape(m.group())
        out.append(f"<mark>{word}</mark>" if i in hit_set else word)
        cursor = m.end()
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(out) + suffix)  # noqa: S308 - every piece escaped above
