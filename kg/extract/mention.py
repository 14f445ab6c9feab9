"""A mention: where an article names something, the class its words give it, and how it was found."""

from __future__ import annotations

from dataclasses import dataclass

EVENT_CLASSES = ("Conference", "Forum", "Summit", "Seminar", "RoundTable", "Exhibition", "Training", "Ceremony",
                 "Event")

ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
                 "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12}


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    cls: str  # class local name
    ref: str | None  # the registry entity it links to, if any
    rule: str
    confidence: float
    edition: int | None = None  # "the 5th ...": the ordinal of an event
    series: str | None = None  # the series name of an edition
    name: str | None = None  # the entity's name where it is not the text itself ("2ndAgora" -> "2nd Agora")
    aliases: tuple[str, ...] = ()  # other names the text supports ("Shanghai's 5th X" -> "5th Shanghai X")
    evidence: tuple[int, int] | None = None  # the words a composed name comes from, where wider than the mention

    @property
    def label(self) -> str:
        return self.name or self.text
