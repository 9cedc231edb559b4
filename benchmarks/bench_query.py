"""Query benchmark: the Oxigraph store that ``kgnotes query`` uses, against
rdflib parsing ``graph.ttl`` and running the same SPARQL.

    python benchmarks/bench_query.py                         # 10,000 notes (synthetic graph)
    python benchmarks/bench_query.py --notes 1000 --repeat 3
    python benchmarks/bench_query.py --build OUT             # an existing `kgnotes build` output

The graph: by default a deterministic synthetic ``KnowledgeGraph`` made
directly from ``kgnotes.model`` (``--notes`` notes, ``--concepts`` concepts,
``--relations`` concept links, mentions, about, references, communities),
written by ``kgnotes.rdf.write_rdf`` exactly as a build writes it (graph.ttl,
graph.trig, graph.jsonld, store/). It is cached in ``--workdir`` by its
parameters. (Building a 10,000-note corpus from ``benchmarks/synth.py``
through the whole pipeline takes far longer than the export; pass its output
folder with ``--build`` to time that graph instead.)

For each query: Oxigraph opens ``OUT/store`` read-only and runs the query
(what one ``kgnotes query`` does), ``--repeat`` times; rdflib parses
``graph.ttl`` once (timed apart: every fresh process pays it) and runs the
same text ``--rdflib-repeat`` times (a run past ``--rdflib-timeout`` is
stopped and shown as a lower bound). Medians are printed, with the ratios
rdflib / Oxigraph for the query alone and for parse + query. Row counts of
both engines are compared (a benchmark of different answers is no benchmark).
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from kgnotes.model import Concept, KnowledgeGraph, NoteRecord, Reference, Relation  # noqa: E402
from kgnotes.query import named_queries, prologue  # noqa: E402
from kgnotes.vocab import PREFIXES  # noqa: E402

GENERATOR_VERSION = 1

ZH_SYL = list("对比监督强化迁移元图谱注意力卷积循环生成判别稀疏量化蒸馏剪枝归一随机梯度动量残差编码解码扩散变分贝叶斯马尔可夫")
ZH_HEAD = ["学习", "模型", "损失", "算法", "网络", "注意力", "优化", "机制", "估计", "方法"]
EN_WORDS = ("contrastive supervised reinforcement transfer meta graph attention convolutional recurrent generative "
            "discriminative sparse quantized distilled pruned normalized stochastic momentum residual diffusion "
            "variational bayesian markov").split()
EN_HEAD = ["Learning", "Model", "Loss", "Algorithm", "Network", "Attention", "Optimization", "Mechanism", "Estimation"]


# ---------------------------------------------------------------- the graph


def synthetic_graph(n_notes: int, n_concepts: int, n_relations: int, seed: int = 0) -> KnowledgeGraph:
    """A KnowledgeGraph shaped like a build's: bilingual labels and acronyms,
    an acyclic hierarchy, typed links, co-occurrence links with evidence
    sentences, ~15 mentions and one or two subjects per note, ~3 references
    per note, 40 communities. Same arguments, same graph."""
    rnd = random.Random(seed)
    kg = KnowledgeGraph()
    for i in range(n_concepts):
        zh = "".join(rnd.choice(ZH_SYL) for _ in range(rnd.randint(2, 4))) + rnd.choice(ZH_HEAD) + str(i)
        words = [rnd.choice(EN_WORDS).capitalize() for _ in range(rnd.randint(1, 3))] + [rnd.choice(EN_HEAD)]
        en = " ".join(words) + f" {i}"
        acro = "".join(w[0] for w in words).upper() + str(i)
        alt = [acro] + ([zh[:-len(str(i))] + "法" + str(i)] if rnd.random() < 0.3 else [])
        kg.concepts[f"c{i}"] = Concept(f"c{i}", {"zh": zh, "en": en}, alt, ["definition"],
                                       rank=rnd.random() / n_concepts, community=rnd.randrange(40))
    cids = list(kg.concepts)
    # ~80% of the concepts have a note about them
    subjects = rnd.sample(cids, int(n_concepts * 0.8))
    for i in range(n_notes):
        nid = f"cat{i % 37}/sub{i % 5}/note-{i:05d}.md"
        about = [subjects[i % len(subjects)]] + ([rnd.choice(subjects)] if rnd.random() < 0.2 else [])
        kg.notes[nid] = NoteRecord(nid, kg.concepts[about[0]].pref["zh"] + " 笔记", f"/notes/{nid}",
                                   date=f"20{rnd.randint(15, 25)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}",
                                   categories=[f"cat{i % 37}"], tags=[f"tag{rnd.randrange(200)}"],
                                   rank=rnd.random() / n_notes, community=rnd.randrange(40))
        kg.about[nid] = list(dict.fromkeys(about))
        # mentions: a few hubs are mentioned everywhere, the rest spread out
        mentioned = set(about)
        while len(mentioned) < rnd.randint(8, 22):
            k = int(rnd.paretovariate(1.2)) - 1 if rnd.random() < 0.4 else rnd.randrange(n_concepts)
            mentioned.add(cids[min(k, n_concepts - 1)])
        kg.mentions[nid] = {c: rnd.randint(1, 6) for c in sorted(mentioned)}
    notes = list(kg.notes)
    about_of: dict[str, list[str]] = {}
    for nid, cs in kg.about.items():
        for c in cs:
            about_of.setdefault(c, []).append(nid)

    def sentence(h: str, t: str, cue: str) -> str:
        return f"{kg.concepts[h].pref['zh']}{cue}{kg.concepts[t].pref['zh']}，这在第{rnd.randint(1, 9)}节有推导。"

    rels: list[Relation] = []
    # hierarchy: a concept's broader one always has a smaller number (acyclic)
    for i in range(1, n_concepts):
        if rnd.random() < 0.6:
            j = rnd.randrange(max(0, i - 400), i)
            rel = rnd.choice(["is_a", "is_a", "part_of", "variant_of"])
            h, t = f"c{i}", f"c{j}"
            rels.append(Relation(h, rel, t, rnd.choice(notes), sentence(h, t, "是一种"), "pattern"))
    for _ in range(n_relations // 15):
        h, t = rnd.sample(cids, 2)
        rel = rnd.choice(["uses", "uses", "improves", "compared_with"])
        rels.append(Relation(h, rel, t, rnd.choice(notes), sentence(h, t, "基于"), "pattern"))
    seen = {(r.head, r.tail) for r in rels}
    while len(rels) < n_relations:
        nid = rnd.choice(notes)
        h, t = rnd.sample(list(kg.mentions[nid]), 2)
        if (h, t) in seen or (t, h) in seen:
            continue
        seen.add((h, t))
        rels.append(Relation(h, "related", t, nid, sentence(h, t, "和"), "cooccurrence", weight=round(rnd.random() * 5, 3)))
    kg.relations = rels
    refs = set()
    for nid in notes:
        for c in rnd.sample(list(kg.mentions[nid]), min(3, len(kg.mentions[nid]))):
            for target in about_of.get(c, [])[:1]:
                if target != nid:
                    refs.add((nid, target, c))
    kg.references = [Reference(s, t, via=c) for s, t, c in sorted(refs)]
    kg.build = {"version": "bench", "settings": {"generator": GENERATOR_VERSION, "seed": seed}}
    return kg


def ensure_build(args) -> Path:
    if args.build:
        return Path(args.build)
    from kgnotes.rdf import write_rdf

    params = {"notes": args.notes, "concepts": args.concepts, "relations": args.relations,
              "seed": args.seed, "generator": GENERATOR_VERSION}
    out = Path(args.workdir) / f"query-{args.notes}-s{args.seed}"
    manifest = out / "bench.json"
    if manifest.is_file() and json.loads(manifest.read_text()) == params and (out / "store").is_dir():
        print(f"graph: cached in {out}/")
        return out
    out.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    kg = synthetic_graph(args.notes, args.concepts, args.relations, args.seed)
    t_gen = time.perf_counter() - t
    t = time.perf_counter()
    write_rdf(kg, out)
    t_write = time.perf_counter() - t
    manifest.write_text(json.dumps(params))
    print(f"graph: {len(kg.notes):,} notes, {len(kg.concepts):,} concepts, {len(kg.relations):,} relations, "
          f"{len(kg.references):,} references; generated in {t_gen:.1f} s, written in {t_write:.1f} s -> {out}/")
    return out


# ---------------------------------------------------------------- the queries

TWO_HOP = """\
# concepts two co-occurrence or typed links away from the best-linked concepts, counted
SELECT ?c (COUNT(DISTINCT ?far) AS ?two_hops) WHERE {
  ?c kgn:community 7 .
  ?c skos:related|kgn:uses|skos:broader ?near .
  ?near skos:related|kgn:uses|skos:broader ?far .
  FILTER (?far != ?c)
}
GROUP BY ?c ORDER BY DESC(?two_hops) ?c LIMIT 20
"""

GROUPED = """\
# the most mentioned concepts
SELECT ?c (COUNT(?n) AS ?notes) WHERE { ?n schema:mentions ?c }
GROUP BY ?c ORDER BY DESC(?notes) ?c LIMIT 20
"""


def bench_queries(probe_label: str, other_label: str) -> list[tuple[str, str]]:
    named = named_queries()
    return [
        ("grouped count (mentions per concept)", GROUPED),
        ("two-hop (links of links, community 7)", TWO_HOP),
        ("named: write-next", named["write-next"].bind([])),
        (f"named: notes-about {probe_label}", named["notes-about"].bind([probe_label])),
        (f"named: evidence {probe_label} {other_label}", named["evidence"].bind([probe_label, other_label])),
    ]


def time_oxigraph(store_dir: Path, sparql: str, repeat: int) -> tuple[float, float, int]:
    """Median seconds of (open read-only + query + read every row), the
    median of the open alone, and the row count."""
    import pyoxigraph as ox

    totals, opens, rows = [], [], 0
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        store = ox.Store.read_only(str(store_dir))
        t1 = time.perf_counter()
        res = store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True)
        rows = sum(1 for _ in res)
        totals.append(time.perf_counter() - t0)
        opens.append(t1 - t0)
        del store
    return statistics.median(totals), statistics.median(opens), rows


class Timeout(Exception):
    pass


def time_rdflib(graph, sparql: str, repeat: int, limit: float) -> tuple[float | None, int | None]:
    """Median seconds and row count, or (None, None) when one run passes
    ``limit`` seconds (rdflib's evaluator is Python: an alarm stops it). A
    query slower than 10 s runs once."""
    import signal

    def alarm(signum, frame):
        raise Timeout

    text = prologue() + sparql
    times, rows = [], 0
    old = signal.signal(signal.SIGALRM, alarm)
    try:
        for i in range(repeat):
            gc.collect()
            signal.setitimer(signal.ITIMER_REAL, limit)
            t0 = time.perf_counter()
            try:
                rows = sum(1 for _ in graph.query(text))
            except Timeout:
                return None, None
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            times.append(time.perf_counter() - t0)
            if times[-1] > 10:
                break
    finally:
        signal.signal(signal.SIGALRM, old)
    return statistics.median(times), rows


def rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--notes", type=int, default=10_000)
    ap.add_argument("--concepts", type=int, default=None, help="default: notes / 2")
    ap.add_argument("--relations", type=int, default=None, help="default: notes * 10")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workdir", default=str(HERE / "out"))
    ap.add_argument("--build", help="time this `kgnotes build` output folder instead of a synthetic graph")
    ap.add_argument("--repeat", type=int, default=5, help="Oxigraph runs per query (median)")
    ap.add_argument("--rdflib-repeat", type=int, default=2, help="rdflib runs per query (median)")
    ap.add_argument("--rdflib-timeout", type=float, default=120.0, help="seconds before an rdflib query is given up")
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args(argv)
    args.concepts = args.concepts or args.notes // 2
    args.relations = args.relations or args.notes * 10

    print(f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, load {os.getloadavg()[0]:.1f}")
    out = ensure_build(args)
    import pyoxigraph as ox
    import rdflib

    store = ox.Store.read_only(str(out / "store"))
    n_triples = next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", use_default_graph_as_union=True)))["n"].value
    # a concept with notes about it and links, and one it is linked to: the probes
    probe = next(iter(store.query(
        "SELECT ?a ?b WHERE { ?n schema:about ?x . ?s rdf:subject ?x ; rdf:object ?y ; kgn:evidence ?e . "
        "?x skos:altLabel|skos:prefLabel ?a . ?y skos:altLabel|skos:prefLabel ?b } LIMIT 1",
        prefixes=PREFIXES, use_default_graph_as_union=True)))
    probe_a, probe_b = probe["a"].value, probe["b"].value
    del store
    ttl = out / "graph.ttl"
    print(f"graph.ttl: {ttl.stat().st_size / 1e6:.0f} MB, {int(n_triples):,} triples (union)\n")

    gc.collect()
    t0 = time.perf_counter()
    g = rdflib.Graph()
    g.parse(ttl, format="turtle")
    t_parse = time.perf_counter() - t0
    print(f"rdflib parse graph.ttl: {t_parse:.1f} s ({len(g):,} triples, peak RSS {rss_mb():,.0f} MB)\n")

    header = ("| query | rows | oxigraph s (open+query) | of which open | rdflib query s | "
              "rdflib parse+query s | query ratio | parse+query ratio |")
    print(header)
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    figures = []
    for name, sparql in bench_queries(probe_a, probe_b):
        ox_s, ox_open, ox_rows = time_oxigraph(out / "store", sparql, args.repeat)
        rl_s, rl_rows = time_rdflib(g, sparql, args.rdflib_repeat, args.rdflib_timeout)
        fig = {"query": name, "rows": ox_rows, "rdflib_rows": rl_rows, "oxigraph_s": ox_s, "oxigraph_open_s": ox_open,
               "rdflib_query_s": rl_s, "rdflib_parse_s": t_parse, "rdflib_timed_out": rl_s is None}
        if rl_s is None:  # a lower bound
            rl_s = args.rdflib_timeout
            cells = (f"> {rl_s:.0f}", f"> {t_parse + rl_s:.0f}", f"> {rl_s / ox_s:.0f}x", f"> {(t_parse + rl_s) / ox_s:.0f}x")
            same = ""
        else:
            cells = (f"{rl_s:.2f}", f"{t_parse + rl_s:.1f}", f"{rl_s / ox_s:.0f}x", f"{(t_parse + rl_s) / ox_s:.0f}x")
            same = "" if ox_rows == rl_rows else f" (rdflib: {rl_rows} rows!)"
        fig["ratio_query"] = rl_s / ox_s
        fig["ratio_parse_query"] = (t_parse + rl_s) / ox_s
        figures.append(fig)
        print(f"| {name} | {ox_rows}{same} | {ox_s:.3f} | {ox_open:.3f} | " + " | ".join(cells) + " |", flush=True)
    worst = min(f["ratio_query"] for f in figures)
    print(f"\nsmallest advantage of the store, query alone: {worst:.0f}x (target >= 10x); "
          f"with rdflib's parse: {min(f['ratio_parse_query'] for f in figures):.0f}x")
    if args.json:
        Path(args.json).write_text(json.dumps({"triples": int(n_triples), "parse_s": t_parse, "queries": figures},
                                              ensure_ascii=False, indent=2))
    return 0 if worst >= 10 else 1


if __name__ == "__main__":
    sys.exit(main())
