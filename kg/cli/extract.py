"""Commands: extract (candidates into the review queue), review (list/accept/reject), eval (scores)."""

from __future__ import annotations

import json
from typing import Optional

import typer

from kg.cli import app, err, settings_for
from kg.errors import KgError

ENTITY_TARGET, RELATION_TARGET, SECONDS_TARGET = 0.6, 0.4, 2.0


@app.command()
def extract(articles: Optional[list[str]] = typer.Argument(None, help="Article slugs (default: all).")) -> None:
    """Extract candidate facts and entities from articles into sources/review/queue.yaml."""
    from kg.extract.pipeline import run_extract

    summary = run_extract(settings_for(), list(articles or []))
    for slug, count in summary.queued.items():
        err.print(f"  {slug:<48}{count:>5} candidates queued")
    err.print(f"skipped {summary.skipped_curated} already curated, {summary.skipped_rejected} rejected before")
    for conflict in summary.conflicts:
        err.print(f"[yellow]conflict:[/yellow] {conflict}")
    err.print("review them with `kg review`, then `kg review accept ID...` or `kg review reject ID...`")


@app.command()
def review(
    action: Optional[str] = typer.Argument(None, help="accept or reject (omit to list the queue)."),
    ids: Optional[list[str]] = typer.Argument(None, help="Candidate ids from `kg review`."),
    source: Optional[str] = typer.Option(None, "--source", help="List only this article's candidates."),
) -> None:
    """List the review queue, or accept / reject candidates by id."""
    from kg.extract.pipeline import accept, list_queue, reject

    settings = settings_for()
    if action is None:
        items = [i for i in list_queue(settings) if source in (None, i["source"])]
        for item in items:
            typer.echo(f"{item['id']}  {item['source']}  [{', '.join(item['fact'])}]  "
                       f"{item['method']} {item['confidence']}")
            typer.echo(f"            “{item['quote']}”")
        err.print(f"{len(items)} candidates in the queue")
        return
    if action not in ("accept", "reject"):
        raise KgError(f"unknown review action {action!r}: use accept or reject")
    if not ids:
        raise KgError(f"give the ids to {action} (see `kg review`)")
    if action == "accept":
        for path in accept(settings, list(ids)):
            err.print(f"wrote {path}")
        err.print(f"accepted {len(ids)}; `kg build` now includes them as curated facts")
    else:
        reject(settings, list(ids))
        err.print(f"rejected {len(ids)}; `kg extract` will not queue them again")


@app.command("eval")
def eval_(fmt: str = typer.Option("table", "--format", "-f", help="table or json.")) -> None:
    """Leave-one-article-out precision, recall and F1 of extraction against the curated facts."""
    from kg.evaluate import evaluate

    if fmt not in ("table", "json"):
        raise KgError(f"unknown format {fmt!r}; choose table or json")
    report = evaluate(settings_for())
    if fmt == "json":
        typer.echo(json.dumps(report.as_dict(), indent=2, sort_keys=True))
        return
    typer.echo(f"{'':<22}{'precision':>10}{'recall':>8}{'F1':>7}{'tp':>5}{'pred':>6}{'gold':>6}")
    rows = [("entities (typed)", report.entities), ("relations", report.relations), ("", None)]
    rows += sorted(report.per_relation.items())
    for name, score in rows:
        if score is None:
            typer.echo("per relation:")
            continue
        typer.echo(f"{name:<22}{score.precision:>10.3f}{score.recall:>8.3f}{score.f1:>7.3f}{score.tp:>5}"
                   f"{score.predicted:>6}{score.gold:>6}")
    typer.echo(f"targets: entity F1 >= {ENTITY_TARGET} ({'met' if report.entities.f1 >= ENTITY_TARGET else 'NOT met'}),"
               f" relation F1 >= {RELATION_TARGET} "
               f"({'met' if report.relations.f1 >= RELATION_TARGET else 'NOT met'})")
    typer.echo(f"extraction of all {len(report.per_article)} articles: {report.seconds_all_articles:.3f} s "
               f"(target < {SECONDS_TARGET} s on one core, after start-up)")
