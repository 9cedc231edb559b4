"""kgnotes' own RDF vocabulary, ``kgn:`` (declared in ``data/vocab.ttl``)."""
from __future__ import annotations

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

KGN_IRI = "https://w3id.org/kgnotes/vocab#"
ID_BASE = "https://w3id.org/kgnotes/id/"

PREFIXES = {
    "kgn": KGN_IRI,
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "schema": "https://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "oa": "http://www.w3.org/ns/oa#",
    "owl": "http://www.w3.org/2002/07/owl#",
}


class KGN(DefinedNamespace):
    """kgnotes vocabulary terms."""

    _NS = Namespace(KGN_IRI)
    _fail = True

    Note: URIRef  # a study note file
    isA: URIRef
    partOf: URIRef
    uses: URIRef
    variantOf: URIRef
    improves: URIRef
    comparedWith: URIRef
    evidence: URIRef  # the sentence a statement was read from
    basis: URIRef  # pattern | compound | cooccurrence
    weight: URIRef
    cue: URIRef
    rank: URIRef
    betweenness: URIRef
    community: URIRef
    evidenceKind: URIRef
    referenceVia: URIRef
    version: URIRef
    settings: URIRef
    noteCount: URIRef


# relation type (model) -> kgn property local name
REL_PROPERTY = {
    "is_a": "isA",
    "part_of": "partOf",
    "variant_of": "variantOf",
    "uses": "uses",
    "improves": "improves",
    "compared_with": "comparedWith",
}
