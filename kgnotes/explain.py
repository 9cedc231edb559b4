"""Explanations over a built graph: how two concepts connect, and what a
concept is linked to, each link with the note and sentence it came from.
Reads the model only (like the exporters)."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import networkx as nx

from .model import RELATION_TYPES, KnowledgeGraph, Relation

# Stated relations are better explanations than co-occurrence.
HOP_COST = {rel: (3.0 if rel == "related" else 1.0) for rel in RELATION_TYPES}


class NotFound(LookupError):
    """A concept name that matches no label of the graph."""


@dataclass
class Hop:
    source: str
    target: str
    relations: list[Relation]  # every stated link between the two, best first


def resolve(kg: KnowledgeGraph, name: str) -> str:
    concept = kg.find_concept(name)
    if concept is None:
        raise NotFound(f"no concept named {name!r} (try `kgnotes concepts`)")
    return concept.id


def _links(kg: KnowledgeGraph) -> dict[frozenset, list[Relation]]:
    order = {r: i for i, r in enumerate(RELATION_TYPES)}
    links: dict[frozenset, list[Relation]] = defaultdict(list)
    for r in kg.relations:
        links[frozenset((r.head, r.tail))].append(r)
    for rels in links.values():
        rels.sort(key=lambda r: (order[r.rel], r.basis != "pattern", r.note))
    return links


def shortest_path(kg: KnowledgeGraph, a: str, b: str) -> list[Hop]:
    """The cheapest chain of links from concept ``a`` to ``b`` (any label)."""
    src, dst = resolve(kg, a), resolve(kg, b)
    links = _links(kg)
    g = nx.Graph()
    for pair, rels in links.items():
        x, y = tuple(pair) if len(pair) == 2 else (next(iter(pair)),) * 2
        g.add_edge(x, y, cost=min(HOP_COST[r.rel] for r in rels))
    if src not in g or dst not in g or not nx.has_path(g, src, dst):
        return []
    path = nx.shortest_path(g, src, dst, weight="cost")
    return [Hop(x, y, links[frozenset((x, y))]) for x, y in zip(path, path[1:])]


def neighbours(kg: KnowledgeGraph, name: str) -> dict[str, list[tuple[str, Relation]]]:
    """Linked concepts grouped by relation type, with the direction read as
    ``concept —rel→ other`` (``is_a``) or ``other —rel→ concept`` (``is_a (inverse)``)."""
    cid = resolve(kg, name)
    groups: dict[str, list[tuple[str, Relation]]] = defaultdict(list)
    for r in kg.relations:
        if r.head == cid:
            groups[r.rel].append((r.tail, r))
        elif r.tail == cid:
            key = r.rel if r.rel in ("related", "compared_with") else f"{r.rel} (inverse)"
            groups[key].append((r.head, r))
    for items in groups.values():
        items.sort(key=lambda t: (-t[1].weight, t[0]))
    return dict(sorted(groups.items(), key=lambda kv: (kv[0].replace(" (inverse)", "~"),)))
