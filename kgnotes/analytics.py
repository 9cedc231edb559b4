"""Graph analytics on the model: importance (PageRank) and communities
(Louvain, fixed seed so builds are reproducible). Results are written onto
the concepts and notes, where exporters and the map read them."""
from __future__ import annotations

import networkx as nx

from .model import KnowledgeGraph
from .nxgraph import concept_graph

SEED = 42


def analyse(kg: KnowledgeGraph) -> KnowledgeGraph:
    g = concept_graph(kg)
    # notes join the graph through what they are about / mention, so a
    # community spans the notes that explain it
    for nid, cs in kg.mentions.items():
        for c, count in cs.items():
            w = 3.0 if c in kg.about.get(nid, ()) else min(float(count), 3.0) * 0.5
            g.add_edge(f"note:{nid}", c, weight=w)
    for nid in kg.notes:
        g.add_node(f"note:{nid}")
    if g.number_of_nodes() == 0:
        return kg
    rank = nx.pagerank(g, weight="weight") if g.number_of_edges() else {n: 1.0 / len(g) for n in g}
    communities = nx.community.louvain_communities(g, weight="weight", seed=SEED) if g.number_of_edges() else [set(g)]
    # number communities by size, then by their smallest member: stable ids
    ordered = sorted(communities, key=lambda c: (-len(c), min(c)))
    community = {n: i for i, members in enumerate(ordered) for n in members}
    for cid, c in kg.concepts.items():
        c.rank = round(rank.get(cid, 0.0), 6)
        c.community = community.get(cid, 0)
    for nid, n in kg.notes.items():
        n.rank = round(rank.get(f"note:{nid}", 0.0), 6)
        n.community = community.get(f"note:{nid}", 0)
    return kg
