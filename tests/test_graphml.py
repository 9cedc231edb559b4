"""graph.graphml: written by our own streaming writer, read back by networkx
as the graph ``to_networkx`` builds -- same nodes, edges, keys, attributes
and attribute types -- and byte for byte what ``nx.write_graphml`` writes."""
from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from kgnotes.model import Reference, Relation
from kgnotes.nxgraph import graphml_text, to_networkx, write_graphml
from test_map import sample_kg


def edge_cases(kg):
    """Things the dict-of-dicts must get right the way networkx does."""
    kg.notes["a&b \"<q>\".md"] = kg.notes.pop("lonely.md")
    kg.notes["a&b \"<q>\".md"].id = "a&b \"<q>\".md"
    kg.notes["a&b \"<q>\".md"].title = "tab\there\r\nand & <more>"
    kg.concepts["supcon"].rank = np.float64(0.25)  # numpy floats get their own GraphML key, as in networkx
    kg.relations += [
        # the same key twice: networkx updates the first edge's attributes in place
        Relation("supcon", "is_a", "contrastive-learning", "contrastive/supcon.md", "stated again", weight=3.0),
        # an end that is no concept: a node without attributes
        Relation("supcon", "uses", "no-such-concept", "xss.md", "x"),
    ]
    kg.references += [
        Reference("a&b \"<q>\".md", "gone.md", link="gone.md", kind="link"),
        Reference("contrastive/supcon.md", "contrastive/survey.md", via="supcon"),  # key "references" again
    ]
    kg.mentions["a&b \"<q>\".md"] = {"prototype": 2}
    return kg


def graph_facts(g) -> tuple:
    nodes = [(n, sorted((k, type(v).__name__, v) for k, v in d.items())) for n, d in g.nodes(data=True)]
    edges = [(u, v, k, sorted((a, type(x).__name__, x) for a, x in d.items())) for u, v, k, d in g.edges(keys=True, data=True)]
    return sorted(nodes), sorted(edges)


@pytest.mark.parametrize("odd", [False, True])
def test_graphml_is_networkx_bytes_and_reads_back(tmp_path, odd):
    kg = sample_kg(tmp_path)
    if odd:
        kg = edge_cases(kg)
    g = to_networkx(kg)
    ours = write_graphml(kg, tmp_path / "graph.graphml")
    nx.write_graphml(g, tmp_path / "nx.graphml")
    assert ours.read_bytes() == (tmp_path / "nx.graphml").read_bytes()
    back = nx.read_graphml(ours)
    assert isinstance(back, nx.MultiDiGraph)
    if odd:  # numpy floats come back as Python floats (from networkx's own file too)
        g.nodes["supcon"]["rank"] = float(g.nodes["supcon"]["rank"])
    assert graph_facts(back) == graph_facts(g)
    assert list(back.edges(keys=True)) == list(g.edges(keys=True))
    assert list(back.nodes) == list(g.nodes)


def test_characters_xml_cannot_hold_become_replacement_characters(tmp_path):
    kg = sample_kg(tmp_path)
    kg.notes["lonely.md"].title = "a bell \x07 and a NUL \x00"  # networkx's writer raises here
    back = nx.read_graphml(write_graphml(kg, tmp_path / "graph.graphml"))
    assert back.nodes["note:lonely.md"]["label"] == "a bell \ufffd and a NUL \ufffd"


def test_graphml_text_matches_networkx_on_any_multidigraph(tmp_path):
    g = nx.MultiDiGraph()
    g.add_node('a&"<>\n\t\r b', x='t&<>"\n\t\r\'x', y=True, f=np.float64(0.5), z=2.5)
    g.add_node("b", f=1.5, x=3)
    g.add_edge('a&"<>\n\t\r b', "q", key='k"&', w=1)
    g.add_edge("q", "b", key=3)
    g.add_edge("q", "b", key=3, w=2.0)
    g.add_edge("q", "b", key="3", w=True)
    nx.write_graphml(g, tmp_path / "nx.graphml")
    assert graphml_text(g.nodes, g.adj) == (tmp_path / "nx.graphml").read_text(encoding="utf-8")
    with pytest.raises(TypeError):
        graphml_text({"a": {"bad": None}}, {"a": {}})
