"""The endpoint predeclares the same prefixes as `kg query` (issue 12, item 5)."""

from __future__ import annotations

import json

import pytest

from tests.server.conftest import Served
from tests.server.test_protocol import sparql

pytestmark = pytest.mark.server


def test_the_endpoint_gets_the_predeclared_prefixes(kg_server: Served) -> None:
    status, _, body, _ = sparql(kg_server, 'SELECT ?p WHERE { ?p org:holds ?post ; skos:prefLabel "Vladimir Norov"@en }')
    assert status == 200, body
    assert len(json.loads(body)["results"]["bindings"]) == 1
    status, _, body, _ = sparql(kg_server, "SELECT ?s WHERE {\n ?s nope:x ?o }")
    assert status == 400 and "query:2:" in body, body
