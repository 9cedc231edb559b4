"""Established terms of the field (``known_terms.tsv``) where a note names
them. A student writes 随机森林 or Dropout once, in passing, and it is still
a term; no cue in the note says so, the field does.

A Chinese name counts where it is whole words of the note and starts a
phrase (监督|对比学习 holds 对比学习, but as part of a longer name, not as a
mention of its own); a Latin name where it is whole words, an abbreviation
only in the capitals it is written in (MAP, not the map of a feature map).
"""
from __future__ import annotations

import re
from functools import cache
from typing import Iterator

import ahocorasick_rs

from .. import lexicon
from ..text import count_cjk, fold, has_latin, is_cjk_char, norm_key, plural
from .words import pos_of, segment

_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


@cache
def _automaton() -> tuple[list[str], list[set[str]], ahocorasick_rs.AhoCorasick | None]:
    known = lexicon.known_terms()
    written: dict[str, set[str]] = {}
    for name in known.names:
        if known.line_of[norm_key(name)] in known.basic:
            continue  # everyday words: a term where a note discusses them (other rules find that)
        if norm_key(name) in known.abbreviations:
            written.setdefault(fold(name), set()).add(name)
        else:
            written.setdefault(fold(name), set())
            if " " in name and name[-1:].isascii() and name[-1:].isalpha():
                # an English name in the plural: "graph neural networks" names it too
                written.setdefault(plural(fold(name)), set())
    patterns = sorted(written)
    automaton = ahocorasick_rs.AhoCorasick(patterns, matchkind=ahocorasick_rs.MATCHKIND_LEFTMOST_LONGEST) if patterns else None
    return patterns, [written[p] for p in patterns], automaton


def _word_char(c: str) -> bool:
    return c.isascii() and (c.isalnum() or c == "-")


def known_terms_in(text: str, tokenize=segment) -> Iterator[str]:
    """Every place the note names a known term, as written there."""
    patterns, abbreviations, automaton = _automaton()
    if automaton is None:
        return
    folded = fold(text)
    runs: dict[int, tuple[int, set[int], dict[int, str]]] = {}  # Chinese run start -> (end, token bounds, token ending at)
    for idx, start, end in automaton.find_matches_as_indexes(folded):
        surface = text[start:end]
        pattern = patterns[idx]
        if _word_char(pattern[0]) and start > 0 and _word_char(folded[start - 1]):
            continue
        if _word_char(pattern[-1]) and end < len(text) and _word_char(folded[end]):
            continue
        if abbreviations[idx] and surface not in abbreviations[idx]:
            continue  # an abbreviation only as it is written: MAP, not map
        if not _specific(surface, bool(abbreviations[idx])):
            continue
        if is_cjk_char(pattern[0]) and not _starts_a_phrase(text, start, end, runs, tokenize):
            continue
        yield surface


def _specific(name: str, abbreviation: bool) -> bool:
    """Is a name specific enough to be a term wherever it is used: not the
    everyday words of the field (梯度, 方差, 采样; encoder, margin), which a
    note makes a term by defining them or coming back to them?"""
    if count_cjk(name) and has_latin(name):
        return False  # Transformer|解码器: two terms, each found on its own
    if abbreviation:
        return len(name) >= 3  # AI, ML: two capitals are too often no term of the note
    if " " in name.strip() or "-" in name:
        return True
    if count_cjk(name):
        return count_cjk(name) >= 3
    return name[:1].isupper()  # a name: Adam, Mamba, Bagging


def _starts_a_phrase(text: str, start: int, end: int, runs: dict, tokenize) -> bool:
    """Is text[start:end] whole words of its run of Chinese, after the run's
    start or a function word (用|随机森林, 的|迁移学习; not 监督|对比学习)?"""
    first = start
    while first > 0 and is_cjk_char(text[first - 1]):
        first -= 1
    hit = runs.get(first)
    if hit is None:
        run = _CJK_RUN.match(text, first)
        bounds, ending = [first], {}
        for tok in tokenize(run.group()):
            ending[bounds[-1] + len(tok)] = tok
            bounds.append(bounds[-1] + len(tok))
        hit = runs[first] = (run.end(), set(bounds), ending)
    last, bounds, ending = hit
    if start not in bounds or (end < last and end not in bounds):
        return False
    if end < last:
        # 卷积核|大小, 预训练|模型|的时候: a noun after it makes a longer name, and
        # a name before a noun is no name at all
        after = next(ending[b] for b in sorted(bounds) if b > end)
        if after not in lexicon.boundary_words() and pos_of(after)[:1] not in _AFTER_A_NAME:
            return False
    before = ending.get(start)
    # 换成|核函数, 为了|模型压缩: a verb or preposition of two characters or
    # more opens a phrase; one character may be a prefix (无|监督学习, 自|监督学习)
    return start == first or before in lexicon.boundary_words() or (len(before) >= 2 and pos_of(before) in ("v", "p"))


_AFTER_A_NAME = frozenset("vdpucy")  # verbs, adverbs, prepositions, particles, conjunctions, modal particles
