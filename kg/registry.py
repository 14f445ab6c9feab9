"""The entity registry: curated ids, classes, labels and aliases.

Entities live in sources/curated/entities.yaml (shared across sources) and in
the `entities:` section of a source's facts file (local ones, e.g. statistics).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from kg.claims import Entity
from kg.errors import Collector, KgError, at
from kg.namespaces import ENTITY_KINDS, is_slug
from kg.ontology import Ontology
from kg.yamlfile import Mapping, Sequence, Text, require


def entity_from_yaml(item: object, path: Path, ontology: Ontology) -> Entity:
    entry = require(item, Mapping, "an entity", path, 0)
    assert isinstance(entry, Mapping)
    ref = require(entry.get("id"), Text, "entity 'id'", path, entry.line)
    check_ref(str(ref), path, entry.line)
    cls_name = require(entry.get("type"), Text, f"'type' of {ref}", path, entry.line)
    try:
        cls = ontology.resolve_class(str(cls_name))
    except KgError as exc:
        raise KgError(f"{exc.message} for {ref}", at(path, cls_name.line)) from exc
    label = require(entry.get("label"), Text, f"'label' of {ref}", path, entry.line)
    aliases = entry.get("aliases") or Sequence()
    require(aliases, Sequence, f"'aliases' of {ref}", path, entry.line)
    description = entry.get("description")
    names = [label, *(a for a in aliases if a)]  # type: ignore[union-attr]
    return Entity(
        ref=str(ref),
        cls=cls,
        label=str(label).strip(),
        aliases=tuple(sorted({str(a).strip() for a in aliases if a and str(a).strip() != str(label).strip()})),
        description=str(description).strip() if isinstance(description, Text) else None,
        origin=origin_of(path, entry.line),
        name_origins=tuple(sorted({(str(n).strip(), origin_of(path, getattr(n, "line", 0) or entry.line))
                                   for n in reversed(names)})),
        type_origin=origin_of(path, cls_name.line),
        description_origin=origin_of(path, description.line) if isinstance(description, Text) else "",
    )


def origin_of(path: Path, line: int) -> str:
    """Where a curated line is, relative to the project root, so outputs do not depend on the checkout."""
    return f"{_project_relative(str(path))}#L{line}"


@lru_cache(maxsize=1024)
def _project_relative(path: str) -> str:
    parts = Path(path).resolve().parts
    if "sources" in parts:
        index = len(parts) - 1 - parts[::-1].index("sources")
        return "/".join(parts[index:])
    return Path(path).name


def check_ref(ref: str, path: Path, line: int) -> None:
    kind, _, slug = ref.partition("/")
    if kind not in ENTITY_KINDS or not is_slug(slug):
        raise KgError(
            f"bad entity id {ref!r}: expected KIND/slug with KIND one of {', '.join(ENTITY_KINDS)}",
            at(path, line),
        )


def add_entities(registry: dict[str, Entity], items: object, path: Path, ontology: Ontology,
                 errors: Collector | None = None, broken: set[str] | None = None) -> None:
    """Add the entities of one YAML list to `registry`; an id defined twice is an error.

    With `errors`, each bad entry is reported there and its id (when it has one) added to
    `broken`, so that the facts naming it are not reported again as naming an unknown entity.
    """
    require(items, Sequence, "the entity list", path, 1)
    collector = errors if errors is not None else Collector()
    for item in items:  # type: ignore[union-attr]
        before = len(collector.errors)
        with collector.check():
            entity = entity_from_yaml(item, path, ontology)
            if entity.ref in registry:
                raise KgError(
                    f"entity {entity.ref} is defined twice (first at {registry[entity.ref].origin})",
                    at(path, getattr(item, "line", None)),
                )
            registry[entity.ref] = entity
        if len(collector.errors) > before and broken is not None and isinstance(item, Mapping):
            if isinstance(item.get("id"), Text) and str(item["id"]) not in registry:
                broken.add(str(item["id"]))
    if errors is None:
        collector.raise_any()
