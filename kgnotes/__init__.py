"""kgnotes: study notes -> a knowledge graph of their concepts and cross-references.

>>> import kgnotes
>>> kg = kgnotes.build("corpus/", "output/")   # doctest: +SKIP
>>> kg.query("SELECT ?c WHERE { ?c a skos:Concept } LIMIT 3")  # doctest: +SKIP
"""
__version__ = "0.1.0"

__all__ = ["KnowledgeGraph", "build", "__version__"]


def __getattr__(name: str):
    # Imported on first use: a module run on its own (the RDF writer's child
    # process, ``python -m kgnotes.rdf``) does not pay for spaCy and the pipeline.
    if name == "build":
        from .pipeline import build

        return build
    if name == "KnowledgeGraph":
        from .model import KnowledgeGraph

        return KnowledgeGraph
    raise AttributeError(f"module 'kgnotes' has no attribute {name!r}")
