"""Review decisions: what accept, reject, link, edit and undo change, in which file and at which line.

The page and `kg review` both call a Reviewer; each decision runs under the review lock, reads the
files afresh, checks that every candidate is still as the caller saw it (its `version`), and writes
through Project.commit (kg.review.write). So two tabs never lose or double a decision: the second
one to arrive finds the candidate gone or changed and is told so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from kg.curation import FACTS_DIR
from kg.errors import KgError
from kg.literals import LiteralError, typed_literal
from kg.resolution import MERGES_FILE, mergeable
from kg.resolution.decisions import decision_text
from kg.resolution.names import fold
from kg.review.queue import (QUEUE_HEADER, REJECTED_HEADER, item_id, item_line, items_text, queue_file, read_items,
                             rejected_file, with_merges)
from kg.review.write import Journal, Project, Registry, Written, fingerprint, read_text, review_lock
from kg.review.yamledit import add_alias, add_entities, append_claims
from kg.settings import Settings

MAX_LABEL = 300


class Changed(KgError):
    """The files changed underneath the caller: a candidate is gone, or not as it was shown."""


@dataclass(frozen=True)
class Outcome:
    action: str  # accepted, rejected, linked, merged, edited, undone
    ids: tuple[str, ...]  # the candidates decided (after an edit or a link: their new ids)
    written: tuple[Written, ...]
    message: str


def version(item: dict) -> str:  # type: ignore[type-arg]
    """A fingerprint of a candidate as shown: any change to it (another tab's edit, a merge) changes it."""
    return fingerprint(json.dumps(item, sort_keys=True, ensure_ascii=False, default=str))


class Reviewer:
    """Decisions on one project's review queue; one per page server or CLI run."""

    def __init__(self, settings: Settings, journal: Journal | None = None) -> None:
        self.settings = settings
        self.project = Project(settings)
        self.journal = journal if journal is not None else Journal()

    # -- reading --------------------------------------------------------------------------------------
    def queue(self, registry: Registry | None = None) -> list[dict]:  # type: ignore[type-arg]
        """The queued candidates as the merge decisions make them (what the page shows and accept writes)."""
        registry = registry or self.project.registry()
        return [with_merges(i, registry.kept_of, registry.entities) for i in read_items(queue_file(self.settings))]

    def _take(self, wanted: Mapping[str, str | None], registry: Registry) -> tuple[list[dict], list[dict]]:  # type: ignore[type-arg]
        raw = read_items(queue_file(self.settings))
        seen = {i["id"]: with_merges(i, registry.kept_of, registry.entities) for i in raw}
        for ident, shown in wanted.items():
            if ident not in seen and shown is None:
                raise KgError(f"not in the review queue: {ident} (see `kg review`)")
            if ident not in seen:
                raise Changed(f"candidate {ident} is no longer in the queue: another tab or `kg review` decided it "
                              "(reload to see the queue as it is)")
            if shown is not None and version(seen[ident]) != shown:
                raise Changed(f"candidate {ident} changed since this page showed it (an edit, link or merge "
                              "elsewhere); it is shown again as it is now")
        return [seen[i] for i in wanted], [i for i in raw if i["id"] not in wanted]

    # -- decisions --------------------------------------------------------------------------------------
    def accept(self, wanted: Mapping[str, str | None]) -> Outcome:
        """Append the candidates to sources/curated/facts/SLUG.yaml (new entities into its `entities:`)."""
        if not wanted:
            raise KgError("give the ids to accept (see `kg review`)")
        with review_lock(self.settings):
            registry = self.project.registry()
            taken, rest = self._take(wanted, registry)
            texts: dict[Path, str] = {}
            written: list[Written] = []
            added: set[str] = set()
            for slug in sorted({i["source"] for i in taken}):
                path = self.settings.curated_dir / FACTS_DIR / f"{slug}.yaml"
                text = read_text(path) or f"source: {slug}\n"
                items = [i for i in taken if i["source"] == slug]
                entities = []
                for item in items:
                    for entity in item.get("entities") or []:
                        if entity["id"] not in registry.entities and entity["id"] not in added:
                            entities.append(entity)
                            added.add(entity["id"])
                text, lines = append_claims(add_entities(text, entities, path), items, path)
                texts[path] = text
                written += [Written(path, lines[i["id"]], f"accepted {i['id']}") for i in items]
            texts[queue_file(self.settings)] = items_text(rest, QUEUE_HEADER)
            summary = f"accept {', '.join(wanted)}"
            self.project.commit(texts, summary, self.journal, ids=tuple(wanted))
        return Outcome("accepted", tuple(wanted), tuple(written), f"accepted {len(wanted)}; `kg build` now has "
                       f"{'them' if len(wanted) > 1 else 'it'} as curated")

    def reject(self, wanted: Mapping[str, str | None]) -> Outcome:
        """Move the candidates to sources/review/rejected.yaml (later `kg extract` runs skip them)."""
        if not wanted:
            raise KgError("give the ids to reject (see `kg review`)")
        with review_lock(self.settings):
            registry = self.project.registry()
            taken, rest = self._take(wanted, registry)
            path = rejected_file(self.settings)
            rejected = read_items(path)
            known = {i["id"] for i in rejected}
            rejected += [{k: v for k, v in i.items() if k != "entities"} for i in taken if i["id"] not in known]
            text = items_text(rejected, REJECTED_HEADER)
            self.project.commit({path: text, queue_file(self.settings): items_text(rest, QUEUE_HEADER)},
                                f"reject {', '.join(wanted)}", self.journal, ids=tuple(wanted))
        return Outcome("rejected", tuple(wanted), tuple(Written(path, item_line(text, i), f"rejected {i}")
                                                        for i in wanted), f"rejected {len(wanted)}")

    def link(self, ident: str, shown: str | None, ref: str, target: str) -> Outcome:
        """Say that `ref`, a name in the candidate, is the registry's `target`.

        A new entity (made by extraction) becomes the target in every queued candidate and its label an
        alias of the target; an entity already in the registry is merged into the target (merges.yaml)."""
        with review_lock(self.settings):
            registry = self.project.registry()
            (item,), _ = self._take({ident: shown}, registry)
            if ref not in (item["fact"][0], item["fact"][2]):
                raise KgError(f"{ref} is not an entity of candidate {ident}")
            target = registry.kept(target)
            if target not in registry.merged:
                raise KgError(f"unknown entity {target!r}: link to an entity of the registry")
            if target == ref:
                raise KgError(f"{ref} is already {target}")
            ontology = self.project.ontology()
            new = {e["id"]: e for e in item.get("entities") or []}
            cls = ontology.resolve_class(str(new[ref]["type"])) if ref in new else registry.merged[ref].cls
            kept = registry.merged[target]
            if not mergeable(ontology, cls, kept.cls):
                raise KgError(f"{ref} is a {ontology.label(cls)} and {target} a {ontology.label(kept.cls)}: "
                              "entities of these classes are never one")
            if ref not in new:
                return self._merge(target, ref, item)
            label = str(new[ref]["label"])
            texts: dict[Path, str] = {}
            written: list[Written] = []
            known = {fold(n) for n in (kept.label, *kept.aliases)}
            for name in (label, *(str(a) for a in new[ref].get("aliases") or ())):
                if fold(name) in known:
                    continue
                known.add(fold(name))
                path, line = self._registry_entry(kept.origin)
                text, alias_line = add_alias(texts.get(path) or read_text(path) or "", line, name, path)
                texts[path] = text
                written.append(Written(path, alias_line, f"alias {name!r} of {target}"))
            raw = read_items(queue_file(self.settings))
            renamed = [_relinked(i, ref, target) for i in raw]
            new_id = next(n["id"] for o, n in zip(raw, renamed) if o["id"] == ident)
            queue_text = items_text(renamed, QUEUE_HEADER)
            texts[queue_file(self.settings)] = queue_text
            written.append(Written(queue_file(self.settings), item_line(queue_text, new_id), f"{ref} -> {target}"))
            self.project.commit(texts, f"link {ref} to {target}", self.journal, ids=(ident,))
        changed = sum(o != n for o, n in zip(raw, renamed))
        return Outcome("linked", (new_id,), tuple(written),
                       f"{label!r} is {target} in {changed} queued candidate{'s' if changed != 1 else ''}")

    def _merge(self, target: str, ref: str, item: dict) -> Outcome:  # type: ignore[type-arg]
        path = self.settings.curated_dir / MERGES_FILE
        text, line = decision_text(path, True, target, ref, f"linked in review of candidate {item['id']}")
        self.project.commit({path: text}, f"merge {ref} into {target}", self.journal, ids=(item["id"],))
        return Outcome("merged", (item["id"],), (Written(path, line, f"same [{target}, {ref}]"),),
                       f"{ref} merged into {target}: every queued candidate and `kg build` now use {target}")

    def _registry_entry(self, origin: str) -> tuple[Path, int]:
        where, _, line = origin.rpartition("#L")
        return self.settings.root / where, int(line)

    def edit(self, ident: str, shown: str | None, ref: str | None = None, type_: str | None = None,
             label: str | None = None, obj: str | None = None) -> Outcome:
        """Change a queued candidate: a new entity's type or label (in every candidate that has it), or the
        fact's object. Accept it afterwards."""
        with review_lock(self.settings):
            registry = self.project.registry()
            (item,), _ = self._take({ident: shown}, registry)
            ontology = self.project.ontology()
            prop = ontology.resolve_property(str(item["fact"][1]))
            raw = read_items(queue_file(self.settings))
            new_entities = {e["id"]: e for i in raw for e in i.get("entities") or []}
            changes: dict[str, str] = {}
            if type_ is not None or label is not None:
                if ref is None or ref not in {e["id"] for e in item.get("entities") or []}:
                    where = registry.merged[ref].origin if ref in registry.merged else None
                    raise KgError(f"{ref} is in the registry{f' ({where})' if where else ''}: edit it there"
                                  if where else f"{ref!r} is not a new entity of candidate {ident}")
                if type_ is not None:
                    changes["type"] = _local(ontology.resolve_class(type_.strip()))
                if label is not None:
                    label = label.strip()
                    if not label or "\n" in label or len(label) > MAX_LABEL:
                        raise KgError(f"a label is one line of 1 to {MAX_LABEL} characters")
                    changes["label"] = label
            fact = list(item["fact"])
            if obj is not None:
                obj = obj.strip()
                if prop.kind == "object":
                    obj = registry.kept(obj)
                    if obj not in registry.merged and obj not in new_entities:
                        raise KgError(f"unknown entity {obj!r}: the object of {prop.label} is an entity id")
                else:
                    try:
                        typed_literal(obj, prop.range)
                    except LiteralError as exc:
                        raise KgError(f"{prop.label}: {exc}") from None
                fact[2] = obj
            if not changes and fact == item["fact"]:
                raise KgError("nothing to change: give a type, a label or an object")
            self._check_fits(ref, changes.get("type"), fact, raw, registry, new_entities)
            edited = []
            for original in raw:
                current = _with_entity(original, ref, changes) if changes else original
                if original["id"] == ident:
                    current = {**with_merges(current, registry.kept_of, registry.entities), "fact": fact}
                    current["id"] = item_id(current["source"], [str(t) for t in fact])
                    if current["id"] != ident and current["id"] in {i["id"] for i in raw}:
                        raise KgError(f"the queue already has that candidate ({current['id']})")
                edited.append(current)
            new_id = item_id(item["source"], [str(t) for t in fact])
            text = items_text(edited, QUEUE_HEADER)
            self.project.commit({queue_file(self.settings): text}, f"edit {ident}", self.journal, ids=(ident,))
        said = ", ".join(f"{k} {v!r}" for k, v in [*changes.items(), *([("object", fact[2])] if obj else [])])
        return Outcome("edited", (new_id,), (Written(queue_file(self.settings), item_line(text, new_id),
                                                     f"edited {ident}"),), f"edited: {said}")

    def _check_fits(self, ref: str | None, new_type: str | None, fact: list, raw: list[dict],  # type: ignore[type-arg]
                    registry: Registry, new_entities: dict) -> None:  # type: ignore[type-arg]
        ontology = self.project.ontology()

        def cls_of(term: str) -> str | None:
            if term == ref and new_type:
                return ontology.resolve_class(new_type)
            if term in registry.merged:
                return registry.merged[term].cls
            return ontology.resolve_class(str(new_entities[term]["type"])) if term in new_entities else None

        checked = [fact] + [i["fact"] for i in raw if ref is not None and ref in (i["fact"][0], i["fact"][2])]
        for subject, predicate, obj in checked:
            prop = ontology.resolve_property(str(predicate))
            subject_cls, object_cls = cls_of(str(subject)), cls_of(str(obj)) if prop.kind == "object" else None
            if subject_cls and not ontology.fits(subject_cls, prop.domain):
                raise KgError(f"a {ontology.label(subject_cls)} cannot be the subject of {prop.label} "
                              f"([{subject}, {predicate}, {obj}])")
            if object_cls and not ontology.fits(object_cls, prop.range):
                raise KgError(f"a {ontology.label(object_cls)} cannot be the object of {prop.label} "
                              f"([{subject}, {predicate}, {obj}])")

    def undo(self) -> Outcome:
        """Put back the files of this session's newest decision, if nothing changed them since."""
        with review_lock(self.settings):
            step, written = self.journal.undo(self.settings)
        return Outcome("undone", step.ids, tuple(written), f"undone: {step.summary}")


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _relinked(item: dict, ref: str, target: str) -> dict:  # type: ignore[type-arg]
    if ref not in (item["fact"][0], item["fact"][2]) and not any(e["id"] == ref for e in item.get("entities") or []):
        return item
    fact = [target if str(t) == ref else t for t in item["fact"]]
    out = {**item, "id": item_id(item["source"], [str(t) for t in fact]), "fact": fact}
    entities = [e for e in item.get("entities") or [] if e["id"] != ref]
    out.pop("entities", None)
    return {**out, "entities": entities} if entities else out


def _with_entity(item: dict, ref: str | None, changes: dict[str, str]) -> dict:  # type: ignore[type-arg]
    entities = item.get("entities") or []
    if not any(e["id"] == ref for e in entities):
        return item
    return {**item, "entities": [{**e, **changes} if e["id"] == ref else e for e in entities]}


def ids_of(wanted: list[str]) -> dict[str, str | None]:
    """CLI ids (no version: the CLI shows the queue as it is when it runs)."""
    return dict.fromkeys(wanted)


__all__ = ["Changed", "Outcome", "Reviewer", "ids_of", "version"]
