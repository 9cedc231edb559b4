"""The map writer without a browser: what goes into the page, and what never does.

``sample_kg`` is shared with test_map_browser.py (imported from there).
"""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kgnotes.html import (
    MENTION_EDGES_PER_NOTE,
    PHYSICS_MAX_NODES,
    json_for_html,
    neighbourhood,
    write_all_maps,
    write_category_maps,
    write_map,
)
from kgnotes.model import Concept, KnowledgeGraph, NoteRecord, Reference, Relation

XSS_TITLE = "<img src=x onerror=alert(1)>"
EVIL_LABEL = "Evil </script><script>window.__xss=3</script>"
SUPCON_EVIDENCE = "监督对比学习(Supervised Contrastive Learning, SupCon)是一种特殊的对比学习，利用标签构造正样本对。"


def sample_kg(root: Path) -> KnowledgeGraph:
    """A small bilingual graph whose note files exist under root/notes."""
    notes_dir = root / "notes"
    kg = KnowledgeGraph()
    for cid, pref, alt in [
        ("contrastive-learning", {"zh": "对比学习", "en": "Contrastive Learning"}, ["CL"]),
        ("supcon", {"zh": "监督对比学习", "en": "Supervised Contrastive Learning"}, ["SupCon"]),
        ("prototype", {"zh": "原型", "en": "prototype"}, []),
        ("self-supervised-learning", {"zh": "自监督学习"}, []),
        ("simclr", {"en": "SimCLR"}, []),
        ("evil", {"en": EVIL_LABEL}, []),
    ]:
        kg.concepts[cid] = Concept(cid, pref, alt=alt, evidence=["definition"])
    for nid, title, categories in [
        ("contrastive/survey.md", "对比学习综述", ["深度学习"]),
        ("contrastive/supcon.md", "监督对比学习", ["深度学习", "论文"]),
        ("prototype.md", "原型=动态演化的语义锚点", ["随笔"]),
        ("xss.md", XSS_TITLE, ["<b>x</b>"]),
        ("lonely.md", "Lonely note", []),
    ]:
        path = notes_dir / nid
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"# {title}\n", encoding="utf-8")
        kg.notes[nid] = NoteRecord(nid, title, str(path), date="2024-03-01", categories=categories)
    kg.about = {
        "contrastive/survey.md": ["contrastive-learning"],
        "contrastive/supcon.md": ["supcon"],
        "prototype.md": ["prototype"],
        "xss.md": ["evil"],
    }
    kg.mentions = {
        "contrastive/survey.md": {"contrastive-learning": 5, "supcon": 2, "simclr": 1, "self-supervised-learning": 1},
        "contrastive/supcon.md": {"supcon": 7, "contrastive-learning": 3},
        "prototype.md": {"prototype": 4, "contrastive-learning": 1},
        "xss.md": {"evil": 1, "supcon": 1},
    }
    kg.relations = [
        Relation("supcon", "is_a", "contrastive-learning", "contrastive/supcon.md", SUPCON_EVIDENCE),
        Relation("prototype", "related", "contrastive-learning", "prototype.md", "原型为对比学习提供监督信号。", "cooccurrence", 2.0),
        Relation("simclr", "is_a", "contrastive-learning", "contrastive/survey.md", "SimCLR 是一种对比学习方法。"),
        Relation("contrastive-learning", "is_a", "self-supervised-learning", "contrastive/survey.md", "对比学习是一种自监督学习。"),
        Relation("evil", "uses", "supcon", "xss.md", 'x <img src=x onerror="window.__xss=2"> y'),
    ]
    kg.references = [
        Reference("contrastive/supcon.md", "contrastive/survey.md", via="contrastive-learning"),
        Reference("prototype.md", "contrastive/survey.md", via="contrastive-learning"),
        Reference("xss.md", "contrastive/supcon.md", via="supcon"),
    ]
    return kg


def page_data(path: Path) -> dict:
    """The JSON the page renders, read back out of the written file."""
    text = path.read_text(encoding="utf-8")
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', text, re.S)
    return json.loads(match.group(1))


@pytest.fixture
def kg(tmp_path) -> KnowledgeGraph:
    return sample_kg(tmp_path)


def concept_labels(data: dict) -> dict[str, str]:
    return {c["id"]: c["label"] for c in data["concepts"]}


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_page_references_nothing_outside_itself(kg, tmp_path):
    page = write_map(kg, tmp_path / "index.html")
    text = page.read_text(encoding="utf-8")
    parser = _Tags()
    parser.feed(text)
    tags = [t for t, _ in parser.tags]
    assert "link" not in tags and "iframe" not in tags and "img" not in tags
    assert not [a for t, a in parser.tags if t in ("script", "style") and ("src" in a or "href" in a)]
    assert "@import" not in text
    assert {u.strip("'\"")[:5] for u in re.findall(r"url\(([^)]*)\)", text)} <= {"data:"}
    csp = next(a["content"] for t, a in parser.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]


def test_note_text_cannot_leave_the_data_block(kg, tmp_path):
    page = write_map(kg, tmp_path / "index.html")
    text = page.read_text(encoding="utf-8")
    block = re.search(r'id="kg-data">(.*?)</script>', text, re.S).group(1)
    assert "<" not in block and ">" not in block and "&" not in block
    assert XSS_TITLE not in text and EVIL_LABEL not in text
    parser = _Tags()
    parser.feed(text)
    assert [t for t, _ in parser.tags].count("script") == text.lower().count("</script") == 3
    data = page_data(page)
    assert XSS_TITLE in [n["title"] for n in data["notes"]]
    assert concept_labels(data)["evil"] == EVIL_LABEL
    assert "<b>x</b>" in [c for n in data["notes"] for c in n["categories"]]


def test_json_for_html_round_trips():
    value = {"t": "</script><!-- a & b > c -->", "zh": "对比学习"}
    text = json_for_html(value)
    assert not set("<>&") & set(text)
    assert json.loads(text) == value


def test_title_is_escaped(kg, tmp_path):
    page = write_map(kg, tmp_path / "index.html", title="<b>notes</b> & more")
    text = page.read_text(encoding="utf-8")
    assert "<title>&lt;b&gt;notes&lt;/b&gt; &amp; more</title>" in text
    assert "<b>notes</b>" not in text


@pytest.mark.parametrize(
    "lang, expected",
    [
        ("zh", {"contrastive-learning": "对比学习", "simclr": "SimCLR", "self-supervised-learning": "自监督学习"}),
        ("en", {"contrastive-learning": "Contrastive Learning", "simclr": "SimCLR", "self-supervised-learning": "自监督学习"}),
    ],
)
def test_labels_follow_language_with_fallback(kg, tmp_path, lang, expected):
    data = page_data(write_map(kg, tmp_path / "index.html", lang=lang))
    labels = concept_labels(data)
    assert {k: labels[k] for k in expected} == expected
    supcon = next(c for c in data["concepts"] if c["id"] == "supcon")
    assert set(supcon["labels"]) == {"监督对比学习", "Supervised Contrastive Learning", "SupCon"}
    assert data["lang"] == lang


def test_notes_link_to_their_files(kg, tmp_path):
    data = page_data(write_map(kg, tmp_path / "index.html"))
    for note in data["notes"]:
        assert note["url"] == Path(kg.notes[note["id"]].path).as_uri()
        assert note["url"].startswith("file:///")


def test_full_map_draws_every_note_and_concept(kg, tmp_path):
    data = page_data(write_map(kg, tmp_path / "index.html"))
    assert {c["id"] for c in data["concepts"]} == set(kg.concepts)
    assert {n["id"] for n in data["notes"] if n["drawn"]} == set(kg.notes)
    assert data["physics"] is True  # small graph
    assert all(isinstance(c["x"], float) and isinstance(c["y"], float) for c in data["concepts"])


def test_drawn_edges(kg, tmp_path):
    data = page_data(write_map(kg, tmp_path / "index.html"))
    nc = len(data["concepts"])
    name = [c["id"] for c in data["concepts"]] + [n["id"] for n in data["notes"]]
    edges = {(name[a], name[b], rel) for a, b, rel, _w in data["edges"]}
    assert ("supcon", "contrastive-learning", "is_a") in edges
    assert ("contrastive/supcon.md", "supcon", "about") in edges
    assert ("contrastive/supcon.md", "contrastive/survey.md", "references") in edges
    # mentions of a concept the note is about are not drawn twice
    assert ("contrastive/supcon.md", "supcon", "mentions") not in edges
    per_note: dict[int, int] = {}
    for a, _b, rel, _w in data["edges"]:
        if rel == "mentions":
            assert a >= nc
            per_note[a] = per_note.get(a, 0) + 1
    assert max(per_note.values()) <= MENTION_EDGES_PER_NOTE
    # the panel still gets every mention with its count
    assert len(data["mentions"]) == sum(len(m) for m in kg.mentions.values())


def test_neighbourhood_follows_relations_both_ways(kg):
    assert neighbourhood(kg, "prototype", 0) == {"prototype"}
    assert neighbourhood(kg, "prototype", 1) == {"prototype", "contrastive-learning"}
    assert neighbourhood(kg, "prototype", 2) == {
        "prototype", "contrastive-learning", "supcon", "simclr", "self-supervised-learning"}
    assert "evil" in neighbourhood(kg, "prototype", 3)
    assert neighbourhood(kg, "self-supervised-learning", 1) == {"self-supervised-learning", "contrastive-learning"}
    with pytest.raises(KeyError):
        neighbourhood(kg, "no-such-concept")


def test_focus_map_holds_the_concepts_and_their_notes(kg, tmp_path):
    focus = neighbourhood(kg, "prototype", 1)
    data = page_data(write_map(kg, tmp_path / "focus.html", concepts=focus))
    assert {c["id"] for c in data["concepts"]} == focus
    drawn = {n["id"] for n in data["notes"] if n["drawn"]}
    assert drawn == {"contrastive/survey.md", "contrastive/supcon.md", "prototype.md"}
    names = [c["id"] for c in data["concepts"]]
    assert {(names[h], rel, names[t]) for h, rel, t, *_ in data["relations"]} == {
        ("prototype", "related", "contrastive-learning")}


def test_focus_map_without_notes(kg, tmp_path):
    focus = neighbourhood(kg, "supcon", 1)
    data = page_data(write_map(kg, tmp_path / "focus.html", concepts=focus, include_notes=False))
    nc = len(data["concepts"])
    assert not any(n["drawn"] for n in data["notes"])
    assert all(a < nc and b < nc for a, b, *_ in data["edges"])
    # the panel can still name the notes about and mentioning the concepts
    assert "contrastive/supcon.md" in {n["id"] for n in data["notes"]}


def test_category_maps(kg, tmp_path):
    paths = write_category_maps(kg, tmp_path)
    assert {p.parent for p in paths} == {tmp_path / "maps"}
    assert sorted(p.name for p in paths) == sorted(["深度学习.html", "论文.html", "随笔.html", "b-x-b.html"])
    data = page_data(tmp_path / "maps" / "深度学习.html")
    assert {n["id"] for n in data["notes"] if n["drawn"]} == {"contrastive/survey.md", "contrastive/supcon.md"}
    assert {c["id"] for c in data["concepts"]} == {
        "contrastive-learning", "supcon", "simclr", "self-supervised-learning"}


def test_write_is_atomic_utf8_and_reproducible(kg, tmp_path):
    out = tmp_path / "out"
    first = write_map(kg, out / "index.html").read_bytes()
    second = write_map(kg, out / "index.html").read_bytes()
    assert first == second  # the layout is seeded
    assert [p.name for p in out.iterdir()] == ["index.html"]
    assert '<meta charset="utf-8">' in first.decode("utf-8")


def test_sizes_use_rank_else_degree(kg, tmp_path):
    data = page_data(write_map(kg, tmp_path / "a.html"))
    size = {c["id"]: c["size"] for c in data["concepts"]}
    assert size["contrastive-learning"] == 1.0  # most links
    assert size["contrastive-learning"] > size["prototype"]
    kg.concepts["prototype"].rank = 0.9
    kg.concepts["contrastive-learning"].rank = 0.1
    data = page_data(write_map(kg, tmp_path / "b.html"))
    size = {c["id"]: c["size"] for c in data["concepts"]}
    assert size["prototype"] == 1.0 and size["contrastive-learning"] < 1.0 and size["simclr"] == 0.0


def grid_kg(n_concepts: int) -> KnowledgeGraph:
    """Concepts in communities of 20, each linked to the next few."""
    kg = KnowledgeGraph()
    for i in range(n_concepts):
        kg.concepts[f"c{i}"] = Concept(f"c{i}", {"en": f"Concept {i}"}, community=i // 20, rank=1 + i % 7)
    for i in range(n_concepts):
        for step in (1, 3):
            j = (i // 20) * 20 + (i % 20 + step) % 20
            if j < n_concepts and j != i:
                kg.relations.append(Relation(f"c{i}", "related", f"c{j}", ""))
    return kg


def test_large_map_ships_a_layout_without_physics(tmp_path):
    kg = grid_kg(PHYSICS_MAX_NODES + 100)
    data = page_data(write_map(kg, tmp_path / "big.html"))
    assert data["physics"] is False
    points = {(c["x"], c["y"]) for c in data["concepts"]}
    assert len(points) == len(data["concepts"])  # no two nodes on one spot
    assert len(data["regions"]) == len({c.community for c in kg.concepts.values()})
    # each community sits inside its own disc
    region = {g[0]: g[1:] for g in data["regions"]}
    for c in data["concepts"]:
        x, y, r = region[c["community"]]
        assert (c["x"] - x) ** 2 + (c["y"] - y) ** 2 <= (r * 1.01) ** 2


def test_empty_graph(tmp_path):
    data = page_data(write_map(KnowledgeGraph(), tmp_path / "empty.html"))
    assert data["concepts"] == [] and data["notes"] == [] and data["edges"] == []


def data_block(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', text, re.S).group(1)


def test_pages_hold_exactly_what_json_dumps_writes(kg, tmp_path):
    """The page JSON is assembled from pre-encoded pieces; it must be the
    very text ``json_for_html`` writes for the same payload."""
    kg.relations.append(Relation("supcon", "uses", "no-such-concept", "gone.md", "dangling", weight=0.5))
    kg.references.append(Reference("lonely.md", "gone.md", link="gone.md", kind="link"))
    write_all_maps(kg, tmp_path)
    write_map(kg, tmp_path / "focus.html", concepts=neighbourhood(kg, "prototype", 1), include_notes=False)
    pages = [tmp_path / "index.html", tmp_path / "focus.html", *sorted((tmp_path / "maps").iterdir())]
    assert len(pages) == 6
    for page in pages:
        block = data_block(page)
        assert block == json_for_html(json.loads(block)), page


def test_all_maps_are_reproducible_and_share_one_layout(kg, tmp_path):
    big = grid_kg(PHYSICS_MAX_NODES + 100)
    for i, c in enumerate(big.concepts):
        big.notes[f"n{i}.md"] = NoteRecord(f"n{i}.md", f"note {i}", "", categories=[f"cat{i % 3}"])
        big.about[f"n{i}.md"] = [c]
    write_all_maps(big, tmp_path / "a")
    write_all_maps(big, tmp_path / "b")
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.html"))
    assert len(files) == 4
    for f in files:
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes()
    index = page_data(tmp_path / "a" / "index.html")
    where = {c["id"]: (c["x"], c["y"]) for c in index["concepts"]}
    cat = page_data(tmp_path / "a" / "maps" / "cat1.html")
    assert cat["concepts"] and all(where[c["id"]] == (c["x"], c["y"]) for c in cat["concepts"])
    assert {n["id"] for n in cat["notes"] if n["drawn"]} == {n for n, r in big.notes.items() if r.categories == ["cat1"]}


def test_layout_cache_reuses_the_layout_of_the_same_graph(kg, tmp_path, monkeypatch):
    import kgnotes.html as html_mod

    big = grid_kg(PHYSICS_MAX_NODES + 100)
    cache = tmp_path / "cache" / "layout.json"
    write_all_maps(big, tmp_path / "plain")
    write_all_maps(big, tmp_path / "first", layout_cache=cache)
    assert cache.exists()
    calls = []
    real = html_mod._layout
    monkeypatch.setattr(html_mod, "_layout", lambda *a: calls.append(1) or real(*a))
    write_all_maps(big, tmp_path / "again", layout_cache=cache)
    assert calls == []  # same graph: positions from the cache
    for name in ("plain", "first", "again"):
        assert (tmp_path / name / "index.html").read_bytes() == (tmp_path / "plain" / "index.html").read_bytes()
    big.relations.append(Relation("c0", "is_a", "c399", ""))
    write_all_maps(big, tmp_path / "changed", layout_cache=cache)
    assert calls == [1]  # another graph: laid out again
    write_all_maps(big, tmp_path / "changed-plain")
    assert (tmp_path / "changed" / "index.html").read_bytes() == (tmp_path / "changed-plain" / "index.html").read_bytes()


def test_category_maps_from_forked_workers_are_the_same_bytes(kg, tmp_path):
    write_all_maps(kg, tmp_path / "one")
    write_all_maps(kg, tmp_path / "two", workers=2)
    files = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*.html"))
    assert len(files) == 5
    for f in files:
        assert (tmp_path / "one" / f).read_bytes() == (tmp_path / "two" / f).read_bytes()
