"""Command: eval (extraction scores: leave-one-out on the seeds, or a gold corpus with --corpus/--gold)."""

from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional

import typer

from kg.cli import app, err, settings_for
from kg.errors import KgError

ENTITY_TARGET, RELATION_TARGET, SECONDS_TARGET = 0.6, 0.4, 2.0
HEADER = f"{'':<28}{'precision':>10}{'recall':>8}{'F1':>7}{'tp':>5}{'pred':>6}{'gold':>6}"


@contextmanager
def extraction_progress(what: str = "extracting") -> Iterator:  # type: ignore[type-arg]
    """A progress bar on stderr for kg.extract.parallel (articles done / all, the last one)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    if not err.is_terminal:  # a log, not a screen: one line per tenth of the work
        def line(done: int, articles: int, slug: str) -> None:
            if articles >= 20 and (done == articles or done % max(1, articles // 10) == 0):
                err.print(f"{what}: {done}/{articles} articles")

        yield line
        return
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TextColumn("{task.fields[last]}"))
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task(what, total=None, last="")

        def step(done: int, articles: int, slug: str) -> None:
            bar.update(task, completed=done, total=articles, last=slug)

        yield step


def _row(name: str, score) -> str:  # type: ignore[no-untyped-def]
    return (f"{name:<28}{score.precision:>10.3f}{score.recall:>8.3f}{score.f1:>7.3f}{score.tp:>5}"
            f"{score.predicted:>6}{score.gold:>6}")


@app.command("eval")
def eval_(
    corpus: Optional[Path] = typer.Option(None, "--corpus", help="Folder of NNN_slug.txt texts (title, Date:, "
                                          "Source:, blank line, body) never seen by the extractor."),
    gold: Optional[Path] = typer.Option(None, "--gold", help="Folder of NNN_slug.tsv gold facts for those texts."),
    fmt: str = typer.Option("table", "--format", "-f", help="table or json."),
    summary: bool = typer.Option(False, "--summary", help="Scores only, without the list of misses and false hits."),
) -> None:
    """Precision, recall and F1 of extraction: leave-one-article-out on the seeds (no options), or on a
    gold corpus (--corpus and --gold), ingested into a scratch copy of the project."""
    if fmt not in ("table", "json"):
        raise KgError(f"unknown format {fmt!r}; choose table or json")
    if (corpus is None) != (gold is None):
        raise KgError("give both --corpus DIR and --gold DIR (or neither, for leave-one-out on the seeds)")
    if corpus is not None and gold is not None:
        _eval_corpus(corpus, gold, fmt, summary)
    else:
        _eval_seeds(fmt)


def _eval_corpus(corpus: Path, gold: Path, fmt: str, summary: bool) -> None:
    from kg.evaluate.corpus import TARGETS, evaluate_corpus

    with extraction_progress("extracting the corpus") as step:
        report = evaluate_corpus(settings_for(), corpus, gold, progress=step)
    if fmt == "json":
        typer.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
        return
    facts = sum(s.entities.gold + s.relations.gold for s in report.articles.values())
    typer.echo(f"{len(report.articles)} articles, {facts} gold facts "
               f"({report.quotes_found}/{report.quotes} evidence quotes found in the texts)")
    typer.echo(HEADER)
    typer.echo(_row("entities (typed)", report.entities))
    for name, score in report.per_type.items():
        typer.echo(_row(f"  {name}", score))
    typer.echo(_row("relations", report.relations))
    for name, score in report.per_relation.items():
        typer.echo(_row(f"  {name}", score))
    met = report.targets_met()
    typer.echo("targets: " + "; ".join(f"{name} precision >= {p} and recall >= {r}: {'met' if met[name] else 'NOT met'}"
                                       for name, (p, r) in TARGETS.items()))
    typer.echo(f"\nper article{'entities P / R':>43}{'relations P / R':>20}")
    for name, score in report.articles.items():
        typer.echo(f"  {name[:48]:<48}{score.entities.precision:>6.2f} /{score.entities.recall:>5.2f}"
                   f"{score.relations.precision:>11.2f} /{score.relations.recall:>5.2f}")
    for name, date in report.assumed_dates.items():
        typer.echo(f"{name}: no Date line, dated {date} (the latest year in its text)")
    typer.echo(f"extraction of {len(report.articles)} articles: {report.seconds_extraction:.2f} s")
    if summary:
        return
    for name, score in report.articles.items():
        typer.echo(f"\n== {name}: {len(score.misses)} misses, {len(score.false_hits)} false hits")
        for miss in score.misses:
            typer.echo(f"  miss   {miss.subject} | {miss.relation} | {miss.object}   (gold line {miss.line})")
        for hit in score.false_hits:
            typer.echo(f"  false  {hit.subject} | {hit.relation} | {hit.object}   [{hit.method}] “{hit.quote[:100]}”")
        if score.not_scored:
            typer.echo("  not scored (no gold relation): " + ", ".join(f"{k} {v}" for k, v in score.not_scored.items()))


def _eval_seeds(fmt: str) -> None:
    from kg.evaluate import evaluate

    report = evaluate(settings_for())
    if fmt == "json":
        typer.echo(json.dumps(report.as_dict(), indent=2, sort_keys=True))
        return
    typer.echo(HEADER)
    typer.echo(_row("entities (typed)", report.entities))
    for name, score in sorted(report.per_type.items()):
        typer.echo(_row(f"  {name}", score))
    typer.echo(_row("relations", report.relations))
    for name, score in sorted(report.per_relation.items()):
        typer.echo(_row(f"  {name}", score))
    typer.echo(f"targets: entity F1 >= {ENTITY_TARGET} ({'met' if report.entities.f1 >= ENTITY_TARGET else 'NOT met'}),"
               f" relation F1 >= {RELATION_TARGET} "
               f"({'met' if report.relations.f1 >= RELATION_TARGET else 'NOT met'})")
    typer.echo(f"extraction of all {len(report.per_article)} articles: {report.seconds_all_articles:.3f} s "
               f"(target < {SECONDS_TARGET} s on one core, after start-up)")
