"""Network analytics: `kg analyze` (central actors, communities) and `kg path A B`."""

from __future__ import annotations

import json
import sys
from typing import Optional

import typer

from kg.cli import WITH_EXTRACTED_HELP, WITH_INFERRED_HELP, app, err, settings_for
from kg.errors import KgError

FORMATS = ("table", "csv", "json")


def layer_note(layer: str) -> str:
    return {"inferred": "inferred: entailed by the ontology, no source states it",
            "extracted": "unreviewed extracted fact"}.get(layer, layer)
PARTS = ("both", "central", "communities")


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise KgError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def _text_table(frame, width: int = 60) -> str:  # type: ignore[no-untyped-def]
    """A DataFrame as aligned text, long cells clipped (the full text is in csv/json)."""
    def cell(value: object) -> str:
        text = "; ".join(map(str, value)) if isinstance(value, list) else str(value)
        return text if len(text) <= width else text[: width - 1] + "…"

    header = [str(c) for c in frame.columns]
    rows = [[cell(v) for v in record] for record in frame.itertuples(index=False)]
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(header)]
    line = lambda values: "  ".join(v.ljust(w) for v, w in zip(values, widths)).rstrip()  # noqa: E731
    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)]) + "\n"


@app.command()
def analyze(
    top: int = typer.Option(15, "--top", "-n", help="How many actors (and communities) to show."),
    fmt: str = typer.Option("table", "--format", "-f", help="table, csv or json."),
    by: str = typer.Option("pagerank", "--by", help="Rank by pagerank, betweenness or degree."),
    only: str = typer.Option("both", "--only", help="both, central or communities (csv shows one table: "
                                                     "central unless --only communities)."),
    all_classes: bool = typer.Option(False, "--all-classes", help="Rank every entity, not only actors."),
    exact: bool = typer.Option(False, "--exact", help="Exact betweenness even on big graphs (slow)."),
    store: Optional[str] = typer.Option(None, "--store", help="Store URL (default: the built store)."),
    with_extracted: bool = typer.Option(False, "--with-extracted", help=WITH_EXTRACTED_HELP),
    with_inferred: bool = typer.Option(False, "--with-inferred", help=WITH_INFERRED_HELP),
) -> None:
    """The most central actors (degree, betweenness, PageRank) and the communities of the graph."""
    from kg.analytics import central_actors, communities, fact_graph, measures
    from kg.api import open_built_store

    _check_format(fmt)
    if only not in PARTS:
        raise KgError(f"unknown --only {only!r}; choose one of {', '.join(PARTS)}")
    if top < 1:
        raise KgError("--top must be at least 1")
    settings = settings_for(store, with_extracted)
    network = fact_graph(open_built_store(settings), inferred=with_inferred, extracted=settings.with_extracted)
    if network.number_of_nodes() == 0:
        raise KgError("the store holds no entities: run `kg build` first")
    measured = measures(network, exact)
    try:
        central = central_actors(measured, top=top, by=by, actors_only=not all_classes)
    except ValueError as exc:
        raise KgError(str(exc)) from exc
    groups = communities(measured, top=top)
    show_central, show_groups = only in {"both", "central"}, only in {"both", "communities"}
    if with_inferred or settings.with_extracted:  # say what each entity rests on
        layers = [network.nodes[e].get("layer", "asserted") for e in central["entity"]]
        central = central.assign(layer=layers)
        links = network.edges(data="fact")
        facts_of = {layer: sum(1 for *_, f in links if f.layer == layer) for layer in ("inferred", "extracted")}
    if fmt == "json":
        document = {}
        if show_central:
            document["central"] = central.to_dict(orient="records")
        if show_groups:
            document["communities"] = groups.to_dict(orient="records")
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=1) + "\n")
    elif fmt == "csv":
        frame = groups.assign(members=groups["members"].map("; ".join)) if only == "communities" else central
        sys.stdout.write(frame.to_csv(index=False, lineterminator="\r\n"))
    else:
        who = "entities" if all_classes else "actors"
        if show_central:
            extra = "".join(f", {n} of them {layer}" for layer, n in facts_of.items() if n) if (
                with_inferred or settings.with_extracted) else ""
            typer.echo(f"Most central {who} (by {by}; {network.number_of_nodes()} entities, "
                       f"{network.number_of_edges()} facts{extra})")
            typer.echo(_text_table(central.drop(columns=["entity"])))
        if show_groups:
            typer.echo(f"Communities (Louvain, {measured['community'].nunique()} in all; members by PageRank)")
            typer.echo(_text_table(groups, width=90))


@app.command()
def path(
    start: str = typer.Argument(..., help="An entity: IRI, kind/slug or label."),
    end: str = typer.Argument(..., help="Another entity: IRI, kind/slug or label."),
    fmt: str = typer.Option("table", "--format", "-f", help="table, csv or json."),
    store: Optional[str] = typer.Option(None, "--store", help="Store URL (default: the built store)."),
    with_extracted: bool = typer.Option(False, "--with-extracted", help=WITH_EXTRACTED_HELP),
    with_inferred: bool = typer.Option(False, "--with-inferred", help=WITH_INFERRED_HELP),
) -> None:
    """The shortest chain of facts linking two entities, each with its source and quote."""
    from kg.analytics import chain_frame, fact_graph, shortest_chain
    from kg.api import open_built_store
    from kg.lookup import resolve_entity
    from kg.namespaces import Ids

    _check_format(fmt)
    settings = settings_for(store, with_extracted)
    db = open_built_store(settings)
    ids = Ids(settings.base_iri)
    a, b = (str(resolve_entity(db, text, ids)) for text in (start, end))
    if a == b:
        raise KgError(f"{start!r} and {end!r} are the same entity")
    network = fact_graph(db, inferred=with_inferred, extracted=settings.with_extracted)
    hops = shortest_chain(network, a, b)
    if fmt == "csv":
        sys.stdout.write(chain_frame(hops).to_csv(index=False, lineterminator="\r\n"))
        return
    if fmt == "json":
        document = [{"step": h.step, "subject": h.fact.subject, "subject_label": h.subject_label,
                     "predicate": h.fact.predicate, "predicate_label": h.fact.predicate_label,
                     "object": h.fact.object, "object_label": h.object_label,
                     "layer": h.fact.layer,
                     "claims": [{"source": e.source, "title": e.title, "quote": e.quote, "method": e.method,
                                 "confidence": e.confidence} for e in h.evidence]}
                    for h in hops]
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=1) + "\n")
        return
    label = lambda iri: network.nodes[iri]["label"]  # noqa: E731
    typer.echo(f"{label(a)} -> {label(b)}: {len(hops)} fact{'s' if len(hops) != 1 else ''}")
    for hop in hops:
        typer.echo(f"{hop.step}. {hop.subject_label} --{hop.fact.predicate_label}--> {hop.object_label}")
        if hop.fact.layer != "asserted":
            typer.echo(f"     [{layer_note(hop.fact.layer)}]")
        for evidence in hop.evidence:
            typer.echo(f"     source: {evidence.title}")
            typer.echo(f"     quote:  \"{evidence.quote}\"")
            if evidence.method != "curated":
                confidence = f", confidence {evidence.confidence:.2f}" if evidence.confidence is not None else ""
                typer.echo(f"     how:    unreviewed, extracted by {evidence.method}{confidence}")
        if not hop.evidence and hop.fact.layer == "asserted":
            err.print("     (no claim record for this fact)")
