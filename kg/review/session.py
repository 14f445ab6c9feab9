"""A review session: the queue as the page shows it, and decisions given as plain JSON.

The page (kg.review.web) is a thin HTTP shell over this; tests and notebooks can drive it directly.
Bad input is a KgError with a message (the page answers 400), a stale view a Changed (409).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from kg.curation import FACTS_DIR
from kg.errors import KgError
from kg.review.decide import Outcome, Reviewer, version
from kg.review.present import Index, accepted_ids, present
from kg.review.queue import read_items, rejected_file
from kg.review.write import Registry, read_text
from kg.settings import Settings

ACTIONS = ("accept", "reject", "link", "edit", "undo")
MAX_TEXT = 1000  # longest string field a decision may carry


@dataclass
class Session:
    settings: Settings
    reviewer: Reviewer = field(init=False)
    _index: tuple[Registry, Index] | None = None
    _shown: dict[tuple[str, str], tuple[Registry, dict]] = field(default_factory=dict)  # type: ignore[type-arg]

    def __post_init__(self) -> None:
        self.reviewer = Reviewer(self.settings)

    def _index_for(self, registry: Registry) -> Index:
        if self._index is None or self._index[0] is not registry:
            self._index = (registry, Index(registry, self.reviewer.project.ontology()))
        return self._index[1]

    def candidates(self, fresh_options: bool = True) -> list[dict]:  # type: ignore[type-arg]
        """Every queued candidate as the page shows it (in article, then text order), with its version.

        A candidate's view is kept until it changes; with `fresh_options` (a page load) one made before
        the registry last changed is made again, so its entity options include the newest entities. A
        decision's answer skips that (its options may lag one registry change; linking still checks)."""
        registry = self.reviewer.project.registry()
        index = self._index_for(registry)
        shown = []
        queue = sorted(self.reviewer.queue(registry), key=lambda i: (i["source"], i.get("start", 0), i["id"]))
        post_in = self._post_in(queue, registry)
        for item in queue:
            key = (item["id"], version(item))
            hit = self._shown.get(key)
            if hit is None or (fresh_options and hit[0] is not registry):
                hit = (registry, self._view(item, key[1], registry, index, post_in))
                self._shown[key] = hit
            shown.append(hit[1])
        return shown

    @staticmethod
    def _post_in(queue: list[dict], registry: Registry) -> dict[str, str]:  # type: ignore[type-arg]
        """Post id -> the label of the organisation a queued candidate puts it in."""
        labels = {e["id"]: str(e["label"]) for i in queue for e in i.get("entities") or []}
        return {str(i["fact"][0]): registry.merged[o].label if o in registry.merged else labels.get(o, o)
                for i in queue if i["fact"][1] == "postIn" and (o := str(i["fact"][2]))}

    def _view(self, item: dict, shown: str, registry: Registry, index: Index,  # type: ignore[type-arg]
              post_in: dict[str, str]) -> dict:  # type: ignore[type-arg]
        try:
            return {**present(item, registry, self.reviewer.project.ontology(), index, post_in), "version": shown}
        except KgError as exc:  # a hand-edited queue entry the ontology does not know
            return {"id": item["id"], "version": shown, "source": item["source"], "broken": exc.message,
                    "fact": item.get("fact"), "quote": item.get("quote"), "start": 0, "end": 0, "terms": [],
                    "sentence": str(item.get("fact"))}

    def progress(self, candidates: list[dict]) -> dict[str, dict[str, int]]:  # type: ignore[type-arg]
        """Per article: candidates reviewed (accepted or rejected, as the files say) and left."""
        left = Counter(c["source"] for c in candidates)
        reviewed = Counter(str(i.get("source")) for i in read_items(rejected_file(self.settings)))
        for path in sorted((self.settings.curated_dir / FACTS_DIR).glob("*.yaml")):
            reviewed[path.stem] += len(accepted_ids(read_text(path) or ""))
        articles = sorted(set(left) | {s for s in reviewed if s in self.articles()})
        return {slug: {"reviewed": reviewed.get(slug, 0), "left": left.get(slug, 0)} for slug in articles}

    def articles(self) -> dict[str, dict[str, str]]:
        return {slug: {"title": source.title, "text": source.text}
                for slug, source in sorted(self.reviewer.project.sources().items())}

    def state(self) -> dict[str, Any]:
        """Everything the page needs on load: articles, candidates, progress, the classes an edit may give."""
        candidates = self.candidates()
        ontology = self.reviewer.project.ontology()
        return {"candidates": candidates, "progress": self.progress(candidates), "articles": self.articles(),
                "classes": sorted(c.rsplit("#", 1)[-1] for c in ontology.classes if "silkroad-kg" in c)}

    def after(self, known: set[tuple[str, str]]) -> dict[str, Any]:
        """The queue after a decision: every (id, version) in order, the views of those not in `known`."""
        candidates = self.candidates(fresh_options=False)
        return {"order": [[c["id"], c["version"]] for c in candidates],
                "fresh": [c for c in candidates if (c["id"], c["version"]) not in known],
                "progress": self.progress(candidates)}

    def decide(self, body: object) -> dict[str, Any]:
        """One decision from the page's JSON; the answer carries what was written and the queue after it.

        The page's views stay valid until their version changes, so the answer carries only the views
        this session made during the decision (a tab that misses others fetches the state again)."""
        known = set(self._shown)
        if not isinstance(body, dict):
            raise KgError("the body must be a JSON object with an 'action'")
        action = body.get("action")
        if action not in ACTIONS:
            raise KgError(f"unknown action {action!r}: one of {', '.join(ACTIONS)}")
        fields = {k: _text(body, k) for k in ("id", "version", "ref", "target", "type", "label", "object")}
        if action != "undo" and not fields["id"]:
            raise KgError(f"{action} needs the candidate's 'id'")
        ident, shown = fields["id"] or "", fields["version"]
        reviewer = self.reviewer
        outcome: Outcome
        if action == "accept":
            outcome = reviewer.accept({ident: shown})
        elif action == "reject":
            outcome = reviewer.reject({ident: shown})
        elif action == "link":
            if not fields["ref"] or not fields["target"]:
                raise KgError("link needs 'ref' (the candidate's entity) and 'target' (a registry entity)")
            outcome = reviewer.link(ident, shown, fields["ref"], fields["target"])
        elif action == "edit":
            outcome = reviewer.edit(ident, shown, fields["ref"], fields["type"], fields["label"], fields["object"])
        else:
            outcome = reviewer.undo()
        root = self.settings.root
        return {"outcome": {"action": outcome.action, "ids": list(outcome.ids), "message": outcome.message,
                            "written": [{"where": w.where(root), "what": w.what} for w in outcome.written]},
                **self.after(known)}


def _text(body: dict, key: str) -> str | None:  # type: ignore[type-arg]
    value = body.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > MAX_TEXT or "\x00" in value:
        raise KgError(f"'{key}' must be a text of at most {MAX_TEXT} characters")
    return value
