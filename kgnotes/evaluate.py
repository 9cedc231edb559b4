"""eval: score a build against a hand-made gold file.

Scored as ``shared/eval-dev/README.md`` describes, on what the build
exported (read back with SPARQL from its store), not on internal objects:

- labels compare after NFKC, casefold and removing spaces, ``-``, ``_``, ``.``;
- concepts: recall over non-minor gold concepts, precision over extracted
  concepts (one that matches no gold label and no ``ignore`` string is a
  false positive); alias merge and over-merge;
- mentions (schema:mentions ∪ schema:about) and about, per note;
- relations: any direct link, the right type, precision of typed links;
- references (dcterms:references) and chains.

An extracted concept counts as over-merged when it carries labels of two gold
concepts through labels that are not shared between gold concepts (``MAE``
names two gold concepts, so carrying it alone merges nothing).
"""
from __future__ import annotations

import json
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .query import open_store, run_query
from .text import norm_key

TYPE_FITS = {
    "is_a": {"kgn:isA", "skos:broader"},
    "part_of": {"kgn:partOf", "skos:broader"},
    "variant_of": {"kgn:variantOf", "skos:broader"},
    "uses": {"kgn:uses"},
    "improves": {"kgn:improves"},
}
CONCEPT_LINKS = ("skos:broader", "skos:related", "kgn:isA", "kgn:partOf", "kgn:variantOf", "kgn:uses", "kgn:improves", "kgn:comparedWith")


@dataclass
class Score:
    tp: float = 0
    fp: float = 0
    fn: float = 0
    found: float | None = None  # recall's own true positives, when they count other things (gold vs extracted)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        tp = self.tp if self.found is None else self.found
        return tp / (tp + self.fn) if tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    scores: dict[str, Score] = field(default_factory=dict)
    figures: dict[str, str] = field(default_factory=dict)
    details: dict[str, list] = field(default_factory=dict)

    def as_text(self) -> str:
        lines = [f"{'measure':<18} {'P':>6} {'R':>6} {'F1':>6}   tp/fp/fn"]
        for name, s in self.scores.items():
            lines.append(f"{name:<18} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}   {s.tp:g}/{s.fp:g}/{s.fn:g}")
        for name, value in self.figures.items():
            lines.append(f"{name:<18} {value}")
        return "\n".join(lines)

    def as_json(self) -> str:
        data = {k: {"precision": round(s.precision, 4), "recall": round(s.recall, 4), "f1": round(s.f1, 4),
                    "tp": s.tp, "fp": s.fp, "fn": s.fn} for k, s in self.scores.items()}
        data["figures"] = self.figures
        data["details"] = self.details
        return json.dumps(data, ensure_ascii=False, indent=2)


def _rows(store, sparql: str) -> list[list[str]]:
    return run_query(store, sparql).rows


def evaluate_output(gold: dict, out_dir: Path) -> Report:
    store = open_store(out_dir)
    labels: dict[str, set[str]] = defaultdict(set)
    for c, l in _rows(store, "SELECT ?c ?l WHERE { ?c a skos:Concept ; skos:prefLabel|skos:altLabel ?l }"):
        labels[c].add(norm_key(l))
    ignore = {norm_key(s) for s in gold.get("ignore", [])}
    gconcepts = {g["id"]: g for g in gold["concepts"]}
    glabels = {gid: {norm_key(l) for l in g["labels"]} for gid, g in gconcepts.items()}
    label_owners: dict[str, set[str]] = defaultdict(set)
    for gid, ls in glabels.items():
        for l in ls:
            label_owners[l].add(gid)

    # extracted concept -> gold concepts it matches
    to_gold: dict[str, set[str]] = {c: {g for l in ls for g in label_owners.get(l, ())} for c, ls in labels.items()}
    from_gold: dict[str, set[str]] = defaultdict(set)
    for c, gs in to_gold.items():
        for g in gs:
            from_gold[g].add(c)

    rep = Report()
    s = Score()
    fps = []
    for c, gs in to_gold.items():
        if gs:
            s.tp += 1
        elif labels[c] & ignore:
            continue
        else:
            s.fp += 1
            fps.append(c)
    required = [gid for gid, g in gconcepts.items() if not g.get("minor")]
    found = [gid for gid in required if from_gold.get(gid)]
    missed = [gid for gid in required if not from_gold.get(gid)]
    # precision over extracted concepts, recall over required gold concepts
    rep.scores["concepts"] = Score(tp=s.tp, fp=s.fp, fn=len(missed), found=len(found))
    rep.details["concept_false_positives"] = sorted(fps)
    rep.details["concept_missed"] = missed

    multi = [gid for gid, ls in glabels.items() if len(ls) > 1]
    merged = [gid for gid in multi if any(glabels[gid] <= labels[c] for c in from_gold.get(gid, ()))]
    over = []
    for c, gs in to_gold.items():
        own = {g for g in gs if any(len(label_owners[l]) == 1 and g in label_owners[l] for l in labels[c])}
        if len(own) > 1:
            over.append(c)
    rep.figures["alias merge"] = f"{len(merged) / len(multi) if multi else 0:.3f} ({len(merged)}/{len(multi)} multi-label gold concepts on one concept)"
    rep.figures["over-merged"] = f"{len(over)} {sorted(over)}" if over else "0"
    rep.details["alias_not_merged"] = sorted(set(multi) - set(merged))

    # notes by gold id (path without suffix, or the file stem)
    notes: dict[str, str] = {}
    for n, ident in _rows(store, "SELECT ?n ?id WHERE { ?n a kgn:Note ; dcterms:identifier ?id }"):
        p = PurePosixPath(ident)
        notes[str(p.with_suffix(""))] = n
        notes.setdefault(p.stem, n)

    def note_concepts(pred: str) -> dict[str, set[str]]:
        out = defaultdict(set)
        for n, c in _rows(store, f"SELECT ?n ?c WHERE {{ ?n {pred} ?c . ?c a skos:Concept }}"):
            out[n].add(c)
        return out

    mentions = note_concepts("schema:mentions|schema:about")
    about = note_concepts("schema:about")
    ms = Score()
    for m in gold.get("mentions", []):
        n = notes.get(m["note"])
        want, passing = set(m["concepts"]), set(m.get("passing", []))
        got_gold = set()
        for c in mentions.get(n, ()):
            gs = to_gold.get(c, set())
            if gs & want:
                got_gold |= gs & want
            elif gs & passing or labels[c] & ignore:
                continue
            else:
                ms.fp += 1
        ms.tp += len(got_gold)
        ms.fn += len(want - got_gold)
    rep.scores["mentions"] = ms

    ab = Score()
    defines: dict[str, set[str]] = defaultdict(set)
    for d in gold.get("defines", []):
        defines[d["note"]].add(d["concept"])
    about_fps, about_missed = [], []
    for gnote, want in defines.items():
        n = notes.get(gnote)
        got = set()
        for c in about.get(n, ()):
            gs = to_gold.get(c, set())
            if gs & want:
                got |= gs & want
            else:
                ab.fp += 1
                about_fps.append(f"{gnote}: {c}")
        ab.tp += len(got)
        ab.fn += len(want - got)
        about_missed += [f"{gnote}: {g}" for g in sorted(want - got)]
    rep.scores["about"] = ab
    rep.details["about_false_positives"] = sorted(about_fps)
    rep.details["about_missed"] = about_missed

    links: dict[frozenset, set[str]] = defaultdict(set)
    typed_links = []
    preds = " ".join(CONCEPT_LINKS)
    for a, p, b in _rows(store, f"SELECT ?a ?p ?b WHERE {{ VALUES ?p {{ {preds} }} ?a ?p ?b . ?a a skos:Concept . ?b a skos:Concept }}"):
        links[frozenset((a, b))].add(p)
        if p != "skos:related":
            typed_links.append((a, p, b))

    def linked(g1: str, g2: str) -> set[str]:
        out = set()
        for c1 in from_gold.get(g1, ()):
            for c2 in from_gold.get(g2, ()):
                out |= links.get(frozenset((c1, c2)), set())
        return out

    any_link, right_type = Score(), Score()
    missed_rel, wrong_type = [], []
    for r in gold.get("relations", []):
        ps = linked(r["head"], r["tail"])
        if ps:
            any_link.tp += 1
        else:
            any_link.fn += 1
            missed_rel.append(f"{r['head']} {r['rel']} {r['tail']}")
        fits = TYPE_FITS.get(r["rel"])
        if ps and (fits is None or ps & fits):
            right_type.tp += 1
        else:
            right_type.fn += 1
            if ps:
                wrong_type.append(f"{r['head']} {r['rel']} {r['tail']} (found {', '.join(sorted(ps))})")
    gold_pairs: dict[frozenset, set[str]] = defaultdict(set)
    for r in gold.get("relations", []):
        gold_pairs[frozenset((r["head"], r["tail"]))].add(r["rel"])
    typed = Score()
    wrong = []
    typed_pairs = {frozenset((a, b)): (a, p, b) for a, p, b in typed_links}
    for pair, (a, p, b) in sorted(typed_pairs.items(), key=lambda kv: sorted(kv[0])):
        ga, gb = to_gold.get(a, set()), to_gold.get(b, set())
        if not ga or not gb:
            continue
        if any(frozenset((x, y)) in gold_pairs for x in ga for y in gb):
            typed.tp += 1
        else:
            typed.fp += 1
            wrong.append(f"{a} {p} {b}")
    rep.scores["relations (any)"] = Score(tp=any_link.tp, fn=any_link.fn, fp=0)
    rep.figures["relation recall"] = f"any link {any_link.recall:.3f}, right type {right_type.recall:.3f} ({len(gold.get('relations', []))} gold)"
    rep.figures["typed precision"] = f"{typed.precision:.3f} ({typed.tp:g} of {typed.tp + typed.fp:g} concept pairs with a typed link are gold relations)"
    rep.details["relations_missed"] = missed_rel
    rep.details["relations_other_type"] = wrong_type
    rep.details["typed_wrong"] = wrong

    refs = {(a, b) for a, b in _rows(store, "SELECT ?a ?b WHERE { ?a dcterms:references ?b }")}
    passing = {(notes.get(r["from"]), notes.get(r["to"])) for r in gold.get("cross_refs_passing", [])}
    want = {(notes.get(r["from"]), notes.get(r["to"])) for r in gold.get("cross_refs", [])}
    rs = Score(tp=len(refs & want), fp=len(refs - want - passing), fn=len(want - refs))
    rep.scores["references"] = rs

    chains_ok = 0
    chain_notes = []
    for chain in gold.get("chains", []):
        ok = True
        for a, b in zip(chain, chain[1:]):
            hop = bool(linked(a, b))
            if not hop:
                for x, y in ((a, b), (b, a)):
                    for n, cs in about.items():
                        if cs & from_gold.get(x, set()) and mentions.get(n, set()) & from_gold.get(y, set()):
                            hop = True
            if not hop:
                ok = False
                chain_notes.append(f"{a} -> {b} not connected")
        chains_ok += ok
    rep.figures["chains"] = f"{chains_ok}/{len(gold.get('chains', []))} connected"
    rep.details["chain_gaps"] = chain_notes
    return rep


def evaluate(gold_path: Path, corpus: Path, out_dir: Path | None = None) -> Report:
    from .pipeline import build

    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    if out_dir is None:
        with tempfile.TemporaryDirectory(prefix="kgnotes-eval-") as tmp:
            build(corpus, Path(tmp) / "out")
            return evaluate_output(gold, Path(tmp) / "out")
    build(corpus, out_dir)
    return evaluate_output(gold, out_dir)
