"""The export against kgnotes' SHACL shapes (kgnotes/data/shapes.ttl)."""
from __future__ import annotations

import pytest

pyshacl = pytest.importorskip("pyshacl")
rdflib = pytest.importorskip("rdflib")

from kgnotes.model import Concept, KnowledgeGraph, NoteRecord, Relation  # noqa: E402
from kgnotes.shapes import shapes_graph, union_graph, validate  # noqa: E402

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")

PREFIXES = """
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix kgn: <https://w3id.org/kgnotes/vocab#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix schema: <https://schema.org/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix id: <https://w3id.org/kgnotes/id/> .
"""


def violations(report) -> set[tuple[str, str]]:
    """(focus node local name, constraint component local name) pairs."""
    out = set()
    for r in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        focus = str(report.value(r, SH.focusNode)).rsplit("/", 1)[-1]
        comp = str(report.value(r, SH.sourceConstraintComponent)).rsplit("#", 1)[-1]
        out.add((focus, comp))
    return out


def check(ttl: str):
    g = rdflib.Graph().parse(data=PREFIXES + ttl, format="turtle")
    return validate(g)


GOOD_CONCEPT = """
id:scheme a skos:ConceptScheme .
id:cl a skos:Concept ; skos:inScheme id:scheme ;
    skos:prefLabel "对比学习"@zh, "Contrastive Learning"@en ; skos:altLabel "CL"@en .
"""


def test_shapes_parse():
    g = shapes_graph()
    assert len(list(g.subjects(rdflib.RDF.type, SH.NodeShape))) >= 4


def test_demo_build_conforms(demo_build):
    _, out = demo_build
    v = validate(out)  # the union of graph.trig's named graphs
    assert v.conforms, v.text[:4000]


def test_turtle_export_is_the_same_union(demo_build):
    _, out = demo_build
    ttl = union_graph(out / "graph.ttl")
    trig = union_graph(out / "graph.trig")
    assert len(ttl) == len(trig) and len(ttl) > 1000
    assert len(ttl - trig) == 0


def test_a_good_hand_made_graph_conforms():
    v = check(GOOD_CONCEPT + """
id:n1 a kgn:Note ; dcterms:identifier "a/b.md" ; dcterms:title "对比学习"@zh ; dcterms:date "2024-01-02"^^xsd:date ;
    schema:about id:cl ; schema:mentions id:cl .
""")
    assert v.conforms, v.text


def test_two_preflabels_in_one_language_fail():
    v = check(GOOD_CONCEPT + 'id:cl skos:prefLabel "对比式学习"@zh .')
    assert not v.conforms
    assert ("cl", "UniqueLangConstraintComponent") in violations(v.report)


def test_label_both_pref_and_alt_fails():
    v = check(GOOD_CONCEPT + 'id:cl skos:altLabel "Contrastive Learning"@en .')
    assert not v.conforms
    assert ("cl", "SPARQLConstraintComponent") in violations(v.report)
    assert "Contrastive Learning" in v.text
    # the same string under another language tag is still the same label
    v = check(GOOD_CONCEPT + 'id:cl skos:altLabel "对比学习"@en .')
    assert ("cl", "SPARQLConstraintComponent") in violations(v.report)


def test_both_violations_at_once():
    v = check(GOOD_CONCEPT + 'id:cl skos:prefLabel "对比式学习"@zh ; skos:altLabel "对比学习"@zh .')
    comps = {c for f, c in violations(v.report) if f == "cl"}
    assert {"UniqueLangConstraintComponent", "SPARQLConstraintComponent"} <= comps


def test_plain_string_label_fails():
    v = check(GOOD_CONCEPT + 'id:x a skos:Concept ; skos:inScheme id:scheme ; skos:prefLabel "no language" .')
    assert ("x", "DatatypeConstraintComponent") in violations(v.report)


def test_concept_without_label_or_scheme_fails():
    v = check(GOOD_CONCEPT + "id:x a skos:Concept .")
    comps = {c for f, c in violations(v.report) if f == "x"}
    assert {"MinCountConstraintComponent", "HasValueConstraintComponent"} <= comps


def test_related_beside_a_broader_path_fails():
    ttl = GOOD_CONCEPT + """
id:ssl a skos:Concept ; skos:inScheme id:scheme ; skos:prefLabel "自监督学习"@zh .
id:supcon a skos:Concept ; skos:inScheme id:scheme ; skos:prefLabel "监督对比学习"@zh ;
    skos:broader id:cl .
id:cl skos:broader id:ssl .
"""
    assert check(ttl).conforms
    # two steps up, the other way round, through a kgn: sub-property of skos:related
    for extra in ("id:supcon skos:related id:ssl .", "id:ssl skos:related id:supcon .", "id:supcon kgn:uses id:ssl ."):
        v = check(ttl + extra)
        assert not v.conforms, extra
        assert any(c == "SPARQLConstraintComponent" for _, c in violations(v.report)), extra


def test_note_shape():
    v = check(GOOD_CONCEPT + """
id:n1 a kgn:Note ; dcterms:title "x"@en, "y"@en ; dcterms:date "2024-13-45"^^xsd:date ; schema:about id:n2 .
id:n2 a kgn:Note ; dcterms:identifier "n2.md", "other.md" ; dcterms:title "t"@en ; dcterms:references id:cl .
""")
    got = violations(v.report)
    assert ("n1", "MinCountConstraintComponent") in got  # no identifier
    assert ("n1", "MaxCountConstraintComponent") in got  # two titles
    assert ("n1", "DatatypeConstraintComponent") in got  # not a date
    assert ("n1", "ClassConstraintComponent") in got  # about a note, not a concept
    assert ("n2", "MaxCountConstraintComponent") in got  # two identifiers
    assert ("n2", "ClassConstraintComponent") in got  # references a concept


def test_typed_statement_needs_evidence():
    ttl = GOOD_CONCEPT + """
id:ssl a skos:Concept ; skos:inScheme id:scheme ; skos:prefLabel "自监督学习"@zh .
id:s1 a rdf:Statement ; rdf:subject id:cl ; rdf:predicate kgn:isA ; rdf:object id:ssl ; kgn:basis "pattern" .
id:s2 a rdf:Statement ; rdf:subject id:cl ; rdf:predicate skos:related ; rdf:object id:ssl ; kgn:basis "cooccurrence" .
id:s3 a rdf:Statement ; rdf:subject id:cl ; rdf:object id:ssl ; kgn:basis "guess" ; kgn:evidence "x"@en .
"""
    got = violations(check(ttl).report)
    assert ("s1", "OrConstraintComponent") in got
    assert not any(f == "s2" for f, _ in got)
    assert ("s3", "MinCountConstraintComponent") in got  # no rdf:predicate
    assert ("s3", "InConstraintComponent") in got  # unknown basis


def _kg_with_a_shortcut() -> KnowledgeGraph:
    """supcon isA cl isA ssl, and a note saying supcon uses ssl."""
    concepts = {
        "supcon": Concept("supcon", {"zh": "监督对比学习", "en": "Supervised Contrastive Learning"}, ["SupCon"]),
        "cl": Concept("cl", {"zh": "对比学习", "en": "Contrastive Learning"}),
        "ssl": Concept("ssl", {"zh": "自监督学习"}),
    }
    notes = {"a.md": NoteRecord("a.md", "监督对比学习", "/tmp/a.md")}
    relations = [
        Relation("supcon", "is_a", "cl", "a.md", "监督对比学习是一种对比学习。"),
        Relation("cl", "is_a", "ssl", "a.md", "对比学习属于自监督学习。"),
        Relation("supcon", "uses", "ssl", "a.md", "监督对比学习基于自监督学习的框架。"),
    ]
    return KnowledgeGraph(notes=notes, concepts=concepts, mentions={"a.md": {"supcon": 2, "cl": 1, "ssl": 1}},
                          about={"a.md": ["supcon"]}, relations=relations)


def test_exporter_keeps_skos_integrity_and_the_evidence():
    from kgnotes.rdf import to_rdflib

    ds = to_rdflib(_kg_with_a_shortcut())
    v = validate(ds)
    assert v.conforms, v.text
    g = union_graph(ds)
    KGN = rdflib.Namespace("https://w3id.org/kgnotes/vocab#")
    ID = rdflib.Namespace("https://w3id.org/kgnotes/id/concept/")
    # the uses link is not asserted beside supcon -> cl -> ssl ...
    assert (ID.supcon, KGN.uses, ID.ssl) not in g
    assert (ID.supcon, KGN.isA, ID.cl) in g
    # ... but what the note said stays, with its sentence
    st = next(g.subjects(rdflib.RDF.predicate, KGN.uses))
    assert str(g.value(st, KGN.evidence)) == "监督对比学习基于自监督学习的框架。"
