"""kgnotes query: the Oxigraph store, output formats, named queries, safety."""
from __future__ import annotations

import csv
import io
import json
import shutil
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from kgnotes.cli import main
from kgnotes.query import QueryError, is_update, named_queries, parse_named_query, query_dir, sparql_string

SRX = "{http://www.w3.org/2005/sparql-results#}"


def run(out, *args):
    r = CliRunner().invoke(main, ["query", *args, "--out", str(out), "--format", "json"])
    assert r.exit_code == 0, r.output
    return json.loads(r.output)


def cli(out, *args):
    return CliRunner().invoke(main, ["query", *args, "--out", str(out)])


def concept_ids(kg, label: str) -> set[str]:
    key = label.lower()
    return {c.id for c in kg.concepts.values() if any(l.lower() == key for l in c.labels)}


# -- named queries ---------------------------------------------------------------


def test_list_names_every_shipped_query():
    r = CliRunner().invoke(main, ["query", "--list"])
    assert r.exit_code == 0, r.output
    for name in ("notes-about", "write-next", "reading-order", "bridges", "orphans", "evidence", "aliases"):
        assert name in named_queries()
        line = next(l for l in r.output.splitlines() if l.startswith(name + " ") or l == name)
        assert len(line.split(None, 1)[1]) > 20  # a description follows
    assert "notes-about CONCEPT" in r.output and "evidence A B" in r.output


def test_every_named_query_has_a_header():
    for name, q in named_queries().items():
        assert q.description, name
        assert q.header.get("name") == name
        for arg in q.args:
            assert f"${arg}" in q.text, (name, arg)


def test_notes_about_supcon(demo_build):
    kg, out = demo_build
    rows = run(out, "notes-about", "supcon")  # any case
    about = [r["note"] for r in rows if r["kind"] == "about"]
    mentions = [r["note"] for r in rows if r["kind"] == "mentions"]
    assert "contrastive/supcon.md" in about
    assert mentions and not set(about) & set(mentions)
    (cid,) = concept_ids(kg, "SupCon")
    assert set(about) == {n for n, cs in kg.about.items() if cid in cs}
    assert set(about) | set(mentions) == {n for n, cs in kg.mentions.items() if cid in cs} | set(about)
    # about rows come first
    kinds = [r["kind"] for r in rows]
    assert kinds == sorted(kinds)


def test_notes_about_by_chinese_label(demo_build):
    _, out = demo_build
    rows = run(out, "notes-about", "对比学习")
    assert any(r["kind"] == "about" and r["note"] == "contrastive/contrastive-learning.md" for r in rows)


def test_write_next_lists_mentioned_concepts_no_note_is_about(demo_build):
    kg, out = demo_build
    rows = run(out, "write-next")
    assert rows
    about = {c for cs in kg.about.values() for c in cs}
    counts = [int(r["notes"]) for r in rows]
    assert counts == sorted(counts, reverse=True) and min(counts) >= 3
    for r in rows[:10]:
        ids = concept_ids(kg, r["concept"])
        assert ids and not ids & about, r


def test_reading_order_puts_prerequisites_first(demo_build):
    _, out = demo_build
    rows = run(out, "reading-order", "SupCon")
    names = [r["concept"] for r in rows]
    assert names[-1] == "监督对比学习"  # the concept itself, last
    assert "对比学习" in names and names.index("对比学习") < names.index("监督对比学习")
    depth = [int(r["builds_on"]) for r in rows]
    assert depth == sorted(depth) and depth[0] == 0
    supcon = rows[-1]
    assert "contrastive/supcon.md" in supcon["notes"].split()


def test_reading_order_of_adamw(demo_build):
    _, out = demo_build
    rows = run(out, "reading-order", "AdamW")
    assert len(rows) >= 2
    assert "optimizers/adamw.md" in rows[-1]["notes"].split()  # AdamW itself, last


def test_bridges_reach_several_communities(demo_build):
    kg, out = demo_build
    rows = run(out, "bridges")
    assert rows
    reached = [int(r["communities"]) for r in rows]
    assert reached == sorted(reached, reverse=True) and min(reached) >= 2
    # the top bridge, checked against the model
    (cid,) = concept_ids(kg, rows[0]["concept"])
    linked = {r.tail for r in kg.relations if r.head == cid} | {r.head for r in kg.relations if r.tail == cid}
    linked.discard(cid)
    assert int(rows[0]["linked_concepts"]) <= len(linked)
    assert int(rows[0]["communities"]) <= len({kg.concepts[c].community for c in linked})


def test_orphans_on_the_demo_runs(demo_build):
    kg, out = demo_build
    rows = run(out, "orphans")
    linked = {r.source for r in kg.references if r.source != r.target} | {r.target for r in kg.references if r.source != r.target}
    assert {r["note"] for r in rows} == set(kg.notes) - linked


def test_orphans_finds_a_lonely_note(tmp_path, write_note):
    import kgnotes

    write_note("a.md", "---\ntitle: 对比学习\n---\n对比学习(Contrastive Learning)拉近正样本。SimCLR 是一种对比学习方法。")
    write_note("b.md", "---\ntitle: SimCLR\n---\nSimCLR 是一种对比学习方法，见 [[a]]。SimCLR 用数据增强。")
    root = write_note("c.md", "---\ntitle: 蛋糕\n---\n今天烤了一个蛋糕，配方写在这里。\n")
    out = tmp_path / "out"
    kgnotes.build(root, out)
    rows = run(out, "orphans")
    assert [r["note"] for r in rows] == ["c.md"]
    assert rows[0]["title"] == "蛋糕"


def test_evidence_between_two_concepts(demo_build):
    _, out = demo_build
    rows = run(out, "evidence", "SupCon", "对比学习")
    assert rows
    assert any(r["relation"] != "skos:related" and r["evidence"] and r["note"] == "contrastive/supcon.md" for r in rows)
    # either order of the arguments finds the same links
    assert run(out, "evidence", "对比学习", "SupCon") == rows


def test_evidence_for_adamw(demo_build):
    _, out = demo_build
    rows = run(out, "evidence", "AdamW", "Adam")
    assert rows and all(r["note"] for r in rows)


def test_aliases(demo_build):
    _, out = demo_build
    rows = run(out, "aliases", "supcon")
    labels = {(r["label"], r["kind"]) for r in rows}
    assert ("监督对比学习", "pref") in labels and ("SupCon", "alt") in labels
    assert ("Supervised Contrastive Learning", "pref") in labels
    assert rows[0]["kind"] == "pref"
    langs = [r["lang"] for r in rows if r["kind"] == "pref"]
    assert len(langs) == len(set(langs))  # one prefLabel per language


def test_argument_is_a_literal_never_query_text(demo_build):
    _, out = demo_build
    for evil in ['SupCon" ) } ; DROP ALL #', "SupCon\\", "x\"))} UNION { ?c ?p ?label } #", "a\nb'c"]:
        r = cli(out, "aliases", evil)
        assert r.exit_code == 0, (evil, r.output)
        assert "(0 rows)" in r.output
    assert run(out, "aliases", "SupCon")  # the store is intact


def test_sparql_string_escapes():
    assert sparql_string('a"b') == '"a\\"b"'
    assert sparql_string("a\\b") == '"a\\\\b"'
    assert sparql_string("a\nb\r\tc") == '"a\\nb\\r\\tc"'
    assert sparql_string("\x00") == '"\\u0000"'
    assert sparql_string("对比学习") == '"对比学习"'


def test_wrong_argument_count_is_a_usage_error(demo_build):
    _, out = demo_build
    r = cli(out, "aliases")
    assert r.exit_code == 2 and "CONCEPT" in r.output and "Traceback" not in r.output
    r = cli(out, "evidence", "SupCon")
    assert r.exit_code == 2 and "A B" in r.output


def test_unknown_name_is_a_readable_error(demo_build):
    _, out = demo_build
    r = cli(out, "orphan")
    assert r.exit_code == 2 and "--list" in r.output and "Traceback" not in r.output


def test_file_with_args_header(demo_build, tmp_path):
    _, out = demo_build
    q = tmp_path / "labels.rq"
    q.write_text("# name: labels\n# args: term\nSELECT ?l WHERE { ?c skos:altLabel ?x ; skos:prefLabel ?l . "
                 "FILTER(str(?x) = $term) }\n", encoding="utf-8")
    rows = json.loads(CliRunner().invoke(main, ["query", "--file", str(q), "SupCon", "--out", str(out), "--format", "json"]).output)
    assert {r["l"] for r in rows} >= {"监督对比学习"}


def test_parse_header_continuation_lines():
    q = parse_named_query("# name: x\n# description: one\n#   two\n# args: a, b\nSELECT * { ?s ?p $a . ?s ?p $b }")
    assert (q.name, q.description, q.args) == ("x", "one two", ["a", "b"])
    assert '"1"' in q.bind(["1", "2"]) and "$a" not in q.bind(["1", "2"])


# -- formats -----------------------------------------------------------------------


SELECT_IDS = "SELECT ?id ?title WHERE { ?n a kgn:Note ; dcterms:identifier ?id ; dcterms:title ?title } ORDER BY ?id LIMIT 3"


def test_format_csv(demo_build):
    _, out = demo_build
    r = CliRunner().invoke(main, ["query", SELECT_IDS, "--out", str(out), "--format", "csv"])
    assert r.exit_code == 0, r.output
    rows = list(csv.reader(io.StringIO(r.output)))
    assert rows[0] == ["id", "title"] and len(rows) == 4


def test_format_json(demo_build):
    _, out = demo_build
    rows = run(out, SELECT_IDS)
    assert len(rows) == 3 and set(rows[0]) == {"id", "title"}


def test_format_srj_is_w3c_sparql_json(demo_build):
    _, out = demo_build
    r = CliRunner().invoke(main, ["query", SELECT_IDS, "--out", str(out), "--format", "srj"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["head"]["vars"] == ["id", "title"]
    b = data["results"]["bindings"]
    assert len(b) == 3 and b[0]["id"]["type"] == "literal"
    assert b[0]["title"].get("xml:lang") in ("zh", "en")  # titles keep their language tag
    r = CliRunner().invoke(main, ["query", "ASK { ?n a kgn:Note }", "--out", str(out), "--format", "srj"])
    assert json.loads(r.output) == {"head": {}, "boolean": True}


def test_format_srx_is_w3c_sparql_xml(demo_build):
    _, out = demo_build
    r = CliRunner().invoke(main, ["query", "notes-about", "SupCon", "--out", str(out), "--format", "srx"])
    assert r.exit_code == 0, r.output
    root = ET.fromstring(r.output.encode("utf-8"))
    assert root.tag == SRX + "sparql"
    assert [v.get("name") for v in root.iter(SRX + "variable")] == ["concept", "kind", "note", "title"]
    results = list(root.iter(SRX + "result"))
    assert results and any(lit.text == "contrastive/supcon.md" for lit in root.iter(SRX + "literal"))


def test_format_tsv(demo_build):
    _, out = demo_build
    r = CliRunner().invoke(main, ["query", SELECT_IDS, "--out", str(out), "--format", "tsv"])
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[0] == "?id\t?title" and len(lines) == 4 and lines[1].startswith('"')


def test_w3c_format_of_construct_is_refused(demo_build):
    _, out = demo_build
    r = CliRunner().invoke(main, ["query", "CONSTRUCT WHERE { ?n a kgn:Note } LIMIT 1", "--out", str(out), "--format", "srj"])
    assert r.exit_code == 2 and "SELECT and ASK" in r.output


def test_table_is_aligned_for_chinese(demo_build):
    _, out = demo_build
    r = cli(out, "aliases", "对比学习")
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert "对比学习" in r.output and lines[-1].endswith("rows)")
    bars = {tuple(i for i, ch in enumerate(_cells(l)) if ch == "|") for l in lines[:-1] if "|" in l}
    assert len(bars) == 1  # every row's column separators line up on screen


def _cells(line: str) -> str:
    return "".join(ch * (2 if ord(ch) > 0x2E80 else 1) for ch in line)


# -- errors and safety -----------------------------------------------------------


def test_syntax_error_exit_2_with_position(demo_build):
    _, out = demo_build
    r = cli(out, "SELECT ?x WHERE {\n  ?x a skos:Concept\n  FILTER(\n}")
    assert r.exit_code == 2
    assert "SPARQL syntax error" in r.output and "Traceback" not in r.output
    assert "^" in r.output and "'A' ..=" not in r.output  # a caret, not Unicode ranges
    assert len(r.output) < 600


def test_update_refused_without_flag(demo_build):
    _, out = demo_build
    for update in ("DELETE WHERE { ?s ?p ?o }", "# cleanup\nPREFIX ex: <http://e/>\ninsert data { ex:a ex:b ex:c }",
                   "CLEAR ALL", "DROP GRAPH <https://w3id.org/kgnotes/id/note/contrastive/supcon.md>"):
        r = cli(out, update)
        assert r.exit_code == 2 and "--update" in r.output, update
    assert run(out, "aliases", "SupCon")


def test_update_with_flag_changes_only_the_store(demo_build, tmp_path):
    _, out = demo_build
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    before = (copy / "graph.ttl").read_bytes()
    r = CliRunner().invoke(main, ["query", "--update", "--out", str(copy),
                                  'INSERT DATA { <https://w3id.org/kgnotes/id/concept/x> skos:prefLabel "新概念"@zh }'])
    assert r.exit_code == 0, r.output
    assert "update done" in r.output
    assert run(copy, "aliases", "新概念")
    assert (copy / "graph.ttl").read_bytes() == before


def test_is_update():
    assert is_update("DELETE WHERE { ?s ?p ?o }")
    assert is_update("  # c\n\nprefix x: <http://x/>\nBASE <http://b/>\nWITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert not is_update("SELECT ?insert WHERE { ?insert ?p ?o }")
    assert not is_update("# DELETE everything?\nSELECT * WHERE { ?s ?p ?o }")
    assert not is_update(" " * 5000 + "SELECT")  # no catastrophic backtracking


def test_missing_build_is_a_message(tmp_path):
    r = cli(tmp_path / "none", "SELECT * WHERE { ?s ?p ?o }")
    assert r.exit_code == 2 and "kgnotes build" in r.output and "Traceback" not in r.output
    r = cli(tmp_path / "none", "aliases", "SupCon")
    assert r.exit_code == 2 and "kgnotes build" in r.output


def test_falls_back_to_trig_without_store(demo_build, tmp_path):
    _, out = demo_build
    copy = tmp_path / "out"
    copy.mkdir()
    shutil.copy(out / "graph.trig", copy / "graph.trig")
    assert run(copy, "aliases", "SupCon") == run(out, "aliases", "SupCon")


def test_union_of_named_graphs_is_the_default(demo_build):
    _, out = demo_build
    # schema:about sits in each note's own named graph
    res = query_dir(out, "SELECT (COUNT(*) AS ?n) WHERE { ?note schema:about ?c }")
    assert int(res.rows[0][0]) > 0
    res = query_dir(out, "SELECT ?g WHERE { GRAPH ?g { ?note schema:about ?c } } LIMIT 1")
    assert res.rows[0][0].startswith("https://w3id.org/kgnotes/id/note/")


def test_query_dir_raises_query_error(demo_build):
    _, out = demo_build
    with pytest.raises(QueryError, match="syntax"):
        query_dir(out, "SELECT WHERE")
