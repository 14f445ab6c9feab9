"""The load generator of `kg bench-serve`: many HTTP clients, cheaply, in one process.

It shares the machine's cores with the server it measures, so it must cost little: one asyncio
loop, one keep-alive connection per client, each request's bytes encoded once, and a response
read by its Content-Length without parsing its JSON (a 200 whose body is not a JSON object
counts as an error). It measures its own CPU, so a report can say what the clients took.
"""

from __future__ import annotations

import asyncio
import resource
import time
import urllib.parse
from dataclasses import dataclass, field

READ_TIMEOUT_S = 120.0


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)  # seconds, of well-behaved clients' answers
    errors: list[str] = field(default_factory=list)
    runaway_statuses: dict[str, int] = field(default_factory=dict)  # HTTP status -> how many
    cpu_s: float = 0.0  # the generator's own CPU (user + system)


def post_request(text: str, host: str = "127.0.0.1") -> bytes:
    """A keep-alive SPARQL Protocol POST (form-encoded), asking for SPARQL JSON."""
    body = urllib.parse.urlencode({"query": text}).encode()
    head = (f"POST /sparql HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            f"Accept: application/sparql-results+json\r\nContent-Length: {len(body)}\r\n\r\n")
    return head.encode() + body


async def _answer(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = None
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    if length is None:
        raise RuntimeError(f"HTTP {status} without Content-Length")
    return status, await reader.readexactly(length)


async def _client(port: int, requests: list[bytes] | list[str], first: int, runaway: bool, stop_at: float,
                  tally: Tally, connections: set[asyncio.StreamWriter]) -> None:
    turn = first
    writer = None
    while time.monotonic() < stop_at:
        if writer is None:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            connections.add(writer)
        chosen = requests[turn % len(requests)]
        # A text (not bytes) is sent once only: a comment makes it a query no cache has seen.
        request = chosen if isinstance(chosen, bytes) else post_request(f"{chosen}\n# {first} {turn}")
        turn += 1
        started = time.perf_counter()
        try:
            writer.write(request)
            async with asyncio.timeout(READ_TIMEOUT_S):
                status, body = await _answer(reader)
            if not runaway and (status != 200 or not body.startswith(b"{") or not body.rstrip().endswith(b"}")):
                raise RuntimeError(f"HTTP {status}: {body[:120]!r}")
        except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, RuntimeError, ValueError) as exc:
            if time.monotonic() >= stop_at:
                break
            tally.errors.append(f"{type(exc).__name__}: {exc}")
            connections.discard(writer)
            writer.close()
            writer = None
            continue
        if runaway:
            tally.runaway_statuses[str(status)] = tally.runaway_statuses.get(str(status), 0) + 1
        elif time.monotonic() < stop_at:
            tally.latencies.append(time.perf_counter() - started)


async def _run(port: int, queries: list[str], clients: int, runaway_queries: list[str], runaways: int,
               seconds: float, unique: bool, tally: Tally) -> None:
    stop_at = time.monotonic() + seconds
    named: list[bytes] | list[str] = queries if unique else [post_request(text) for text in queries]
    heavy = [post_request(text) for text in runaway_queries]
    connections: set[asyncio.StreamWriter] = set()
    tasks = [asyncio.ensure_future(_client(port, heavy if n < runaways else named, n, n < runaways, stop_at,
                                           tally, connections)) for n in range(clients)]
    done, pending = await asyncio.wait(tasks, timeout=seconds + 1)
    # Give up on the answers still awaited (runaways, mostly), as a user closing the tab would:
    # closed connections tell the server to stop their queries.
    for task in pending:
        task.cancel()
    for writer in list(connections):
        writer.close()
    await asyncio.gather(*tasks, return_exceptions=True)
    for task in done:
        if task.exception() is not None:
            tally.errors.append(f"{type(task.exception()).__name__}: {task.exception()}")


def generate(port: int, queries: list[str], clients: int, runaway_queries: list[str], runaways: int,
             seconds: float, unique: bool = False) -> Tally:
    """`clients` clients for `seconds`: the first `runaways` send `runaway_queries`, the rest `queries`
    (with `unique`, each request's text made one of its own, so that no answer can be reused)."""
    tally = Tally()
    before = resource.getrusage(resource.RUSAGE_SELF)
    asyncio.run(_run(port, queries, clients, runaway_queries, runaways, seconds, unique, tally))
    after = resource.getrusage(resource.RUSAGE_SELF)
    tally.cpu_s = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return tally
