"""Word lists kgnotes' components use, loaded from ``kgnotes/data/``.

Language data lives in data files, apart from code (as in spaCy's
``lang/zh``); this module only reads them.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
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
def aspect_words() -> tuple[str, ...]:
    return tuple(sorted(_lines("aspect_words.txt"), key=len, reverse=True))


@cache
def aspect_or_genre_words() -> tuple[str, ...]:
    """Words after a term that say which side of it a note takes up or what
    kind of writing it is (原理, 笔记, notes): never a term of their own."""
    return tuple(sorted({*aspect_words(), *subtitle_genre_words(), *generic_suffixes()}, key=len, reverse=True))


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
def _english_head_rows() -> tuple[tuple[str, ...], ...]:
    """english_heads.tsv: (word, strength[, "alone"]) per line."""
    return tuple(tuple(c.strip().lower() for c in line.split("\t")) for line in _lines("english_heads.tsv"))


@cache
def english_heads() -> dict[str, bool]:
    """English head word -> strong (see english_heads.tsv)."""
    return {row[0]: row[1:2] == ("strong",) for row in _english_head_rows()}


@cache
def english_lone_heads() -> frozenset[str]:
    """Head words that name a thing by themselves (an encoder, an optimizer):
    those marked ``alone`` in english_heads.tsv."""
    return frozenset(row[0] for row in _english_head_rows() if row[2:3] == ("alone",))


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
def person_kind_words() -> tuple[str, ...]:
    return tuple(sorted(_lines("person_kind_words.txt"), key=len, reverse=True))


@cache
def latin_head_words() -> tuple[str, ...]:
    return tuple(sorted(_lines("latin_head_words.txt"), key=len, reverse=True))


@dataclass(frozen=True)
class KnownTerms:
    """known_terms.tsv: established terms of the field, one line per term
    with its Chinese names, English names and abbreviations."""
    names: tuple[str, ...]  # every name, as written in the file
    line_of: dict[str, int]  # norm_key(name) -> its line
    abbreviations: frozenset[str]  # norm_key of the names in the third column
    # norm_key of a line's first Chinese and first English name and of its
    # abbreviations: the names that translate each other (the other names
    # are often near-synonyms, 贪心解码|贪心搜索, that notes keep apart)
    primary: frozenset[str] = frozenset()
    # lines marked "basic": the field's everyday words (训练集, 参数量, 局部最优),
    # names that a note makes a term by discussing them, not by using them once
    basic: frozenset[int] = frozenset()
    # norm_key of an abbreviation -> the Chinese names of its line(s)
    chinese_of_abbreviation: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # norm_key of a name -> the abbreviations its line(s) give it (multi-head attention -> mha)
    abbreviations_of: dict[str, frozenset[str]] = field(default_factory=dict)


@cache
def known_terms() -> KnownTerms:
    return parse_known_terms(resources.files("kgnotes.data").joinpath("known_terms.tsv").read_text(encoding="utf-8"))


def parse_known_terms(text: str) -> KnownTerms:
    names: list[str] = []
    line_of: dict[str, int] = {}
    abbreviations: set[str] = set()
    primary: set[str] = set()
    basic: set[int] = set()
    chinese: dict[str, list[str]] = defaultdict(list)
    abbreviations_of: dict[str, set[str]] = defaultdict(set)
    rows = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    for i, line in enumerate(rows):  # (not _lines: an empty first column must stay a column)
        columns = (line.split("\t") + ["", "", ""])[:4]
        if columns.pop().strip() == "basic":
            basic.add(i)
        for abbr in columns[2].split("|"):
            if abbr.strip():
                chinese[norm_key(abbr)] += [z.strip() for z in columns[0].split("|") if z.strip()]
                for name in "|".join(columns[:2]).split("|"):
                    if name.strip():
                        abbreviations_of[norm_key(name)].add(norm_key(abbr))
        for col, cell in enumerate(columns):  # (not "field": the dataclass helper)
            for j, name in enumerate(cell.split("|")):
                name = name.strip()
                key = norm_key(name)
                if not name or key in line_of:
                    continue  # the first line that names it keeps it
                names.append(name)
                line_of[key] = i
                if col == 2:
                    abbreviations.add(key)
                if col == 2 or j == 0:
                    primary.add(key)
    return KnownTerms(tuple(names), line_of, frozenset(abbreviations), frozenset(primary), frozenset(basic),
                      {k: tuple(v) for k, v in chinese.items()}, {k: frozenset(v) for k, v in abbreviations_of.items()})
