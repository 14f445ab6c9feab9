"""The SPARQL 1.1 Protocol: read a request's query or update, and say which HTTP status
each store error gets. Plain values in and out (no sockets here), so the rules are
testable without a server."""

from __future__ import annotations

from urllib.parse import parse_qs

from kg.errors import KgError
from kg.store.base import Busy, Cancelled, QueryMemory, QueryTimeout, Refused, StoreUnavailable

FORM = "application/x-www-form-urlencoded"
DATASET_PARAMS = ("default-graph-uri", "named-graph-uri", "using-graph-uri", "using-named-graph-uri")
MAX_QUERY_CHARS = 100_000


class HttpError(Exception):
    """A request answered with `status` and a one-line `message`."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(status, message)
        self.status = status
        self.message = message


def _one(params: dict[str, list[str]], key: str) -> str | None:
    values = params.get(key, [])
    if len(values) > 1:
        raise HttpError(400, f"give exactly one '{key}' parameter, not {len(values)}")
    return values[0] if values else None


def request_text(method: str, query_string: str, content_type: str | None, body: bytes, key: str) -> str:
    """The query (key="query") or update (key="update") of a Protocol request."""
    text = _request_text(method, query_string, content_type, body, key)
    if len(text) > MAX_QUERY_CHARS:
        raise HttpError(413, f"the {key} is {len(text)} characters long; the limit is {MAX_QUERY_CHARS}")
    return text


def _request_text(method: str, query_string: str, content_type: str | None, body: bytes, key: str) -> str:
    params = parse_qs(query_string, keep_blank_values=True)
    media = (content_type or "").split(";")[0].strip().lower()
    if method == "POST" and media == FORM:
        params = {**params, **parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)}
    given = [p for p in DATASET_PARAMS if p in params]
    if given:
        raise HttpError(400, f"'{given[0]}' is not supported: the default graph is always the union of all graphs")
    if method == "POST" and media == f"application/sparql-{key}":
        if key in params:
            raise HttpError(400, f"give the {key} either in the body or as a parameter, not both")
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            raise HttpError(400, f"the {key} is not UTF-8") from None
    if method == "POST" and media not in {FORM, f"application/sparql-{key}"}:
        raise HttpError(415, f"POST the {key} as {FORM} or application/sparql-{key}, not {media or 'nothing'}")
    text = _one(params, key)
    if text is None:
        raise HttpError(400, f"no '{key}' parameter")
    return text


def status_of(exc: KgError) -> int:
    """503 for time (and a full house), 507 for memory, 502 for a failing store, 400 otherwise."""
    if isinstance(exc, (QueryTimeout, Busy)):
        return 503
    if isinstance(exc, QueryMemory):
        return 507
    if isinstance(exc, StoreUnavailable):
        return 502
    if isinstance(exc, Cancelled):
        return 499
    if isinstance(exc, Refused):
        return 400
    return 400


def error_for(exc: KgError) -> HttpError:
    return HttpError(status_of(exc), str(exc))
