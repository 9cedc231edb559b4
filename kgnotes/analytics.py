"""Graph analytics on the model: importance (PageRank), brokerage
(betweenness) and communities (Louvain). Computed with igraph (C; NetworkX
needs seconds per algorithm at 10k nodes), on a graph whose node order is
sorted and with a fixed seed, so builds are reproducible. Results are written
onto the concepts and notes, where exporters and the map read them."""
from __future__ import annotations

import random

import igraph as ig

from .model import KnowledgeGraph
from .nxgraph import concept_graph

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


def analyse(kg: KnowledgeGraph) -> KnowledgeGraph:
    g = concept_graph(kg)
    # notes join the graph through what they are about / mention, so a
    # community spans the notes that explain it
    for nid, cs in kg.mentions.items():
        for c, count in cs.items():
            w = 3.0 if c in kg.about.get(nid, ()) else min(max(float(count), 1.0), 3.0) * 0.5
            g.add_edge(f"note:{nid}", c, weight=w)
    for nid in kg.notes:
        g.add_node(f"note:{nid}")
    nodes = sorted(g.nodes)
    if not nodes:
        return kg
    index = {n: i for i, n in enumerate(nodes)}
    edges = sorted((min(index[a], index[b]), max(index[a], index[b]), d["weight"]) for a, b, d in g.edges(data=True))
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
