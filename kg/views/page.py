"""The HTML pages of the views: each one self-contained file that opens with no network access.

Every page's libraries (vis-network and vis-data, vis-timeline, d3-geo, world-atlas) come from npm,
bundled into kg/views/assets/vendor/ by `make js`;
our own scripts, styles and templates (one base.html) from kg/views/assets/. All are inlined. The graph's
data goes in as JSON inside a non-executed <script type="application/json">,
with "<", ">" and "&" escaped, so no label or quote can close the element; the
page's script only ever puts text into the DOM (textContent), never markup. A
Content-Security-Policy allows only the page's own inline scripts (by hash) and
no requests at all, as a second line of defence.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from kg.errors import KgError

ASSETS = Path(__file__).parent / "assets"
VENDOR = ASSETS / "vendor"
# Anything that would make the browser fetch from elsewhere.
_EXTERNAL = re.compile(r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["']?(?:https?:)?//""",
                       re.IGNORECASE)


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(str(ASSETS)), autoescape=select_autoescape(["html"]),
                       keep_trailing_newline=True)


@lru_cache(maxsize=8)
def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def json_for_html(data: Any) -> str:
    """JSON that is inert inside an HTML <script> element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def _script_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def vendor_file(name: str) -> Path:
    """A bundled npm file; a clear message when the set-up has not made it."""
    path = VENDOR / name
    if not path.is_file():
        raise KgError(f"{path} is missing: run `make js` (npm ci and the bundler) once after cloning")
    return path


def render(template: str, title: str, data: Any, scripts: Sequence[Path], styles: Sequence[Path]) -> str:
    """A page from kg/views/assets/TEMPLATE (which extends base.html), every script and style inlined."""
    script_texts = [_read(path) for path in scripts]
    html = _environment().get_template(template).render(
        title=title,
        styles=[Markup(_read(path)) for path in styles],
        scripts=[Markup(text) for text in script_texts],
        data_json=Markup(json_for_html(data)),
        script_hashes=Markup(" ".join(_script_hash(text) for text in script_texts)),
    )
    check_offline(html)
    return html


def render_page(net: Any) -> str:
    """The page for a KgNetwork (its nodes, edges, options and kg_payload)."""
    data = {"nodes": net.nodes, "edges": net.edges, "options": net.options, **net.kg_payload}
    return render("page.html", net.kg_payload.get("title") or "silkroad-kg", data,
                  scripts=[vendor_file("network-lib.js"), ASSETS / "evidence.js", ASSETS / "labels.js",
                           ASSETS / "view.js"],
                  styles=[vendor_file("vis-network.css"), ASSETS / "view.css", ASSETS / "legend.css"])


def check_offline(html: str) -> None:
    """Refuse a page that would load anything from the network."""
    found = _EXTERNAL.search(html)
    if found:
        raise KgError(f"the view page would load an external resource: {found.group(0)[:120]}")
