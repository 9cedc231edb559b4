"""How long a map of 1,000 / 5,000 / 20,000 nodes takes to write and to become
interactive in headless Chromium.

    .venv/bin/python benchmarks/bench_map.py [--sizes 1000 5000 20000] [--keep DIR]

Synthetic graphs: half concepts (in communities of ~40, bilingual labels,
heavy-tailed ranks), half notes (one category each, about one concept,
mentioning ~6), ~3 drawn edges per node. Columns:

- write: ``write_map`` wall time (payload + layout + page), and the page size
- ready: ms from navigation start until the first frame is drawn
  (``kgnotes.readyAt``, set on vis-network's first ``afterDrawing``)
- frame: one redraw with the whole graph in view (the cost of a pan/zoom step),
  and at 100% zoom on one node ("zoomed")
- search: ``kgnotes.search()`` of a label -> selected, panel built, neighbourhood lit
- filter: hiding all notes and showing them again

    .venv/bin/python benchmarks/bench_map.py --graph OUT [--keep DIR]

times instead the build's writers on the graph a ``kgnotes build -o OUT``
saved (``OUT/.kgnotes-cache/graph.pkl``): ``write_all_maps`` (index.html and
the category maps; cold, then again with a warm layout cache) and
``write_graphml``, wall and CPU seconds (CPU is the steadier figure on a
shared machine). Nothing is written into OUT.
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kgnotes.html import write_map  # noqa: E402
from kgnotes.model import RELATION_TYPES, Concept, KnowledgeGraph, NoteRecord, Reference, Relation  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
SYLLABLES = "对比 监督 学习 模型 注意 力机 残差 网络 优化 梯度 原型 表示 扩散 语言 强化 策略 损失 函数 编码 解码".split()
CATEGORIES = ["深度学习", "强化学习", "NLP", "CV", "优化", "生成模型", "读书笔记", "其他"]


def synthetic_kg(n_nodes: int, seed: int = 0) -> KnowledgeGraph:
    rng = random.Random(seed)
    kg = KnowledgeGraph()
    n_concepts = n_nodes // 2
    n_notes = n_nodes - n_concepts
    community_size = 40
    cids = [f"c{i}" for i in range(n_concepts)]
    for i, cid in enumerate(cids):
        zh = "".join(rng.sample(SYLLABLES, 2)) + str(i)
        kg.concepts[cid] = Concept(
            cid, {"zh": zh, "en": f"Concept {i}"}, alt=[f"C{i}X"], evidence=["definition"],
            rank=rng.paretovariate(1.5), community=i // community_size,
        )

    def near(i: int) -> str:  # a concept in i's community, mostly
        if rng.random() < 0.9:
            base = (i // community_size) * community_size
            return cids[min(base + rng.randrange(community_size), n_concepts - 1)]
        return rng.choice(cids)

    for i, cid in enumerate(cids):
        for _ in range(rng.choice((1, 1, 2))):
            other = near(i)
            if other != cid:
                kg.relations.append(Relation(
                    cid, rng.choice(RELATION_TYPES), other, f"n{rng.randrange(n_notes)}.md",
                    f"{kg.concepts[cid].pref['zh']} 与 {kg.concepts[other].pref['zh']} 的关系在这句话里说明。",
                ))
    for j in range(n_notes):
        nid = f"n{j}.md"
        home = rng.randrange(n_concepts)
        kg.notes[nid] = NoteRecord(
            nid, f"笔记 {j}：{kg.concepts[cids[home]].pref['zh']}", f"/tmp/notes/{nid}", date="2024-05-01",
            categories=[CATEGORIES[home // community_size % len(CATEGORIES)]],
            rank=rng.paretovariate(2), community=home // community_size,
        )
        kg.about[nid] = [cids[home]]
        kg.mentions[nid] = {near(home): rng.randint(1, 9) for _ in range(6)}
    note_ids = list(kg.notes)
    for j in range(0, n_notes, 2):
        target = rng.choice(note_ids)
        if target != note_ids[j]:
            kg.references.append(Reference(note_ids[j], target, via=kg.about[target][0]))
    return kg


def chromium():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                 f"--user-data-dir={tempfile.mkdtemp(prefix='kgnotes-bench-')}", "--window-size=1400,900"):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def measure(driver, url: str, probe: str) -> dict:
    driver.get(url)
    deadline = time.time() + 300
    while not driver.execute_script("return !!(window.kgnotes && window.kgnotes.ready)"):
        if time.time() > deadline:
            raise TimeoutError(url)
        time.sleep(0.02)
    return driver.execute_script(
        """
        const t = () => performance.now();
        network.fit({animation: false});
        const frame = () => { let best = 1e9; for (let k = 0; k < 3; k++) { const a = t(); network.redraw(); best = Math.min(best, t() - a); } return best; };
        const whole = frame();
        network.moveTo({position: network.getPosition('c:c7'), scale: 1, animation: false});
        const zoomed = frame();
        let a = t(); const hit = kgnotes.search(arguments[0]); const search = t() - a;
        const box = document.getElementById('show-notes');
        a = t();
        box.click(); box.click();  // hide the notes, show them again
        const filter = t() - a;
        return {ready: kgnotes.readyAt, frame: whole, zoomed, search, filter,
                hit, selected: network.getSelectedNodes()[0] || null,
                nodes: network.body.data.nodes.length, edges: network.body.data.edges.length};
        """,
        probe,
    )


def time_writers(graph_dir: Path, out: Path) -> None:
    from kgnotes.html import write_all_maps
    from kgnotes.nxgraph import write_graphml
    from kgnotes.pipeline import load_graph

    kg = load_graph(graph_dir)
    if kg is None:
        sys.exit(f"no saved graph in {graph_dir}")
    print(f"{len(kg.notes)} notes, {len(kg.concepts)} concepts, {len(kg.relations)} relations, "
          f"{len(kg.references)} references, {sum(map(len, kg.mentions.values()))} mentions")
    cache = out / "layout-cache.json"
    runs = [
        ("write_all_maps", lambda: write_all_maps(kg, out, layout_cache=cache)),
        ("write_all_maps, layout cached", lambda: write_all_maps(kg, out, layout_cache=cache)),
        ("write_graphml", lambda: write_graphml(kg, out / "graph.graphml")),
    ]
    for name, run in runs:
        wall, cpu = time.perf_counter(), time.process_time()
        run()
        print(f"{name:32} {time.perf_counter() - wall:6.2f} s wall {time.process_time() - cpu:6.2f} s CPU")
    print(f"(files in {out})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--keep", type=Path, help="write the pages here instead of a temp dir")
    parser.add_argument("--graph", type=Path, help="time the writers on the graph saved by a build into this folder")
    args = parser.parse_args()
    out = args.keep or Path(tempfile.mkdtemp(prefix="kgnotes-bench-"))
    out.mkdir(parents=True, exist_ok=True)
    if args.graph:
        if out.resolve() == args.graph.resolve():
            sys.exit("--keep must not be the build's own folder")
        return time_writers(args.graph, out)
    driver = chromium()
    rows = []
    try:
        for n in args.sizes:
            kg = synthetic_kg(n)
            page = out / f"map-{n}.html"
            writes = []
            for _ in range(2):
                start = time.perf_counter()
                write_map(kg, page)
                writes.append(time.perf_counter() - start)
            m = measure(driver, page.as_uri(), kg.concepts["c7"].pref["zh"])
            assert m["selected"] == "c:c7", m
            rows.append((n, m["nodes"], m["edges"], min(writes), page.stat().st_size / 1e6, m))
    finally:
        driver.quit()
    print(f"{'nodes':>7} {'drawn':>7} {'edges':>7} {'write s':>8} {'MB':>6} {'ready ms':>9} "
          f"{'frame ms':>9} {'zoomed ms':>10} {'search ms':>10} {'filter ms':>10}")
    for n, nodes, edges, write, mb, m in rows:
        print(f"{n:>7} {nodes:>7} {edges:>7} {write:>8.2f} {mb:>6.1f} {m['ready']:>9.0f} "
              f"{m['frame']:>9.0f} {m['zoomed']:>10.0f} {m['search']:>10.0f} {m['filter']:>10.0f}")
    print(f"(Chromium {CHROMIUM}, headless, software rendering; pages in {out})")


if __name__ == "__main__":
    main()
