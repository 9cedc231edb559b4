"""export: the KnowledgeGraph as RDF (DESIGN.md's vocabulary).

Quads are built as pyoxigraph terms and written by Oxigraph (Rust), which
serialises and loads a million triples in seconds where rdflib needs tens.
Facts read from a note go into that note's named graph; corpus-level facts
(concepts, co-occurrence, references, the build) into the default graph.
Every relation has a ``rdf:Statement`` carrying its evidence sentence.
"""
from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox

from .atomic import atomic_path
from .model import HIERARCHICAL, KnowledgeGraph, Relation
from .text import lang_of
from .vocab import ID_BASE, PREFIXES, REL_PROPERTY


def _ns(prefix: str):
    base = PREFIXES[prefix]
    return lambda local: ox.NamedNode(base + local)


RDF, RDFS, SKOS, DCT, SCHEMA, PROV, XSD, KGN = (
    _ns(p) for p in ("rdf", "rdfs", "skos", "dcterms", "schema", "prov", "xsd", "kgn")
)
A = RDF("type")
DEFAULT = ox.DefaultGraph()


def concept_iri(cid: str) -> ox.NamedNode:
    return ox.NamedNode(ID_BASE + "concept/" + quote(cid, safe=""))


def note_iri(note_id: str) -> ox.NamedNode:
    return ox.NamedNode(ID_BASE + "note/" + quote(note_id, safe="/"))


SCHEME = ox.NamedNode(ID_BASE + "scheme")
BUILD = ox.NamedNode(ID_BASE + "build")


def _text(value: str) -> ox.Literal:
    return ox.Literal(value, language=lang_of(value))


def _double(x: float) -> ox.Literal:
    return ox.Literal(repr(float(x)), datatype=XSD("double"))


def _int(x: int) -> ox.Literal:
    return ox.Literal(str(int(x)), datatype=XSD("integer"))


def _statement_iri(*parts: str) -> ox.NamedNode:
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]
    return ox.NamedNode(ID_BASE + "statement/" + digest)


def vocabulary_quads() -> list[ox.Quad]:
    data = resources.files("kgnotes.data").joinpath("vocab.ttl").read_bytes()
    return [ox.Quad(t.subject, t.predicate, t.object, DEFAULT) for t in ox.parse(data, ox.RdfFormat.TURTLE)]


def _ancestors(kg: KnowledgeGraph) -> dict[str, set[str]]:
    """concept -> every concept on a skos:broader path above it."""
    up: dict[str, set[str]] = {}
    for r in kg.relations:
        if r.rel in HIERARCHICAL:
            up.setdefault(r.head, set()).add(r.tail)
    out: dict[str, set[str]] = {}
    for c in up:
        seen: set[str] = set()
        stack = list(up[c])
        while stack:
            x = stack.pop()
            if x not in seen:
                seen.add(x)
                stack.extend(up.get(x, ()))
        out[c] = seen
    return out


def _relation_quads(r: Relation, *, asserted: bool = True) -> Iterator[ox.Quad]:
    h, t = concept_iri(r.head), concept_iri(r.tail)
    graph = note_iri(r.note) if r.note and r.basis != "cooccurrence" else DEFAULT
    if r.rel == "related":
        pred = SKOS("related")
    else:
        pred = KGN(REL_PROPERTY[r.rel])
    if asserted:
        yield ox.Quad(h, pred, t, graph)
    if r.rel in HIERARCHICAL:
        # materialised so SKOS tools see the hierarchy without inference
        yield ox.Quad(h, SKOS("broader"), t, graph)
    st = _statement_iri(r.note, r.head, r.rel, r.tail)
    yield ox.Quad(st, A, RDF("Statement"), graph)
    yield ox.Quad(st, RDF("subject"), h, graph)
    yield ox.Quad(st, RDF("predicate"), pred, graph)
    yield ox.Quad(st, RDF("object"), t, graph)
    yield ox.Quad(st, KGN("basis"), ox.Literal(r.basis), graph)
    if r.evidence:
        yield ox.Quad(st, KGN("evidence"), _text(r.evidence), graph)
    if r.note:
        yield ox.Quad(st, PROV("wasDerivedFrom"), note_iri(r.note), graph)
    if r.rel == "related":
        yield ox.Quad(st, KGN("weight"), _double(r.weight), graph)


def quads(kg: KnowledgeGraph, *, include_build: bool = True) -> Iterator[ox.Quad]:
    yield from vocabulary_quads()
    yield ox.Quad(SCHEME, A, SKOS("ConceptScheme"), DEFAULT)
    yield ox.Quad(SCHEME, DCT("title"), ox.Literal("kgnotes concepts", language="en"), DEFAULT)
    for cid, c in sorted(kg.concepts.items()):
        iri = concept_iri(cid)
        yield ox.Quad(iri, A, SKOS("Concept"), DEFAULT)
        yield ox.Quad(iri, SKOS("inScheme"), SCHEME, DEFAULT)
        prefs = set()
        for lang, label in sorted(c.pref.items()):
            yield ox.Quad(iri, SKOS("prefLabel"), ox.Literal(label, language=lang), DEFAULT)
            prefs.add((label, lang))
        for label in sorted(set(c.alt)):
            if (label, lang_of(label)) not in prefs:
                yield ox.Quad(iri, SKOS("altLabel"), _text(label), DEFAULT)
        for kind in c.evidence:
            yield ox.Quad(iri, KGN("evidenceKind"), ox.Literal(kind), DEFAULT)
        yield ox.Quad(iri, KGN("rank"), _double(c.rank), DEFAULT)
        yield ox.Quad(iri, KGN("betweenness"), _double(c.betweenness), DEFAULT)
        yield ox.Quad(iri, KGN("community"), _int(c.community), DEFAULT)
    for nid, n in sorted(kg.notes.items()):
        iri = note_iri(nid)
        g = iri  # the note's own graph
        yield ox.Quad(iri, A, KGN("Note"), g)
        yield ox.Quad(iri, DCT("identifier"), ox.Literal(nid), g)
        yield ox.Quad(iri, DCT("title"), _text(n.title), g)
        if n.date:
            yield ox.Quad(iri, DCT("date"), ox.Literal(n.date, datatype=XSD("date")), g)
        for cat in n.categories:
            yield ox.Quad(iri, DCT("subject"), ox.Literal(cat), g)
        for tag in n.tags:
            yield ox.Quad(iri, SCHEMA("keywords"), ox.Literal(tag), g)
        for cit in n.citations:
            yield ox.Quad(iri, SCHEMA("citation"), ox.NamedNode(cit), g)
        for cid in kg.about.get(nid, []):
            yield ox.Quad(iri, SCHEMA("about"), concept_iri(cid), g)
        for cid in kg.mentions.get(nid, {}):
            yield ox.Quad(iri, SCHEMA("mentions"), concept_iri(cid), g)
        yield ox.Quad(iri, KGN("rank"), _double(n.rank), DEFAULT)
        yield ox.Quad(iri, KGN("community"), _int(n.community), DEFAULT)
    # SKOS integrity (S27): skos:related, and kgn:uses/improves/comparedWith
    # as its sub-properties, never link a pair that a skos:broader path
    # already links. Such a link is kept as a statement with its evidence
    # (what the note said) but not asserted.
    above = _ancestors(kg)
    for r in kg.relations:
        clash = r.rel not in HIERARCHICAL and (r.tail in above.get(r.head, ()) or r.head in above.get(r.tail, ()))
        yield from _relation_quads(r, asserted=not clash)
    for ref in kg.references:
        s, t = note_iri(ref.source), note_iri(ref.target)
        yield ox.Quad(s, DCT("references"), t, DEFAULT)
        st = _statement_iri("ref", ref.source, ref.target)
        yield ox.Quad(st, A, RDF("Statement"), DEFAULT)
        yield ox.Quad(st, RDF("subject"), s, DEFAULT)
        yield ox.Quad(st, RDF("predicate"), DCT("references"), DEFAULT)
        yield ox.Quad(st, RDF("object"), t, DEFAULT)
        yield ox.Quad(st, KGN("basis"), ox.Literal(ref.kind), DEFAULT)
        if ref.via:
            yield ox.Quad(st, KGN("referenceVia"), concept_iri(ref.via), DEFAULT)
        if ref.link:
            yield ox.Quad(st, KGN("cue"), ox.Literal(ref.link), DEFAULT)
    if include_build and kg.build:
        b = kg.build
        yield ox.Quad(BUILD, A, PROV("Activity"), DEFAULT)
        yield ox.Quad(BUILD, KGN("version"), ox.Literal(str(b.get("version", ""))), DEFAULT)
        yield ox.Quad(BUILD, KGN("noteCount"), _int(len(kg.notes)), DEFAULT)
        if b.get("started"):
            yield ox.Quad(BUILD, PROV("startedAtTime"), ox.Literal(b["started"], datatype=XSD("dateTime")), DEFAULT)
        if b.get("ended"):
            yield ox.Quad(BUILD, PROV("endedAtTime"), ox.Literal(b["ended"], datatype=XSD("dateTime")), DEFAULT)
        yield ox.Quad(BUILD, KGN("settings"), ox.Literal(json.dumps(b.get("settings", {}), ensure_ascii=False, sort_keys=True)), DEFAULT)
        for nid in sorted(kg.notes):
            yield ox.Quad(BUILD, PROV("used"), note_iri(nid), DEFAULT)


def to_store(kg: KnowledgeGraph, path: Path | None = None) -> ox.Store:
    store = ox.Store(str(path)) if path else ox.Store()
    store.bulk_extend(quads(kg))
    return store


def write_rdf(kg: KnowledgeGraph, out_dir: Path) -> dict[str, Path]:
    """graph.ttl, graph.trig, graph.jsonld and the query store ``store/``."""
    out_dir = Path(out_dir)
    store = to_store(kg)
    prefixes = {k: v for k, v in PREFIXES.items()}
    written = {}
    with atomic_path(out_dir / "graph.trig") as tmp:
        store.dump(str(tmp), ox.RdfFormat.TRIG, prefixes=prefixes)
    written["trig"] = out_dir / "graph.trig"
    with atomic_path(out_dir / "graph.ttl") as tmp:
        # Turtle has no named graphs: the union of all of them
        ox.serialize(union_triples(store), str(tmp), ox.RdfFormat.TURTLE, prefixes=prefixes)
    written["ttl"] = out_dir / "graph.ttl"
    with atomic_path(out_dir / "graph.jsonld") as tmp:
        store.dump(str(tmp), ox.RdfFormat.JSON_LD)
    written["jsonld"] = out_dir / "graph.jsonld"
    written["store"] = write_store(store, out_dir / "store")
    return written


def union_triples(store: ox.Store):
    """Each triple of the store once, whatever graphs hold it. The store
    iterates in subject-predicate-object-graph order, so the copies of one
    triple are neighbours, and the order is the same on every run."""
    last = None
    for q in store:
        t = ox.Triple(q.subject, q.predicate, q.object)
        if t != last:
            yield t
            last = t


def write_store(store: ox.Store, path: Path) -> Path:
    """An on-disk Oxigraph store for ``kgnotes query``, swapped in whole."""
    tmp = path.with_name(f".{path.name}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    disk = ox.Store(str(tmp))
    # one bulk load of the serialised quads: far faster than adding them one by one
    disk.bulk_load(input=store.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
    disk.flush()
    del disk
    old = path.with_name(f".{path.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if path.exists():
        path.rename(old)
    tmp.rename(path)
    shutil.rmtree(old, ignore_errors=True)
    return path


def to_rdflib(kg: KnowledgeGraph):
    """The graph as an rdflib ``Dataset`` (the RDF API for notebooks)."""
    import rdflib

    data = to_store(kg).dump(format=ox.RdfFormat.N_QUADS)
    ds = rdflib.Dataset()
    ds.parse(data=data.decode("utf-8"), format="nquads")
    for prefix, iri in PREFIXES.items():
        ds.bind(prefix, iri)
    return ds
