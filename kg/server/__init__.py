"""`kg serve`: a SPARQL 1.1 endpoint, a query page and a page per entity, over any Store.

    from kg.server import make_server
    server = make_server(store, settings, port=0)   # read-only, loopback only
    server.serve_forever()
"""

from __future__ import annotations

from kg.server.app import KgServer, make_server

__all__ = ["KgServer", "make_server"]
