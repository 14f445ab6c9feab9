"""Answers kept for the queries asked again, while the store they came from is in place.

A read-only embedded store does not change under the server: the same query text, asked for
the same format, gets the same bytes until `kg build` puts a new store in place (the pool's
generation then moves on, and every kept answer is dropped). So a repeated query, such as the
query page's named examples, is answered without a worker: no CPU, no admission slot, and
nothing that could run away. (The Wikidata Query Service keeps its answers for five minutes
for the same reason.) Not for stores that change under the server: a remote endpoint, or a
server with --allow-update. Nor for a query that calls NOW(), RAND(), UUID(), STRUUID() or BNODE():
its answer is meant to differ from one run to the next, so a kept one would be stale (`cacheable`).

The cache is bounded in bytes (least recently used answers go first) and keeps no answer
larger than `max_entry_bytes`, so it cannot grow the server past its memory budget. It is used
from the event loop only, so it needs no lock.
"""

from __future__ import annotations

import re
from collections import OrderedDict

from kg.server.jobs import Reply
from kg.store.sparqltext import hidden_spans

MAX_BYTES = 64 * 2**20
MAX_ENTRY_BYTES = 2**20
Key = tuple[str, str | None, str | None]  # query text, Accept, ?format=
# SPARQL 1.1's functions whose value is new at each evaluation (not `?now`, `ex:rand(` or a string).
_FRESH_CALL = re.compile(r"(?<![\w:?$.-])(?:NOW|RAND|UUID|STRUUID|BNODE)\s*\(", re.I)


def cacheable(text: str) -> bool:
    """Whether the query's answer is the same each time it runs on the same store."""
    hidden = hidden_spans(text)
    return not any(not any(start <= found.start() < end for start, end in hidden)
                   for found in _FRESH_CALL.finditer(text))


def _size(key: Key, reply: Reply) -> int:
    return len(reply.body) + len(key[0])  # characters: near enough bytes for a budget


class ReplyCache:
    """Replies by (query text, Accept, ?format=), for one store generation at a time."""

    def __init__(self, max_bytes: int = MAX_BYTES, max_entry_bytes: int = MAX_ENTRY_BYTES) -> None:
        self.max_bytes = max_bytes
        self.max_entry_bytes = max_entry_bytes
        self._generation = -1
        self._kept: OrderedDict[Key, Reply] = OrderedDict()
        self._bytes = 0
        self.hits = 0
        self.misses = 0

    def _sync(self, generation: int) -> bool:
        """Forget everything kept from an older store; False for an answer of an older one."""
        if generation > self._generation:
            self._kept.clear()
            self._bytes = 0
            self._generation = generation
        return generation == self._generation

    def get(self, key: Key, generation: int) -> Reply | None:
        if not cacheable(key[0]):
            return None  # neither a hit nor a miss: this query is never kept
        found = self._kept.get(key) if self._sync(generation) else None
        if found is None:
            self.misses += 1
            return None
        self._kept.move_to_end(key)
        self.hits += 1
        return found

    def put(self, key: Key, generation: int, reply: Reply) -> Reply:
        """Keep a 200 reply computed on the store of `generation` (read before the query ran)."""
        size = _size(key, reply)
        if (reply.status != 200 or size > self.max_entry_bytes or not cacheable(key[0])
                or not self._sync(generation)):
            return reply
        previous = self._kept.pop(key, None)
        if previous is not None:
            self._bytes -= _size(key, previous)
        self._kept[key] = reply
        self._bytes += size
        while self._bytes > self.max_bytes:
            old_key, old = self._kept.popitem(last=False)
            self._bytes -= _size(old_key, old)
        return reply

    def __len__(self) -> int:
        return len(self._kept)
