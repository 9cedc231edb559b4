"""export: the KnowledgeGraph as a NetworkX graph (and GraphML/GEXF files).

Nodes are concepts (``kind="concept"``) and notes (``kind="note"``); edges
carry ``rel`` (a relation type, ``about``, ``mentions`` or ``references``).
Reads the model only.
"""
from __future__ import annotations

import re
import shutil
import tempfile
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


def _elements(kg: KnowledgeGraph):
    """The nodes ``(id, attrs)`` and edges ``(u, v, key, attrs)`` of the
    NetworkX graph, in the order they are added: ``to_networkx`` and the
    GraphML writer both read the graph from here."""
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
            node = note_node(nid)
            for c in cs:
                yield node, c, "about", {"rel": "about", "weight": 1.0}
        for nid, cs in sorted(kg.mentions.items()):
            node = note_node(nid)
            for c, count in cs.items():
                yield node, c, "mentions", {"rel": "mentions", "weight": float(count)}
        for ref in kg.references:
            yield note_node(ref.source), note_node(ref.target), "references", {
                "rel": "references", "via": ref.via or "", "link": ref.link or "", "weight": 1.0}

    return nodes, edges()


def to_networkx(kg: KnowledgeGraph) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    nodes, edges = _elements(kg)
    for n, attrs in nodes:
        g.add_node(n, **attrs)
    for u, v, key, attrs in edges:
        g.add_edge(u, v, key=key, **attrs)
    return g


def _adjacency(kg: KnowledgeGraph) -> tuple[dict, dict]:
    """``to_networkx(kg)`` as plain dicts -- node -> attrs, u -> v -> key ->
    attrs -- filled the way ``MultiDiGraph.add_node``/``add_edge`` fill theirs
    (a repeated node or edge key updates the first one's attributes in place;
    an edge's unknown end becomes a node without attributes), so iterating
    them gives ``G.nodes(data=True)`` and ``G.edges(keys=True, data=True)``.
    Building the MultiDiGraph itself costs ~7 s at 10,000 notes."""
    nodes, edges = _elements(kg)
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
    return node_attrs, adj


def write_graphml(kg: KnowledgeGraph, path: Path) -> Path:
    """``to_networkx(kg)`` as GraphML, the bytes ``nx.write_graphml`` would
    write (see ``graphml_text``), atomically. Streamed: the body goes to a
    temporary file as it is formatted (the keys, which open the file, are only
    known at the end), never the whole text in memory at once."""
    path = Path(path)
    with paused_gc():
        nodes, adj = _adjacency(kg)
        with atomic_path(path) as tmp, tempfile.TemporaryFile("w+", encoding="utf-8", dir=path.parent) as body:
            buffer: list[str] = []

            def add(part: str) -> None:
                buffer.append(part)
                if len(buffer) >= 20_000:
                    body.write("".join(buffer))
                    buffer.clear()

            key_elements = _graphml_body(nodes, adj, add)
            body.write("".join(buffer))
            body.seek(0)
            with tmp.open("w", encoding="utf-8") as f:
                f.write("".join([_HEAD, *reversed(key_elements), '<graph edgedefault="directed">']))
                shutil.copyfileobj(body, f, 1 << 20)
                f.write(_TAIL)
    return path


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
    key_elements = _graphml_body(nodes, adj, body.append)
    # networkx's lxml writer: all keys before the graph, the newest first
    return "".join([_HEAD, *reversed(key_elements), '<graph edgedefault="directed">', *body, _TAIL])


def _graphml_body(nodes: dict, adj: dict, add) -> list[str]:
    """``add`` each node and edge element in turn; returns the key elements
    (in the order they were first needed)."""
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
    for u, nbrs in adj.items():
        source = f'<edge source="{attr[u] if u.__class__ is str else _attr(str(u))}" target="'
        for v, keyed in nbrs.items():
            target = f'{source}{attr[v] if v.__class__ is str else _attr(str(v))}" id="'
            for k, d in keyed.items():
                k = attr[k] if k.__class__ is str else _attr(str(k))
                if not d:
                    add(f'{target}{k}"/>\n')
                    continue
                sig = (tuple(d), tuple(map(type, d.values())))
                tpl = edge_layouts.get(sig)
                if tpl is None:
                    tpl = edge_layouts[sig] = layout("edge", d)
                add(f'{target}{k}">\n{tpl % tuple([text[x] if x.__class__ is str else x for x in d.values()])}</edge>\n')
    return key_elements



def write_gexf(kg: KnowledgeGraph, path: Path) -> Path:
    with atomic_path(path) as tmp:
        nx.write_gexf(nx.DiGraph(to_networkx(kg)), tmp, encoding="utf-8")
    return Path(path)
