"""extract: run the spaCy pipeline over one note.

Pass 1 (``harvest_note``) needs no vocabulary; pass 2 (``extract_note``)
finds the vocabulary's concepts and the relations between them. Both are pure
functions of (note, pipeline), so they parallelise and cache by content hash.
"""
from __future__ import annotations

import re
from bisect import bisect_left

from spacy.language import Language
from spacy.tokens import Doc

from . import lexicon
from .harvest import _renderings, segment
from .model import Harvest, Mention, Note, NoteFacts
from .text import has_latin, merge_key
from .vocabulary import kind_word_names_it

_ARXIV = re.compile(r"(?i)(?:arxiv\.org/(?:abs|pdf|html)/|arxiv:\s*|\[)(\d{4}\.\d{4,5})(?:v\d+)?(?:\.pdf)?\]?")
_DOI = re.compile(r"(?i)(?:doi\.org/|doi:\s*)(10\.\d{4,9}/[^\s\"<>]+)")
_GITHUB = re.compile(r"(?i)github\.com/([\w.-]+)/([\w.-]+)")


def normalise_citation(text: str) -> str | None:
    """One IRI per cited work, whatever URL form a note used.

    >>> normalise_citation("https://arxiv.org/pdf/2004.11362v2.pdf")
    'https://arxiv.org/abs/2004.11362'
    """
    if m := _ARXIV.search(text):
        return f"https://arxiv.org/abs/{m.group(1)}"
    if m := _DOI.search(text):
        return f"https://doi.org/{m.group(1).rstrip('.,;)').lower()}"
    if m := _GITHUB.search(text):
        repo = re.sub(r"\.git$", "", m.group(2))
        return f"https://github.com/{m.group(1).lower()}/{repo.lower()}"
    return None


def citations(note: Note) -> list[str]:
    found = [normalise_citation(l.target) for l in note.links if l.kind == "url"]
    # "[2502.09992] Title" and "arXiv:2004.11362" written as text
    found += [f"https://arxiv.org/abs/{m.group(1)}" for m in re.finditer(r"(?i)(?:arxiv:\s*|\[)(\d{4}\.\d{4,5})\]?", note.text)]
    return sorted({c for c in found if c})


def _run(nlp: Language, note: Note, text: str | None = None) -> Doc:
    doc = nlp.make_doc(note.text if text is None else text)
    doc._.note = note
    for _name, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def _kind(suffix: str) -> str:
    """A kind word in Chinese (algorithm: 算法, 损失函数: 损失), so that two can be compared."""
    zh = suffix if not suffix.isascii() else next(iter(_renderings(suffix)), suffix.lower())
    return "损失" if zh.startswith("损失") else "方法" if zh == "法" else zh


def kind_word_surfaces(text: str, mentions: list[Mention], labels: dict[str, set[str]] | None = None) -> list[tuple[str, str]]:
    """(concept, surface) where a mention goes on with a kind word that names
    the same thing ("listwise 方法", "回放方法", "Huber loss"): the name with
    its kind word is another label of the concept. (A kind word that makes a
    term of its own, 奖励模型, is found by the matcher as that term.)
    ``labels``: each concept's labels (merge keys); a concept named with
    another kind word is not the one this kind word names (Hungarian
    algorithm; "Hungarian loss" is the loss computed after it)."""
    out = []
    for m in mentions:
        after = text[m.end : m.end + 8]
        gap = 1 if after[:1] == " " and has_latin(m.label) else 0  # "listwise 方法", not "回放 方法"
        for suffix in lexicon.merge_suffixes():  # longest first
            if not after.startswith(suffix, gap):
                continue
            if suffix == "层":
                break  # PointNet 层, embedding 层: a layer built of the thing, not the thing
            if suffix.lower().startswith(("loss", "损失")) and (m.label.islower() or not has_latin(m.label)):
                break  # 原型损失, sigmoid 损失: the loss of a thing; Huber 损失, NT-Xent 损失 name it
            end = m.end + gap + len(suffix)
            if suffix.isascii() and (not gap or (end < len(text) and text[end].isalnum())):
                break  # "Huber loss", not "Huberloss" or "Huber losses"
            if not suffix.isascii() and segment(text[end - len(suffix) : end + 3])[0] != suffix:
                break  # 回放方法论, 动量法则: the kind word starts another word
            surface = text[m.start : end]
            named = labels.get(m.concept, ()) if labels else ()
            if any(merge_key(m.label + other) in named for other in lexicon.merge_suffixes() if _kind(other) != _kind(suffix)):
                break
            if kind_word_names_it(m.label, surface):
                out.append((m.concept, surface))
            break
    return out


def harvest_note(nlp: Language, note: Note) -> Harvest:
    return _run(nlp, note)._.harvest


def extract_note(nlp: Language, note: Note) -> NoteFacts:
    doc = _run(nlp, note)
    matcher = nlp.get_pipe("kgn_concepts")
    mentions = list(doc._.mentions or [])
    n_sents = (mentions[-1].sentence + 1) if mentions else 0
    per_sentence: list[list[str]] = [[] for _ in range(n_sents)]
    for m in mentions:
        if m.concept not in per_sentence[m.sentence]:
            per_sentence[m.sentence].append(m.concept)
    title_found = matcher.index.find(note.title, note.id, title=True) if matcher.index else []
    title = [cid for _s, _e, cid, _k in title_found]
    headings = []
    starts = [m.start for m in mentions]  # mentions come left to right
    for r in note.regions:
        headings += [m.concept for m in mentions[bisect_left(starts, r.start) : bisect_left(starts, r.end)]]
    return NoteFacts(
        note_id=note.id,
        title=note.title,
        mentions=mentions,
        relations=list(doc._.relations or []),
        sentence_concepts=[s for s in per_sentence if s],
        citations=citations(note),
        title_concepts=list(dict.fromkeys(title)),
        title_mentions=[(s, e, cid) for s, e, cid, _k in title_found],
        heading_concepts=list(dict.fromkeys(headings)),
        kind_word_surfaces=kind_word_surfaces(note.text, mentions, matcher.index.neighbours if matcher.index else None),
    )
