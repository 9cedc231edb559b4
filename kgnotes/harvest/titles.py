"""Term-like segments of a title, a heading or a bold phrase (``title_terms``).
"""
from __future__ import annotations

import re

from .. import lexicon
from ..text import has_cjk, nfkc, singular
from .words import pos_of, strip_leading_verbs
from .terms import _OPENING_WORDS, is_term_like, strip_generic_suffix


_TITLE_SPLIT = re.compile(r"[:：=|｜,，、;；!?！？「」“”\"《》\[\]【】&]|\s[-–—+]\s|——|\sand\s")
_AND = re.compile(r"([ \t]*&[ \t]*|[ \t]+and[ \t]+)")


def _shared_head(title: str) -> str:
    """"Contrastive & self-supervised learning": one English word before & or
    "and" shares the head word of the phrase after it (contrastive learning).

    >>> _shared_head("Contrastive & self-supervised learning"), _shared_head("stride & padding")
    ('Contrastive learning & self-supervised learning', 'stride & padding')
    """
    parts = _AND.split(title)
    for i in range(1, len(parts) - 1, 2):
        before, after = parts[i - 1].split(), parts[i + 1].split()
        if (len(before) == 1 and len(after) >= 2 and before[0].isascii() and before[0].isalpha()
                and singular(after[-1].lower()) in lexicon.english_heads()):
            parts[i - 1] = f"{parts[i - 1]} {after[-1]}"
    return "".join(parts)


def title_terms(title: str, tokenize) -> list[str]:
    """Short, term-like segments of a title (``对比学习综述`` -> ``对比学习``)."""
    out = []
    for seg in _TITLE_SPLIT.split(_shared_head(nfkc(title))):
        seg = re.sub(r"[(（][^()（）]*[)）]", " ", seg).strip()
        seg = re.sub(r"^[\d.]+\s*", "", seg)
        if not seg:
            continue
        seg = strip_generic_suffix(seg)
        toks = [t for t in tokenize(seg) if t.strip()]
        while toks and (toks[0] in lexicon.boundary_words() or toks[0].lower() in _OPENING_WORDS):
            toks = toks[1:]
        if not toks or any(t in lexicon.boundary_words() for t in toks):
            continue
        toks = strip_leading_verbs(toks)
        if not has_cjk(seg) and all(t.lower() in lexicon.english_not_modifiers() for t in toks):
            continue  # "What it does": function words and verbs only
        if len(toks) == 1 and pos_of(toks[0]) == "i" and seg != title.strip():
            continue  # "先易后难：课程学习和…": an idiom beside the subject is a motto, not a term
        seg = strip_generic_suffix("".join(toks) if has_cjk(seg) else " ".join(toks))
        if is_term_like(seg) and (len(seg) <= 10 if has_cjk(seg) else len(seg.split()) <= 4):
            out.append(seg)
    return out
