"""The build: read -> nlp/extract (two passes) -> merge -> export.

``build()`` is the Python API behind ``kgnotes build``; it returns the
KnowledgeGraph (with ``.rdf``, ``.nx``, ``.query()``) and, unless told not
to, writes the output contract of DESIGN.md into the output folder.
"""
from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from tqdm import tqdm

from . import __version__
from .analytics import analyse
from .config import Settings, load_settings
from .corpus import read_corpus
from .extract import extract_note, harvest_note
from .merge import merge
from .model import KnowledgeGraph
from .nlp import make_pipeline
from .vocabulary import build_vocabulary


class BuildError(Exception):
    """A user mistake that stops a build (missing folder, bad config ...)."""


@dataclass
class BuildSummary:
    notes: int = 0
    concepts: int = 0
    relations: int = 0
    typed_relations: int = 0
    references: int = 0
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    files: dict[str, Path] = field(default_factory=dict)


def _check_dirs(corpus: Path, out: Path | None) -> None:
    if not corpus.is_dir():
        raise BuildError(f"corpus folder not found: {corpus}")
    if out is not None:
        c, o = corpus.resolve(), out.resolve()
        if o == c or c in o.parents:
            raise BuildError(f"output folder {out} is inside the corpus {corpus}; kgnotes never writes into your notes")


def _bar(items, desc: str, show: bool):
    return tqdm(items, desc=desc, unit="note", disable=not show, file=sys.stderr, leave=False)


def extract_graph(
    corpus: Path,
    settings: Settings | None = None,
    *,
    progress: bool = False,
    warn: Callable[[str], None] | None = None,
) -> KnowledgeGraph:
    """Read, extract and merge a corpus into a KnowledgeGraph (nothing written)."""
    corpus = Path(corpus)
    settings = settings or load_settings(corpus)
    warnings: list[str] = []

    def _warn(msg: str):
        warnings.append(msg)
        if warn:
            warn(msg)

    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = round(now - clock, 3)
        clock = now

    notes = list(read_corpus(corpus, _warn, settings.max_file_mb))
    lap("read")
    nlp1 = make_pipeline()
    harvests = {n.id: harvest_note(nlp1, n) for n in _bar(notes, "harvest", progress)}
    lap("harvest")
    vocab = build_vocabulary(list(harvests.values()), settings)
    lap("vocabulary")
    nlp2 = make_pipeline(vocab)
    facts = {n.id: extract_note(nlp2, n) for n in _bar(notes, "extract", progress)}
    lap("extract")
    kg = merge(notes, harvests, facts, vocab, warnings)
    lap("merge")
    analyse(kg)
    lap("analytics")
    kg.build["timings"] = timings
    return kg


def write_outputs(kg: KnowledgeGraph, out: Path, *, lang: str = "zh", gexf: bool = False) -> dict[str, Path]:
    from .nxgraph import write_gexf, write_graphml
    from .rdf import write_rdf

    out.mkdir(parents=True, exist_ok=True)
    files = dict(write_rdf(kg, out))
    files["graphml"] = write_graphml(kg, out / "graph.graphml")
    if gexf:  # networkx's GEXF writer is slow on large graphs: on request
        files["gexf"] = write_gexf(kg, out / "graph.gexf")
    try:
        from .html import write_category_maps, write_map
    except ImportError:  # the map module is optional while it is being built
        return files
    files["html"] = write_map(kg, out / "index.html", lang=lang)
    write_category_maps(kg, out, lang=lang)
    return files


def build(
    corpus: str | Path = "corpus",
    out: str | Path | None = "output",
    *,
    lang: str = "zh",
    gexf: bool = False,
    progress: bool = False,
    warn: Callable[[str], None] | None = None,
) -> KnowledgeGraph:
    """Build the knowledge graph of ``corpus``; write it to ``out`` unless None."""
    t0 = time.perf_counter()
    corpus = Path(corpus)
    out_dir = Path(out) if out is not None else None
    _check_dirs(corpus, out_dir)
    started = datetime.now(timezone.utc).isoformat(timespec="seconds")
    try:
        settings = load_settings(corpus)
    except ValueError as exc:
        raise BuildError(str(exc)) from None
    kg = extract_graph(corpus, settings, progress=progress, warn=warn)
    timings = kg.build.get("timings", {})
    kg.build = {
        "timings": timings,
        "version": __version__,
        "started": started,
        "ended": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "settings": {**settings.as_dict(), "lang": lang},
        "corpus": str(corpus.resolve()),
    }
    if out_dir is not None:
        kg.out_dir = out_dir
        t1 = time.perf_counter()
        kg.build["files"] = {k: str(v) for k, v in write_outputs(kg, out_dir, lang=lang, gexf=gexf).items()}
        timings["write"] = round(time.perf_counter() - t1, 3)
    kg.build["seconds"] = round(time.perf_counter() - t0, 3)
    return kg


def summarise(kg: KnowledgeGraph) -> BuildSummary:
    return BuildSummary(
        notes=len(kg.notes),
        concepts=len(kg.concepts),
        relations=len(kg.relations),
        typed_relations=sum(1 for r in kg.relations if r.rel != "related"),
        references=len(kg.references),
        warnings=list(kg.warnings),
        seconds=kg.build.get("seconds", 0.0),
        files={k: Path(v) for k, v in kg.build.get("files", {}).items()},
    )
