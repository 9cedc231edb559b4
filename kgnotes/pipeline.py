"""The build: read -> nlp/extract (two passes) -> merge -> export.

``build()`` is the Python API behind ``kgnotes build``; it returns the
KnowledgeGraph (with ``.rdf``, ``.nx``, ``.query()``) and, unless told not
to, writes the output contract of DESIGN.md into the output folder.
"""
from __future__ import annotations

import gc
import json
import multiprocessing as mp
import os
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from tqdm import tqdm

from . import __version__
from .analytics import analyse
from .atomic import write_text
from .cache import CACHE_DIR, BuildCache, package_fingerprint
from .config import CONFIG_NAME, Settings, load_settings
from .corpus import find_note_files, note_id, read_file
from .extract import extract_note, harvest_note
from .gcpause import paused_gc
from .merge import merge
from .model import Harvest, KnowledgeGraph, Note, NoteFacts
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


def _bar(items, desc: str, show: bool, total: int | None = None):
    return tqdm(items, desc=desc, unit="note", total=total, disable=not show, file=sys.stderr, leave=False)


# Worker state, set before the pool forks (shared copy-on-write, not
# pickled); each worker builds its own pipeline once.
_NOTES: list[Note] = []
_NLP = None
_READ: tuple = ()  # (corpus root, max_file_mb, traditional_to_simplified, cache) for pass 1


def _init_worker(vocab) -> None:
    global _NLP
    gc.enable()  # the parent pauses it around bulk work; a worker makes Docs, collects its own garbage
    _NLP = make_pipeline(vocab)


def _read_and_harvest(path: Path) -> tuple[Note | None, list[str], Harvest | None]:
    """Pass 1 in a worker: read the file and harvest it (reading is per-file
    work too, so it runs on every core)."""
    root, max_mb, simplified, cache = _READ
    warnings: list[str] = []
    note = read_file(path, root, warnings.append, max_mb, simplified)
    if note is None:
        return None, warnings, None
    try:
        return note, warnings, cache.harvest(note) or harvest_note(_NLP, note)
    except Exception as exc:  # a fault of ours on one note must not stop the build
        warnings.append(_fault(note.id, "its terms were not harvested", exc))
        return note, warnings, Harvest(note_id=note.id)


def _extract_at(i: int) -> tuple[NoteFacts, str | None]:
    """Pass 2 on one note: its facts, and a warning when extraction failed
    (the note then keeps its title and no facts; nothing else is lost)."""
    note = _NOTES[i]
    try:
        return extract_note(_NLP, note), None
    except Exception as exc:  # a fault of ours on one note must not stop the build
        return NoteFacts(note_id=note.id, title=note.title), _fault(note.id, "its concepts were not extracted", exc)


def _fault(note_id: str, what: str, exc: Exception) -> str:
    detail = " ".join(str(exc).split())[:160]
    return f"{note_id}: {what} ({type(exc).__name__}: {detail}); please report this with the note"


def _run_pass(fn, items: list, vocab, workers: int, desc: str, progress: bool) -> list:
    """fn over ``items``, in order, in ``workers`` processes.
    Results come back in input order, so output never depends on workers."""
    if not items:
        return []
    # What exists now (the loaded cache, the notes) is frozen: collections
    # while the pass makes Docs skip it (and in forked workers do not touch,
    # so copy, its pages); results are unpickled with gc paused.
    gc.freeze()
    if workers <= 1 or len(items) < 8 or "fork" not in mp.get_all_start_methods():
        try:
            _init_worker(vocab)
            return [fn(x) for x in _bar(items, desc, progress)]
        finally:
            gc.unfreeze()
    ctx = mp.get_context("fork")
    try:
        with ctx.Pool(workers, initializer=_init_worker, initargs=(vocab,)) as pool, paused_gc():
            chunk = max(1, min(64, len(items) // (workers * 8)))
            return list(_bar(pool.imap(fn, items, chunksize=chunk), desc, progress, total=len(items)))
    finally:
        gc.unfreeze()


def _stat_signature(path: Path, settings: Settings) -> tuple | None:
    try:
        st = path.stat()
    except OSError:
        return None  # read_file will say why
    return (st.st_size, st.st_mtime_ns, settings.max_file_mb, settings.traditional_to_simplified)


def read_and_harvest(
    corpus: Path, settings: Settings, cache: BuildCache, workers: int, warn: Callable[[str], None], progress: bool
) -> tuple[list[Note], dict[str, Harvest], int]:
    """Pass 1: every note file read and harvested; files unchanged since the
    last build (same size and mtime) come from the cache without being read."""
    global _READ
    # with a loaded cache (millions of objects) every full collection walks
    # them all: the bookkeeping here runs with the collector paused
    with paused_gc():
        paths = find_note_files(corpus)
        signatures = [_stat_signature(p, settings) for p in paths]
        results: list = [None] * len(paths)
        todo = []
        for i, (path, sig) in enumerate(zip(paths, signatures)):
            hit = cache.note(note_id(path, corpus), sig) if sig is not None else None
            harvest = cache.harvest(hit[0]) if hit else None
            if hit and harvest is not None:
                results[i] = (hit[0], hit[1], harvest)
            else:
                todo.append(i)
    _READ = (corpus, settings.max_file_mb, settings.traditional_to_simplified, cache)
    try:
        fresh = _run_pass(_read_and_harvest, [paths[i] for i in todo], None, workers, "read", progress)
    finally:
        _READ = ()
    for i, result in zip(todo, fresh):
        results[i] = result
    notes, harvests = [], {}
    with paused_gc():
        for path, sig, (note, warnings, harvest) in zip(paths, signatures, results):
            for message in warnings:
                warn(message)
            if note is None:
                continue
            if sig is not None:
                cache.put_note(note.id, sig, note, warnings)
            cache.put_harvest(note, harvest)
            notes.append(note)
            harvests[note.id] = harvest
    return notes, harvests, len(todo)


def extract_graph(
    corpus: Path,
    settings: Settings | None = None,
    *,
    progress: bool = False,
    warn: Callable[[str], None] | None = None,
    workers: int | None = None,
    cache: BuildCache | None = None,
) -> KnowledgeGraph:
    """Read, extract and merge a corpus into a KnowledgeGraph (nothing written)."""
    global _NOTES
    corpus = Path(corpus)
    settings = settings or load_settings(corpus)
    workers = workers or settings.workers or 1
    cache = cache or BuildCache(None, enabled=False)
    warnings: list[str] = []
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def _warn(msg: str):
        warnings.append(msg)
        if warn:
            warn(msg)

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = round(now - clock, 3)
        clock = now

    notes, harvests, timings["files_read"] = read_and_harvest(corpus, settings, cache, workers, _warn, progress)
    _NOTES = notes
    lap("read_harvest")
    with paused_gc():
        vocab = cache.vocabulary(harvests, settings.as_dict())
        timings["vocabulary_reused"] = int(vocab is not None)
        if vocab is None:
            vocab = build_vocabulary(list(harvests.values()), settings)
        cache.put_vocabulary(vocab, settings.as_dict())
    lap("vocabulary")
    with paused_gc():
        facts = cache.reusable_facts(notes, vocab.label_index, vocab.note_senses)
    todo = [i for i, n in enumerate(notes) if n.id not in facts]
    failed = set()
    for i, (f, fault) in zip(todo, _run_pass(_extract_at, todo, vocab, workers, "extract", progress)):
        facts[notes[i].id] = f
        if fault:
            _warn(fault)
            failed.add(notes[i].id)  # not cached: the next build tries again
    with paused_gc():
        for n in notes:
            if n.id not in failed:
                cache.put_facts(n, facts[n.id])
        facts = {n.id: facts[n.id] for n in notes}
    timings["extracted"] = len(todo)
    lap("extract")
    with paused_gc():
        kg = merge(notes, facts, vocab, warnings)
        lap("merge")
        analyse(kg)
        lap("analytics")
        cache.save(vocab.label_index, vocab.note_senses)
        lap("cache_save")
    _NOTES = []
    kg.build["timings"] = timings
    return kg


def write_outputs(
    kg: KnowledgeGraph, out: Path, *, lang: str = "zh", gexf: bool = False, timings: dict | None = None,
    previous: bool = False,
) -> dict[str, Path]:
    """Every output file. ``previous``: the last build into ``out`` finished,
    so what it left (the store, its N-Quads) can be updated, not redone."""
    from .html import write_all_maps
    from .nxgraph import write_gexf, write_graphml
    from .rdf import finish_rdf, write_rdf

    timings = {} if timings is None else timings
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = round(now - clock, 3)
        clock = now

    out.mkdir(parents=True, exist_ok=True)
    # Oxigraph writes the RDF files (in a process of their own) and the store
    # (in a thread, Rust, no GIL) while Python writes GraphML and the maps.
    with ThreadPoolExecutor(1) as pool:
        jobs = write_rdf(kg, out, pool, keep=out / CACHE_DIR / NQUADS_FILE, previous=previous)
        lap("write_nquads")
        try:
            copied: dict = {}
            graphml = write_graphml(kg, out / "graph.graphml", index=out / CACHE_DIR / "graphml.pkl",
                                    stamp=package_fingerprint(), reuse=previous, stats=copied)
            lap("write_graphml")
            timings["graphml_notes_copied"] = copied.get("reused", 0)  # edges taken from the last file
            gexf_file = write_gexf(kg, out / "graph.gexf") if gexf else None  # networkx's GEXF writer is slow: on request
            html = write_all_maps(kg, out, lang=lang, layout_cache=out / CACHE_DIR / "layout.pkl")
            lap("write_maps")
        finally:
            files = finish_rdf(jobs, out)
            lap("write_rdf_wait")  # what Oxigraph (a thread and a process) still needed after the maps
    timings["store_updated"] = int(files.pop("store_how") == "updated")  # 0: loaded anew
    files["graphml"] = graphml
    if gexf_file is not None:
        files["gexf"] = gexf_file
    files["html"] = html
    return files


def build(
    corpus: str | Path = "corpus",
    out: str | Path | None = "output",
    *,
    lang: str = "zh",
    gexf: bool = False,
    full: bool = False,
    workers: int | None = None,
    progress: bool = False,
    warn: Callable[[str], None] | None = None,
) -> KnowledgeGraph:
    """Build the knowledge graph of ``corpus``; write it to ``out`` unless None.

    Incremental by default: with a cache from an earlier build in ``out``,
    only changed notes are read again (``full=True`` ignores the cache).
    ``workers`` defaults to the machine's cores; the output does not depend on it."""
    t0 = time.perf_counter()
    corpus = Path(corpus)
    out_dir = Path(out) if out is not None else None
    _check_dirs(corpus, out_dir)
    started = datetime.now(timezone.utc).isoformat(timespec="seconds")
    try:
        settings = load_settings(corpus)
    except ValueError as exc:
        raise BuildError(str(exc)) from None
    workers = workers or os.cpu_count() or 1
    manifest = _manifest(corpus, settings, lang, gexf)
    if out_dir is not None and not full:
        kg = _up_to_date(out_dir, manifest)
        if kg is not None:  # nothing changed since the last build: its outputs stand
            for message in kg.warnings:
                if warn:
                    warn(message)
            kg.build = {**kg.build, "up_to_date": True, "seconds": round(time.perf_counter() - t0, 3),
                        "timings": {"files_read": 0, "extracted": 0}}
            return kg
    previous = False
    if out_dir is not None:
        manifest_file = out_dir / CACHE_DIR / MANIFEST_FILE
        # the last build finished: its store can be updated (--full redoes it)
        previous = manifest_file.is_file() and not full
        manifest_file.unlink(missing_ok=True)  # outputs are about to change
    t1 = time.perf_counter()
    cache = BuildCache(out_dir, reuse=not full)  # --full takes nothing from it, and leaves a new one
    cache_load = round(time.perf_counter() - t1, 3)
    kg = extract_graph(corpus, settings, progress=progress, warn=warn, workers=workers, cache=cache)
    del cache  # saved already; the notes' texts and facts it holds are not needed to write
    timings = {"cache_load": cache_load, **kg.build.get("timings", {})}
    kg.build = {
        "timings": timings,
        "version": __version__,
        "started": started,
        "ended": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "settings": {**settings.as_dict(), "lang": lang},
        "workers": workers,
        "corpus": str(corpus.resolve()),
    }
    if out_dir is not None:
        kg.out_dir = out_dir
        t1 = time.perf_counter()
        with paused_gc():
            files = write_outputs(kg, out_dir, lang=lang, gexf=gexf, timings=timings, previous=previous)
        kg.build["files"] = {k: str(v) for k, v in files.items()}
        t2 = time.perf_counter()
        with paused_gc():
            save_graph(kg, out_dir)
        timings["save_graph"] = round(time.perf_counter() - t2, 3)
        timings["write"] = round(time.perf_counter() - t1, 3)
        write_text(out_dir / CACHE_DIR / MANIFEST_FILE, json.dumps(manifest, ensure_ascii=False, sort_keys=True))
    kg.build["seconds"] = round(time.perf_counter() - t0, 3)
    return kg


MANIFEST_FILE = "manifest.json"
NQUADS_FILE = "graph.nq"  # what the store holds, kept for the next build's difference


def _manifest(corpus: Path, settings: Settings, lang: str, gexf: bool) -> dict:
    """What a build's outputs depend on: every note file's size and mtime,
    the settings, the options and kgnotes itself."""
    files = {}
    for path in [*find_note_files(corpus), corpus / CONFIG_NAME]:
        try:
            st = path.stat()
            files[path.relative_to(corpus).as_posix()] = [st.st_size, st.st_mtime_ns]
        except OSError:
            pass
    return {"kgnotes": package_fingerprint(), "settings": settings.as_dict(), "lang": lang, "gexf": gexf, "files": files}


def _up_to_date(out_dir: Path, manifest: dict) -> KnowledgeGraph | None:
    """The last build's graph when its manifest is this one and its files are
    all there (a build that stopped half way left no manifest)."""
    try:
        saved = json.loads((out_dir / CACHE_DIR / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if saved != json.loads(json.dumps(manifest)):
        return None
    kg = load_graph(out_dir)
    if kg is None or not all(Path(f).exists() for f in kg.build.get("files", {}).values()):
        return None
    if any(n.categories for n in kg.notes.values()) and not (out_dir / "maps").is_dir():
        return None  # the category maps were removed
    return kg


GRAPH_FILE = "graph.pkl"


def save_graph(kg: KnowledgeGraph, out_dir: Path) -> None:
    """The model itself, beside the cache, so the inspecting commands
    (path, related, concepts, map) answer at once instead of rebuilding."""
    import pickle

    from .atomic import atomic_path

    with atomic_path(Path(out_dir) / CACHE_DIR / GRAPH_FILE) as tmp, tmp.open("wb") as f:
        pickle.dump(kg, f, protocol=pickle.HIGHEST_PROTOCOL)


def load_graph(out_dir: Path) -> KnowledgeGraph | None:
    """The graph of the last build into ``out_dir``, if there is one."""
    import pickle

    path = Path(out_dir) / CACHE_DIR / GRAPH_FILE
    try:
        with path.open("rb") as f, paused_gc():
            kg = pickle.load(f)
        return kg if isinstance(kg, KnowledgeGraph) else None
    except Exception:  # missing or from another version: rebuild instead
        return None


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
