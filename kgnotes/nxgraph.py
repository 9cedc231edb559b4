"""export: the KnowledgeGraph as a NetworkX graph (and GraphML/GEXF files).

Nodes are concepts (``kind="concept"``) and notes (``kind="note"``); edges
carry ``rel`` (a relation type, ``about``, ``mentions`` or ``references``).
Reads the model only.
"""
from __future__ import annotations

from pathlib import Path

import networkx as nx

from .atomic import atomic_path
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


def to_networkx(kg: KnowledgeGraph) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for cid, c in sorted(kg.concepts.items()):
        g.add_node(
            cid, kind="concept", label=c.label("zh"), label_zh=c.pref.get("zh", ""), label_en=c.pref.get("en", ""),
            alt_labels="|".join(c.alt), evidence="|".join(c.evidence), rank=c.rank, betweenness=c.betweenness,
            community=c.community,
        )
    for nid, n in sorted(kg.notes.items()):
        g.add_node(
            note_node(nid), kind="note", label=n.title, identifier=nid, date=n.date or "",
            categories="|".join(n.categories), rank=n.rank, community=n.community,
        )
    for r in kg.relations:
        g.add_edge(r.head, r.tail, key=f"{r.rel}:{r.note}", rel=r.rel, note=r.note, evidence=r.evidence, basis=r.basis, weight=float(r.weight))
    for nid, cs in sorted(kg.about.items()):
        for c in cs:
            g.add_edge(note_node(nid), c, key="about", rel="about", weight=1.0)
    for nid, cs in sorted(kg.mentions.items()):
        for c, count in cs.items():
            g.add_edge(note_node(nid), c, key="mentions", rel="mentions", weight=float(count))
    for ref in kg.references:
        g.add_edge(note_node(ref.source), note_node(ref.target), key="references", rel="references",
                   via=ref.via or "", link=ref.link or "", weight=1.0)
    return g


def write_graphml(kg: KnowledgeGraph, path: Path) -> Path:
    with atomic_path(path) as tmp:
        nx.write_graphml(to_networkx(kg), tmp, encoding="utf-8")
    return Path(path)


def write_gexf(kg: KnowledgeGraph, path: Path) -> Path:
    with atomic_path(path) as tmp:
        nx.write_gexf(nx.DiGraph(to_networkx(kg)), tmp, encoding="utf-8")
    return Path(path)
