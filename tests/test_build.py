"""The end-to-end build on the bundled demo corpus."""
from __future__ import annotations


import networkx as nx
import pytest
import rdflib
from conftest import DEMO, tree_digest

import kgnotes
from kgnotes.text import norm_key


def _concept(kg, label):
    c = kg.find_concept(label)
    assert c is not None, f"no concept labelled {label!r}"
    return c


def test_outputs_exist_and_parse(demo_build):
    kg, out = demo_build
    for name in ("graph.ttl", "graph.trig", "graph.jsonld", "graph.graphml", "index.html"):
        assert (out / name).is_file() and (out / name).stat().st_size > 0, name
    ttl = rdflib.Graph().parse(out / "graph.ttl", format="turtle")
    assert len(ttl) > 500
    ds = rdflib.Dataset()
    ds.parse(out / "graph.trig", format="trig")
    jsonld = rdflib.Dataset()
    jsonld.parse(out / "graph.jsonld", format="json-ld")
    assert len(jsonld) == len(ds)
    g = nx.read_graphml(out / "graph.graphml")
    assert g.number_of_nodes() == len(kg.concepts) + len(kg.notes)
    # no temp files left behind by the atomic writes
    assert not [p.name for p in out.iterdir() if p.name.startswith(".") and p.name != ".kgnotes-cache"]


def test_one_named_graph_per_note(demo_build):
    kg, out = demo_build
    ds = rdflib.Dataset()
    ds.parse(out / "graph.trig", format="trig")
    default = str(rdflib.graph.DATASET_DEFAULT_GRAPH_ID)
    named = {str(g) for _s, _p, _o, g in ds.quads((None, None, None, None)) if g is not None and str(g) != default}
    notes = {str(s) for s, _p, _o, _g in ds.quads((None, rdflib.RDF.type, rdflib.URIRef("https://w3id.org/kgnotes/vocab#Note"), None))}
    assert named == notes
    assert len(named) == len(kg.notes) >= 40


def test_supcon_forms_are_one_concept(demo_build):
    kg, _ = demo_build
    c = _concept(kg, "SupCon")
    labels = {norm_key(l) for l in c.labels}
    assert {norm_key("监督对比学习"), norm_key("Supervised Contrastive Learning"), norm_key("SupCon")} <= labels
    assert _concept(kg, "supervised contrastive learning").id == c.id
    assert c.pref.get("zh") == "监督对比学习"


def test_chain_prototype_contrastive_supcon(demo_build):
    kg, _ = demo_build
    proto, cl, supcon = (_concept(kg, l).id for l in ("原型", "对比学习", "SupCon"))
    assert len({proto, cl, supcon}) == 3
    g = kg.nx.to_undirected(as_view=True)
    path = nx.shortest_path(g, proto, supcon)
    assert cl in path or nx.has_path(g, proto, cl)
    # SupCon is stated (or compounded) to extend contrastive learning
    assert any({r.head, r.tail} == {supcon, cl} and r.rel != "related" for r in kg.relations)
    # the prototype note leans on contrastive learning
    proto_notes = kg.notes_about(proto)
    assert proto_notes and any(cl in kg.mentions[n] for n in proto_notes)


def test_every_relation_keeps_note_and_evidence(demo_build):
    kg, _ = demo_build
    assert kg.relations
    for r in kg.relations:
        assert r.note in kg.notes
        assert r.evidence, r


def test_noise_is_not_a_concept(demo_build):
    kg, _ = demo_build
    for noise in ("问题", "方法", "我们", "本文", "[Math]", "x_1", "2020"):
        assert kg.find_concept(noise) is None, noise


def test_build_summary_and_api(demo_build):
    kg, out = demo_build
    res = kg.query("SELECT (COUNT(?c) AS ?n) WHERE { ?c a skos:Concept }")
    assert int(res.rows[0][0]) == len(kg.concepts)
    assert isinstance(kg.rdf, rdflib.Dataset)


def test_build_never_writes_into_corpus(tmp_path):
    before = tree_digest(DEMO)
    with pytest.raises(kgnotes.pipeline.BuildError):
        kgnotes.build(DEMO, DEMO / "output")
    assert tree_digest(DEMO) == before


def test_user_settings(write_note, tmp_path):
    write_note("kgnotes.toml", '[aliases]\n"近端策略优化" = ["PPO"]\n[concepts]\nnever = ["奖励模型"]\nalways = ["KV Cache"]\n')
    root = write_note(
        "ppo.md",
        "---\ntitle: 近端策略优化\n---\n近端策略优化用 clip 限制更新。PPO 需要奖励模型打分，奖励模型很重要。KV Cache 能加速推理。",
    )
    kg = kgnotes.build(root, None)
    ppo = kg.find_concept("PPO")
    assert ppo is not None and kg.find_concept("近端策略优化").id == ppo.id
    assert kg.find_concept("奖励模型") is None
    assert kg.find_concept("kv cache") is not None


def test_traditional_notes_meet_simplified_ones(write_note):
    write_note("kgnotes.toml", "[read]\ntraditional_to_simplified = true\n")
    write_note("a.md", "---\ntitle: 監督對比學習\n---\n監督對比學習(Supervised Contrastive Learning)是對比學習的擴展。")
    root = write_note("b.md", "---\ntitle: 对比学习\n---\n对比学习(Contrastive Learning)拉近正样本。监督对比学习用上了标签。")
    kg = kgnotes.build(root, None)
    supcon = kg.find_concept("Supervised Contrastive Learning")
    assert supcon is not None and supcon.pref["zh"] == "监督对比学习"
    assert kg.find_concept("監督對比學習") is None or kg.find_concept("監督對比學習").id == supcon.id
    assert "b.md" in kg.notes_mentioning(supcon.id)
