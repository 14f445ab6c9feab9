"""Helpers of the hostile tests: a loopback listener that counts who connects, raw HTTP,
and the CPU and memory of a server's process tree (read from /proc)."""

from __future__ import annotations

import os
import socket
import threading
import time
from dataclasses import dataclass, field


@dataclass
class Listener:
    """Accepts connections on loopback and answers each with a valid result, so a fetch would succeed."""

    url: str
    connections: list[str] = field(default_factory=list)


def counting_listener() -> tuple[Listener, socket.socket]:
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    listener = Listener(f"http://127.0.0.1:{server.getsockname()[1]}/")
    answer = (b'HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nContent-Length: 85\r\n'
              b'Connection: close\r\n\r\n{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"uri","value":"urn:x"}}]}}'
              )

    def accept() -> None:
        while True:
            try:
                conn, peer = server.accept()
            except OSError:
                return
            listener.connections.append(f"{peer}")
            try:
                conn.settimeout(2)
                conn.recv(65536)
                conn.sendall(answer)
            except OSError:
                pass
            finally:
                conn.close()

    threading.Thread(target=accept, daemon=True).start()
    return listener, server


def raw_http(url: str, data: bytes, wait_s: float = 15.0) -> tuple[bytes, float]:
    """Send bytes as they are; what came back until the server closed or `wait_s` passed, and how long."""
    host, port = url.removeprefix("http://").rstrip("/").split(":")
    started = time.monotonic()
    chunks = []
    with socket.create_connection((host, int(port)), timeout=wait_s) as conn:
        conn.sendall(data)
        try:
            while True:
                chunk = conn.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
        except (socket.timeout, ConnectionResetError):
            pass
    return b"".join(chunks), time.monotonic() - started


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            tree.setdefault(ppid, []).append(int(entry))
    return tree


def process_tree(pid: int) -> list[int]:
    tree = _children()
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(tree.get(current, []))
    return found


def tree_cpu_seconds(pid: int) -> float:
    total = 0.0
    for member in process_tree(pid):
        try:
            with open(f"/proc/{member}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            pass
    return total


def tree_resident_bytes(pid: int) -> int:
    total = 0
    for member in process_tree(pid):
        try:
            with open(f"/proc/{member}/statm") as handle:
                total += int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            pass
    return total
