"""The interactive HTML map: one self-contained page per graph or subgraph.

The page is our own template (``kgnotes/data/map/``) with vis-network inlined
from the installed pyvis package: pyvis' templates fetch Bootstrap and vis from
CDNs, and its ``add_node``/``add_edge`` are quadratic. Python decides what is
drawn and where (the layout is computed here, so a 20,000-node page needs no
physics); the page's script only renders, searches, filters and explains.

The graph goes into the page as JSON (see ``_page_data``) inside a
``<script type="application/json">`` block, with ``<``, ``>`` and ``&`` escaped
so no note text can close the block. Everything from notes is data: the page
builds its DOM with ``textContent``, never ``innerHTML``.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import multiprocessing as mp
import re
from collections import Counter, defaultdict, deque
from contextlib import contextmanager
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .atomic import write_text
from .gcpause import paused_gc
from .model import KnowledgeGraph
from .text import slug

# Up to this many drawn nodes the page keeps vis-network's physics on (seeded
# with our layout, so it settles in a moment); above it physics would take
# minutes, so positions are final and physics is off.
PHYSICS_MAX_NODES = 300
# Drawing every mention edge would bury the graph (a note mentions dozens of
# concepts); the panel lists them all, the graph draws the strongest few.
MENTION_EDGES_PER_NOTE = 3
# Pairs stated in both directions are one undirected link.
SYMMETRIC = frozenset({"related", "compared_with"})

_VIS_DIR = ("lib", "vis-9.1.2")
_SUBST = re.compile(r"\{\{(\w+)\}\}")


def neighbourhood(kg: KnowledgeGraph, concept_id: str, depth: int = 2) -> set[str]:
    """Concept ids within ``depth`` relation hops of ``concept_id`` (relations
    in ``kg.relations``, either direction), ``concept_id`` included."""
    if concept_id not in kg.concepts:
        raise KeyError(concept_id)
    adjacent: dict[str, set[str]] = defaultdict(set)
    for r in kg.relations:
        if r.head in kg.concepts and r.tail in kg.concepts:
            adjacent[r.head].add(r.tail)
            adjacent[r.tail].add(r.head)
    seen = {concept_id}
    frontier = deque([(concept_id, 0)])
    while frontier:
        node, dist = frontier.popleft()
        if dist == depth:
            continue
        for other in adjacent[node] - seen:
            seen.add(other)
            frontier.append((other, dist + 1))
    return seen


def write_map(
    kg: KnowledgeGraph,
    path: Path,
    *,
    lang: str = "zh",
    title: str = "kgnotes",
    concepts: set[str] | None = None,
    include_notes: bool = True,
) -> Path:
    """Write a self-contained map of ``kg`` -- or of the given concept ids and
    the notes about/mentioning them -- to ``path``, atomically, as UTF-8."""
    with paused_gc():
        return _write_map(_Facts(kg, lang), Path(path), title, concepts, include_notes)


def _write_map(facts: _Facts, path: Path, title: str, concepts: set[str] | None, include_notes: bool) -> Path:
    if concepts is None:
        concept_ids = range(len(facts.concepts))
        note_ids = range(len(facts.notes))
    else:
        concept_ids = [i for i, c in enumerate(facts.concepts) if c in concepts]
        wanted = set(concept_ids)
        note_ids = [j for j in range(len(facts.notes)) if not wanted.isdisjoint(facts.note_concepts(j))]
    text, _ = _page_data(facts, title, concept_ids, note_ids, include_notes)
    return write_text(path, _page(text, title, facts.lang))


def write_all_maps(
    kg: KnowledgeGraph, out_dir: Path, *, lang: str = "zh", layout_cache: Path | None = None, workers: int = 1
) -> Path:
    """``index.html`` and the category maps, laid out once: the category maps
    reuse the positions of the whole map (no layout per category, and a
    concept sits at the same place in every map).

    ``layout_cache``: a file that keeps the layout between builds. When the
    drawn graph (nodes, edges, communities) is the one laid out last time --
    a rebuild after edits that moved no link -- its positions are reused
    instead of computed again (~3 s at 10,000 notes); the pages are the same
    bytes either way. ``workers`` > 1: the category maps are written by that
    many forked processes (same bytes)."""
    out_dir = Path(out_dir)
    with paused_gc():
        facts = _Facts(kg, lang)
        everything = range(len(facts.concepts)), range(len(facts.notes))
        text, positions = _page_data(facts, "kgnotes", *everything, True, layout_cache=layout_cache)
        path = write_text(out_dir / "index.html", _page(text, "kgnotes", lang))
        _write_category_maps(facts, out_dir, positions, workers)
    return path


def write_category_maps(kg: KnowledgeGraph, out_dir: Path, *, lang: str = "zh", fixed: dict | None = None) -> list[Path]:
    """One map per note category under ``out_dir/maps/<slug>.html``: the
    category's notes and the concepts they are about or mention. ``fixed``:
    positions by ``("c", concept id)`` / ``("n", note id)`` to reuse instead of
    a layout per map."""
    with paused_gc():
        facts = _Facts(kg, lang)
        positions = None
        if fixed is not None:  # a map missing from them gets its own layout
            positions = [fixed.get(("c", c)) for c in facts.concepts] + [fixed.get(("n", n)) for n in facts.notes]
        return _write_category_maps(facts, Path(out_dir), positions)


def _write_category_maps(facts: _Facts, out_dir: Path, positions: list | None, workers: int = 1) -> list[Path]:
    by_category: dict[str, list[int]] = defaultdict(list)
    for j, note in enumerate(facts.kg.notes.values()):
        for category in dict.fromkeys(note.categories):
            by_category[category].append(j)
    jobs: list[tuple[str, str, list[int]]] = []
    used: Counter[str] = Counter()
    for category in sorted(by_category):
        name = slug(category)
        used[name] += 1
        if used[name] > 1:  # two categories with one slug ("C++" / "C")
            name = f"{name}-{used[name]}"
        jobs.append((category, name, by_category[category]))
    global _SHARED
    _SHARED = (facts, Path(out_dir), positions)
    try:
        if workers <= 1 or len(jobs) < 2 or "fork" not in mp.get_all_start_methods():
            return [_write_category_map(job) for job in jobs]
        # The pages are independent: forked workers inherit the facts and
        # the layout, each writes whole pages (the same bytes as one process).
        with mp.get_context("fork").Pool(min(workers, len(jobs))) as pool:
            return pool.map(_write_category_map, jobs, chunksize=1)
    finally:
        _SHARED = None


_SHARED: tuple | None = None  # (facts, out_dir, positions) while category maps are written


def _write_category_map(job: tuple[str, str, list[int]]) -> Path:
    facts, out_dir, positions = _SHARED
    category, name, note_ids = job
    wanted = set().union(*(facts.note_concepts(j) for j in note_ids))
    title = f"kgnotes · {category}"
    text, _ = _page_data(facts, title, sorted(wanted), note_ids, True, positions)
    return write_text(out_dir / "maps" / f"{name}.html", _page(text, title, facts.lang))


def render_page(data: dict, *, title: str, lang: str) -> str:
    """The page for a payload: template + vis-network + our script + data."""
    return _page(json_for_html(data), title, lang)


def _page(data_json: str, title: str, lang: str) -> str:
    parts = dict(_assets())
    parts.update(lang=html.escape(lang), title=html.escape(title), data=data_json)
    # One pass, so text inserted for one marker is never scanned for another.
    return _SUBST.sub(lambda m: parts[m.group(1)], _template())


@lru_cache(maxsize=1)
def _template() -> str:
    return resources.files("kgnotes").joinpath("data", "map", "map.html").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _assets() -> tuple[tuple[str, str], ...]:
    """The scripts and styles every page inlines, read and hashed once."""
    here = resources.files("kgnotes").joinpath("data", "map")
    vis = resources.files("pyvis").joinpath(*_VIS_DIR)
    vis_js = _inline(vis.joinpath("vis-network.min.js").read_text(encoding="utf-8"), "script")
    map_js = _inline(here.joinpath("map.js").read_text(encoding="utf-8"), "script")
    return (
        # The CSP allows exactly our two scripts (by hash): even if note text
        # ever reached the DOM as markup, an inline handler would not run.
        ("script_hashes", " ".join(_csp_hash(code) for code in (vis_js, map_js))),
        ("vis_css", _inline(vis.joinpath("vis-network.css").read_text(encoding="utf-8"), "style")),
        ("map_css", _inline(here.joinpath("map.css").read_text(encoding="utf-8"), "style")),
        ("vis_js", vis_js),
        ("map_js", map_js),
    )


def json_for_html(data) -> str:
    """JSON that is inert inside ``<script type="application/json">``: ``<``,
    ``>`` and ``&`` become ``\\u003c`` etc., so ``</script>`` or ``<!--`` in note
    text cannot end the block; ``JSON.parse`` reads them back unchanged."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _inline(code: str, tag: str) -> str:
    """Library code inlined into a ``<script>``/``<style>`` must not end it early."""
    return re.sub(rf"</({tag})", r"<\\/\1", code, flags=re.IGNORECASE)


def _csp_hash(code: str) -> str:
    return "'sha256-%s'" % base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode()


def _number(x) -> str:
    """A float or int as ``json.dumps`` writes it."""
    return float.__repr__(x) if type(x) is float and math.isfinite(x) else json.dumps(x)


class _Facts:
    """What every page of one graph shares, computed once: the facts as
    arrays of global indices (concept ``i`` = ``i``-th of ``kg.concepts``,
    note ``j`` = ``j``-th of ``kg.notes``, -1 for none), each page selecting
    and renumbering its rows with numpy, and every string already encoded as
    page JSON. A page's rows are then assembled from those encoded cells
    (``_table``): ``json.dumps`` of ~800,000 small lists per page was most of
    the time of 16 pages at 10,000 notes."""

    def __init__(self, kg: KnowledgeGraph, lang: str):
        import numpy as np

        self.kg, self.lang = kg, lang
        self.concepts = list(kg.concepts)
        self.notes = list(kg.notes)
        cpos = {c: i for i, c in enumerate(self.concepts)}
        npos = {n: j for j, n in enumerate(self.notes)}
        words: dict[tuple, int] = {}  # (type, value) -> its place in self.words
        self.words: list[str] = []  # distinct strings and numbers, encoded once as page JSON

        def word(value) -> int:
            key = (type(value), value)  # 1 and 1.0 are one dict key, but not one JSON text
            found = words.get(key)
            if found is None:
                found = words[key] = len(self.words)
                self.words.append(_number(value) if type(value) in (int, float) else json_for_html(value))
            return found

        def array(values, dtype=np.int64):
            return np.array(values, dtype=dtype)

        # about and mentions: the rows of note j are rows off[j]:off[j+1]
        about, mentions = [], []
        self.m_raw: list = []  # the counts themselves (the drawn edges weigh by them)
        a_off, m_off = [0], [0]
        for n in self.notes:
            about.extend(cpos[c] for c in kg.about.get(n, ()) if c in cpos)
            a_off.append(len(about))
            # the panel lists a note's mentions most frequent first
            for c, count in sorted(kg.mentions.get(n, {}).items(), key=lambda kv: -kv[1]):
                if c in cpos:
                    mentions.append(cpos[c])
                    self.m_raw.append(count)
            m_off.append(len(mentions))
        typed = list(zip(map(type, self.m_raw), self.m_raw))
        count_word = {key: word(key[1]) for key in dict.fromkeys(typed)}
        m_count = list(map(count_word.__getitem__, typed))
        self.about, self.a_off = array(about), array(a_off)
        self.mentions, self.m_count, self.m_off = array(mentions), array(m_count), array(m_off)
        self.a_note = np.repeat(np.arange(len(self.notes)), np.diff(self.a_off))
        self.m_note = np.repeat(np.arange(len(self.notes)), np.diff(self.m_off))

        rels = kg.relations
        self.r_head = array([cpos.get(r.head, -1) for r in rels])
        self.r_tail = array([cpos.get(r.tail, -1) for r in rels])
        self.r_note = array([npos.get(r.note, -1) for r in rels])
        self.r_rel = [r.rel for r in rels]
        self.r_weight = [r.weight for r in rels]
        self.r_cells = [array([word(r.rel) for r in rels]), array([word(r.evidence) for r in rels]),
                        array([word(r.weight) for r in rels])]
        refs = kg.references
        self.f_source = array([npos.get(r.source, -1) for r in refs])
        self.f_target = array([npos.get(r.target, -1) for r in refs])
        self.f_via = array([cpos.get(r.via, -1) if r.via else -1 for r in refs])
        self.f_cells = [array([word(r.kind) for r in refs]), array([word(r.link or "") for r in refs])]
        self.words_arr = np.array(self.words, dtype=object)

        # concepts and notes: all but their per-page fields, as the start of their JSON object
        self.c_head = []
        for cid, c in kg.concepts.items():
            obj = {"id": cid, "label": c.pref.get(lang) or c.label("en" if lang == "zh" else "zh"),
                   "labels": c.labels, "evidence": c.evidence, "community": c.community}
            self.c_head.append(json_for_html(obj)[:-1])
        self.n_head = []
        for nid, n in kg.notes.items():
            obj = {"id": nid, "title": n.title or nid, "url": _file_url(n.path), "date": str(n.date) if n.date else "",
                   "categories": list(n.categories), "tags": list(n.tags), "community": n.community}
            self.n_head.append(json_for_html(obj)[:-1])
        self.c_rank = [c.rank for c in kg.concepts.values()]
        self.n_rank = [n.rank for n in kg.notes.values()]
        self.communities = [c.community for c in kg.concepts.values()] + [n.community for n in kg.notes.values()]
        self._ints = np.array([str(i) for i in range(-1, len(self.concepts) + len(self.notes) + 1)], dtype=object)

    def note_concepts(self, j: int) -> set[int]:
        """The concepts note ``j`` is about or mentions."""
        return {*self.about[self.a_off[j]:self.a_off[j + 1]].tolist(),
                *self.mentions[self.m_off[j]:self.m_off[j + 1]].tolist()}

    def ints(self, values):
        """Cells for page indices (-1 included)."""
        return self._ints, values + 1

    def rows(self, off, notes):
        """The positions, in ``about``/``mentions`` arrays with offsets
        ``off``, of the rows of the given notes, in their order."""
        import numpy as np

        starts, ends = off[notes], off[notes + 1]
        lengths = ends - starts
        total = int(lengths.sum())
        # one arange, shifted at each note's first row to that note's start
        shift = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
        return np.arange(total) + shift


def _table(columns) -> str:
    """The JSON text of a list of rows, ``[[a,b,..],..]``, from encoded
    cells: ``columns`` holds per column the encoded texts (an object array)
    and, per row, the index of its text."""
    import numpy as np

    k = len(columns)
    n = len(columns[0][1])
    if n == 0:
        return "[]"
    cells = np.empty(n * k, dtype=object)
    for col, (texts, picks) in enumerate(columns):
        if col == 0:
            texts = "[" + texts
        if col == k - 1:
            texts = texts + "]"
        cells[col::k] = texts[picks]
    return "[" + ",".join(cells.tolist()) + "]"


def _page_data(facts: _Facts, title: str, concept_ids, note_ids, draw_notes: bool, positions: list | None = None,
               layout_cache: Path | None = None):
    """The page's JSON (as ``json_for_html`` of the payload below would write
    it) and, per global concept then note, the position it was given.

    What the page needs, as compact JSON: nodes, the drawn edges (with their
    layout) and the facts the side panel shows. Concepts and notes are
    referred to by index; drawn node ``i`` is concept ``i`` for
    ``i < len(concepts)``, else note ``i - len(concepts)``. ``concept_ids``
    and ``note_ids`` are global indices in ``kg`` order (notes drawn in the
    given order); ``positions`` reuses a layout instead of making one."""
    import numpy as np

    nc_all, nn_all = len(facts.concepts), len(facts.notes)
    concept_ids = np.asarray(concept_ids, dtype=np.int64)
    note_ids = np.asarray(note_ids, dtype=np.int64)
    # global -> page index; the extra last slot maps -1 ("none") to -1
    cidx = np.full(nc_all + 1, -1, dtype=np.int64)
    cidx[concept_ids] = np.arange(len(concept_ids))
    shown = (cidx[facts.r_head] >= 0) & (cidx[facts.r_tail] >= 0)
    # The panel also names, without drawing them, the notes that state a
    # relation between shown concepts (a focused map may not include them).
    extra = set(facts.r_note[shown & (facts.r_note >= 0)].tolist()) - set(note_ids.tolist())
    extra_ids = sorted(extra, key=facts.notes.__getitem__)
    note_list = np.concatenate([note_ids, np.array(extra_ids, dtype=np.int64)])
    nidx = np.full(nn_all + 1, -1, dtype=np.int64)
    nidx[note_list] = np.arange(len(note_list))
    n_drawn = len(note_ids) if draw_notes else 0
    nc = len(concept_ids)

    # The map's own notes bring what they are about, mention and reference;
    # the extra notes are named as sources of relation evidence only (their
    # facts would be most of a category map's bytes, about other categories).
    rows = facts.rows(facts.a_off, note_ids)
    about_c = cidx[facts.about[rows]]
    keep = about_c >= 0
    about_n, about_c = nidx[facts.a_note[rows]][keep], about_c[keep]
    rows = facts.rows(facts.m_off, note_ids)
    ment_c = cidx[facts.mentions[rows]]
    keep = ment_c >= 0
    ment_rows, ment_n, ment_c = rows[keep], nidx[facts.m_note[rows]][keep], ment_c[keep]
    rel_rows = np.flatnonzero(shown & (facts.r_head != facts.r_tail))
    rel_h, rel_t = cidx[facts.r_head[rel_rows]], cidx[facts.r_tail[rel_rows]]
    own = np.full(nn_all + 1, -1, dtype=np.int64)
    own[note_ids] = np.arange(len(note_ids))
    ref_s, ref_t = own[facts.f_source], own[facts.f_target]
    ref_rows = np.flatnonzero((ref_s >= 0) & (ref_t >= 0) & (facts.f_source != facts.f_target))
    ref_s, ref_t = ref_s[ref_rows], ref_t[ref_rows]

    edges = _drawn_edges(facts, nc, n_drawn, (about_n, about_c), (ment_rows, ment_n, ment_c),
                         (rel_rows, rel_h, rel_t), (ref_s, ref_t))
    ends = np.array([e[:2] for e in edges], dtype=np.int64).reshape(-1, 2)
    degree = np.bincount(ends.ravel(), minlength=nc + len(note_list)).tolist()
    globals_ = concept_ids.tolist() + (note_list + nc_all).tolist()
    if positions is not None and all(positions[g] is not None for g in globals_):
        page_positions, regions = [positions[g] for g in globals_], []
    else:
        communities = [facts.communities[g] for g in globals_]
        active = set(range(nc + n_drawn))
        page_positions, regions = _cached_layout(layout_cache, len(communities), edges, active, communities)
    placed = [(0.0, 0.0)] * (nc_all + nn_all)
    for g, xy in zip(globals_, page_positions):
        placed[g] = xy

    concepts_out = []
    sizes = _importance([facts.c_rank[i] for i in concept_ids.tolist()], degree[:nc])
    for i, g in enumerate(concept_ids.tolist()):
        x, y = page_positions[i]
        concepts_out.append(f'{facts.c_head[g]},"size":{_number(sizes[i])},"x":{_number(x)},"y":{_number(y)}}}')
    notes_out = []
    sizes = _importance([facts.n_rank[j] for j in note_list.tolist()], degree[nc:])
    for j, g in enumerate(note_list.tolist()):
        x, y = page_positions[nc + j]
        drawn = "true" if j < n_drawn else "false"
        notes_out.append(f'{facts.n_head[g]},"size":{_number(sizes[j])},"drawn":{drawn},"x":{_number(x)},"y":{_number(y)}}}')
    physics = nc + n_drawn <= PHYSICS_MAX_NODES
    words = facts.words_arr
    edge_words = {}
    edge_rel = np.array([edge_words.setdefault(e[2], len(edge_words)) for e in edges], dtype=np.int64)
    weights = {}
    edge_w = np.array([weights.setdefault(e[3], len(weights)) for e in edges], dtype=np.int64)
    parts = [
        ("title", json_for_html(title)),
        ("lang", json_for_html(facts.lang)),
        ("physics", "true" if physics else "false"),
        ("concepts", "[" + ",".join(concepts_out) + "]"),
        ("notes", "[" + ",".join(notes_out) + "]"),
        ("about", _table([facts.ints(about_n), facts.ints(about_c)])),
        ("mentions", _table([facts.ints(ment_n), facts.ints(ment_c), (words, facts.m_count[ment_rows])])),
        ("relations", _table([
            facts.ints(rel_h), (words, facts.r_cells[0][rel_rows]), facts.ints(rel_t),
            facts.ints(nidx[facts.r_note[rel_rows]]), (words, facts.r_cells[1][rel_rows]),
            (words, facts.r_cells[2][rel_rows]),
        ])),
        ("references", _table([
            facts.ints(ref_s), facts.ints(ref_t), facts.ints(cidx[facts.f_via[ref_rows]]),
            (words, facts.f_cells[0][ref_rows]), (words, facts.f_cells[1][ref_rows]),
        ])),
        ("edges", _table([
            facts.ints(ends[:, 0]), facts.ints(ends[:, 1]),
            (np.array([json_for_html(r) for r in edge_words], dtype=object), edge_rel),
            (np.array([_number(w) for w in weights], dtype=object), edge_w),
        ])),
        ("regions", json_for_html([] if physics else regions)),  # physics moves the nodes out of them
    ]
    return "{" + ",".join(f'"{key}":{value}' for key, value in parts) + "}", placed


def _drawn_edges(facts: _Facts, n_concepts: int, n_drawn: int, about, mentions, relations, references) -> list[list]:
    """``[from, to, type, weight]`` per drawn edge: one per concept pair and
    relation type (weights summed over the notes stating it), note→concept for
    ``about`` and the strongest mentions, note→note for references. Drawn
    notes are the page's first ``n_drawn`` notes."""
    import numpy as np

    edges: dict[tuple, float] = {}
    rel_rows, rel_h, rel_t = relations
    for k, h, t in zip(rel_rows.tolist(), rel_h.tolist(), rel_t.tolist()):
        rel, weight = facts.r_rel[k], facts.r_weight[k]
        key = (min(h, t), max(h, t), rel) if rel in SYMMETRIC else (h, t, rel)
        edges[key] = edges.get(key, 0.0) + (weight or 1.0)
    about_n, about_c = about
    for n, c in zip(about_n.tolist(), about_c.tolist()):
        if n < n_drawn:
            edges[(n_concepts + n, c, "about")] = 1.0
    # the strongest mentions of each drawn note that are not what it is about
    # (rows come grouped by note, most frequent first)
    m_rows, m_n, m_c = mentions
    keep = m_n < n_drawn
    m_rows, m_n, m_c = m_rows[keep], m_n[keep], m_c[keep]
    width = n_concepts + 1
    keep = ~np.isin(m_n * width + m_c, about_n * width + about_c)
    m_rows, m_n, m_c = m_rows[keep], m_n[keep], m_c[keep]
    first = np.flatnonzero(np.r_[True, m_n[1:] != m_n[:-1]]) if len(m_n) else np.zeros(0, dtype=np.int64)
    rank = np.arange(len(m_n)) - np.repeat(first, np.diff(np.r_[first, len(m_n)]))
    keep = rank < MENTION_EDGES_PER_NOTE
    for n, c, row in zip(m_n[keep].tolist(), m_c[keep].tolist(), m_rows[keep].tolist()):
        edges[(n_concepts + n, c, "mentions")] = float(facts.m_raw[row])
    ref_s, ref_t = references
    keep = (ref_s < n_drawn) & (ref_t < n_drawn)
    for s, t in zip(ref_s[keep].tolist(), ref_t[keep].tolist()):
        edges.setdefault((n_concepts + s, n_concepts + t, "references"), 1.0)
    return [[a, b, rel, round(w, 3)] for (a, b, rel), w in edges.items()]


# Part of the layout cache's key: bump it when _layout gives other positions
# for the same graph.
LAYOUT_VERSION = 1


def _cached_layout(cache: Path | None, n: int, edges: list[list], active: set[int], communities: list) -> tuple[list, list]:
    """``_layout``, or its result from ``cache`` when that was computed for
    the same input (and the same layout code and igraph)."""
    if cache is not None:
        import igraph

        graph = [LAYOUT_VERSION, igraph.__version__, n, [e[:2] for e in edges], sorted(active), communities]
        key = hashlib.sha256(json.dumps(graph, separators=(",", ":"), default=str).encode()).hexdigest()
        try:
            saved = json.loads(Path(cache).read_text(encoding="utf-8"))
            if saved["key"] == key:
                return [tuple(xy) for xy in saved["positions"]], saved["regions"]
        except (OSError, ValueError, KeyError, TypeError):
            pass  # none yet, or unreadable: lay out again
    with _seeded_igraph():
        positions, regions = _layout(n, edges, active, communities)
    if cache is not None:
        write_text(Path(cache), json.dumps({"key": key, "positions": positions, "regions": regions}))
    return positions, regions


@contextmanager
def _seeded_igraph(seed: int = 0):
    """igraph's layouts draw on Python's ``random`` besides their start
    positions; a private generator makes the same graph give the same page."""
    import random

    import igraph

    igraph.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        igraph.set_random_number_generator(random)  # igraph's default


def _layout(n: int, edges: list[list], active: set[int], communities: list[int]) -> tuple[list, list]:
    """Positions for the drawn nodes, community by community: each community
    is a disc laid out on its own, and the discs are placed by a layout of the
    community graph, then pushed apart until none overlap. A plain force
    layout of the whole graph turns the cross-community links into one
    hairball; this keeps every colour a region and takes ~2 s at 20,000 nodes
    (igraph's Fruchterman-Reingold throughout, from fixed seeds, so a build is
    reproducible). Returns positions (nodes that are not drawn get (0, 0))
    and the discs, ``[community, x, y, radius]``, that the page shades."""
    import numpy as np

    out = [(0.0, 0.0)] * n
    members: dict[int, list[int]] = defaultdict(list)
    for node in sorted(active):
        members[communities[node]].append(node)
    if not members:
        return out, []
    groups = sorted((g for g in members.values() if len(g) > 1), key=lambda g: (-len(g), g[0]))
    loose = sorted(g[0] for g in members.values() if len(g) == 1)
    if loose:  # one-node communities (isolated nodes, mostly) share one disc
        groups.append(loose)
    group_of = {node: k for k, group in enumerate(groups) for node in group}
    inner: list[list[tuple[int, int]]] = [[] for _ in groups]
    between: Counter[tuple[int, int]] = Counter()
    for a, b, *_ in edges:
        if a in group_of and b in group_of:
            ga, gb = group_of[a], group_of[b]
            if ga == gb:
                inner[ga].append((a, b))
            else:
                between[(min(ga, gb), max(ga, gb))] += 1
    radii = np.array([_SPACING * math.sqrt(len(g) / math.pi) for g in groups])
    centres = _place_discs(len(groups), between, radii)
    for k, group in enumerate(groups):
        coords = _fr(len(group), inner[k], {node: i for i, node in enumerate(group)})
        coords *= radii[k]
        coords += centres[k]
        for node, (x, y) in zip(group, coords.tolist()):
            out[node] = (round(x, 1), round(y, 1))
    regions = [
        [communities[group[0]], round(float(x), 1), round(float(y), 1), round(float(r), 1)]
        for group, (x, y), r in zip(groups, centres.tolist(), radii.tolist())
        if group is not loose
    ]
    return out, regions


_SPACING = 110.0  # px per node, roughly: a disc of m nodes has area m * _SPACING**2


def _fr(count: int, edges: list[tuple[int, int]], local: dict[int, int] | None = None, weights=None):
    """Fruchterman-Reingold (igraph; grid variant above 1,000 nodes), normalised
    to the unit disc. Starts from a fixed random box of side sqrt(n) -- igraph's
    own start, where it is fastest (a wider or narrower one is 2-10x slower).
    Isolated nodes drift far out under FR; they are pulled in to the rim."""
    import igraph
    import numpy as np

    if count == 1:
        return np.zeros((1, 2))
    pairs = [(local[a], local[b]) for a, b in edges] if local is not None else edges
    seed = np.random.default_rng(count).uniform(-0.5, 0.5, (count, 2)) * math.sqrt(count)
    graph = igraph.Graph(n=count, edges=pairs)
    coords = np.array(graph.layout_fruchterman_reingold(seed=seed.tolist(), weights=weights, niter=300).coords)
    coords -= np.median(coords, axis=0)
    radius = np.hypot(coords[:, 0], coords[:, 1])
    limit = float(np.quantile(radius, 0.95)) or float(radius.max()) or 1.0
    far = radius > limit
    coords[far] *= (limit / radius[far])[:, None]
    return coords / limit


def _place_discs(count: int, between: Counter, radii):
    """Centres for discs of the given radii: a force layout of the community
    graph (weighted by the links between communities), scaled to the discs'
    total area, then overlaps pushed apart, small discs moving more (skipped
    beyond 1,500 communities, where the O(k^2) pass would cost more than it
    gives)."""
    import numpy as np

    if count == 1:
        return np.zeros((1, 2))
    pairs = list(between)
    weights = [math.log1p(between[p]) for p in pairs] or None
    centres = _fr(count, pairs, weights=weights) * math.sqrt(float((radii**2).sum())) * 1.5
    if count > 1500:
        return centres
    need = (radii[:, None] + radii[None, :]) * 1.05 + _SPACING * 0.3
    np.fill_diagonal(need, 0)
    area = radii**2
    share = area[None, :] / (area[:, None] + area[None, :])
    apart = np.triu(np.ones((count, count), dtype=bool), 1)  # fixed directions for coincident centres
    for _ in range(200):
        delta = centres[:, None, :] - centres[None, :, :]
        dist = np.hypot(delta[..., 0], delta[..., 1])
        overlap = np.clip(need - dist, 0.0, None)
        if overlap.max() < _SPACING * 0.05:
            break
        direction = delta / np.maximum(dist, 1e-9)[..., None]
        same = dist < 1e-9
        direction[same & apart] = (1.0, 0.0)
        direction[same & apart.T] = (-1.0, 0.0)
        centres += (direction * (overlap * share)[..., None]).sum(axis=1) * 0.8
    return centres


def _importance(ranks: list[float], degrees: list[int]) -> list[float]:
    """0..1 per node for its size: rank (PageRank from analytics) or, when no
    ranks were computed, degree; square-rooted so hubs do not dwarf the rest."""
    values = ranks if any(ranks) else degrees
    top = max(values, default=0) or 1
    return [round(math.sqrt(max(v, 0) / top), 3) for v in values]


def _file_url(path: str) -> str:
    """``file://`` URL of a note, for the panel's links ("" if not absolute)."""
    p = Path(path) if path else None
    return p.as_uri() if p is not None and p.is_absolute() else ""
