"""query: SPARQL over a built output folder.

Uses the Oxigraph store the build leaves in ``OUT/store`` (opened read-only:
no re-parsing of Turtle per query); falls back to loading ``graph.trig`` when
the store is missing. The usual prefixes are predeclared. Update queries are
refused unless asked for. The default graph of a query is the union of all
named graphs (what users mean by "the graph").

Results print as a table, CSV or JSON (IRIs of the vocabularies shortened to
``prefix:name``), or in the W3C SPARQL results formats (``srj`` JSON, ``srx``
XML, ``tsv``) that other tools read.

Named queries are ``.rq`` files in ``kgnotes/data/queries/`` with a header::

    # name: notes-about
    # description: Notes about a concept, then the notes that only mention it.
    # args: concept

An argument appears in the query as the variable ``$concept`` and is replaced
by a SPARQL string literal of the value, escaped (:func:`sparql_string`), so a
value can never change the shape of the query. A ``.rq`` file of one's own
may declare ``# args:`` the same way (``kgnotes query --file q.rq ARG``).

>>> q = named_queries()["aliases"]
>>> q.args
['concept']
>>> print(sparql_string('SupCon"'))
"SupCon\\""
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from .vocab import PREFIXES

# table/csv/json are ours (readable, short IRIs); the others are the W3C
# SPARQL 1.1 query results formats, written by Oxigraph
FORMATS = ("table", "csv", "json", "srj", "srx", "tsv")
W3C_FORMATS = {
    "srj": ox.QueryResultsFormat.JSON,
    "srx": ox.QueryResultsFormat.XML,
    "tsv": ox.QueryResultsFormat.TSV,
}


class QueryError(ValueError):
    """A query that cannot run: bad syntax, no build, an update not allowed."""


@dataclass
class Result:
    columns: list[str]
    rows: list[list[str | None]]
    boolean: bool | None = None
    message: str = ""  # what an update did

    @classmethod
    def from_oxigraph(cls, res) -> Result:
        if isinstance(res, ox.QueryBoolean):
            return cls(columns=[], rows=[], boolean=bool(res))
        if isinstance(res, ox.QuerySolutions):
            cols = [v.value for v in res.variables]
            return cls(cols, [[_short(sol[c]) for c in cols] for sol in res])
        # CONSTRUCT / DESCRIBE: triples as rows
        rows = [[_short(t.subject), _short(t.predicate), _short(t.object)] for t in res]
        return cls(["subject", "predicate", "object"], rows)

    def to_table(self) -> str:
        if self.message:
            return self.message
        if self.boolean is not None:
            return "yes" if self.boolean else "no"
        widths = [_width(c) for c in self.columns]
        cells = [[_one_line(v) for v in row] for row in self.rows]
        for row in cells:
            widths = [max(w, _width(v)) for w, v in zip(widths, row)]
        lines = [" | ".join(_pad(c, w) for c, w in zip(self.columns, widths)).rstrip()]
        lines.append("-+-".join("-" * w for w in widths))
        lines += [" | ".join(_pad(v, w) for v, w in zip(row, widths)).rstrip() for row in cells]
        lines.append(f"({len(self.rows)} row{'s' if len(self.rows) != 1 else ''})")
        return "\n".join(lines)

    def to_csv(self) -> str:
        if self.message:
            return self.message + "\n"
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        if self.boolean is not None:
            w.writerows([["boolean"], ["true" if self.boolean else "false"]])
            return buf.getvalue()
        w.writerow(self.columns)
        w.writerows([["" if v is None else v for v in row] for row in self.rows])
        return buf.getvalue()

    def to_json(self) -> str:
        if self.message:
            return json.dumps({"update": self.message}, ensure_ascii=False)
        if self.boolean is not None:
            return json.dumps({"boolean": self.boolean})
        return json.dumps([dict(zip(self.columns, row)) for row in self.rows], ensure_ascii=False, indent=2)

    def render(self, fmt: str = "table") -> str:
        try:
            return {"table": self.to_table, "csv": self.to_csv, "json": self.to_json}[fmt]()
        except KeyError:
            raise QueryError(f"format {fmt!r} needs the raw query results: use query_text()") from None


def _one_line(v: str | None) -> str:
    return "" if v is None else v.replace("\r", " ").replace("\n", " ")


def _width(s: str) -> int:
    # CJK characters take two columns in a terminal
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)


def _pad(s: str, w: int) -> str:
    return s + " " * (w - _width(s))


def prologue() -> str:
    """The predeclared prefixes as SPARQL text (for engines other than Oxigraph)."""
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


# -- safety ------------------------------------------------------------------

# what may come before the first keyword: blanks, comments, BASE and PREFIX
# declarations (SPARQL 1.1 grammar, Prologue)
_PROLOGUE = r"(?:\s|\#[^\n]*(?:\n|$)|BASE\s*<[^>]*>|PREFIX\s+[^\s:]*:\s*<[^>]*>)*"
_UPDATE = re.compile(_PROLOGUE + r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.I)


def is_update(sparql: str) -> bool:
    """Whether ``sparql`` is a SPARQL Update request rather than a query.

    >>> is_update("# tidy up\\nPREFIX ex: <http://e/>\\n delete where { ?s ?p ?o }")
    True
    >>> is_update("SELECT ?deleted WHERE { ?deleted ?p ?o }")
    False
    """
    return bool(_UPDATE.match(sparql))


def sparql_string(value: str) -> str:
    """``value`` as a SPARQL string literal (``"..."``), every character that
    could end or bend the literal escaped.

    >>> print(sparql_string('SupCon" } ; DROP ALL #'))
    "SupCon\\" } ; DROP ALL #"
    >>> print(sparql_string("a\\\\b\\nc"))
    "a\\\\b\\nc"
    """
    out = []
    for ch in value:
        if ch in _ECHAR:
            out.append(_ECHAR[ch])
        elif ord(ch) < 0x20 or ch == "\x7f":
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


_ECHAR = {"\\": "\\\\", '"': '\\"', "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


# -- named queries -------------------------------------------------------------


@dataclass
class NamedQuery:
    name: str
    description: str
    args: list[str]
    text: str
    path: str = ""
    header: dict[str, str] = field(default_factory=dict)

    def bind(self, values: list[str] | tuple[str, ...]) -> str:
        """The query text with each ``$arg`` replaced by a string literal."""
        values = list(values)
        if len(values) != len(self.args):
            want = " ".join(a.upper() for a in self.args) or "no arguments"
            raise QueryError(f"{self.name} takes {want} ({len(self.args)} argument"
                             f"{'s' if len(self.args) != 1 else ''}), got {len(values)}")
        if not self.args:
            return self.text
        by_name = dict(zip(self.args, values))
        pattern = re.compile(r"\$(" + "|".join(re.escape(a) for a in by_name) + r")\b")

        def sub(m: re.Match) -> str:
            return sparql_string(by_name[m.group(1)])

        # comment lines (the header) are left as they are
        return "\n".join(line if line.lstrip().startswith("#") else pattern.sub(sub, line)
                         for line in self.text.splitlines())

    @property
    def usage(self) -> str:
        return " ".join([self.name, *(a.upper() for a in self.args)])


_HEADER = re.compile(r"^#\s*([A-Za-z-]+)\s*:\s*(.*?)\s*$")


def parse_named_query(text: str, path: str = "") -> NamedQuery:
    """Read the ``# key: value`` header of a ``.rq`` file (a line ``#   more``
    continues the value before it)."""
    header: dict[str, str] = {}
    last = None
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        m = _HEADER.match(line)
        if m and m.group(1).lower() in ("name", "description", "args", "example"):
            last = m.group(1).lower()
            header[last] = m.group(2)
        elif last and line[1:].strip():
            header[last] += " " + line[1:].strip()
    name = header.get("name") or Path(path).stem
    args = [a for a in re.split(r"[,\s]+", header.get("args", "")) if a]
    return NamedQuery(name, header.get("description", ""), args, text, path, header)


def named_queries() -> dict[str, NamedQuery]:
    """The named queries shipped in ``kgnotes/data/queries/``, by name."""
    folder = resources.files("kgnotes.data").joinpath("queries")
    out = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            q = parse_named_query(entry.read_text(encoding="utf-8"), entry.name)
            out[q.name] = q
    return out


# -- running -------------------------------------------------------------------


def open_store(out_dir: Path, *, writable: bool = False) -> ox.Store:
    """The build's Oxigraph store, read-only unless ``writable``; an in-memory
    store loaded from ``graph.trig`` when there is no store folder."""
    out_dir = Path(out_dir)
    store_dir = out_dir / "store"
    if store_dir.is_dir():
        try:
            return ox.Store(str(store_dir)) if writable else ox.Store.read_only(str(store_dir))
        except OSError as exc:
            if writable:
                raise QueryError(f"cannot open {store_dir} for writing: {exc}") from None
    trig = out_dir / "graph.trig"
    if not trig.is_file():
        raise QueryError(f"no built graph in {out_dir}/ (run `kgnotes build` first)")
    store = ox.Store()
    store.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
    return store


def execute(store: ox.Store, sparql: str, *, allow_update: bool = False):
    """Run ``sparql``: Oxigraph's ``QuerySolutions``, ``QueryBoolean`` or
    ``QueryTriples``, or ``None`` after an update."""
    if is_update(sparql):
        if not allow_update:
            raise QueryError("update queries change the graph; pass --update to allow them")
        try:
            store.update(sparql, prefixes=PREFIXES)
        except SyntaxError as exc:
            raise QueryError(_syntax_message(exc, sparql)) from None
        except OSError as exc:
            raise QueryError(f"update failed: {exc}") from None
        return None
    try:
        return store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise QueryError(_syntax_message(exc, sparql)) from None
    except OSError as exc:
        raise QueryError(f"query failed: {exc}") from None


def run_query(store: ox.Store, sparql: str, *, allow_update: bool = False) -> Result:
    res = execute(store, sparql, allow_update=allow_update)
    if res is None:
        return Result(columns=[], rows=[], boolean=True, message="update done")
    try:
        return Result.from_oxigraph(res)
    except OSError as exc:  # results are computed lazily
        raise QueryError(f"query failed: {exc}") from None


def serialize(res, fmt: str = "table") -> str:
    """Oxigraph query results as text in one of :data:`FORMATS`."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    if fmt in W3C_FORMATS:
        if res is None:
            raise QueryError(f"an update has no results to write as {fmt}")
        if not isinstance(res, ox.QuerySolutions | ox.QueryBoolean):
            raise QueryError(f"CONSTRUCT and DESCRIBE give triples, not solutions: --format {fmt} "
                             "is for SELECT and ASK (use table, csv or json)")
        try:
            return res.serialize(format=W3C_FORMATS[fmt]).decode("utf-8")
        except OSError as exc:
            raise QueryError(f"query failed: {exc}") from None
    if res is None:
        return Result([], [], True, message="update done").render(fmt)
    try:
        return Result.from_oxigraph(res).render(fmt)
    except OSError as exc:
        raise QueryError(f"query failed: {exc}") from None


def _syntax_message(exc: Exception, sparql: str) -> str:
    """Oxigraph's message, without its list of Unicode ranges, and the line
    of the query it points at with a caret."""
    msg = str(exc).strip()
    msg = re.sub(r"\['A' \.\.= 'Z'.*?\]", "a name", msg, flags=re.S)
    msg = re.sub(r"\s+", " ", msg)
    if len(msg) > 300:
        msg = msg[:297] + "..."
    out = f"SPARQL syntax error: {msg}"
    m = re.search(r"\b(\d+):(\d+)\b", msg)
    if m:
        line_no, col = int(m.group(1)), int(m.group(2))
        lines = sparql.splitlines()
        if 1 <= line_no <= len(lines):
            line = lines[line_no - 1]
            # Oxigraph counts columns from 1; keep the caret on the line
            col = max(1, min(col, len(line) + 1))
            out += f"\n  {line}\n  {' ' * (col - 1)}^"
    return out


def query_dir(out_dir: Path, sparql: str, **kw) -> Result:
    return run_query(open_store(out_dir, writable=kw.get("allow_update", False) and is_update(sparql)), sparql, **kw)


def query_text(out_dir: Path, sparql: str, *, fmt: str = "table", allow_update: bool = False) -> str:
    """Run ``sparql`` over the build in ``out_dir`` and write the results in
    ``fmt`` (one of :data:`FORMATS`)."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    writable = allow_update and is_update(sparql)
    store = open_store(out_dir, writable=writable)
    res = execute(store, sparql, allow_update=allow_update)
    if res is None:
        where = Path(out_dir) / "store"
        return f"update done ({where}/ changed; graph files unchanged)" if writable and where.is_dir() else \
            "update done (in memory only: no store/ folder to change)"
    return serialize(res, fmt)


def run_named(out_dir: Path, name: str, args: list[str] | tuple[str, ...] = (), *, fmt: str = "table") -> str:
    """Run the named query ``name`` with ``args`` over the build in ``out_dir``."""
    queries = named_queries()
    if name not in queries:
        raise QueryError(f"no named query {name!r} (kgnotes query --list)")
    return query_text(out_dir, queries[name].bind(args), fmt=fmt)


def query_graph(kg, sparql: str) -> Result:
    """Query an in-memory KnowledgeGraph (the notebook API)."""
    from .rdf import to_store

    return run_query(to_store(kg), sparql)
