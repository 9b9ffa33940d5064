"""French text helpers shared by search, excerpts and exports."""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

WORD_RE = re.compile(r"\w+", re.UNICODE)
_stemmer = snowballstemmer.stemmer("french")


def unaccent(text: str) -> str:
    """'Procédures d'Accueil' -> 'Procedures d'Accueil' (also folds œ, æ)."""
    text = text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=50_000)
def stem_word(word: str) -> str:
    """The accent-free French stem of one word: 'Procédures' -> 'procedur'."""
    return unaccent(_stemmer.stemWord(word.lower()))


def words(text: str) -> list[str]:
    return WORD_RE.findall(text)


def stem_text(text: str) -> str:
    """Every word of the text replaced by its stem, joined by spaces."""
    return " ".join(stem_word(w) for w in words(text))
