"""shapes: check an export against kgnotes' SHACL shapes (``data/shapes.ttl``).

The shapes state the output contract of DESIGN.md in a form other tools can
run (``pyshacl -s kgnotes/data/shapes.ttl output/graph.ttl``): every concept
has language-tagged labels, one prefLabel per language, no label both
preferred and alternative, no associative link beside a hierarchy path; notes
have one identifier and one title; links point at the right kinds of node;
every typed relation keeps its evidence sentence.

pyshacl is an optional dependency (the ``test`` extra).
"""
from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path


@dataclass
class Validation:
    conforms: bool
    text: str  # pyshacl's human-readable report
    report: object  # the rdflib Graph of the sh:ValidationReport

    def __bool__(self) -> bool:
        return self.conforms


def shapes_graph():
    """The shapes as an rdflib Graph."""
    import rdflib

    g = rdflib.Graph()
    g.parse(data=resources.files("kgnotes.data").joinpath("shapes.ttl").read_text(encoding="utf-8"), format="turtle")
    return g


def union_graph(source):
    """One rdflib Graph holding every triple of ``source``: an output folder
    (its ``graph.trig``, else ``graph.ttl``), an RDF file, or an rdflib graph
    or dataset (named graphs merged: the contract holds for the union)."""
    import rdflib

    if isinstance(source, (str, Path)):
        path = Path(source)
        if path.is_dir():
            path = path / "graph.trig" if (path / "graph.trig").is_file() else path / "graph.ttl"
        if not path.is_file():
            raise FileNotFoundError(f"no graph file at {path}")
        if path.suffix in (".trig", ".nq", ".nquads"):
            ds = rdflib.Dataset()
            ds.parse(path, format="trig" if path.suffix == ".trig" else "nquads")
            source = ds
        else:
            g = rdflib.Graph()
            g.parse(path)
            return g
    if isinstance(source, rdflib.Dataset | rdflib.ConjunctiveGraph):
        g = rdflib.Graph()
        for s, p, o, _ in source.quads((None, None, None, None)):
            g.add((s, p, o))
        return g
    return source


def validate(source, *, shapes=None) -> Validation:
    """Validate ``source`` (see :func:`union_graph`) against the shapes."""
    import pyshacl

    conforms, report, text = pyshacl.validate(
        union_graph(source),
        shacl_graph=shapes if shapes is not None else shapes_graph(),
        inference="none",
        advanced=True,
        allow_warnings=False,
    )
    return Validation(bool(conforms), text, report)
