"""Word lists kgnotes' components use, loaded from ``kgnotes/data/``.

Language data lives in data files, apart from code (as in spaCy's
``lang/zh``); this module only reads them.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from .text import norm_key


def _lines(name: str) -> list[str]:
    text = resources.files("kgnotes.data").joinpath(name).read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].rstrip() if not line.lstrip().startswith("#") else ""
        if line.strip():
            out.append(line.strip())
    return out


@dataclass(frozen=True)
class Head:
    word: str
    english: tuple[str, ...]
    strong: bool
    object: bool = False


@cache
def stop_concepts() -> frozenset[str]:
    return frozenset(norm_key(w) for w in _lines("stop_concepts.txt"))


@cache
def heads() -> dict[str, Head]:
    out = {}
    for line in _lines("heads.tsv"):
        word, english, strength, obj = (line.split("\t") + ["", "", ""])[:4]
        out[word] = Head(word, tuple(e.strip() for e in english.split(",") if e.strip()), strength == "strong", obj == "object")
    return out


@cache
def boundary_words() -> frozenset[str]:
    return frozenset(_lines("boundary_words.txt"))


@cache
def generic_suffixes() -> tuple[str, ...]:
    # longest first so "的作用" is tried before "作用"
    return tuple(sorted(_lines("generic_suffixes.txt"), key=len, reverse=True))


@cache
def collection_words() -> tuple[str, ...]:
    return tuple(_lines("collection_words.txt"))


@cache
def subtitle_genre_words() -> tuple[str, ...]:
    return tuple(sorted(_lines("subtitle_genre_words.txt"), key=len, reverse=True))


@cache
def phrase_verbs() -> frozenset[str]:
    return frozenset(_lines("phrase_verbs.txt"))


@cache
def not_alias_prefixes() -> tuple[str, ...]:
    return tuple(sorted(_lines("not_alias_prefixes.txt"), key=len, reverse=True))


@cache
def prefixes() -> frozenset[str]:
    return frozenset(_lines("prefixes.txt"))


def glue_prefixes(tokens: list[str]) -> list[str]:
    """``["自", "监督", "学习"]`` -> ``["自监督", "学习"]``."""
    out: list[str] = []
    pre = prefixes()
    for tok in tokens:
        if out and out[-1] in pre and tok and "\u4e00" <= tok[0] <= "\u9fff":
            out[-1] += tok
        else:
            out.append(tok)
    return out


@cache
def glossary() -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for line in _lines("glossary.tsv"):
        en, _, zh = line.partition("\t")
        if zh:
            out[en.strip().lower()] = tuple(z.strip() for z in zh.split("|") if z.strip())
    return out


@cache
def english_heads() -> dict[str, bool]:
    """English head word -> strong (see english_heads.tsv)."""
    out = {}
    for line in _lines("english_heads.tsv"):
        word, _, strength = line.partition("\t")
        out[word.strip().lower()] = strength.strip() == "strong"
    return out


@cache
def english_stop_words() -> frozenset[str]:
    """English function words: spaCy's stop words, lower case."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


@cache
def english_not_modifiers() -> frozenset[str]:
    """English stop words and english_not_modifiers.txt."""
    return english_stop_words() | frozenset(w.lower() for w in _lines("english_not_modifiers.txt"))


@cache
def discourse_verbs() -> frozenset[str]:
    return frozenset(_lines("discourse_verbs.txt"))


@cache
def merge_suffixes() -> tuple[str, ...]:
    return tuple(sorted(_lines("merge_suffixes.txt"), key=len, reverse=True))


@cache
def name_kind_words() -> tuple[str, ...]:
    return tuple(sorted(_lines("name_kind_words.txt"), key=len, reverse=True))


@cache
def latin_head_words() -> tuple[str, ...]:
    return tuple(sorted(_lines("latin_head_words.txt"), key=len, reverse=True))
