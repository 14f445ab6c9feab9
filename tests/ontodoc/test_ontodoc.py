"""The ontology's HTML documentation: hierarchy, properties, definitions and example facts."""

from __future__ import annotations

from html.parser import HTMLParser

from kg.namespaces import Ids
from kg.ontodoc import ontology_html
from kg.ontology import load_ontology


class _Page(HTMLParser):
    """Collects section texts by id, and anything that would load from elsewhere."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: dict[str, str] = {}
        self.current: str | None = None
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "section":
            self.current = values.get("id")
            self.sections[self.current or ""] = ""
        if tag in {"script", "link", "img", "iframe"} or "src" in values:
            self.external.append(tag)
        if tag == "a" and not (values.get("href") or "").startswith("#"):
            self.external.append(str(values.get("href")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "section":
            self.current = None

    def handle_data(self, data: str) -> None:
        if self.current is not None:
            self.sections[self.current] += data


def page(built, store) -> _Page:  # type: ignore[no-untyped-def]
    parser = _Page()
    parser.feed(ontology_html(load_ontology(built.ontology_file), store, Ids(built.base_iri)))
    return parser


def test_properties_show_domain_range_inverse_and_examples_with_labels(built, store) -> None:  # type: ignore[no-untyped-def]
    holds = page(built, store).sections["org-holds"]
    assert "Relates a person to a post that they hold." in holds
    assert "srk:Person" in holds and "srk:Post" in holds and "org:heldBy" in holds
    assert holds.count(" — holds → ") == 3  # three example facts...
    assert "/id/person/" not in holds and "/id/post/" not in holds  # ...by label, not by IRI
    located = page(built, store).sections["srk-locatedIn"]
    assert "transitive" in located and "srk:locationOf" in located


def test_classes_show_hierarchy_definition_and_disjointness(built, store) -> None:  # type: ignore[no-untyped-def]
    doc = page(built, store)
    official = doc.sections["srk-Official"]
    assert "srk:Person" in official  # its superclass
    assert "org:holds some" in official and "srk:PartyBody" in official  # its definition, in words
    assert "Vladimir Norov" in official  # an instance from the store
    person = doc.sections["srk-Person"]
    assert "srk:Official" in person and "srk:Organisation" in person  # a subclass; disjoint with
    assert doc.external == []  # self-contained: nothing is fetched


def test_text_from_the_ontology_is_escaped(project) -> None:  # type: ignore[no-untyped-def]
    path = project.ontology_file
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("A position in an organisation", "A <script>alert(1)</script> position"),
                    encoding="utf-8")
    html = ontology_html(load_ontology(path))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; position" in html
