"""Graph analytics on the model: importance (PageRank), brokerage
(betweenness) and communities (Louvain). Computed with igraph (C; NetworkX
needs seconds per algorithm at 10k nodes), on a graph whose node order is
sorted and with a fixed seed, so builds are reproducible. Results are written
onto the concepts and notes, where exporters and the map read them."""
from __future__ import annotations

import random

import igraph as ig

from .model import KnowledgeGraph

SEED = 42
BETWEENNESS_CUTOFF = 3  # paths longer than this do not count: local brokerage, fast


def _concept_betweenness(kg: KnowledgeGraph, index: dict[str, int], n: int) -> list[float]:
    """Betweenness over the concept relations only (which concepts bridge
    topics), unweighted and over short paths: notes would make it a measure
    of note hubs, and weighted paths over 10k nodes take minutes."""
    pairs = sorted({(min(index[r.head], index[r.tail]), max(index[r.head], index[r.tail])) for r in kg.relations if r.head != r.tail})
    if not pairs:
        return [0.0] * n
    return ig.Graph(n=n, edges=pairs).betweenness(cutoff=BETWEENNESS_CUTOFF)


def _weighted_edges(kg: KnowledgeGraph) -> dict[tuple[str, str], float]:
    """Undirected edge -> weight: concept relations (weights of one pair
    summed), and notes joined to what they are about / mention, so a
    community spans the notes that explain it. Plain dicts: building a
    NetworkX graph of 600k edges first cost more than the algorithms."""
    weights: dict[tuple[str, str], float] = {}
    for r in kg.relations:
        key = (r.head, r.tail) if r.head <= r.tail else (r.tail, r.head)
        weights[key] = weights.get(key, 0.0) + (r.weight if r.rel == "related" else 2.0)
    for nid, cs in kg.mentions.items():
        about = kg.about.get(nid, ())
        node = f"note:{nid}"
        for c, count in cs.items():
            w = 3.0 if c in about else min(max(float(count), 1.0), 3.0) * 0.5
            weights[(node, c) if node <= c else (c, node)] = w
    return weights


def analyse(kg: KnowledgeGraph) -> KnowledgeGraph:
    weighted = _weighted_edges(kg)
    names = set(kg.concepts) | {f"note:{nid}" for nid in kg.notes}
    for a, b in weighted:
        names.add(a)
        names.add(b)
    nodes = sorted(names)
    if not nodes:
        return kg
    index = {n: i for i, n in enumerate(nodes)}
    edges = sorted((index[a], index[b], w) if index[a] <= index[b] else (index[b], index[a], w) for (a, b), w in weighted.items())
    ig_graph = ig.Graph(n=len(nodes), edges=[(a, b) for a, b, _w in edges])
    weights = [w for _a, _b, w in edges]
    if edges:
        rank = ig_graph.pagerank(weights=weights)
        between = _concept_betweenness(kg, index, len(nodes))
        state = random.getstate()
        random.seed(SEED)  # igraph draws from Python's random module
        try:
            membership = ig_graph.community_multilevel(weights=weights).membership
        finally:
            random.setstate(state)
    else:
        rank, between, membership = [1.0 / len(nodes)] * len(nodes), [0.0] * len(nodes), list(range(len(nodes)))
    # number communities by size, then by their smallest member: stable ids
    members: dict[int, list[int]] = {}
    for i, m in enumerate(membership):
        members.setdefault(m, []).append(i)
    ordered = sorted(members.values(), key=lambda ms: (-len(ms), ms[0]))
    community = {nodes[i]: c for c, ms in enumerate(ordered) for i in ms}
    scale = max(between) or 1.0
    for cid, c in kg.concepts.items():
        c.rank = round(rank[index[cid]], 6)
        c.betweenness = round(between[index[cid]] / scale, 6)
        c.community = community.get(cid, 0)
    for nid, n in kg.notes.items():
        n.rank = round(rank[index[f"note:{nid}"]], 6)
        n.community = community.get(f"note:{nid}", 0)
    return kg
