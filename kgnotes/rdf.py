"""export: the KnowledgeGraph as RDF (DESIGN.md's vocabulary).

Quads are formatted as N-Quads text and parsed, indexed and written by
Oxigraph (Rust), which serialises and loads a million triples in seconds
where rdflib needs tens.
Facts read from a note go into that note's named graph; corpus-level facts
(concepts, co-occurrence, references, the build) into the default graph.
Every relation has a ``rdf:Statement`` carrying its evidence sentence.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from itertools import compress, islice
from pathlib import Path
from urllib.parse import quote

import numpy
import pyoxigraph as ox

from .atomic import atomic_path
from .model import HIERARCHICAL, KnowledgeGraph, Relation
from .text import lang_of
from .vocab import ID_BASE, PREFIXES, REL_PROPERTY

SCHEME = ox.NamedNode(ID_BASE + "scheme")
BUILD = ox.NamedNode(ID_BASE + "build")
DEFAULT = ox.DefaultGraph()


# How kgnotes reads back the N-Quads it wrote. Every line was formatted by
# nquad_lines: IRIs quoted by it or checked by Oxigraph (cited links),
# language tags its own, so no second IRI validation (~2x faster parsing).
_OWN_NQUADS = {"format": ox.RdfFormat.N_QUADS, "lenient": True}


def _statement_iri(*parts: str) -> str:
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]
    return ID_BASE + "statement/" + digest


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


# N-Quads is written as text: formatting a line costs a tenth of building the
# four pyoxigraph terms of a quad, and Oxigraph parses the text back in Rust.
# Every IRI below is percent-encoded (_c, _n), a constant or validated (_cited);
# literals are JSON strings, which are valid N-Triples strings.
def _p(prefix: str, local: str) -> str:
    return f"<{PREFIXES[prefix]}{local}>"


_A = _p("rdf", "type")
_XSD_DOUBLE, _XSD_INT = _p("xsd", "double"), _p("xsd", "integer")


# A string literal, escaped as JSON escapes it (which N-Triples reads): the
# encoder json.dumps(value, ensure_ascii=False) calls, without building a
# JSONEncoder for each of the ~400,000 literals of 10,000 notes.
_lit = json.encoder.encode_basestring


def _text_lit(value: str) -> str:
    return f"{_lit(value)}@{lang_of(value)}"


def _double_lit(x: float) -> str:
    # positional, shortest round-trip digits, no trailing ".0": the form
    # Oxigraph gives a stored double (1.3e-05 -> 0.000013, 0.0 -> 0), so the
    # files read the same as the store answers
    text = format(Decimal(repr(float(x))), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f'"{text}"^^{_XSD_DOUBLE}'


def _int_lit(x: int) -> str:
    return f'"{int(x)}"^^{_XSD_INT}'


# An IRI is asked for once per quad that names it (a concept: hundreds of
# times); quoting it each time was a third of formatting the N-Quads.
@lru_cache(maxsize=1 << 17)
def _c(cid: str) -> str:
    return f"<{ID_BASE}concept/{quote(cid, safe='')}>"


@lru_cache(maxsize=1 << 17)
def _n(note_id: str) -> str:
    return f"<{ID_BASE}note/{quote(note_id, safe='/')}>"


def _st(*parts: str) -> str:
    return f"<{_statement_iri(*parts)}>"


def _cited(iri: str) -> str:
    return f"<{ox.NamedNode(iri).value}>"  # validated: it came from a note's text


def _relation_lines(r: Relation, asserted: bool) -> Iterator[str]:
    h, t = _c(r.head), _c(r.tail)
    g = " " + _n(r.note) if r.note and r.basis != "cooccurrence" else ""
    pred = _p("skos", "related") if r.rel == "related" else _p("kgn", REL_PROPERTY[r.rel])
    end = f"{g} .\n"
    if asserted:
        yield f"{h} {pred} {t}{end}"
    if r.rel in HIERARCHICAL:
        # materialised so SKOS tools see the hierarchy without inference
        yield f"{h} {_p('skos', 'broader')} {t}{end}"
    st = _st(r.note, r.head, r.rel, r.tail)
    yield f"{st} {_A} {_p('rdf', 'Statement')}{end}"
    yield f"{st} {_p('rdf', 'subject')} {h}{end}"
    yield f"{st} {_p('rdf', 'predicate')} {pred}{end}"
    yield f"{st} {_p('rdf', 'object')} {t}{end}"
    yield f"{st} {_p('kgn', 'basis')} {_lit(r.basis)}{end}"
    if r.evidence:
        yield f"{st} {_p('kgn', 'evidence')} {_text_lit(r.evidence)}{end}"
    if r.note:
        yield f"{st} {_p('prov', 'wasDerivedFrom')} {_n(r.note)}{end}"
    if r.rel == "related":
        yield f"{st} {_p('kgn', 'weight')} {_double_lit(r.weight)}{end}"


def nquad_lines(kg: KnowledgeGraph) -> Iterator[str]:
    """The whole graph as N-Quads lines: the note's named graph for what a
    note states, the default graph for corpus-level facts."""
    yield ox.serialize(vocabulary_quads(), format=ox.RdfFormat.N_QUADS).decode("utf-8")
    scheme, concept = f"<{SCHEME.value}>", _p("skos", "Concept")
    yield f"{scheme} {_A} {_p('skos', 'ConceptScheme')} .\n"
    yield f"{scheme} {_p('dcterms', 'title')} {_lit('kgnotes concepts')}@en .\n"
    pref_p, alt_p, kind_p = _p("skos", "prefLabel"), _p("skos", "altLabel"), _p("kgn", "evidenceKind")
    rank_p, betw_p, comm_p = _p("kgn", "rank"), _p("kgn", "betweenness"), _p("kgn", "community")
    for cid, c in sorted(kg.concepts.items()):
        iri = _c(cid)
        yield f"{iri} {_A} {concept} .\n{iri} {_p('skos', 'inScheme')} {scheme} .\n"
        prefs = set()
        for lang, label in sorted(c.pref.items()):
            yield f"{iri} {pref_p} {_lit(label)}@{lang} .\n"
            prefs.add((label, lang))
        for label in sorted(set(c.alt)):
            if (label, lang_of(label)) not in prefs:
                yield f"{iri} {alt_p} {_text_lit(label)} .\n"
        for kind in c.evidence:
            yield f"{iri} {kind_p} {_lit(kind)} .\n"
        yield f"{iri} {rank_p} {_double_lit(c.rank)} .\n{iri} {betw_p} {_double_lit(c.betweenness)} .\n"
        yield f"{iri} {comm_p} {_int_lit(c.community)} .\n"
    about_p, mentions_p = _p("schema", "about"), _p("schema", "mentions")
    for nid, n in sorted(kg.notes.items()):
        iri = _n(nid)
        end = f" {iri} .\n"  # the note's own graph
        yield f"{iri} {_A} {_p('kgn', 'Note')}{end}"
        yield f"{iri} {_p('dcterms', 'identifier')} {_lit(nid)}{end}"
        yield f"{iri} {_p('dcterms', 'title')} {_text_lit(n.title)}{end}"
        if n.date:
            yield f'{iri} {_p("dcterms", "date")} {_lit(n.date)}^^{_p("xsd", "date")}{end}'
        for cat in n.categories:
            yield f"{iri} {_p('dcterms', 'subject')} {_lit(cat)}{end}"
        for tag in n.tags:
            yield f"{iri} {_p('schema', 'keywords')} {_lit(tag)}{end}"
        for cit in n.citations:
            yield f"{iri} {_p('schema', 'citation')} {_cited(cit)}{end}"
        for cid in kg.about.get(nid, []):
            yield f"{iri} {about_p} {_c(cid)}{end}"
        for cid in kg.mentions.get(nid, {}):
            yield f"{iri} {mentions_p} {_c(cid)}{end}"
        yield f"{iri} {rank_p} {_double_lit(n.rank)} .\n{iri} {comm_p} {_int_lit(n.community)} .\n"
    # SKOS integrity (S27): skos:related, and kgn:uses/improves/comparedWith
    # as its sub-properties, never link a pair that a skos:broader path
    # already links. Such a link is kept as a statement with its evidence
    # (what the note said) but not asserted.
    above = _ancestors(kg)
    for r in kg.relations:
        clash = r.rel not in HIERARCHICAL and (r.tail in above.get(r.head, ()) or r.head in above.get(r.tail, ()))
        yield from _relation_lines(r, asserted=not clash)
    refs_p = _p("dcterms", "references")
    statement, subj, pred, obj = _p("rdf", "Statement"), _p("rdf", "subject"), _p("rdf", "predicate"), _p("rdf", "object")
    basis_p, via_p, cue_p = _p("kgn", "basis"), _p("kgn", "referenceVia"), _p("kgn", "cue")
    for ref in kg.references:
        s, t = _n(ref.source), _n(ref.target)
        st = _st("ref", ref.source, ref.target)
        yield (
            f"{s} {refs_p} {t} .\n{st} {_A} {statement} .\n{st} {subj} {s} .\n{st} {pred} {refs_p} .\n"
            f"{st} {obj} {t} .\n{st} {basis_p} {_lit(ref.kind)} .\n"
        )
        if ref.via:
            yield f"{st} {via_p} {_c(ref.via)} .\n"
        if ref.link:
            yield f"{st} {cue_p} {_lit(ref.link)} .\n"
    if kg.build:
        b, build = kg.build, f"<{BUILD.value}>"
        yield f"{build} {_A} {_p('prov', 'Activity')} .\n"
        yield f"{build} {_p('kgn', 'version')} {_lit(str(b.get('version', '')))} .\n"
        yield f"{build} {_p('kgn', 'noteCount')} {_int_lit(len(kg.notes))} .\n"
        for key, prop in (("started", "startedAtTime"), ("ended", "endedAtTime")):
            if b.get(key):
                yield f"{build} {_p('prov', prop)} {_lit(b[key])}^^{_p('xsd', 'dateTime')} .\n"
        settings = json.dumps(b.get("settings", {}), ensure_ascii=False, sort_keys=True)
        yield f"{build} {_p('kgn', 'settings')} {_lit(settings)} .\n"
        for nid in sorted(kg.notes):
            yield f"{build} {_p('prov', 'used')} {_n(nid)} .\n"


def write_nquads(kg: KnowledgeGraph, path: Path) -> Path:
    with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8", newline="\n") as f:
        f.writelines(nquad_lines(kg))
    return Path(path)


def to_store(kg: KnowledgeGraph, path: Path | None = None) -> ox.Store:
    store = ox.Store(str(path)) if path else ox.Store()
    store.bulk_load(input="".join(nquad_lines(kg)).encode("utf-8"), **_OWN_NQUADS)
    return store


def write_rdf(
    kg: KnowledgeGraph, out_dir: Path, pool: Executor | None = None, *, keep: Path | None = None, previous: bool = False
) -> dict[str, Path | Future]:
    """graph.ttl, graph.trig, graph.jsonld and the query store ``store/``.

    Python only formats the N-Quads. The three files are streamed from them
    by Oxigraph in a separate process (parsing and serialising in Rust, no
    store held in memory, no contention for this process's GIL); the store is
    loaded by Oxigraph in a thread. Given a thread ``pool`` the results are
    futures, so the caller can write the other outputs meanwhile
    (``finish_rdf`` waits and cleans up).

    ``keep``: where the N-Quads are kept for the next build. With
    ``previous`` (the last build finished and wrote ``keep`` and the store),
    the store is updated in place by the difference instead of reloaded."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    nq = write_nquads(kg, out_dir / ".graph.nq.tmp")
    own = pool is None
    pool = pool or ThreadPoolExecutor(1)
    child = subprocess.Popen(
        [sys.executable, "-m", "kgnotes.rdf", str(nq), str(out_dir)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    old = keep if previous and keep is not None and keep.is_file() else None
    files = {"store": pool.submit(write_store, nq, out_dir / "store", old), "files": child, "keep": keep}
    if own:
        pool.shutdown()
        return finish_rdf(files, out_dir)
    return files


def finish_rdf(files: dict, out_dir: Path) -> dict[str, Path]:
    """Wait for ``write_rdf``'s jobs; the N-Quads are kept (``keep``) or go."""
    out_dir = Path(out_dir)
    nq = out_dir / ".graph.nq.tmp"
    keep = files.get("keep")
    done = False
    try:
        store, how = files["store"].result()
        _stdout, stderr = files["files"].communicate()
        if files["files"].returncode != 0:
            raise RuntimeError(f"writing the RDF files failed: {stderr.decode('utf-8', 'replace').strip()[-2000:]}")
        done = True
    finally:
        if keep is not None and done:
            keep.parent.mkdir(parents=True, exist_ok=True)
            nq.replace(keep)  # what the store now holds, for the next build's difference
        else:
            nq.unlink(missing_ok=True)
            if keep is not None:
                keep.unlink(missing_ok=True)  # the store may not match it any more
    return {"ttl": out_dir / "graph.ttl", "trig": out_dir / "graph.trig", "jsonld": out_dir / "graph.jsonld", "store": store,
            "store_how": how}  # "updated" by the difference or "loaded" anew


# Oxigraph's bulk loader buffers what it is given before it indexes it: in
# pieces of this many quads a 10,000-note graph loads with a small fraction of
# the memory (and no slower).
_LOAD_LINES = 50_000


def _bulk_load(store: ox.Store, nq: Path) -> None:
    with nq.open("rb") as f:
        while lines := list(islice(f, _LOAD_LINES)):  # one quad per line
            store.bulk_load(input=b"".join(lines), **_OWN_NQUADS)


def serialize_files(nq: Path, out_dir: Path) -> dict[str, Path]:
    """graph.trig, graph.jsonld and graph.ttl streamed from the N-Quads file.
    Turtle has no named graphs: it holds every triple of every graph (one
    two notes state appears twice; an RDF graph is a set, readers keep one)."""
    prefixes = dict(PREFIXES)
    written = {}
    for name, fmt in (("trig", ox.RdfFormat.TRIG), ("jsonld", ox.RdfFormat.JSON_LD), ("ttl", ox.RdfFormat.TURTLE)):
        quads = ox.parse(path=str(nq), **_OWN_NQUADS)
        if fmt == ox.RdfFormat.TURTLE:
            quads = (q.triple for q in quads)  # the Rust triple: no new Python objects per quad
        with atomic_path(out_dir / f"graph.{name}") as tmp:
            ox.serialize(quads, str(tmp), fmt, prefixes=prefixes if fmt != ox.RdfFormat.JSON_LD else None)
        written[name] = out_dir / f"graph.{name}"
    return written


def write_store(nq: Path, path: Path, previous: Path | None = None) -> tuple[Path, str]:
    """An on-disk Oxigraph store for ``kgnotes query``: updated in place by
    the difference from ``previous`` (the N-Quads it was built from) when
    that is small, else built anew and swapped in whole."""
    if previous is not None and path.is_dir() and update_store(path, previous, nq):
        return path, "updated"
    tmp = path.with_name(f".{path.name}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    disk = ox.Store(str(tmp))
    _bulk_load(disk, nq)  # bulk loads: far faster than adding quads one by one
    disk.optimize()  # compacts the loaded pieces: two-hop queries ~30 % faster at 10k notes
    disk.flush()
    del disk
    old = path.with_name(f".{path.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if path.exists():
        path.rename(old)
    tmp.rename(path)
    shutil.rmtree(old, ignore_errors=True)
    return path, "loaded"


# Past this share of changed lines a fresh bulk load is quicker than an update.
_MAX_CHANGED = 0.5


def _line_hashes(path: Path) -> numpy.ndarray:
    # hash() of bytes is stable within one process, which is all a diff needs
    with path.open("rb") as f:
        return numpy.fromiter(map(hash, f), dtype=numpy.int64)


def _missing(a: numpy.ndarray, b_sorted: numpy.ndarray) -> numpy.ndarray:
    """Which elements of ``a`` are not in ``b_sorted`` (a boolean mask).
    Binary search; quick when ``a`` is sorted too or ``b_sorted`` small
    (numpy.isin sorts both arrays together: ~5x slower at 2.5 M lines)."""
    if not len(b_sorted):
        return numpy.ones(len(a), dtype=bool)
    at = numpy.searchsorted(b_sorted, a)
    at[at == len(b_sorted)] = 0
    return b_sorted[at] != a


def _lines_with(path: Path, hashes: numpy.ndarray, wanted: numpy.ndarray) -> bytes:
    """The lines of ``path`` (``hashes``: theirs, in order) whose hash is in
    ``wanted`` (sorted)."""
    with path.open("rb") as f:
        return b"".join(compress(f, (~_missing(hashes, wanted)).tolist()))


def _sparql_data(data: bytes) -> str:
    out = []
    for q in ox.parse(data, **_OWN_NQUADS):
        triple = f"{q.subject} {q.predicate} {q.object} ."
        out.append(triple if isinstance(q.graph_name, ox.DefaultGraph) else f"GRAPH {q.graph_name} {{ {triple} }}")
    return "\n".join(out)


def update_store(path: Path, previous: Path, nq: Path) -> bool:
    """Apply the lines ``nq`` gained and lost since ``previous`` to the store
    at ``path``, in one SPARQL update (one transaction: all of it or none).
    False when too much changed for an update to pay (nothing done then)."""
    old, new = _line_hashes(previous), _line_hashes(nq)
    old_sorted, new_sorted = numpy.sort(old), numpy.sort(new)
    gone = old_sorted[_missing(old_sorted, new_sorted)]  # sorted, as _lines_with needs
    added = new_sorted[_missing(new_sorted, old_sorted)]
    del old_sorted, new_sorted
    if len(gone) + len(added) > _MAX_CHANGED * max(len(new), 1):
        return False
    parts = []
    if len(gone):
        parts.append(f"DELETE DATA {{ {_sparql_data(_lines_with(previous, old, gone))} }}")
    if len(added):
        parts.append(f"INSERT DATA {{ {_sparql_data(_lines_with(nq, new, added))} }}")
    if parts:
        store = ox.Store(str(path))
        store.update(" ;\n".join(parts))
        store.flush()
        del store
    return True


def to_rdflib(kg: KnowledgeGraph):
    """The graph as an rdflib ``Dataset`` (the RDF API for notebooks)."""
    import rdflib

    data = to_store(kg).dump(format=ox.RdfFormat.N_QUADS)
    ds = rdflib.Dataset()
    ds.parse(data=data.decode("utf-8"), format="nquads")
    for prefix, iri in PREFIXES.items():
        ds.bind(prefix, iri)
    return ds


if __name__ == "__main__":  # the process write_rdf starts: python -m kgnotes.rdf NQ OUT_DIR
    serialize_files(Path(sys.argv[1]), Path(sys.argv[2]))
