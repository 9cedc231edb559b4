"""query: SPARQL over a built output folder.

Uses the Oxigraph store the build leaves in ``OUT/store`` (no re-parsing of
Turtle per query); falls back to loading ``graph.trig`` when the store is
missing. The usual prefixes are predeclared. Update queries are refused
unless asked for.
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .vocab import PREFIXES


class QueryError(ValueError):
    """A query that cannot run: bad syntax, no build, an update not allowed."""


@dataclass
class Result:
    columns: list[str]
    rows: list[list[str | None]]
    boolean: bool | None = None

    def to_table(self) -> str:
        if self.boolean is not None:
            return "yes" if self.boolean else "no"
        widths = [len(c) for c in self.columns]
        cells = [[v if v is not None else "" for v in row] for row in self.rows]
        for row in cells:
            widths = [max(w, _width(v)) for w, v in zip(widths, row)]
        lines = [" | ".join(_pad(c, w) for c, w in zip(self.columns, widths))]
        lines.append("-+-".join("-" * w for w in widths))
        lines += [" | ".join(_pad(v, w) for v, w in zip(row, widths)) for row in cells]
        lines.append(f"({len(self.rows)} row{'s' if len(self.rows) != 1 else ''})")
        return "\n".join(lines)

    def to_csv(self) -> str:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(self.columns)
        w.writerows([[v or "" for v in row] for row in self.rows])
        return buf.getvalue()

    def to_json(self) -> str:
        if self.boolean is not None:
            return json.dumps({"boolean": self.boolean})
        return json.dumps([dict(zip(self.columns, row)) for row in self.rows], ensure_ascii=False, indent=2)


def _width(s: str) -> int:
    # CJK characters take two columns in a terminal
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)


def _pad(s: str, w: int) -> str:
    return s + " " * (w - _width(s))


def prologue() -> str:
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def _short(term) -> str | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        for p, iri in PREFIXES.items():
            if term.value.startswith(iri) and p in ("kgn", "skos", "dcterms", "schema", "prov", "rdf", "rdfs"):
                return f"{p}:{term.value[len(iri):]}"
        return term.value
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


_UPDATE = re.compile(r"^\s*(?:(?:PREFIX|BASE)[^\n]*\n\s*)*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.I)


def open_store(out_dir: Path) -> ox.Store:
    out_dir = Path(out_dir)
    store_dir = out_dir / "store"
    if store_dir.is_dir():
        try:
            return ox.Store.read_only(str(store_dir))
        except OSError:
            pass
    trig = out_dir / "graph.trig"
    if not trig.is_file():
        raise QueryError(f"no built graph in {out_dir}/ (run `kgnotes build` first)")
    store = ox.Store()
    store.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
    return store


def run_query(store: ox.Store, sparql: str, *, allow_update: bool = False) -> Result:
    text = prologue() + sparql
    if _UPDATE.match(sparql):
        if not allow_update:
            raise QueryError("update queries change the graph; pass --update to allow them")
        try:
            store.update(text)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {_clean(exc)}") from None
        return Result(columns=[], rows=[], boolean=True)
    try:
        # the union of the named graphs is what users mean by "the graph"
        res = store.query(text, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {_clean(exc)}") from None
    except OSError as exc:
        raise QueryError(f"query failed: {exc}") from None
    if isinstance(res, ox.QueryBoolean):
        return Result(columns=[], rows=[], boolean=bool(res))
    if isinstance(res, ox.QuerySolutions):
        cols = [v.value for v in res.variables]
        rows = [[_short(sol[c]) for c in cols] for sol in res]
        return Result(cols, rows)
    # CONSTRUCT / DESCRIBE: triples as rows
    rows = [[_short(t.subject), _short(t.predicate), _short(t.object)] for t in res]
    return Result(["subject", "predicate", "object"], rows)


def _clean(exc: Exception) -> str:
    """Syntax errors point into our prologue too; shift line numbers back."""
    msg = str(exc)
    n = len(PREFIXES)

    def shift(m):
        return f"{m.group(1)}{int(m.group(2)) - n}"

    return re.sub(r"(line |\b)(\d+)(?=:\d)", shift, msg)


def query_dir(out_dir: Path, sparql: str, **kw) -> Result:
    return run_query(open_store(out_dir), sparql, **kw)


def query_graph(kg, sparql: str) -> Result:
    """Query an in-memory KnowledgeGraph (the notebook API)."""
    from .rdf import to_store

    return run_query(to_store(kg), sparql)
