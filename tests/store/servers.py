"""Real SPARQL servers for the store tests, started on loopback by the tests: the Oxigraph server
(the `oxigraph` PyPI package) and Virtuoso (Debian's virtuoso-opensource-7-bin, installed by
`make test` through the Makefile's `virtuoso` target, only when missing).

Fuseki is not here: its server (jena-fuseki-main) is published on Maven Central only, which these
machines cannot reach, and no Debian, PyPI or npm package carries it (see the README).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

OXIGRAPH = Path(sys.executable).parent / "oxigraph"  # the `oxigraph` PyPI package's executable
VIRTUOSO, VIRTUOSO_ISQL = "virtuoso-t", "isql-vt"


class Unavailable(Exception):
    """A server that is not installed here (the message says how to install it)."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, seconds: float, log: Path | None = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
            if not tail and process.stderr:
                tail = process.stderr.read()
            raise RuntimeError(f"server exited with {process.returncode}: {tail}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{url} did not come up in {seconds:g} s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def oxigraph(*options: str) -> Iterator[str]:
    """A fresh in-memory `oxigraph serve` on a free loopback port; its base URL."""
    if not OXIGRAPH.exists():
        raise Unavailable(f"no oxigraph executable at {OXIGRAPH} (pip install oxigraph)")
    port = free_port()
    process = subprocess.Popen([str(OXIGRAPH), "serve", "--bind", f"127.0.0.1:{port}", *options],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{url}/query?query=ASK%7B%7D", process, 20)
        yield url
    finally:
        stop(process)


_VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
DirsAllowed = ., {dir}
CheckpointInterval = 0

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
MaxClientConnections = 8
ServerThreads = 8

[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = 300
"""


@contextmanager
def virtuoso() -> Iterator[str]:
    """A fresh Virtuoso in a temporary folder on loopback, SPARQL updates allowed; its kg store URL (…#virtuoso).

    Not the Debian service (ports 8890 and 1111 for the whole machine): a private database on free ports.
    """
    if not shutil.which(VIRTUOSO) or not shutil.which(VIRTUOSO_ISQL):
        raise Unavailable("Debian's Virtuoso is not installed (make virtuoso)")
    with tempfile.TemporaryDirectory(prefix="kg-virtuoso-") as folder:
        http_port, sql_port = free_port(), free_port()
        ini = Path(folder) / "virtuoso.ini"
        ini.write_text(_VIRTUOSO_INI.format(dir=folder, sql_port=sql_port, http_port=http_port))
        log = Path(folder) / "virtuoso.log"
        process = subprocess.Popen([VIRTUOSO, "+foreground", "+configfile", str(ini)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=folder)
        try:
            base = f"http://127.0.0.1:{http_port}/"
            wait_for(base + "sparql?query=" + urllib.parse.quote("ASK {}"), process, 180, log)
            # The anonymous SPARQL user may update (loopback only; never do this on a public port).
            grant = subprocess.run([VIRTUOSO_ISQL, f"127.0.0.1:{sql_port}", "dba", "dba",
                                    "exec=GRANT SPARQL_UPDATE TO \"SPARQL\";"],
                                   capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
            if grant.returncode != 0 or "Error" in grant.stdout:
                raise RuntimeError(f"{VIRTUOSO_ISQL} could not grant SPARQL_UPDATE: {grant.stdout}{grant.stderr}")
            yield base + "#virtuoso"
        finally:
            stop(process)
