"""The interactive HTML map: one self-contained page per graph or subgraph.

The page is our own template (``kgnotes/data/map/``) with vis-network inlined
from the installed pyvis package: pyvis' templates fetch Bootstrap and vis from
CDNs, and its ``add_node``/``add_edge`` are quadratic. Python decides what is
drawn and where (the layout is computed here, so a 20,000-node page needs no
physics); the page's script only renders, searches, filters and explains.

The graph goes into the page as JSON (see ``_payload``) inside a
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
import re
from collections import Counter, defaultdict, deque
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from .atomic import write_text
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
    if concepts is None:
        concept_ids = list(kg.concepts)
        note_ids = list(kg.notes)
    else:
        concept_ids = [c for c in kg.concepts if c in concepts]
        wanted = set(concept_ids)
        note_ids = [n for n in kg.notes if _note_concepts(kg, n) & wanted]
    return _write(kg, Path(path), lang, title, concept_ids, note_ids, include_notes)


def write_all_maps(kg: KnowledgeGraph, out_dir: Path, *, lang: str = "zh") -> Path:
    """``index.html`` and the category maps, laid out once: the category maps
    reuse the positions of the whole map (no layout per category, and a
    concept sits at the same place in every map)."""
    out_dir = Path(out_dir)
    data = _payload(kg, lang, "kgnotes", list(kg.concepts), list(kg.notes), True)
    path = write_text(out_dir / "index.html", render_page(data, title="kgnotes", lang=lang))
    fixed = {("c", c["id"]): (c["x"], c["y"]) for c in data["concepts"]}
    fixed.update({("n", n["id"]): (n["x"], n["y"]) for n in data["notes"]})
    write_category_maps(kg, out_dir, lang=lang, fixed=fixed)
    return path


def write_category_maps(kg: KnowledgeGraph, out_dir: Path, *, lang: str = "zh", fixed: dict | None = None) -> list[Path]:
    """One map per note category under ``out_dir/maps/<slug>.html``: the
    category's notes and the concepts they are about or mention."""
    by_category: dict[str, list[str]] = defaultdict(list)
    for note in kg.notes.values():
        for category in dict.fromkeys(note.categories):
            by_category[category].append(note.id)
    paths: list[Path] = []
    used: Counter[str] = Counter()
    for category in sorted(by_category):
        name = slug(category)
        used[name] += 1
        if used[name] > 1:  # two categories with one slug ("C++" / "C")
            name = f"{name}-{used[name]}"
        note_ids = by_category[category]
        wanted = set().union(*(_note_concepts(kg, n) for n in note_ids))
        concept_ids = [c for c in kg.concepts if c in wanted]
        path = Path(out_dir) / "maps" / f"{name}.html"
        paths.append(_write(kg, path, lang, f"kgnotes · {category}", concept_ids, note_ids, True, fixed))
    return paths


def _note_concepts(kg: KnowledgeGraph, note_id: str) -> set[str]:
    return set(kg.about.get(note_id, ())) | set(kg.mentions.get(note_id, {}))


def _write(kg, path, lang, title, concept_ids, note_ids, draw_notes, fixed=None) -> Path:
    data = _payload(kg, lang, title, concept_ids, note_ids, draw_notes, fixed)
    return write_text(path, render_page(data, title=title, lang=lang))


def render_page(data: dict, *, title: str, lang: str) -> str:
    """The page for a payload: template + vis-network + our script + data."""
    here = resources.files("kgnotes").joinpath("data", "map")
    vis = resources.files("pyvis").joinpath(*_VIS_DIR)
    vis_js = _inline(vis.joinpath("vis-network.min.js").read_text(encoding="utf-8"), "script")
    map_js = _inline(here.joinpath("map.js").read_text(encoding="utf-8"), "script")
    parts = {
        "lang": html.escape(lang),
        "title": html.escape(title),
        # The CSP allows exactly our two scripts (by hash): even if note text
        # ever reached the DOM as markup, an inline handler would not run.
        "script_hashes": " ".join(_csp_hash(code) for code in (vis_js, map_js)),
        "vis_css": _inline(vis.joinpath("vis-network.css").read_text(encoding="utf-8"), "style"),
        "map_css": _inline(here.joinpath("map.css").read_text(encoding="utf-8"), "style"),
        "vis_js": vis_js,
        "map_js": map_js,
        "data": json_for_html(data),
    }
    template = here.joinpath("map.html").read_text(encoding="utf-8")
    # One pass, so text inserted for one marker is never scanned for another.
    return _SUBST.sub(lambda m: parts[m.group(1)], template)


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


def _payload(kg, lang, title, concept_ids, note_ids, draw_notes, fixed=None) -> dict:
    """What the page needs, as compact JSON: nodes, the drawn edges (with their
    layout) and the facts the side panel shows. Concepts and notes are referred
    to by index; drawn node ``i`` is concept ``i`` for ``i < len(concepts)``,
    else note ``i - len(concepts)``."""
    cidx = {c: i for i, c in enumerate(concept_ids)}
    # The panel also names, without drawing them, the notes that state a
    # relation between shown concepts (a focused map may not include them).
    extra = {r.note for r in kg.relations if r.head in cidx and r.tail in cidx and r.note in kg.notes}
    note_list = list(dict.fromkeys([*note_ids, *sorted(extra - set(note_ids))]))
    nidx = {n: i for i, n in enumerate(note_list)}
    drawn = set(note_ids) if draw_notes else set()

    about = [[nidx[n], cidx[c]] for n in note_list for c in kg.about.get(n, ()) if c in cidx]
    mentions = [
        [nidx[n], cidx[c], count]
        for n in note_list
        for c, count in sorted(kg.mentions.get(n, {}).items(), key=lambda kv: -kv[1])
        if c in cidx
    ]
    relations = [
        [cidx[r.head], r.rel, cidx[r.tail], nidx.get(r.note, -1), r.evidence, r.weight]
        for r in kg.relations
        if r.head in cidx and r.tail in cidx and r.head != r.tail
    ]
    references = [
        [nidx[r.source], nidx[r.target], cidx.get(r.via, -1) if r.via else -1, r.kind, r.link or ""]
        for r in kg.references
        if r.source in nidx and r.target in nidx and r.source != r.target
    ]
    edges = _drawn_edges(len(concept_ids), nidx, drawn, about, mentions, relations, references)
    communities = [kg.concepts[c].community for c in concept_ids] + [kg.notes[n].community for n in note_list]
    active = set(range(len(concept_ids))) | {len(concept_ids) + nidx[n] for n in drawn}
    keys = [("c", c) for c in concept_ids] + [("n", n) for n in note_list]
    if fixed is not None and all(k in fixed for k in keys):
        positions, regions = [fixed[k] for k in keys], []
    else:
        with _seeded_igraph():
            positions, regions = _layout(len(communities), edges, active, communities)
    degree = Counter(i for e in edges for i in e[:2])

    concepts_out = []
    sizes = _importance([kg.concepts[c].rank for c in concept_ids], [degree[i] for i in range(len(concept_ids))])
    for i, cid in enumerate(concept_ids):
        c = kg.concepts[cid]
        concepts_out.append({
            "id": cid,
            "label": c.pref.get(lang) or c.label("en" if lang == "zh" else "zh"),
            "labels": c.labels,
            "evidence": c.evidence,
            "community": c.community,
            "size": sizes[i],
            "x": positions[i][0],
            "y": positions[i][1],
        })
    off = len(concept_ids)
    notes_out = []
    sizes = _importance([kg.notes[n].rank for n in note_list], [degree[off + j] for j in range(len(note_list))])
    for j, nid in enumerate(note_list):
        n = kg.notes[nid]
        notes_out.append({
            "id": nid,
            "title": n.title or nid,
            "url": _file_url(n.path),
            "date": str(n.date) if n.date else "",
            "categories": list(n.categories),
            "tags": list(n.tags),
            "community": n.community,
            "size": sizes[j],
            "drawn": nid in drawn,
            "x": positions[off + j][0],
            "y": positions[off + j][1],
        })
    physics = len(concept_ids) + len(drawn) <= PHYSICS_MAX_NODES
    return {
        "title": title,
        "lang": lang,
        "physics": physics,
        "concepts": concepts_out,
        "notes": notes_out,
        "about": about,
        "mentions": mentions,
        "relations": relations,
        "references": references,
        "edges": edges,
        "regions": [] if physics else regions,  # physics moves the nodes out of them
    }


def _drawn_edges(n_concepts, nidx, drawn, about, mentions, relations, references) -> list[list]:
    """``[from, to, type, weight]`` per drawn edge: one per concept pair and
    relation type (weights summed over the notes stating it), note→concept for
    ``about`` and the strongest mentions, note→note for references."""
    note_node = {j: n_concepts + j for n, j in nidx.items() if n in drawn}
    edges: dict[tuple, float] = {}
    for h, rel, t, _note, _ev, weight in relations:
        key = (min(h, t), max(h, t), rel) if rel in SYMMETRIC else (h, t, rel)
        edges[key] = edges.get(key, 0.0) + (weight or 1.0)
    about_pairs = {(n, c) for n, c in about}
    for n, c in about:
        if n in note_node:
            edges[(note_node[n], c, "about")] = 1.0
    shown: Counter[int] = Counter()
    for n, c, count in mentions:  # sorted by count within each note
        if n in note_node and (n, c) not in about_pairs and shown[n] < MENTION_EDGES_PER_NOTE:
            shown[n] += 1
            edges[(note_node[n], c, "mentions")] = float(count)
    for s, t, _via, _kind, _link in references:
        if s in note_node and t in note_node:
            edges.setdefault((note_node[s], note_node[t], "references"), 1.0)
    return [[a, b, rel, round(w, 3)] for (a, b, rel), w in edges.items()]


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
