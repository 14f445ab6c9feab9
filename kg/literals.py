"""Typed literals from curated text, with the datatype taken from the ontology.

Dates keep their precision: "2021-05-10" is an xsd:date, "2021-05" an
xsd:gYearMonth, "2021" an xsd:gYear. Nothing is padded.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from rdflib import Literal
from rdflib.namespace import RDF, XSD

_DATE_FORMS = (
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), XSD.date),
    (re.compile(r"^\d{4}-\d{2}$"), XSD.gYearMonth),
    (re.compile(r"^\d{4}$"), XSD.gYear),
)
DATE_TYPES = frozenset(str(t) for _, t in _DATE_FORMS)


class LiteralError(ValueError):
    """A value that does not fit the datatype the ontology asks for."""


def date_literal(text: str) -> Literal:
    """A date at the precision written: day, month or year."""
    for pattern, datatype in _DATE_FORMS:
        if pattern.match(text):
            try:
                if datatype == XSD.date:
                    dt.date.fromisoformat(text)
                elif datatype == XSD.gYearMonth:
                    dt.date.fromisoformat(text + "-01")
            except ValueError as exc:
                raise LiteralError(f"{text!r} is not a real date") from exc
            # Literal with lexical form kept exactly (rdflib would normalise some types).
            return Literal(text, datatype=datatype)
    raise LiteralError(f"{text!r} is not a date (expected YYYY-MM-DD, YYYY-MM or YYYY)")


def typed_literal(text: str, allowed: frozenset[str]) -> Literal:
    """Literal for `text` with a datatype from `allowed` (a property's range)."""
    if allowed & DATE_TYPES:  # srk:DateValue reaches here expanded into its union by kg.ontology
        return date_literal(text)
    if str(XSD.integer) in allowed or str(XSD.nonNegativeInteger) in allowed:
        if not re.match(r"^-?\d+$", text):
            raise LiteralError(f"{text!r} is not a whole number")
        return Literal(text, datatype=XSD.integer)
    if str(XSD.decimal) in allowed or str(XSD.double) in allowed:
        try:
            number = Decimal(text)
        except InvalidOperation as exc:
            raise LiteralError(f"{text!r} is not a number") from exc
        if not number.is_finite():
            raise LiteralError(f"{text!r} is not a finite number")
        return Literal(_decimal_lexical(number), datatype=XSD.decimal)
    if str(XSD.anyURI) in allowed:
        return Literal(text, datatype=XSD.anyURI)
    if str(RDF.langString) in allowed:
        return Literal(text, lang="en")
    return Literal(text)


def _decimal_lexical(number: Decimal) -> str:
    """Canonical xsd:decimal text: no exponent, no trailing zeros, at least one digit after the point."""
    text = format(number.normalize(), "f")
    return text if "." in text else text + ".0"
