"""`kg serve`: a SPARQL 1.1 endpoint, a query page and a page per entity, over a LimitedStore.

    from kg.server import KgApp, listen, serve
    app = KgApp(store, settings)              # an ASGI app (Starlette); queries run in workers
    serve(app, listen("127.0.0.1", 0))        # uvicorn, until SIGINT/SIGTERM
"""

from __future__ import annotations

from kg.server.app import KgApp
from kg.server.run import listen, serve

__all__ = ["KgApp", "listen", "serve"]
