"""Terms a note introduces by its wording: glossary-style lines ("term: what
it is", Chinese and English) and naming cues (称为/叫做/called).
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from .. import lexicon
from ..text import norm_key
from .words import _LEADING_POS, _has_boundary, _is_count, _pos, segment  # noqa: F401 (segment: for the doctests)
from .terms import is_term_like
from .left_term import _LATIN_WORD
from .other_names import _EN_GLOSSARY_LINE, _name_words


_NAMING = re.compile(r"(?:称为|称作|叫做|叫作|简称|被称为|记作|(?<=[组种类就则])叫|we call it|called|known as)[ \t]*[「“\"']?")
# "增量方法：先…", "- 提议者 Proposer：提出提案": a term opening a line, a list
# item or a sentence, then a colon and what it is
_GLOSSARY_LINE = re.compile(
    r"(?:^|(?<=[\n。！？；]))[ \t]*(?:[-*+][ \t]+|\d{1,2}[.)、][ \t]*)?(?:\*\*)?"
    r"([\u3400-\u9fff]{2,8})(?:[ \t]*([A-Za-z][A-Za-z0-9\-]*(?:[ \t][A-Za-z][A-Za-z0-9\-]*){0,4}))?"
    r"(?:\*\*)?[ \t]*[:：](?!//)[ \t]*(?:\*\*)?(?=[^\s:：])",
    re.M,
)


def glossary_lines(text: str, tokenize) -> Iterator[tuple[str, str | None]]:
    r"""(term, its English name or None) for each glossary-style line.

    >>> list(glossary_lines("缺点：慢。 增量方法:每来一个样本就更新。\n- 提议者 Proposer：提出提案", segment))
    [('增量方法', None), ('提议者', 'Proposer')]
    """
    for m in _GLOSSARY_LINE.finditer(text):
        term, english = m.group(1), m.group(2)
        toks = tokenize(term)
        if any(t in lexicon.boundary_words() or t in lexicon.discourse_verbs() for t in toks) or _is_count(toks[0]):
            continue
        if _pos(toks[-1]) in _LEADING_POS | {"d", "v", "ad"} or norm_key(term) in lexicon.stop_concepts():
            continue  # 注意：, 举例：, 缺点：
        yield term, english


def english_glossary_lines(text: str) -> Iterator[str]:
    r"""The term a line of an English note opens and defines: "stride: how many
    pixels the kernel moves", "- **max pooling**: take the max". Not "Note:"
    or "Pros:" (stop-concepts), nor a phrase with a function word ("how it
    works:").

    >>> list(english_glossary_lines("stride: how far the kernel moves\n- **max pooling**: the max\nNote: slow\nhow it works: easily"))
    ['stride', 'max pooling']
    """
    not_mod = lexicon.english_not_modifiers()
    for m in _EN_GLOSSARY_LINE.finditer(text):
        term = m.group(1)
        if is_term_like(term) and not any(w in not_mod for w in term.lower().split()):
            yield term


_MIXED_NAME = re.compile(rf"[「“\"']?({_LATIN_WORD}(?:[ \t]+{_LATIN_WORD}){{0,2}}[ \t]?([\u3400-\u9fff]{{1,4}}))(?:[」”\"']|(?=[，。；：,.;:]))")


def naming_terms(text: str) -> Iterator[str]:
    """``我们把它叫做 Visual Representation`` -> ``Visual Representation``.

    >>> list(naming_terms("这块缓存就叫 KV 缓存。这个损失称为“对比损失”。"))
    ['KV 缓存', '对比损失']
    """
    for m in _NAMING.finditer(text):
        rest = text[m.end() : m.end() + 40]
        # "这块缓存就叫 KV 缓存。": a Latin name and a Chinese word, bounded by punctuation
        mixed = _MIXED_NAME.match(rest)
        if mixed and not _has_boundary(mixed.group(2)):
            yield mixed.group(1)
            continue
        lat = re.match(rf"({_LATIN_WORD}(?:[ \t]+{_LATIN_WORD}){{0,4}})", rest)
        if lat:
            # "called the diffusion process", "called NT-Xent in the SimCLR paper":
            # the name is what comes before a function word
            words, _ = _name_words(lat.group(1).split())
            if words:
                yield " ".join(words)
            continue
        cjk = re.match(r"[「“\"']?([\u3400-\u9fff]{2,8})(?:[」”\"']|(?=[，。；：,.;:]))", rest)
        if cjk and not _has_boundary(cjk.group(1)):
            yield cjk.group(1)
            continue
        # "称为单词 w_i 的上下文": what is named is the noun after the last 的
        of = re.match(r"[^，。；：,.;:\n]{1,30}?的([\u3400-\u9fff]{2,8})(?=[，。；：,.;:\s]|$)", rest)
        if of and not _has_boundary(of.group(1)) and "的" not in of.group(1):
            yield of.group(1)
