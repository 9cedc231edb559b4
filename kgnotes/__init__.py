"""kgnotes: study notes -> a knowledge graph of their concepts and cross-references.

>>> import kgnotes
>>> kg = kgnotes.build("corpus/", "output/")   # doctest: +SKIP
>>> kg.query("SELECT ?c WHERE { ?c a skos:Concept } LIMIT 3")  # doctest: +SKIP
"""
__version__ = "0.1.0"

from .model import KnowledgeGraph  # noqa: E402
from .pipeline import build  # noqa: E402

__all__ = ["KnowledgeGraph", "build", "__version__"]
