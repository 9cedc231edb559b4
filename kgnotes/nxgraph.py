"""export: the KnowledgeGraph as a NetworkX graph (and GraphML/GEXF files).

Nodes are concepts (``kind="concept"``) and notes (``kind="note"``); edges
carry ``rel`` (a relation type, ``about``, ``mentions`` or ``references``).
Reads the model only.
"""
from __future__ import annotations

import hashlib
import mmap
import pickle
import re
import shutil
import tempfile
from contextlib import ExitStack
from pathlib import Path

import networkx as nx
from networkx.readwrite.graphml import GraphMLWriter

from .atomic import atomic_path
from .gcpause import paused_gc
from .model import KnowledgeGraph


def note_node(note_id: str) -> str:
    return f"note:{note_id}"


def concept_graph(kg: KnowledgeGraph) -> nx.Graph:
    """Concepts only, relations as undirected weighted edges (for analytics)."""
    g = nx.Graph()
    g.add_nodes_from(sorted(kg.concepts))
    for r in kg.relations:
        w = r.weight if r.rel == "related" else 2.0
        if g.has_edge(r.head, r.tail):
            g[r.head][r.tail]["weight"] += w
        else:
            g.add_edge(r.head, r.tail, weight=w)
    return g


def _elements(kg: KnowledgeGraph, skip: frozenset = frozenset()):
    """The nodes ``(id, attrs)`` and edges ``(u, v, key, attrs)`` of the
    NetworkX graph, in the order they are added: ``to_networkx`` and the
    GraphML writer both read the graph from here. ``skip``: note ids whose
    own edges (about, mentions, references) are left out."""
    nodes = []
    for cid, c in sorted(kg.concepts.items()):
        nodes.append((cid, dict(
            kind="concept", label=c.label("zh"), label_zh=c.pref.get("zh", ""), label_en=c.pref.get("en", ""),
            alt_labels="|".join(c.alt), evidence="|".join(c.evidence), rank=c.rank, betweenness=c.betweenness,
            community=c.community,
        )))
    for nid, n in sorted(kg.notes.items()):
        nodes.append((note_node(nid), dict(
            kind="note", label=n.title, identifier=nid, date=n.date or "",
            categories="|".join(n.categories), rank=n.rank, community=n.community,
        )))

    def edges():
        for r in kg.relations:
            yield r.head, r.tail, f"{r.rel}:{r.note}", {
                "rel": r.rel, "note": r.note, "evidence": r.evidence, "basis": r.basis, "weight": float(r.weight)}
        for nid, cs in sorted(kg.about.items()):
            if nid in skip:
                continue
            node = note_node(nid)
            for c in cs:
                yield node, c, "about", _about_edge()
        for nid, cs in sorted(kg.mentions.items()):
            if nid in skip:
                continue
            node = note_node(nid)
            for c, count in cs.items():
                yield node, c, "mentions", _mention_edge(count)
        for ref in kg.references:
            if ref.source in skip:
                continue
            yield note_node(ref.source), note_node(ref.target), "references", _reference_edge(ref)

    return nodes, edges()


# a note's edges: their attributes, here once for the graph and for the
# GraphML writer's copied blocks (whose keys it must number as if it wrote them)
def _about_edge() -> dict:
    return {"rel": "about", "weight": 1.0}


def _mention_edge(count) -> dict:
    return {"rel": "mentions", "weight": float(count)}


def _reference_edge(ref) -> dict:
    return {"rel": "references", "via": ref.via or "", "link": ref.link or "", "weight": 1.0}


def to_networkx(kg: KnowledgeGraph) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    nodes, edges = _elements(kg)
    for n, attrs in nodes:
        g.add_node(n, **attrs)
    for u, v, key, attrs in edges:
        g.add_edge(u, v, key=key, **attrs)
    return g


def _adjacency(kg: KnowledgeGraph, skip: frozenset = frozenset()) -> tuple[dict, dict]:
    """``to_networkx(kg)`` as plain dicts -- node -> attrs, u -> v -> key ->
    attrs -- filled the way ``MultiDiGraph.add_node``/``add_edge`` fill theirs
    (a repeated node or edge key updates the first one's attributes in place;
    an edge's unknown end becomes a node without attributes), so iterating
    them gives ``G.nodes(data=True)`` and ``G.edges(keys=True, data=True)``.
    Building the MultiDiGraph itself costs ~7 s at 10,000 notes.
    ``skip``: note ids whose edges are not gathered; their adjacency is None
    (the GraphML writer copies them from the last file)."""
    nodes, edges = _elements(kg, skip)
    node_attrs: dict = {}
    adj: dict = {}
    for n, attrs in nodes:
        if n in node_attrs:
            node_attrs[n].update(attrs)
        else:
            node_attrs[n] = attrs
            adj[n] = {}
    for u, v, key, attrs in edges:
        if u not in node_attrs:
            node_attrs[u] = {}
            adj[u] = {}
        if v not in node_attrs:
            node_attrs[v] = {}
            adj[v] = {}
        keyed = adj[u].get(v)
        if keyed is None:
            adj[u][v] = {key: attrs}
        elif key in keyed:
            keyed[key].update(attrs)
        else:
            keyed[key] = attrs
    for nid in skip:
        adj[note_node(nid)] = None
    return node_attrs, adj


def write_graphml(
    kg: KnowledgeGraph, path: Path, *, index: Path | None = None, stamp: str = "", reuse: bool = False, stats: dict | None = None
) -> Path:
    """``to_networkx(kg)`` as GraphML, the bytes ``nx.write_graphml`` would
    write (see ``graphml_text``), atomically. Streamed: the body goes to a
    temporary file as it is formatted (the keys, which open the file, are only
    known at the end; when blocks are copied, the last file's keys open it and
    must come out the same), never the whole text in memory at once.

    ``index``: where to keep, for the next build, which bytes of the file
    hold each note's edges, and what they were made from. With ``reuse`` (an
    incremental build) a note whose about, mentions and references are those
    of the last file gets its edges copied from there, not formatted again
    (on a 10,000-note edit 6.6 s -> 2.3-3.8 s): the same bytes. ``stamp`` names the
    code that wrote them (another kgnotes formats nothing the same way).
    ``stats`` gets how many notes' edges were copied (``reused``)."""
    path = Path(path)
    with paused_gc():
        cited: dict[str, list] = {}  # note -> the references it makes, in order
        if index is not None:
            for r in kg.references:
                cited.setdefault(r.source, []).append(r)
        signatures = _note_signatures(kg, cited) if index is not None else {}
        with ExitStack() as opened:
            old = _last_blocks(path, index, stamp, opened) if reuse and index is not None else None
            unchanged = _unchanged_notes(kg, cited, signatures, old["blocks"]) if old is not None else {}
            nodes, adj = _adjacency(kg, frozenset(unchanged))
            written = _write_graphml_file(path, nodes, adj, old, unchanged)
        if written is None:  # the keys came out otherwise than the last file's: nothing of it fits
            nodes, adj = _adjacency(kg)
            written = _write_graphml_file(path, nodes, adj, None, {})
        if stats is not None:
            stats["reused"] = written[3]
        if index is not None:
            key_elements, body_start, blocks, _reused = written
            st = path.stat()
            record = {"format": _INDEX_FORMAT, "stamp": stamp, "file": (st.st_size, st.st_mtime_ns), "keys": key_elements,
                      "body_start": body_start, "blocks": {u: (signatures[u], *blocks[u]) for u in blocks if u in signatures}}
            index.parent.mkdir(parents=True, exist_ok=True)
            with atomic_path(index) as tmp, tmp.open("wb") as f:
                pickle.dump(record, f, protocol=pickle.HIGHEST_PROTOCOL)
    return path


_INDEX_FORMAT = 1


def _write_graphml_file(path: Path, nodes: dict, adj: dict, old: dict | None, unchanged: dict):
    """Write the file; (key elements, where the body starts, source node ->
    (offset in the body, length) of its edges, how many were copied), or None
    when ``old``'s blocks were copied under keys this file numbers otherwise
    (nothing kept). ``unchanged``: ``_unchanged_notes``."""
    cached = None
    if old is not None:
        last, view, start = old["blocks"], old["view"], old["body_start"]
        firsts = {note_node(nid): edges for nid, edges in unchanged.items()}

        def cached(u):
            _sig, offset, length = last[u]
            return view[start + offset : start + offset + length], firsts[u]

    def head_of(key_elements: list[str]) -> bytes:
        return "".join([_HEAD, *reversed(key_elements), '<graph edgedefault="directed">']).encode("utf-8")

    try:
        with atomic_path(path) as tmp, tmp.open("wb") as f:
            if old is not None:
                # the keys the copied bytes use open the file; this file must need the same
                head = head_of(old["keys"])
                f.write(head)
                out = _Body(f)
                key_elements = _graphml_body(nodes, adj, out, cached)
                if key_elements != old["keys"]:
                    raise _KeysDiffer  # (atomic_path leaves the file as it was)
            else:
                with tempfile.TemporaryFile("w+b", dir=path.parent) as body:
                    out = _Body(body)
                    key_elements = _graphml_body(nodes, adj, out, cached)
                    body.seek(0)
                    head = head_of(key_elements)
                    f.write(head)
                    shutil.copyfileobj(body, f, 1 << 20)
            f.write(_TAIL.encode("utf-8"))
    except _KeysDiffer:
        return None
    return key_elements, len(head), out.blocks, out.reused


class _KeysDiffer(Exception):
    pass


class _Body:
    """``add`` for ``_graphml_body`` into a binary file, keeping where each
    source node's block of edges lies."""

    def __init__(self, f):
        self.f, self.offset, self.blocks, self.reused = f, 0, {}, 0

    def __call__(self, part, source=None) -> None:
        if part.__class__ is str:
            data = part.encode("utf-8")
        else:
            data = part  # bytes copied from the last file
            self.reused += 1
        if source is not None:
            self.blocks[source] = (self.offset, len(data))
        self.f.write(data)
        self.offset += len(data)


def _note_signatures(kg: KnowledgeGraph, cited: dict[str, list]) -> dict[str, bytes]:
    """note node -> a digest of everything its edges are made from (about,
    mentions, references -- ``cited``, by source -- in order): equal digests,
    equal bytes."""
    out = {}
    for nid in set(kg.about) | set(kg.mentions) | set(cited):
        refs = [(r.target, r.via or "", r.link or "") for r in cited.get(nid, ())]
        made_from = (nid, list(kg.about.get(nid, ())), list(kg.mentions.get(nid, {}).items()), refs)
        out[note_node(nid)] = hashlib.blake2b(pickle.dumps(made_from, protocol=4), digest_size=16).digest()
    return out


def _unchanged_notes(kg: KnowledgeGraph, cited: dict[str, list], signatures: dict, last: dict) -> dict[str, list[dict]]:
    """Notes whose edges are made from what the last file's were (equal
    digests), every end of them a node of this graph (an unknown end would
    add a node): their bytes are the last file's. Note id -> the attributes
    of its first edge of each kind, in order (the keys they need)."""
    concepts, notes = kg.concepts, kg.notes
    out = {}
    for nid in notes:
        u = note_node(nid)
        hit = last.get(u)
        if hit is None or hit[0] != signatures.get(u):
            continue
        about, mentions, refs = kg.about.get(nid, ()), kg.mentions.get(nid, {}), cited.get(nid, ())
        if all(c in concepts for c in about) and all(c in concepts for c in mentions) and all(r.target in notes for r in refs):
            out[nid] = [*([_about_edge()] if about else []), *([_mention_edge(1)] if mentions else []),
                        *([_reference_edge(refs[0])] if refs else [])]
    return out


def _last_blocks(path: Path, index: Path, stamp: str, opened: ExitStack) -> dict | None:
    """The last file's index, with the file mapped for copying (``view``,
    closed with ``opened``), if both are still the ones the last build wrote
    (same code, same size and time)."""
    try:
        with index.open("rb") as f:
            record = pickle.load(f)
        st = path.stat()
        if record.get("format") != _INDEX_FORMAT or record.get("stamp") != stamp \
                or record.get("file") != (st.st_size, st.st_mtime_ns):
            return None
        f = opened.enter_context(path.open("rb"))
        record["view"] = opened.enter_context(mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ))
    except Exception:  # no index, a broken one, a file that cannot be mapped: everything is formatted
        return None
    return record


# XML 1.0 cannot hold these at all (not even as character references).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TAIL = "</graph></graphml>"
_HEAD = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
    ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">'
)


def _text(s: str) -> str:
    # as libxml2 escapes element text
    return _NOT_XML.sub("\ufffd", s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _attr(s: str) -> str:
    # as libxml2 escapes attribute values (whitespace too, or a parser would normalise it)
    return (_text(s).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;"))


class _Escaped(dict):
    """str -> its escaped form, computed on first use."""

    def __init__(self, escape):
        super().__init__()
        self.escape = escape

    def __missing__(self, s: str) -> str:
        self[s] = found = self.escape(s)
        return found


def graphml_text(nodes: dict, adj: dict) -> str:
    """A directed multigraph -- ``G.nodes`` and ``G.adj`` of a MultiDiGraph,
    or the same as plain dicts -- as GraphML text, byte for byte what
    networkx's lxml writer (``nx.write_graphml``, default options) produces:
    key ids and their order, element order, escaping. That writer builds an
    lxml element per node, edge and value (~15 s for the ~850,000 edges of
    10,000 notes); this formats strings, escaping each distinct string once.
    Characters XML 1.0 cannot hold (control characters) become U+FFFD, where
    networkx would raise."""
    body: list[str] = []
    key_elements = _graphml_body(nodes, adj, lambda part, source=None: body.append(part))
    # networkx's lxml writer: all keys before the graph, the newest first
    return "".join([_HEAD, *reversed(key_elements), '<graph edgedefault="directed">', *body, _TAIL])


def _graphml_body(nodes: dict, adj: dict, add, cached=None) -> list[str]:
    """``add`` each node element, then each source node's edge elements as one
    block (``add(block, source)``); returns the key elements (in the order
    they were first needed). ``cached(u)``, for a node whose adjacency is
    None: the bytes of its edges in the last file, and the attributes of its
    first edge of each kind (so that keys are numbered as if it were written)."""
    xml_type = GraphMLWriter().xml_type  # networkx's own table, so the attr.types match
    keys: dict[tuple, str] = {}  # (name, xml type, scope) -> key id, numbered as networkx does
    key_elements: list[str] = []
    layouts: dict[tuple, str] = {}  # (scope, names, types) -> '<data key=..>%s</data>' per value

    def layout(scope: str, d: dict) -> str:
        sig = (scope, tuple(d), tuple(map(type, d.values())))
        found = layouts.get(sig)
        if found is None:
            found = ""
            for name, t in zip(sig[1], sig[2]):
                if t not in xml_type:
                    raise TypeError(f"GraphML does not support type {t} as data values.")
                kid = keys.get((name, xml_type[t], scope))
                if kid is None:
                    kid = keys[name, xml_type[t], scope] = f"d{len(keys)}"
                    key_elements.append(
                        f'<key id="{kid}" for="{scope}" attr.name="{_attr(str(name))}" attr.type="{xml_type[t]}"/>\n')
                found += f'  <data key="{kid}">%s</data>\n'
            layouts[sig] = found
        return found

    # Strings repeat (ids, rel names, labels): each is escaped once. Only
    # strings are looked up -- 1, 1.0 and True would be one dict key -- and
    # %s writes numbers and booleans as str() does, with nothing to escape.
    text, attr = _Escaped(_text), _Escaped(_attr)
    for n, d in nodes.items():
        n = attr[n] if n.__class__ is str else _attr(str(n))
        add(f'<node id="{n}">\n{layout("node", d) % tuple([text[v] if v.__class__ is str else v for v in d.values()])}</node>\n'
            if d else f'<node id="{n}"/>\n')
    edge_layouts = {}  # (names, types) -> layout("edge", ...), to skip the scope in the key

    def edge_layout(d: dict) -> str:
        sig = (tuple(d), tuple(map(type, d.values())))
        tpl = edge_layouts.get(sig)
        if tpl is None:
            tpl = edge_layouts[sig] = layout("edge", d)
        return tpl

    for u, nbrs in adj.items():
        if nbrs is None:  # unchanged since the last file: its bytes
            block, firsts = cached(u)
            for d in firsts:
                edge_layout(d)
            add(block, u)
            continue
        if not nbrs:
            continue
        block = []
        source = f'<edge source="{attr[u] if u.__class__ is str else _attr(str(u))}" target="'
        for v, keyed in nbrs.items():
            target = f'{source}{attr[v] if v.__class__ is str else _attr(str(v))}" id="'
            for k, d in keyed.items():
                k = attr[k] if k.__class__ is str else _attr(str(k))
                if not d:
                    block.append(f'{target}{k}"/>\n')
                    continue
                tpl = edge_layout(d)
                block.append(f'{target}{k}">\n{tpl % tuple([text[x] if x.__class__ is str else x for x in d.values()])}</edge>\n')
        add("".join(block), u)
    return key_elements



def write_gexf(kg: KnowledgeGraph, path: Path) -> Path:
    with atomic_path(path) as tmp:
        nx.write_gexf(nx.DiGraph(to_networkx(kg)), tmp, encoding="utf-8")
    return Path(path)
