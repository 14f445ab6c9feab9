"""How a class looks: a colour per family of classes, a shape and border per class, from the ontology.

A family is a shallow branch of the class tree (Event and its kinds, Place and
its kinds, Organisation and its kinds...): the widest ancestor whose subtree is
at most one level deep. Families get distinct hues, so the top class shows at a
glance; inside a family each class gets its own shape, then (past the seven
shapes vis-network draws with the label below) the same shapes with a thick dark
border, so that no two classes in the legend look alike. Everything is derived
from the ontology alone, so a class looks the same in every view.
"""

from __future__ import annotations

import colorsys
import math
from dataclasses import dataclass

from kg.namespaces import SRK
from kg.ontology import Ontology

# vis-network shapes that draw the label below the shape, so that size can show degree.
SHAPES = ("dot", "square", "diamond", "triangle", "star", "hexagon", "triangleDown")


@dataclass(frozen=True)
class ClassStyle:
    iri: str
    label: str
    family: str  # the family's class IRI
    family_label: str
    colour: str  # "#rrggbb", the family's
    shape: str
    border_width: int = 1
    border_colour: str = ""  # "" = the fill colour

    @property
    def border(self) -> str:
        return self.border_colour or self.colour


def own_classes(ontology: Ontology) -> list[str]:
    return sorted(c for c in ontology.classes if c.startswith(str(SRK)))


def _subclasses(ontology: Ontology) -> dict[str, set[str]]:
    below: dict[str, set[str]] = {c: set() for c in own_classes(ontology)}
    for cls in below:
        for ancestor in ontology.superclasses.get(cls, ()):
            if ancestor in below and ancestor != cls:
                below[ancestor].add(cls)
    return below


def _depth_below(cls: str, below: dict[str, set[str]]) -> int:
    return 0 if not below[cls] else 1 + max(_depth_below(c, below) for c in below[cls])


def families(ontology: Ontology) -> dict[str, str]:
    """Each of the ontology's own classes -> its family (a class IRI)."""
    below = _subclasses(ontology)
    shallow = {c for c in below if _depth_below(c, below) <= 1}
    result = {}
    for cls in below:
        candidates = [a for a in ontology.superclasses.get(cls, {cls}) if a in shallow] or [cls]
        # The widest shallow ancestor; ties by label so that the choice never depends on set order.
        result[cls] = max(sorted(candidates, key=ontology.label), key=lambda a: len(below.get(a, ())))
    return result


def _hex(hue_degrees: float, lightness: float, saturation: float) -> str:
    r, g, b = colorsys.hls_to_rgb(hue_degrees / 360, lightness, saturation)
    return f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}"


def class_styles(ontology: Ontology) -> dict[str, ClassStyle]:
    """A style for every class of the ontology's own namespace."""
    family_of = families(ontology)
    family_list = sorted(set(family_of.values()), key=ontology.label)
    styles = {}
    count = len(family_list)
    # Even hues, visited with a stride so that families next in the list are far apart on the wheel.
    stride = next(k for k in range(max(count // 3, 1), count + 1) if math.gcd(k, count) == 1) if count else 1
    for index, family in enumerate(family_list):
        members = sorted((c for c, f in family_of.items() if f == family), key=ontology.label)
        members = [family] + [m for m in members if m != family]
        colour = _hex(((index * stride % count) * 360 / count + 200) % 360, 0.46, 0.62)
        for rank, cls in enumerate(members):
            thick = (rank // len(SHAPES)) % 2 == 1
            styles[cls] = ClassStyle(cls, ontology.label(cls), family, ontology.label(family), colour,
                                     SHAPES[rank % len(SHAPES)], 4 if thick else 1, "#1f2430" if thick else "")
    return styles


_CACHE: dict[int, tuple[Ontology, dict[str, ClassStyle]]] = {}


def style_for(ontology: Ontology, cls: str) -> ClassStyle:
    # Cached per ontology object (it is immutable; the cache holds it, so its id is never reused).
    if id(ontology) not in _CACHE:
        _CACHE[id(ontology)] = (ontology, class_styles(ontology))
    styles = _CACHE[id(ontology)][1]
    if cls in styles:
        return styles[cls]
    label = ontology.label(cls)
    return ClassStyle(cls, label, cls, label, "#9e9e9e", "dot")
