"""A small notation for the demo documents' bodies and metadata."""

import html
import re
from dataclasses import dataclass, field


# --- A small notation for document bodies --------------------------------------------
def _inline(text: str) -> str:
    """Escape the text; **bold** becomes <strong>."""
    return re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", html.escape(text, quote=False))


def h2(text):
    return ("heading", {"text": text, "level": "h2"})


def h3(text):
    return ("heading", {"text": text, "level": "h3"})


def p(text):
    return ("paragraph", f"<p>{_inline(text)}</p>")


def ul(*items):
    return ("paragraph", "<ul>" + "".join(f"<li>{_inline(i)}</li>" for i in items) + "</ul>")


def steps(*items):
    return ("steps", list(items))


def table(*rows):
    return ("table", {"data": [list(r) for r in rows], "first_row_is_table_header": True,
                      "first_col_is_header": False, "table_caption": ""})


def note(text):
    return ("note", {"kind": "note", "text": f"<p>{_inline(text)}</p>"})


def warn(text):
    return ("note", {"kind": "warning", "text": f"<p>{_inline(text)}</p>"})


def link(reference, label=""):
    """A link to another document, by reference (resolved when the body is built)."""
    return ("_link", reference, label)


def since(version, *blocks):
    """Blocks added by this version of the document."""
    return ("_since", version, blocks)


def upto(version, *blocks):
    """Blocks replaced after this version of the document."""
    return ("_upto", version, blocks)


ALL = "__all__"  # applies to every service


@dataclass
class Doc:
    reference: str
    kind: str  # "process", "procedure", "instruction", "form", "governance"
    title: str
    owner: str  # service code
    summary: str
    body: list
    parent: str | None = None  # the process sheet's reference; None: the library
    applies: tuple | str = ()
    changes: tuple = ("Création du document.",)  # one per version
    state: str = "published"  # the last version: published, verified, review, draft
    author: str = "agent"  # "agent" (a writer of the owner service) or "pilot"
    age: int = 120  # days since the last version was published
    review: int = 24  # review period, months
    sheet: dict = field(default_factory=dict)  # ProcessSheetPage fields
    form_fields: tuple = ()  # for forms: the fields of the attached blank form
    reading_rate: float | None = None  # share of readers who acknowledged the last version


