"""The ``kgnotes`` command. Each command is thin: it calls a library function
and prints; user mistakes become one readable line and a non-zero exit."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__


class UserError(click.ClickException):
    """Printed as ``kgnotes: <message>``, exit code 1 (2 for usage errors)."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.exit_code = code

    def show(self, file=None):
        click.echo(f"kgnotes: {self.format_message()}", err=True)


def _graph(corpus: Path, out: Path | None):
    """The last build's graph from OUT when there is one (instant), else an
    in-memory build of CORPUS (nothing written)."""
    from .pipeline import load_graph

    if out is not None:
        kg = load_graph(out)
        if kg is not None:
            return kg
    return _build(corpus, None, quiet=True)


_OUT_OPTION = click.option(
    "--out", "-o", "graph_out", default="output", show_default=True, type=click.Path(path_type=Path),
    help="Answer from the graph built there (run `kgnotes build` after editing notes); without one, CORPUS is read.",
)


def _warn(msg: str) -> None:
    click.echo(click.style("warning: ", fg="yellow") + msg, err=True)


def _build(corpus: Path, out: Path | None, lang: str = "zh", quiet: bool = False, **kw):
    """Build (or, for the inspecting commands, extract without writing): a
    progress bar on a terminal; warnings unless quiet."""
    from .pipeline import BuildError, build

    try:
        return build(corpus, out, lang=lang, progress=sys.stderr.isatty(), warn=None if quiet else _warn, **kw)
    except BuildError as exc:
        raise UserError(str(exc)) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kgnotes")
def main():
    """Turn a folder of study notes into a knowledge graph: concepts, their
    aliases and relations, and how the notes refer to each other."""


@main.command()
@click.argument("corpus", default="corpus", type=click.Path(path_type=Path))
@click.option("--out", "-o", default="output", show_default=True, type=click.Path(path_type=Path), help="Output folder.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help="Label language of the map.")
@click.option("--gexf", is_flag=True, help="Also write graph.gexf (slow on large graphs).")
@click.option("--full", is_flag=True, help="Ignore the cache of the last build: extract every note again (and cache them for the next build).")
@click.option("--workers", "-j", type=click.IntRange(1, 64), help="Processes for extraction (default: the machine's cores).")
@click.option("--quiet", "-q", is_flag=True, help="No warnings.")
def build(corpus: Path, out: Path, lang: str, gexf: bool, full: bool, workers: int | None, quiet: bool):
    """Build the graph of CORPUS (default corpus/) into --out (default output/).

    Incremental: only notes changed since the last build into the same --out
    are extracted again; the result is the same as a --full build."""
    from .pipeline import summarise

    kg = _build(corpus, out, lang, quiet, gexf=gexf, full=full, workers=workers)
    s = summarise(kg)
    if kg.build.get("up_to_date"):
        click.echo(f"kgnotes {__version__}: {out}/ is up to date with {corpus} (no note, setting or kgnotes file changed)")
    else:
        click.echo(f"kgnotes {__version__}: built {corpus} -> {out}/")
    click.echo(f"  notes read   {s.notes}")
    click.echo(f"  concepts     {s.concepts}")
    click.echo(f"  relations    {s.relations} ({s.typed_relations} typed, {s.relations - s.typed_relations} related)")
    click.echo(f"  references   {s.references}")
    click.echo(f"  warnings     {len(s.warnings)}")
    extracted = kg.build.get("timings", {}).get("extracted")
    if extracted is not None and extracted < s.notes:
        click.echo(f"  re-extracted {extracted} (the rest from the cache)")
    click.echo(f"  seconds      {s.seconds:.1f}")
    for name in ("ttl", "trig", "jsonld", "graphml", "html"):
        if name in s.files:
            click.echo(f"  {'kept' if kg.build.get('up_to_date') else 'wrote':<12} {s.files[name]}")


@main.command()
@click.argument("args", nargs=-1)
@click.option("--file", "-f", "qfile", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Read the query from a .rq file (ARGS fill its '# args:').")
@click.option("--out", "-o", default="output", show_default=True, type=click.Path(path_type=Path), help="The built output folder.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "srj", "srx", "tsv"]), default="table", show_default=True,
              help="table/csv/json: readable; srj, srx, tsv: the W3C SPARQL results formats (JSON, XML, TSV).")
@click.option("--update", is_flag=True, help="Allow SPARQL update queries (they change OUT/store, not the graph files).")
@click.option("--list", "list_", is_flag=True, help="List the named queries and exit.")
@click.option("--show", is_flag=True, help="Print the SPARQL that would run (arguments filled in) instead of running it.")
def query(args: tuple[str, ...], qfile: Path | None, out: Path, fmt: str, update: bool, list_: bool, show: bool):
    """Run SPARQL, or a named query, over the built graph (prefixes skos:
    schema: dcterms: prov: rdf: rdfs: xsd: oa: owl: kgn: are predeclared).

    \b
      kgnotes query 'SELECT ...'        SPARQL text
      kgnotes query --file q.rq         SPARQL from a file
      kgnotes query NAME [ARGS...]      a named query, e.g. notes-about SupCon
      kgnotes query --list              the named queries
    """
    import re

    from .query import QueryError, named_queries, parse_named_query, query_text

    queries = named_queries()
    if list_:
        width = max(len(q.usage) for q in queries.values())
        for q in queries.values():
            click.echo(f"{q.usage:<{width}}  {q.description}")
        return
    try:
        if qfile is not None:
            nq = parse_named_query(qfile.read_text(encoding="utf-8"), str(qfile))
            sparql = nq.bind(args) if nq.args or args else nq.text
        elif args and args[0] in queries:
            sparql = queries[args[0]].bind(args[1:])
        elif not args:
            raise UserError("give a SPARQL query, --file q.rq, or a named query (kgnotes query --list)", 2)
        elif re.fullmatch(r"[\w-]+", args[0]) and not re.fullmatch(r"(?i)select|ask|construct|describe", args[0]):
            raise UserError(f"no named query {args[0]!r} (kgnotes query --list shows them)", 2)
        elif len(args) > 1:
            raise UserError("give the SPARQL query as one argument (quote it)", 2)
        else:
            sparql = args[0]
        if show:
            click.echo(sparql.rstrip("\n"))
            return
        text = query_text(out, sparql, fmt=fmt, allow_update=update)
    except QueryError as exc:
        raise UserError(str(exc), 2) from None
    # the W3C formats exactly as written (TSV ends its last row with a newline)
    click.echo(text if fmt in ("srj", "srx", "tsv") and text.endswith("\n") else text.rstrip("\n"),
               nl=not (fmt in ("srj", "srx", "tsv") and text.endswith("\n")))


@main.command(name="eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("corpus", required=False, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the figures and details as JSON.")
@click.option("--details", is_flag=True, help="Also list misses and false positives.")
def eval_cmd(gold: Path, corpus: Path | None, as_json: bool, details: bool):
    """Score a build of CORPUS against GOLD.json (CORPUS defaults to the
    gold file's corpus/ folder)."""
    from .evaluate import evaluate
    from .pipeline import BuildError

    corpus = corpus or gold.parent / "corpus"
    try:
        rep = evaluate(gold, corpus)
    except BuildError as exc:
        raise UserError(str(exc)) from None
    except (ValueError, KeyError) as exc:
        raise UserError(f"{gold}: not a usable gold file ({exc})") from None
    if as_json:
        click.echo(rep.as_json())
        return
    click.echo(rep.as_text())
    if details:
        for k, v in rep.details.items():
            click.echo(f"\n{k}:")
            for item in v:
                click.echo(f"  {item}")


@main.command()
@click.argument("corpus", default="corpus", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--out", "-o", type=click.Path(path_type=Path),
              help="A build's output folder: build into it (incrementally; nothing to do when it is up to date) "
                   "and also write the list there as concepts.tsv, to open in a spreadsheet.")
def concepts(corpus: Path, fmt: str, out: Path | None):
    """List the concepts of CORPUS with their labels, evidence and note counts."""
    kg = _build(corpus, out, quiet=True)
    rows = []
    for c in sorted(kg.concepts.values(), key=lambda c: (-c.rank, c.id)):
        rows.append({
            "id": c.id, "zh": c.pref.get("zh", ""), "en": c.pref.get("en", ""), "alt": c.alt,
            "evidence": c.evidence, "about": len(kg.notes_about(c.id)), "mentions": len(kg.notes_mentioning(c.id)),
            "defined_in": c.defined_in,
        })
    if out is not None:
        from .atomic import write_text

        def cell(v) -> str:  # one line per concept: no tabs or newlines inside a cell
            return " | ".join(v) if isinstance(v, list) else " ".join(str(v).split())

        columns = ["id", "zh", "en", "alt", "evidence", "about", "mentions", "defined_in"]
        lines = ["\t".join(columns)] + ["\t".join(cell(r[k]) for k in columns) for r in rows]
        path = write_text(out / "concepts.tsv", "\n".join(lines) + "\n")
        click.echo(f"wrote {path} ({len(rows)} concepts)", err=True)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        alt = ", ".join(r["alt"])
        click.echo(f"{r['id']:<32} {r['zh'] or '-'} / {r['en'] or '-'}  [{', '.join(r['evidence'])}]  about {r['about']}, in {r['mentions']} notes" + (f"  aka {alt}" if alt else ""))


@main.command()
@click.argument("corpus", default="corpus", type=click.Path(path_type=Path))
def check(corpus: Path):
    """Report links to notes that do not exist and files that could not be read."""
    kg = _build(corpus, None, quiet=True)
    for w in kg.warnings:
        click.echo(f"warning: {w}")
    for note, target in kg.broken_links:
        click.echo(f"broken link: {note} -> {target}")
    if kg.broken_links or kg.warnings:
        sys.exit(1)
    click.echo("all links resolve")


def _explain_errors(fn):
    from functools import wraps

    from .explain import NotFound

    @wraps(fn)
    def run(*a, **kw):
        try:
            return fn(*a, **kw)
        except NotFound as exc:
            raise UserError(str(exc)) from None

    return run


def _rel_line(r, kg) -> str:
    note = f" [{r.note}]" if r.note else ""
    basis = "" if r.basis == "pattern" else f" ({r.basis})"
    return f"{r.rel}{basis}{note}: {r.evidence}" if r.evidence else f"{r.rel}{basis}{note}"


@main.command()
@click.argument("a")
@click.argument("b")
@click.option("--corpus", "-c", default="corpus", show_default=True, type=click.Path(path_type=Path))
@_OUT_OPTION
@_explain_errors
def path(a: str, b: str, corpus: Path, graph_out: Path):
    """How concept A leads to concept B (any alias, either language): each hop
    with its relation, note and evidence sentence."""
    from .explain import shortest_path

    kg = _graph(corpus, graph_out)
    hops = shortest_path(kg, a, b)
    if not hops:
        raise UserError(f"{a!r} and {b!r} are not connected")
    label = lambda cid: kg.concepts[cid].label("zh")
    click.echo(" -> ".join([label(hops[0].source)] + [label(h.target) for h in hops]))
    for i, h in enumerate(hops, 1):
        click.echo(f"{i}. {label(h.source)} — {label(h.target)}")
        for r in h.relations[:3]:
            arrow = "→" if r.head == h.source else "←"
            click.echo(f"   {arrow} {_rel_line(r, kg)}")


@main.command()
@click.argument("concept")
@click.option("--corpus", "-c", default="corpus", show_default=True, type=click.Path(path_type=Path))
@click.option("--limit", default=10, show_default=True, help="Neighbours shown per relation type.")
@_OUT_OPTION
@_explain_errors
def related(concept: str, corpus: Path, limit: int, graph_out: Path):
    """Concepts linked to CONCEPT, grouped by relation type, with evidence."""
    from .explain import neighbours, resolve

    kg = _graph(corpus, graph_out)
    groups = neighbours(kg, concept)
    c = kg.concepts[resolve(kg, concept)]
    names = list(dict.fromkeys([c.label("zh"), c.label("en")]))  # one name when the concept has one language
    click.echo(f"{' / '.join(names)}  ({', '.join(c.alt) or 'no other labels'})")
    if not groups:
        click.echo("  no links")
    for rel, items in groups.items():
        click.echo(f"{rel}:")
        for other, r in items[:limit]:
            click.echo(f"  {kg.concepts[other].label('zh')}  [{r.note}] {r.evidence[:120]}")
        if len(items) > limit:
            click.echo(f"  … {len(items) - limit} more")


@main.command(name="map")
@click.argument("concept")
@click.option("--corpus", "-c", default="corpus", show_default=True, type=click.Path(path_type=Path))
@click.option("--depth", default=2, show_default=True, help="Relation hops around the concept.")
@click.option("--out", "-o", "out_file", type=click.Path(path_type=Path), help="HTML file (default output/map-<concept>.html).")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@_explain_errors
def map_cmd(concept: str, corpus: Path, depth: int, out_file: Path | None, lang: str):
    """Write a focused map around CONCEPT (any alias)."""
    from .explain import resolve
    from .html import neighbourhood, write_map
    from .text import slug

    kg = _build(corpus, None, quiet=True)
    cid = resolve(kg, concept)
    ids = neighbourhood(kg, cid, depth)
    out_file = out_file or Path("output") / f"map-{slug(cid)}.html"
    write_map(kg, out_file, lang=lang, title=f"kgnotes: {kg.concepts[cid].label(lang)}", concepts=ids)
    click.echo(f"wrote {out_file} ({len(ids)} concepts)")


if __name__ == "__main__":  # pragma: no cover
    main()
