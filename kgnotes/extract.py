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

from .model import Harvest, Note, NoteFacts

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
    )
