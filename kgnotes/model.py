"""Plain data passed between the pipeline stages.

read -> ``Note``; extract -> ``Harvest`` (pass 1) and ``NoteFacts`` (pass 2);
merge -> ``KnowledgeGraph``. Nothing here knows how it was computed or how it
is exported; exporters read these objects and nothing else.

The small records a note yields by the thousand (mentions, terms, relation
facts, regions, links) are NamedTuples: immutable like frozen dataclasses,
and they cross process boundaries and the build cache several times faster
(a slotted dataclass pickles field by field).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

# Relation types kgnotes knows. The order is the order of strength used when two
# kinds of evidence link the same pair (a stated is-a beats a co-occurrence).
RELATION_TYPES = ("is_a", "part_of", "variant_of", "improves", "uses", "compared_with", "related")
HIERARCHICAL = frozenset({"is_a", "part_of", "variant_of"})


class Region(NamedTuple):
    """A stretch of a note's clean text: a heading, bold text, ..."""

    start: int
    end: int
    kind: str  # "heading", "bold", "title"
    level: int = 0


class Link(NamedTuple):
    """An explicit link written in a note."""

    target: str  # wikilink target, relative path or URL, as written (anchor removed)
    kind: str  # "wikilink" | "markdown" | "url"
    text: str = ""
    start: int = 0


@dataclass
class Note:
    """One note file, read and cleaned. ``text`` keeps the offsets of ``body``:
    code, math, URLs and markup are blanked out with spaces, not removed, so a
    position in ``text`` is the same position in the file's body."""

    id: str  # path relative to the corpus root, POSIX separators
    path: Path
    title: str
    text: str
    body_offset: int = 0  # where the body starts in the decoded file
    date: str | None = None
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    encoding: str = "utf-8"
    sha: str = ""  # content hash of the raw bytes
    lang: str = "zh"  # "zh" when the note has Chinese text, else "en"


class Term(NamedTuple):
    """A term candidate found in one note, with the kind of evidence for it."""

    label: str
    kind: str  # definition | alias | title | tag | heading | bold | acronym | compound | config
    weight: float = 1.0


class AliasPair(NamedTuple):
    """Two surface forms the note says name one thing, and where it says so."""

    a: str
    b: str
    kind: str  # definition | frontmatter | config
    evidence: str = ""


@dataclass
class Harvest:
    """Pass 1 output for one note: what it defines and which strings look like terms."""

    note_id: str
    terms: list[Term] = field(default_factory=list)
    aliases: list[AliasPair] = field(default_factory=list)
    title_terms: list[str] = field(default_factory=list)  # terms named by the title / front matter


class Mention(NamedTuple):
    concept: str  # concept id
    label: str  # surface form as matched
    start: int
    end: int
    sentence: int  # index of the sentence in the note


class RelationFact(NamedTuple):
    """A relation one note states, with the sentence it came from."""

    head: str  # concept id
    rel: str  # one of RELATION_TYPES
    tail: str  # concept id
    evidence: str
    basis: str = "pattern"  # pattern | compound | cooccurrence
    cue: str = ""


@dataclass
class NoteFacts:
    """Pass 2 output for one note."""

    note_id: str
    title: str = ""
    mentions: list[Mention] = field(default_factory=list)
    relations: list[RelationFact] = field(default_factory=list)
    sentence_concepts: list[list[str]] = field(default_factory=list)  # per sentence, concept ids
    citations: list[str] = field(default_factory=list)  # normalised external sources
    title_concepts: list[str] = field(default_factory=list)  # concepts named in the title
    title_mentions: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, concept) in the title
    heading_concepts: list[str] = field(default_factory=list)  # concepts in headings / bold
    # (concept, surface) where a mention goes on with a kind word naming the same thing: "listwise 方法"
    kind_word_surfaces: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Concept:
    id: str
    pref: dict[str, str]  # language tag ("zh", "en") -> preferred label
    alt: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)  # kinds of evidence, strongest first
    defined_in: list[str] = field(default_factory=list)  # notes whose definitions created it
    rank: float = 0.0  # PageRank
    betweenness: float = 0.0  # share of short paths through it, 0..1 (bridges between topics)
    community: int = 0

    @property
    def labels(self) -> list[str]:
        seen: dict[str, None] = {}
        for label in [*self.pref.values(), *self.alt]:
            seen.setdefault(label, None)
        return list(seen)

    def label(self, lang: str = "zh") -> str:
        return self.pref.get(lang) or next(iter(self.pref.values()), self.id)


@dataclass
class Relation:
    """A link between two concepts, aggregated over the notes that state it."""

    head: str
    rel: str
    tail: str
    note: str  # note that states it ("" for corpus-level links)
    evidence: str = ""
    basis: str = "pattern"
    weight: float = 1.0


@dataclass
class Reference:
    """Note ``source`` leans on note ``target``."""

    source: str
    target: str
    via: str | None = None  # concept id the target is about
    link: str | None = None  # the explicit link as written
    kind: str = "concept"  # concept | link


@dataclass
class NoteRecord:
    """What the graph keeps of a note (no text)."""

    id: str
    title: str
    path: str  # absolute file path, for links that open the note
    date: str | None = None
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    citations: list[str] = field(default_factory=list)
    rank: float = 0.0
    community: int = 0


@dataclass
class KnowledgeGraph:
    notes: dict[str, NoteRecord] = field(default_factory=dict)
    concepts: dict[str, Concept] = field(default_factory=dict)
    mentions: dict[str, dict[str, int]] = field(default_factory=dict)  # note -> concept -> count
    about: dict[str, list[str]] = field(default_factory=dict)  # note -> concept ids
    relations: list[Relation] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    broken_links: list[tuple[str, str]] = field(default_factory=list)  # (note, target)
    warnings: list[str] = field(default_factory=list)
    build: dict[str, Any] = field(default_factory=dict)  # version, times, settings
    out_dir: Path | None = None

    # The notebook API (DESIGN.md: kgnotes.build(...) -> .rdf, .nx, .query()).
    # Imported lazily so the model does not depend on its exporters.
    @property
    def nx(self):
        from .nxgraph import to_networkx

        return to_networkx(self)

    @property
    def rdf(self):
        from .rdf import to_rdflib

        return to_rdflib(self)

    def query(self, sparql: str):
        from .query import query_graph

        return query_graph(self, sparql)

    def find_concept(self, text: str) -> Concept | None:
        """A concept by any of its labels, case- and width-insensitive."""
        from .text import norm_key

        key = norm_key(text)
        for concept in self.concepts.values():
            if concept.id == text or any(norm_key(l) == key for l in concept.labels):
                return concept
        return None

    def notes_about(self, concept_id: str) -> list[str]:
        return sorted(n for n, cs in self.about.items() if concept_id in cs)

    def notes_mentioning(self, concept_id: str) -> list[str]:
        return sorted(n for n, cs in self.mentions.items() if concept_id in cs)
