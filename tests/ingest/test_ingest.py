"""kg ingest: HTML and text into a project copy; refusals leave sources/ untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.ingest import ingest
from kg.sources import load_sources
from kg.settings import Settings
from tests.conftest import run_kg

HTML = """<html><head><title>Site | News</title><meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2022-11-03T08:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav><script>var x = 1;</script>
<h1>Kazakhstan hosts the 2nd Eurasian Digital Trade Forum</h1>
<p>On 2 November 2022, Astana hosted the 2nd Eurasian Digital Trade Forum. Ms. Aigul Bekova, Director of
the Trade Policy Department, Ministry of Trade of Kazakhstan, opened the forum.</p>
<p>More than 300 participants from 25 countries attended the forum, which was held in Astana.</p>
<footer>Copyright 2022 Example News</footer></body></html>"""

TEXT = ("Zhengzhou forum on cross-border trade\n\nThe release date:2023-03-01 10:00:00\n\n"
        "On 1 March 2023, the 2nd Zhengzhou Trade Forum was held in Zhengzhou. Mr. Li Wei, Vice Mayor of "
        "Zhengzhou, spoke at the forum and said the city has signed agreements with 12 countries.\n")


def _articles(project: Settings) -> set[str]:
    return {p.name for p in project.articles_dir.iterdir()}


def test_ingest_html_is_cleaned_and_loadable(project: Settings, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(HTML, encoding="utf-8")
    run = run_kg("ingest", str(page), settings=project)
    assert run.code == 0, run.stderr
    sources = load_sources(project.articles_dir)
    source = next(s for s in sources.values() if "Eurasian" in s.title)
    assert source.publisher == "Example News" and str(source.date) == "2022-11-03"
    assert "Astana hosted the 2nd Eurasian Digital Trade Forum." in source.text
    assert "var x" not in source.text and "Home" not in source.text and "Copyright" not in source.text
    assert (project.articles_dir / f"{source.slug}.orig.txt").read_text(encoding="utf-8") == HTML


def test_ingest_text_with_date_in_the_text_then_refuses_the_same_content(project: Settings, tmp_path: Path) -> None:
    article = tmp_path / "zz.txt"
    article.write_text(TEXT, encoding="utf-8")
    first = run_kg("ingest", str(article), "--publisher", "Zhengzhou Daily", settings=project)
    assert first.code == 0, first.stderr
    source = next(s for s in load_sources(project.articles_dir).values() if s.publisher == "Zhengzhou Daily")
    assert str(source.date) == "2023-03-01" and "release date" not in source.text
    before = _articles(project)
    again = run_kg("ingest", str(article), "--publisher", "Other", settings=project)
    assert again.code == 1 and "already in the corpus" in again.stderr and "Traceback" not in again.stderr
    assert _articles(project) == before


def test_missing_date_is_an_error_with_a_clear_message(project: Settings, tmp_path: Path) -> None:
    article = tmp_path / "nodate.txt"
    article.write_text("A forum on trade\n\nThe forum was held in Beijing and the delegates discussed trade.\n")
    before = _articles(project)
    run = run_kg("ingest", str(article), "--publisher", "X", settings=project)
    assert run.code == 1 and "--date" in run.stderr and "Traceback" not in run.stderr
    assert _articles(project) == before


@pytest.mark.parametrize("name,content,reason", [
    ("empty.txt", b"", "empty file"),
    ("blob.bin", bytes(range(256)) * 4, "binary"),
    ("latin1.txt", "Caf\u00e9 in the city of Z\u00fcrich is open for the day.".encode("latin-1"), "not UTF-8"),
    ("huge.txt", b"The forum was held in Beijing. " * 170_000, "too large"),
    ("german.txt", ("Die Regierung hat heute \u00fcber die Zukunft der Wirtschaft beraten und die Opposition "
                    "war sich nicht einig. " * 20).encode(), "English"),
])
def test_bad_input_is_refused_and_nothing_is_written(project: Settings, tmp_path: Path, name: str, content: bytes,
                                                     reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    before = _articles(project)
    [result] = ingest(project, [path], title="T", date="2021-01-01", publisher="X")
    assert result.slug is None and reason in result.message
    assert _articles(project) == before


def test_refusals_on_the_command_line_are_messages_not_tracebacks(project: Settings, tmp_path: Path) -> None:
    empty, good = tmp_path / "empty.txt", tmp_path / "good.txt"
    empty.write_bytes(b"")
    good.write_text(TEXT, encoding="utf-8")
    run = run_kg("ingest", str(empty), str(good), "--publisher", "X", settings=project)
    assert run.code == 1 and "refused" in run.stderr and "empty file" in run.stderr
    assert "Traceback" not in run.stderr and "added" in run.stderr  # the good file still went in
