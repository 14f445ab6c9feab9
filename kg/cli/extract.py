"""Commands: extract (candidates into the review queue), review (list/accept/reject)."""

from __future__ import annotations

from typing import Optional

import typer

from kg.cli import app, err, settings_for
from kg.errors import KgError


@app.command()
def extract(articles: Optional[list[str]] = typer.Argument(None, help="Article slugs (default: all).")) -> None:
    """Extract candidate facts and entities from articles into sources/review/queue.yaml."""
    from kg.cli.evaluate import extraction_progress
    from kg.extract.parallel import large_articles
    from kg.extract.pipeline import run_extract

    settings = settings_for()
    for warning in large_articles(settings.articles_dir):
        err.print(f"[yellow]warning:[/yellow] {warning}")
    with extraction_progress() as step:
        summary = run_extract(settings, list(articles or []), progress=step)
    for slug, count in list(summary.queued.items())[:50]:
        err.print(f"  {slug:<48}{count:>5} candidates queued")
    if len(summary.queued) > 50:
        err.print(f"  ... and {len(summary.queued) - 50} more articles, "
                  f"{sum(list(summary.queued.values())[50:])} candidates")
    err.print(f"skipped {summary.skipped_curated} already curated, {summary.skipped_rejected} rejected before")
    for conflict in summary.conflicts:
        err.print(f"[yellow]conflict:[/yellow] {conflict}")
    err.print("review them with `kg review`, then `kg review accept ID...` or `kg review reject ID...`")
    for refused in summary.refused:
        err.print(f"[red]refused:[/red] {refused.slug}: {refused.reason}")
    if summary.refused:
        raise typer.Exit(1)


@app.command()
def review(
    action: Optional[str] = typer.Argument(None, help="accept or reject (omit to list the queue)."),
    ids: Optional[list[str]] = typer.Argument(None, help="Candidate ids from `kg review`."),
    source: Optional[str] = typer.Option(None, "--source", help="List only this article's candidates."),
    web: bool = typer.Option(False, "--web", help="Open the review page in the browser (keys: a r l e u j k ?)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind the page to; beyond loopback "
                             "it needs --token."),
    port: int = typer.Option(0, "--port", help="Port of the page (0: any free port)."),
    token: Optional[str] = typer.Option(None, "--token", envvar="KG_REVIEW_TOKEN",
                                        help="Shared secret the page asks for on first visit (needed with --host)."),
    open_browser: bool = typer.Option(True, "--open/--no-open", help="Open the page in the default browser."),
) -> None:
    """List the review queue, accept / reject candidates by id, or review them on a page (--web)."""
    from kg.review.decide import Reviewer, ids_of

    settings = settings_for()
    if web:
        from kg.review.web import serve

        serve(settings, host=host, port=port, token=token, open_browser=open_browser,
              announce=lambda url: err.print(f"review page at {url} (Ctrl-C to stop)"))
        return
    reviewer = Reviewer(settings)
    if action is None:
        items = [i for i in reviewer.queue() if source in (None, i["source"])]
        for item in sorted(items, key=lambda i: (i["source"], i["start"], i["id"])):
            typer.echo(f"{item['id']}  {item['source']}  [{', '.join(item['fact'])}]  "
                       f"{item['method']} {item['confidence']}")
            typer.echo(f"            “{item['quote']}”")
        err.print(f"{len(items)} candidates in the queue")
        return
    if action not in ("accept", "reject"):
        raise KgError(f"unknown review action {action!r}: use accept or reject")
    if not ids:
        raise KgError(f"give the ids to {action} (see `kg review`)")
    outcome = (reviewer.accept if action == "accept" else reviewer.reject)(ids_of(list(ids)))
    for written in outcome.written:
        err.print(f"wrote {written.where(settings.root)}  {written.what}")
    err.print(outcome.message + ("" if action == "accept" else "; `kg extract` will not queue them again"))

