"""The SPARQL 1.1 Protocol over a Store: read the request, check it, run it within limits.

Requests are plain values in and out (no sockets here), so the rules are
testable without a server.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from urllib.parse import parse_qs

from kg.api import with_prefixes
from kg.errors import KgError
from kg.server.guard import Refused, check_query, check_update
from kg.settings import Settings
from kg.store.base import QueryResult, QueryTimeout, Store, StoreUnavailable

FORM = "application/x-www-form-urlencoded"
DATASET_PARAMS = ("default-graph-uri", "named-graph-uri", "using-graph-uri", "using-named-graph-uri")


@dataclass(frozen=True)
class HttpError(Exception):
    status: int
    message: str


def _one(params: dict[str, list[str]], key: str) -> str | None:
    values = params.get(key, [])
    if len(values) > 1:
        raise HttpError(400, f"give exactly one '{key}' parameter, not {len(values)}")
    return values[0] if values else None


def request_text(method: str, query_string: str, content_type: str | None, body: bytes, key: str) -> str:
    """The query (key="query") or update (key="update") of a Protocol request."""
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


class Runner:
    """Runs checked requests on the store, at most `workers` at a time, each within the time limit.

    The worker pool is what bounds a query's time for the client: Oxigraph
    cannot be interrupted mid-evaluation, but the client gets its 503 on time,
    the store stops at the next solution (see OxigraphStore.query), and at most
    `workers` queries compete for the CPU.
    """

    def __init__(self, store: Store, settings: Settings, workers: int = 4) -> None:
        self.store = store
        self.settings = settings
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="kg-query")

    def _wait(self, call, *args, **kwargs):  # type: ignore[no-untyped-def]
        timeout = self.settings.query_timeout_s
        future = self.pool.submit(call, *args, **kwargs)
        try:
            return future.result(timeout=timeout + 1.0)
        except FutureTimeout:
            future.cancel()
            raise HttpError(503, f"the query ran past the time limit of {timeout:g} s") from None
        except QueryTimeout as exc:
            raise HttpError(503, f"{exc} (limit: {timeout:g} s)") from None
        except StoreUnavailable as exc:
            raise HttpError(502, str(exc)) from None
        except Refused as exc:
            raise HttpError(400, str(exc)) from None
        except KgError as exc:
            raise HttpError(400, str(exc)) from None

    def query(self, text: str) -> QueryResult:
        # The same predeclared prefixes as `kg query` (kg.api.with_prefixes keeps error positions).
        return self._wait(with_prefixes, text, self._checked_query)

    def _checked_query(self, text: str) -> QueryResult:
        check_query(text)
        return self.store.query(text, name="query", limit=self.settings.result_limit,
                                timeout_s=self.settings.query_timeout_s)

    def update(self, text: str) -> None:
        self._wait(check_update, text)
        self._wait(self.store.update, text)

    def call(self, function, *args, **kwargs):  # type: ignore[no-untyped-def]
        """Any other store work of a page, under the same limits."""
        return self._wait(function, *args, **kwargs)

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
