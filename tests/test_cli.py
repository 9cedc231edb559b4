"""The command line: build, query, eval, errors without tracebacks."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys

from click.testing import CliRunner
from conftest import DEMO, EVAL_DEV

import pytest

from kgnotes.cli import main

SUPCON_QUERY = (
    'SELECT ?n WHERE { ?n schema:about ?c . ?c skos:altLabel|skos:prefLabel ?l . '
    'FILTER(lcase(str(?l))="supcon") }'
)


def test_query_lists_notes_about_supcon(demo_build):
    _, out = demo_build
    r = CliRunner().invoke(main, ["query", SUPCON_QUERY, "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert "note/" in r.output and "(0 rows)" not in r.output


def test_query_formats_and_file(demo_build, tmp_path):
    _, out = demo_build
    q = tmp_path / "q.rq"
    q.write_text("SELECT ?id WHERE { ?n a kgn:Note ; dcterms:identifier ?id } ORDER BY ?id LIMIT 3", encoding="utf-8")
    r = CliRunner().invoke(main, ["query", "--file", str(q), "--out", str(out), "--format", "json"])
    assert r.exit_code == 0, r.output
    rows = json.loads(r.output)
    assert len(rows) == 3 and all("id" in row for row in rows)
    r = CliRunner().invoke(main, ["query", "--file", str(q), "--out", str(out), "--format", "csv"])
    assert r.output.splitlines()[0] == "id"


def test_query_syntax_error_is_readable(demo_build):
    _, out = demo_build
    r = CliRunner().invoke(main, ["query", "SELEC ?x WHERE {", "--out", str(out)])
    assert r.exit_code == 2
    assert "SPARQL syntax error" in r.output and "Traceback" not in r.output


def test_query_refuses_updates(demo_build):
    _, out = demo_build
    r = CliRunner().invoke(main, ["query", "DELETE WHERE { ?s ?p ?o }", "--out", str(out)])
    assert r.exit_code == 2 and "--update" in r.output


def test_query_without_build(tmp_path):
    r = CliRunner().invoke(main, ["query", "SELECT * WHERE { ?s ?p ?o }", "--out", str(tmp_path / "none")])
    assert r.exit_code == 2 and "kgnotes build" in r.output


def test_build_missing_corpus_is_a_message(tmp_path):
    r = CliRunner().invoke(main, ["build", str(tmp_path / "nope"), "--out", str(tmp_path / "out")])
    assert r.exit_code == 1
    assert "corpus folder not found" in r.output and "Traceback" not in r.output


def test_build_command_prints_summary(tmp_path, write_note):
    root = write_note("a.md", "---\ntitle: 对比学习\n---\n对比学习(Contrastive Learning)拉近正样本。SimCLR 是一种对比学习方法。SimCLR 用数据增强。")
    r = CliRunner().invoke(main, ["build", str(root), "--out", str(tmp_path / "out")])
    assert r.exit_code == 0, r.output
    for word in ("notes read", "concepts", "relations", "references", "warnings", "seconds"):
        assert word in r.output


def test_every_command_has_help():
    for cmd in ([], ["build"], ["query"], ["eval"], ["concepts"], ["check"]):
        r = CliRunner().invoke(main, [*cmd, "--help"])
        assert r.exit_code == 0 and "Usage" in r.output


def test_console_script_installed():
    exe = os.path.join(os.path.dirname(sys.executable), "kgnotes")
    r = subprocess.run([exe, "--version"], capture_output=True, text=True)
    assert r.returncode == 0 and "kgnotes" in r.stdout


def _eval_figures(folder) -> dict:
    """``kgnotes eval FOLDER/gold.json FOLDER/corpus --json``, parsed."""
    r = CliRunner().invoke(main, ["eval", str(folder / "gold.json"), str(folder / "corpus"), "--json"])
    assert r.exit_code == 0, r.output
    return json.loads(r.output)


def _typed_precision(figs) -> float:
    return float(figs["figures"]["typed precision"].split()[0])


@pytest.mark.skipif(not (EVAL_DEV / "gold.json").is_file(), reason="../shared/eval-dev is not beside the repo")
def test_eval_on_real_notes():
    figs = _eval_figures(EVAL_DEV)
    # floors a little under today's figures, so a regression shows up here
    assert figs["concepts"]["precision"] >= 0.85 and figs["concepts"]["recall"] >= 0.85
    assert figs["mentions"]["f1"] >= 0.85 and figs["about"]["f1"] >= 0.75
    assert figs["references"]["f1"] >= 0.85
    assert "over-merged" in figs["figures"] and figs["figures"]["over-merged"] == "0"
    assert float(figs["figures"]["alias merge"].split()[0]) >= 0.85
    any_link, right_type = (float(x) for x in re.findall(r"\d\.\d+", figs["figures"]["relation recall"])[:2])
    assert any_link >= 0.85 and right_type >= 0.75
    assert _typed_precision(figs) >= 0.85
    # the user's own example holds on the real notes too
    assert int(figs["figures"]["chains"].split("/")[0]) >= 4
    assert "prototype -> contrastive-learning not connected" not in figs["details"]["chain_gaps"]
    assert "contrastive-learning -> supcon not connected" not in figs["details"]["chain_gaps"]


# Held-out corpora, written apart from the rules, and floors a little under
# today's figures (None: no floor). A rule fitted to eval-dev shows up here.
_HELD_OUT_FLOORS = {
    # databases and distributed systems: a rule fitted to machine-learning notes.
    # About .95 -> .86 in session 18: title-listed items (快照读与当前读), see heldout-dl
    "heldout": dict(precision=0.83, recall=0.90, mentions=0.78, about=0.83, alias=0.80, typed=0.65, relations=0.45),
    # deep-learning topics eval-dev does not cover, in its exported-blog style.
    # About .85 -> .67 in session 18: its gold names a title's subject and not
    # the items the title lists after it, which kgnotes now makes subjects (as
    # the golds of blog4, blog7, blog8, ml and nlp do; held-out about, mean .74 -> .79)
    "heldout-dl": dict(precision=0.90, recall=0.88, mentions=0.85, about=0.64, alias=0.78, typed=0.55, relations=None),
    # classical ML and statistics, a denser gold (306 concepts, 340 relations), with
    # abbreviations of two senses (LR/lr, MAP/mAP, LDA twice in one note)
    "heldout-ml": dict(precision=0.85, recall=0.72, mentions=0.78, about=0.89, alias=0.72, typed=0.55, relations=None),
    # reinforcement learning and LLM post-training, with abbreviations of two senses
    # (DP, AC, MC) and front matter whose aliases name the second subject of a title
    "heldout-rl": dict(precision=0.80, recall=0.78, mentions=0.75, about=0.62, alias=0.74, typed=0.50, relations=None),
    # NLP and LLMs, first built in session 8; its last over-merge (负载均衡损失 =
    # 负载均衡) mended in session 17
    "heldout-nlp": dict(precision=0.81, recall=0.87, mentions=0.77, about=0.58, alias=0.75, typed=0.67, relations=0.47),
    # computer vision and generative models, first built in session 9 (.84 / .94,
    # alias .78 with 5 over-merged); one known fault left: 卷积层 = 卷积. Typed
    # precision .51 -> .495 in session 14: more of its concepts, linked by the
    # head-noun rule (kinds its gold leaves out)
    "heldout-cv": dict(precision=0.85, recall=0.91, mentions=0.78, about=0.45, alias=0.78, typed=0.47, relations=0.40,
                       over_merged=1),
    # notes written in English, first built in session 10 (.87 / .40, mentions .53,
    # alias .36): the English noun phrases, other names and titles this session built;
    # session 19 (agent nouns, singulars, Gini … Gini impurity): alias .51 -> .55;
    # session 20 (Normalization layers is no title on layers): references .76 -> .85
    "heldout-en": dict(precision=0.88, recall=0.65, mentions=0.72, about=0.64, alias=0.50, typed=0.70, relations=0.29,
                       references=0.80),
    # Chinese notes on topics no other corpus covers, first built in session 10
    # (.77 / .83, alias .78 with 3 over-merged); one known fault left: a
    # bracket giving a role (线性模型（局部代理模型，surrogate model）). About .74 -> .70
    # in session 11: two methods its titles list (GAT, 回放) are now stated kinds of
    # the subject ("也是 GNN 的一种", "主要包括…三类"), subjects by the listed-kinds
    # rule; its gold names the subject alone
    # Session 17: the field's other name for a concept (known_terms.tsv) gave
    # 平稳性 the "stationarity" a note writes for KKT's: a second over-merge.
    # About .70 -> .58 in session 18: title-listed items, see heldout-dl
    "heldout-mix": dict(precision=0.80, recall=0.80, mentions=0.73, about=0.55, alias=0.78, typed=0.74, relations=0.45,
                        over_merged=2),
    # Chinese notes in the real blog exports' style, annotated by eval-dev's
    # conventions, first built in session 11 (.88 / .87, alias .72, about .80,
    # references .71); its typed precision is low because its gold leaves out
    # true kinds (GQA is an attention, Mamba-2 a variant of Mamba)
    "heldout-blog": dict(precision=0.88, recall=0.85, mentions=0.83, about=0.90, alias=0.76, typed=0.37, relations=0.45),
    # a second corpus of that kind by another helper, session 11; scored before it
    # was read: .85 / .91, alias .76 with 2 over-merged, about .77 (.88 at the
    # session's start: slug titles had made a motto a subject)
    "heldout-blog2": dict(precision=0.88, recall=0.88, mentions=0.87, about=0.84, alias=0.80, typed=0.60, relations=0.58),
    # an Obsidian vault (file names as titles, #tags, [[note|text]], dangling
    # links, callouts), session 11; before it was read: .85 / .90, alias .71
    # with 2 over-merged. Typed precision .73 -> .67 in session 14: the known terms
    # make more of its concepts, and the head-noun rule links them (true kinds its
    # gold leaves out)
    "heldout-vault": dict(precision=0.85, recall=0.87, mentions=0.83, about=0.95, alias=0.74, typed=0.63, relations=0.55),
    # blog-style notes on topics no other corpus covers (distributed training,
    # recommenders, KG embeddings, federated/continual learning, …), session 12;
    # before it was read: .87 / .76, alias .66 with 3 over-merged, about .60. One
    # known fault left: inversion named 逆关系 in one note and 反演 in another.
    # Session 14, known terms: 点击率 = CTR (the field's abbreviation; its gold
    # gives CTR to CTR 预估), and 前向过程 joins 前向算法 by their short form 前向
    "heldout-blog3": dict(precision=0.87, recall=0.78, mentions=0.80, about=0.64, alias=0.74, typed=0.74, relations=0.40,
                          over_merged=3),
    # blog-style notes on causal inference, A/B tests, MCMC, VI, convex optimisation,
    # ranking, tabular ML, ASR, agents, calibration, sparse coding, session 13;
    # before it was read: .81 / .92, alias .68 with 1 over-merged (变分族 = 变分分布),
    # about .40: its gold makes every item a title lists a subject; so does
    # kgnotes since session 18 (about .40 -> .87)
    "heldout-blog4": dict(precision=0.80, recall=0.88, mentions=0.80, about=0.84, alias=0.66, typed=0.52, relations=0.47),
    # 24 short one-line exports in eval-dev's own style (360-670 characters),
    # session 14; before it was read: .90 / .70, alias .74 with 4 over-merged.
    # One known fault left: 带重启的余弦退火 (SGDR) names 余弦退火
    "heldout-blog5": dict(precision=0.88, recall=0.78, mentions=0.83, about=0.78, alias=0.74, typed=0.55, relations=0.38,
                          over_merged=1),
    # 24 notes of 500-1,350 characters on topics no other corpus covers (flow
    # matching, SAM, NTK, MLA, PRM, inverse RL, RAFT, …), session 15, by a helper
    # who never saw kgnotes; before it was read: .92 / .88, alias .75 with 7
    # over-merged (bracket glosses: 极小值 for flat and for sharp minima),
    # mentions .88, about .85, references .78; five over-merges mended since
    # References .77 -> .95 in session 20: a title's kind word (Muon 优化器) and
    # the words a concept only modifies (大模型|训练并行) are no subjects to point at
    "heldout-blog6": dict(precision=0.88, recall=0.84, mentions=0.85, about=0.87, alias=0.77, typed=0.70, relations=0.43,
                          over_merged=2, references=0.90),
    # 24 notes on t-SNE/UMAP, conformal prediction, OOD detection, K-FAC, DETR,
    # pose, super-resolution, node2vec, distributional and safe RL, induction
    # heads, ROME, LLaVA, MinHash, DiT, …, session 16, by a helper who never saw
    # kgnotes; before it was read: .93 / .71, alias .73 with 5 over-merged, about
    # .65, references .60. Its recall is low: its gold counts the field's everyday
    # words (降维, 聚类, 先验, token, encoder) used once as concepts. One known
    # fault left: 投影 (a step of C51) and 投影层 (LLaVA's module) are one concept.
    # Typed .66 -> .62 in session 19: encoder became a term, and its kinds (视觉编码器,
    # bi-encoder, cross-encoder are encoders) are true links its gold leaves out
    # References .63 -> .76 in session 20 (分布外检测(OOD Detection) is no 检测;
    # 预训练|数据去重)
    "heldout-blog7": dict(precision=0.90, recall=0.69, mentions=0.76, about=0.86, alias=0.70, typed=0.58, relations=0.33,
                          over_merged=1, references=0.72),
    # 24 notes on GP/BO, EM, HMM, CRF, CTC, NeRF, PointNet, optical flow, MOT,
    # OCR, meta-/continual/federated learning, DP-SGD, adversarial examples,
    # attribution, NAS, pruning, speculative decoding, vLLM, agents, session 17,
    # by a helper who never saw kgnotes; before it was read: .89 / .71, alias .77
    # with 10 over-merged, mentions .77, about .76, references .94. Its gold makes
    # every item a title lists a subject. Six over-merges left: glosses of a word
    # before the term (仿射不变的相对深度 (affine-invariant)), of the head alone
    # (收缩核 (kernel)), of an action (内存 (swapping)), a description (FOMAML
    # (一阶近似)), IMP after a word the glossary lacks, and front-matter aliases
    "heldout-blog8": dict(precision=0.87, recall=0.69, mentions=0.75, about=0.88, alias=0.76, typed=0.72, relations=0.38,
                          over_merged=6),
    # 24 notes of 1,000-1,470 characters on PINN, equivariant networks, AlphaFold,
    # noisy labels, active learning, unlearning, watermarking, RWKV, Dreamer,
    # BEV, SLAM, particle filters, causal discovery, speaker verification, KAN,
    # …, session 18, by a helper who never saw kgnotes; before it was read: .86 /
    # .88, alias .73 with 3 over-merged, mentions .78, about .83 (.75 at the
    # session's first code), references .72 (1.00 now), typed .26. Its gold leaves out
    # most kinds its compounds state (axial attention is an attention), so typed
    # precision is low
    "heldout-blog9": dict(precision=0.83, recall=0.85, mentions=0.76, about=0.83, alias=0.77, typed=0.25, relations=0.39,
                          over_merged=1),
    # 18 English notes (GP, VI, BO, bandits, survival analysis, MoE, CLIP, …),
    # session 19, by a helper who never saw kgnotes; before it was read: .74 /
    # .69, alias .53, mentions .67, about .75, references .95, typed .55;
    # session 22 (bold list leads): .79 / .79, mentions .74
    "heldout-en2": dict(precision=0.76, recall=0.75, mentions=0.70, about=0.68, alias=0.50, typed=0.50, relations=0.22),
    # 16 Chinese notes on computer systems (scheduling, virtual memory, locks,
    # epoll, TCP, HTTP/2 and QUIC, DNS, consistent hashing, parsers, SSA, GC,
    # JIT, containers), session 20, by a helper who never saw kgnotes; before it
    # was read: .79 / .84, alias .77 with 3 over-merged (Round Robin names two
    # things; NFA（Thompson 构造）: a bracket naming how it is built), mentions
    # .69, about .74, references .74 (.68 at the session's first code), typed .70
    "heldout-sys": dict(precision=0.77, recall=0.84, mentions=0.67, about=0.70, alias=0.74, typed=0.66, relations=0.38,
                        over_merged=2, references=0.70),
    # 16 Chinese notes on the mathematics of ML and statistics (SVD, positive
    # definite matrices, matrix calculus, Bayes, distributions, LLN/CLT, MLE
    # and MAP, tests, bootstrap, information theory, KKT, Newton and CG,
    # Markov chains, MCMC, Poisson processes and Brownian motion, measure
    # theory), session 21, by a helper who never saw kgnotes; before it was
    # read: .83 / .83, alias .81 with 4 over-merged, mentions .73, about .78,
    # references .83, typed .47 (a Chinese term cut at the 同 of 独立同分布
    # took i.i.d., and with it every kind of 分布)
    "heldout-math": dict(precision=0.81, recall=0.81, mentions=0.71, about=0.75, alias=0.81, typed=0.64, relations=0.40,
                         over_merged=3, references=0.85),
    # 14 Chinese notes on quantitative finance and econometrics (ARIMA, GARCH,
    # cointegration, VAR, CAPM, Fama-French, Markowitz, risk parity,
    # Black-Scholes, implied volatility, VaR/CVaR, backtesting, ML stock
    # selection, market microstructure), session 21, by a helper who never saw
    # kgnotes; before it was read: .82 / .73, alias .58 with 5 over-merged,
    # mentions .74, about .64, references .93, typed .68. Read at the end of
    # the session: one fix (López de Prado is a person), the rest left;
    # session 22 (比率/回归/过程 heads, 检验 kind word, bold Latin names): .85 / .76,
    # 4 over-merged, mentions .77
    "heldout-fin": dict(precision=0.82, recall=0.73, mentions=0.73, about=0.60, alias=0.55, typed=0.64, relations=0.34,
                        over_merged=4, references=0.90),
}


@pytest.mark.parametrize("corpus", sorted(_HELD_OUT_FLOORS))
def test_eval_on_held_out_notes(corpus):
    floors = _HELD_OUT_FLOORS[corpus]
    figs = _eval_figures(DEMO.parent / "tests" / "data" / corpus)
    assert figs["concepts"]["precision"] >= floors["precision"] and figs["concepts"]["recall"] >= floors["recall"]
    assert figs["mentions"]["f1"] >= floors["mentions"]
    if floors["about"] is not None:
        assert figs["about"]["f1"] >= floors["about"]
    assert float(figs["figures"]["alias merge"].split()[0]) >= floors["alias"]
    assert int(figs["figures"]["over-merged"].split()[0]) <= floors.get("over_merged", 0)
    assert _typed_precision(figs) >= floors["typed"]
    if floors["relations"] is not None:
        assert figs["relations (any)"]["recall"] >= floors["relations"]
    if "references" in floors:
        assert figs["references"]["f1"] >= floors["references"]


def test_demo_gold_scores(demo_build):
    gold = DEMO.parent / "tests" / "data" / "demo-gold.json"
    if not gold.is_file():
        pytest.skip("no demo gold file")
    from kgnotes.evaluate import evaluate_output

    _, out = demo_build
    rep = evaluate_output(json.loads(gold.read_text(encoding="utf-8")), out)
    assert rep.scores["concepts"].recall > 0.5


def test_path_and_related_explain_with_evidence(demo_build):
    kg, out = demo_build
    r = CliRunner().invoke(main, ["path", "原型", "supcon", "--out", str(out)])
    assert r.exit_code == 0, r.output
    first = r.output.splitlines()[0]
    assert first.startswith("原型") and first.endswith("监督对比学习")
    assert "[contrastive/" in r.output  # each hop names its note
    r = CliRunner().invoke(main, ["related", "Supervised Contrastive Learning", "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert "对比学习" in r.output and "variant_of" in r.output


def test_unknown_concept_is_a_message(demo_build):
    _, out = demo_build
    r = CliRunner().invoke(main, ["related", "不存在的概念xyz", "--out", str(out)])
    assert r.exit_code == 1 and "no concept named" in r.output and "Traceback" not in r.output


def test_focused_map(demo_build, tmp_path):
    _, out = demo_build
    target = tmp_path / "supcon.html"
    r = CliRunner().invoke(main, ["map", "SupCon", "--depth", "1", "--out", str(target), "--corpus", str(DEMO)])
    assert r.exit_code == 0, r.output
    html = target.read_text(encoding="utf-8")
    assert "监督对比学习" in html
    assert "<script src" not in html and "<link" not in html  # self-contained: nothing fetched


def test_concepts_lists_for_audit_and_writes_a_sheet(write_note, tmp_path):
    root = write_note("supcon.md", "# 监督对比学习\n\n监督对比学习(Supervised Contrastive Learning, SupCon)用标签选正样本。SupCon 比交叉熵稳。\n")
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["concepts", str(root), "--out", str(out), "--format", "json"])
    assert r.exit_code == 0, r.output
    rows = json.loads(r.output[r.output.index("["):])
    supcon = next(row for row in rows if "SupCon" in [row["en"], *row["alt"]])
    assert "definition" in supcon["evidence"] and supcon["defined_in"] == ["supcon.md"]
    sheet = (out / "concepts.tsv").read_text(encoding="utf-8").splitlines()
    assert sheet[0].split("\t")[:3] == ["id", "zh", "en"]
    assert any("SupCon" in line and "supcon.md" in line for line in sheet[1:])
    assert all(line.count("\t") == 7 for line in sheet)
    assert (out / "graph.ttl").is_file()  # it is the build's output folder
