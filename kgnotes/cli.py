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


def _warn(msg: str) -> None:
    click.echo(click.style("warning: ", fg="yellow") + msg, err=True)


def _build(corpus: Path, out: Path | None, lang: str = "zh", quiet: bool = False):
    from .pipeline import BuildError, build

    try:
        return build(corpus, out, lang=lang, progress=not quiet and sys.stderr.isatty(), warn=None if quiet else _warn)
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
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or warnings.")
def build(corpus: Path, out: Path, lang: str, quiet: bool):
    """Build the graph of CORPUS (default corpus/) into --out (default output/)."""
    from .pipeline import summarise

    kg = _build(corpus, out, lang, quiet)
    s = summarise(kg)
    click.echo(f"kgnotes {__version__}: built {corpus} -> {out}/")
    click.echo(f"  notes read   {s.notes}")
    click.echo(f"  concepts     {s.concepts}")
    click.echo(f"  relations    {s.relations} ({s.typed_relations} typed, {s.relations - s.typed_relations} related)")
    click.echo(f"  references   {s.references}")
    click.echo(f"  warnings     {len(s.warnings)}")
    click.echo(f"  seconds      {s.seconds:.1f}")
    for name in ("ttl", "trig", "jsonld", "graphml", "html"):
        if name in s.files:
            click.echo(f"  wrote        {s.files[name]}")


@main.command()
@click.argument("sparql", required=False)
@click.option("--file", "-f", "qfile", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Read the query from a .rq file.")
@click.option("--out", "-o", default="output", show_default=True, type=click.Path(path_type=Path), help="The built output folder.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--update", is_flag=True, help="Allow SPARQL update queries (they change the store).")
def query(sparql: str | None, qfile: Path | None, out: Path, fmt: str, update: bool):
    """Run a SPARQL query over the built graph (prefixes skos: schema: dcterms:
    prov: rdfs: kgn: are predeclared)."""
    from .query import QueryError, query_dir

    if qfile is not None:
        sparql = qfile.read_text(encoding="utf-8")
    if not sparql:
        raise UserError("give a SPARQL query or --file q.rq", 2)
    try:
        res = query_dir(out, sparql, allow_update=update)
    except QueryError as exc:
        raise UserError(str(exc), 2) from None
    click.echo({"table": res.to_table, "csv": res.to_csv, "json": res.to_json}[fmt]().rstrip("\n"))


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
def concepts(corpus: Path, fmt: str):
    """List the concepts of CORPUS with their labels, evidence and note counts."""
    kg = _build(corpus, None, quiet=True)
    rows = []
    for c in sorted(kg.concepts.values(), key=lambda c: (-c.rank, c.id)):
        rows.append({
            "id": c.id, "zh": c.pref.get("zh", ""), "en": c.pref.get("en", ""), "alt": c.alt,
            "evidence": c.evidence, "about": len(kg.notes_about(c.id)), "mentions": len(kg.notes_mentioning(c.id)),
        })
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


if __name__ == "__main__":  # pragma: no cover
    main()
