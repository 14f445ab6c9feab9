"""Adding articles: plain text or HTML in, SLUG.txt + SLUG.orig.txt + SLUG.meta.yaml out.

HTML is cleaned with the standard library's html.parser (scripts, navigation, forms and the like
dropped; block elements become paragraphs). Boilerplate lines (banners, "Powered by", share and
click counters, image placeholders) are removed from both kinds. Bad input is refused with a
reason, and an article's three files are written all or none.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import yaml

from kg import atomic
from kg.errors import KgError
from kg.literals import LiteralError, date_literal
from kg.namespaces import slugify
from kg.settings import Settings

MAX_BYTES = 1_000_000  # a news article is a few kB; a megabyte is a dump, not an article
_SKIP_TAGS = {"script", "style", "nav", "header", "footer", "aside", "form", "noscript", "iframe", "button", "svg",
              "select", "template", "head"}
_BLOCK_TAGS = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "table", "section", "article",
               "blockquote", "figcaption", "td", "ul", "ol", "dd", "dt", "hr", "main", "pre"}
_BOILERPLATE = re.compile(
    r"^(?:welcome to\b.*|powered by\b.*|copyright\b.*|©.*|all rights reserved.*|share:?.*|click num.*|"
    r"comments?\b.*|related (?:news|articles|stories).*|about news.*|contact us|home|print|close|"
    r"\d{4}-\d{2}-\d{2}(?:\s+\d{2}:\d{2}(?::\d{2})?)?(?:\s+\S+)*\s*(?:source:|share:|click num:?)\S*.*|"
    r".*(?:图片关键词).*|the release date:.*|[\s\u00a0]*)$", re.I)
_STOP_WORDS = {"the", "of", "and", "to", "in", "a", "is", "for", "on", "with", "that", "by", "as", "at", "was",
               "are", "from", "has", "have", "it", "its", "be", "this", "an", "which", "will", "were", "said"}
_DATE_IN_TEXT = re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b")


@dataclass(frozen=True)
class Ingested:
    path: Path
    slug: str | None  # None when skipped
    message: str  # what was written, or why the file was refused


class _Cleaner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.title = ""
        self.heading = ""
        self.meta: dict[str, str] = {}
        self._in_title = self._in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "meta" and values.get("content"):
            self.meta[(values.get("property") or values.get("name") or "").lower()] = values["content"]
        self._in_title = self._in_title or tag == "title"
        self._in_h1 = self._in_h1 or tag == "h1"
        if tag in _SKIP_TAGS:
            self.skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS and self.skipping:
            self.skipping -= 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")
        self._in_title = self._in_title and tag != "title"
        self._in_h1 = self._in_h1 and tag != "h1"

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if self._in_h1:
            self.heading += data
        if not self.skipping:
            self.parts.append(data)


def looks_like_html(text: str, path: Path) -> bool:
    return path.suffix.lower() in (".html", ".htm") or bool(re.search(r"<(?:html|body|p|div|table|br)\b", text, re.I))


def clean_text(text: str) -> str:
    """Paragraphs separated by one blank line, boilerplate lines dropped, a trailing newline."""
    lines = [re.sub(r"[ \t\u00a0\u3000]+", " ", line).strip() for line in text.replace("\r\n", "\n").split("\n")]
    paragraphs = [line for line in lines if line and not _BOILERPLATE.match(line)]
    return "\n\n".join(paragraphs) + "\n" if paragraphs else ""


def language_problem(text: str) -> str | None:
    """Why the text does not look like English, or None (cheap: letters and stop words, no model)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return "it has no words"
    ascii_share = sum(c.isascii() for c in letters) / len(letters)
    words = re.findall(r"[a-z]+", text.lower())
    stop_share = sum(w in _STOP_WORDS for w in words) / max(1, len(words))
    if ascii_share < 0.8 or stop_share < 0.08:
        return f"it does not look like English ({ascii_share:.0%} ASCII letters, {stop_share:.0%} English stop words)"
    return None


def read_article(path: Path) -> tuple[bytes, str, dict[str, str]]:
    """Original bytes, cleaned text and what the document says about itself (title, date, publisher)."""
    data = path.read_bytes()
    if not data.strip():
        raise KgError("empty file", path)  # type: ignore[arg-type]
    if len(data) > MAX_BYTES:
        raise KgError(f"too large for an article ({len(data):,} bytes; the limit is {MAX_BYTES:,})", path)  # type: ignore[arg-type]
    if b"\x00" in data or sum(b < 9 or 13 < b < 32 for b in data[:4096]) > 8:
        raise KgError("binary file, not text or HTML", path)  # type: ignore[arg-type]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise KgError(f"not UTF-8 text (byte {exc.start}); convert it to UTF-8 first", path) from exc  # type: ignore[arg-type]
    found: dict[str, str] = {}
    if looks_like_html(text, path):
        cleaner = _Cleaner()
        cleaner.feed(text)
        cleaner.close()
        text = "".join(cleaner.parts)
        found["title"] = (cleaner.meta.get("og:title") or cleaner.heading or cleaner.title).strip()
        found["publisher"] = cleaner.meta.get("og:site_name", "").strip()
        found["date"] = (cleaner.meta.get("article:published_time") or cleaner.meta.get("date") or "")[:10]
        found["url"] = cleaner.meta.get("og:url", "").strip()
    raw_date = _DATE_IN_TEXT.search(text)
    if not found.get("date") and raw_date:
        found["date"] = raw_date.group()
    cleaned = clean_text(text)
    if not cleaned:
        raise KgError("no text left after removing markup and boilerplate", path)  # type: ignore[arg-type]
    if not found.get("title"):
        first = cleaned.split("\n", 1)[0]
        found["title"] = first if len(first) <= 200 else ""
    return data, cleaned, {k: v for k, v in found.items() if v}


def ingest(settings: Settings, paths: list[Path], title: str | None = None, date: str | None = None,
           publisher: str | None = None, url: str | None = None) -> list[Ingested]:
    """Add each file as an article; a refused file is reported and the others still go in."""
    results = []
    for path in paths:
        try:
            results.append(_ingest_one(settings, path, title, date, publisher, url))
        except KgError as exc:
            results.append(Ingested(path, None, exc.message))
        except OSError as exc:
            results.append(Ingested(path, None, f"cannot read: {exc.strerror or exc}"))
    return results


def _ingest_one(settings: Settings, path: Path, title: str | None, date: str | None, publisher: str | None,
                url: str | None) -> Ingested:
    original, text, found = read_article(path)
    problem = language_problem(text)
    if problem:
        raise KgError(f"skipped: {problem}")
    articles = settings.articles_dir
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    for existing in sorted(articles.glob("*.txt")):
        if not existing.name.endswith(".orig.txt") and \
                hashlib.sha256(existing.read_bytes()).hexdigest() == digest:
            raise KgError(f"the same text is already in the corpus as {existing.name[:-4]}")
    meta = {"title": title or found.get("title"), "publisher": publisher or found.get("publisher"),
            "date": date or found.get("date"), "url": url or found.get("url")}
    if not meta["date"]:
        raise KgError("no publication date in the text: give it with --date YYYY-MM-DD (or YYYY-MM, YYYY)")
    try:
        date_literal(str(meta["date"]))
    except LiteralError as exc:
        raise KgError(f"bad date: {exc}") from exc
    if not meta["title"]:
        raise KgError("no title in the text: give it with --title")
    if not meta["publisher"]:
        raise KgError("no publisher in the text: give it with --publisher")
    slug = _free_slug(articles, slugify(str(meta["title"]))[:60].strip("-") or "article")
    document = {**meta, "language": "en", "seed": path.name,
                "notes": "added by kg ingest; metadata from " + ("options and " if (title or date or publisher or url)
                                                                  else "") + "the document"}
    files = [(articles / f"{slug}.orig.txt", original), (articles / f"{slug}.txt", text.encode("utf-8")),
             (articles / f"{slug}.meta.yaml", yaml.safe_dump(document, sort_keys=False, allow_unicode=True).encode())]
    written: list[Path] = []
    try:  # metadata last: an article without its .meta.yaml is invisible to load_sources
        for target, data in files:
            atomic.write_bytes(target, data)
            written.append(target)
    except BaseException:
        for target in written:
            target.unlink(missing_ok=True)
        raise
    return Ingested(path, slug, f"added {slug} ({len(text):,} characters, dated {meta['date']})")


def _free_slug(articles: Path, slug: str) -> str:
    candidate, n = slug, 2
    while (articles / f"{candidate}.meta.yaml").exists() or (articles / f"{candidate}.txt").exists():
        candidate, n = f"{slug}-{n}", n + 1
    return candidate
