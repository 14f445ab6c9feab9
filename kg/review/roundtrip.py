"""The review page's round trip at a full queue, measured in Chromium (Playwright, Debian's chromium).

    python -m kg.review.roundtrip [--queue 295] [--decisions 100] [--keep DIR]

On a scratch copy of the project, the seed articles are extracted; copies of them under other slugs
are added until the queue holds `--queue` candidates (issue 16's twelve unseen articles gave 295).
The page is served by the project's server on loopback and driven by key presses, accept and reject
in turn; each decision is timed by the page itself, from the key's event time to the frame that
shows the next candidate (the answer, which comes after the files are written, is in by then).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from kg.review.queue import QUEUE_HEADER, queue_file, read_items, write_items
from kg.settings import Settings, load_settings

TARGET_MS = 150.0


@dataclass(frozen=True)
class RoundTrips:
    queue: int  # candidates in the queue when the run began
    keys: tuple[str, ...]
    ms: tuple[float, ...]
    request_ms: tuple[float, ...] = ()  # of which the request (server, files written, answer)
    server_ms: tuple[float, ...] = ()  # of which the decision in the server (Server-Timing)

    @property
    def summary(self) -> dict[str, float | int]:
        ordered = sorted(self.ms)
        return {"queue": self.queue, "decisions": len(self.ms), "median_ms": statistics.median(ordered),
                "p95_ms": ordered[max(0, round(0.95 * len(ordered)) - 1)], "max_ms": ordered[-1],
                "target_ms": TARGET_MS,
                "request_median_ms": _median(self.request_ms), "server_median_ms": _median(self.server_ms),
                **{f"median_ms_{key}": _median([m for k, m in zip(self.keys, self.ms) if k == key])
                   for key in sorted(set(self.keys))}}


def _median(values) -> float | None:  # type: ignore[no-untyped-def]
    return round(statistics.median(values), 1) if values else None


def scratch_queue(source_root: Path, target: Path, size: int) -> Settings:
    """A copy of the project at `target` whose review queue holds exactly `size` candidates."""
    from kg.extract.pipeline import run_extract

    for part in ("ontology", "sources"):
        shutil.copytree(source_root / part, target / part)
    settings = load_settings({"KG_ROOT": str(target), "KG_DIST": str(target / "dist")})
    articles = settings.articles_dir
    originals = sorted(p.name.removesuffix(".meta.yaml") for p in articles.glob("*.meta.yaml"))
    run_extract(settings)
    copy = 0
    while len(read_items(queue_file(settings))) < size:
        copy += 1
        if copy > 20:
            raise RuntimeError(f"cannot reach a queue of {size} candidates from copies of the articles")
        for slug in originals:  # the same text under another slug: its own candidates
            new = f"{slug}-copy-{copy}"
            for suffix in (".txt", ".orig.txt", ".meta.yaml"):
                if (articles / f"{slug}{suffix}").exists():
                    shutil.copyfile(articles / f"{slug}{suffix}", articles / f"{new}{suffix}")
            run_extract(settings, [new])
            if len(read_items(queue_file(settings))) >= size:
                break
    items = read_items(queue_file(settings))
    write_items(queue_file(settings), sorted(items, key=lambda i: (i["source"], i["start"], i["id"]))[:size],
                QUEUE_HEADER)
    return settings


def measure(settings: Settings, decisions: int, keys: tuple[str, ...] = ("a", "r")) -> RoundTrips:
    """Serve the page, press `decisions` keys (cycling through `keys`), and return each round trip."""
    from playwright.sync_api import sync_playwright

    from kg.review.web import start
    from kg.views.screenshot import CHROMIUM_ARGS, chromium_path

    queued = len(read_items(queue_file(settings)))
    running = start(settings)
    times: list[float] = []
    pressed: list[str] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1300, "height": 850})
            page.goto(running.url)
            page.wait_for_selector("#current:not([data-id=''])")
            for n in range(decisions):
                key = keys[n % len(keys)]
                page.keyboard.press(key)
                deadline = time.monotonic() + 30
                while True:  # polled from here: the page's CSP forbids Playwright's in-page waiting
                    mark = page.evaluate("document.body.dataset.roundTrip || ''")
                    if mark.startswith(f"{n + 1} "):
                        break
                    error = page.evaluate("document.getElementById('status').className")
                    if error == "bad" or time.monotonic() > deadline:
                        raise RuntimeError(f"decision {n + 1} ({key}) failed: {page.inner_text('#status')}")
                    time.sleep(0.002)
                times.append(float(mark.split()[1]))
                pressed.append(key)
            entries = page.evaluate("performance.getEntriesByType('resource')"
                                    ".filter((e) => e.name.endsWith('/api/decide'))"
                                    ".map((e) => [e.duration, (e.serverTiming[0] || {}).duration || 0])")
            requests = [e[0] for e in entries]
            server = [e[1] for e in entries]
            browser.close()
    finally:
        running.stop()
    return RoundTrips(queued, tuple(pressed), tuple(times), tuple(requests), tuple(server))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--queue", type=int, default=295, help="candidates in the scratch queue")
    parser.add_argument("--decisions", type=int, default=100, help="key presses to time (accept, reject, ...)")
    parser.add_argument("--root", type=Path, default=None, help="the project to copy (default: this one)")
    parser.add_argument("--keep", type=Path, default=None, help="make the scratch project here and keep it")
    options = parser.parse_args(argv)
    root = options.root or load_settings().root
    scratch = options.keep or Path(tempfile.mkdtemp(prefix="kg-review-roundtrip-"))
    try:
        settings = scratch_queue(root, scratch / "project", options.queue)
        result = measure(settings, options.decisions)
        summary = result.summary
        print(json.dumps(summary, indent=1))
        verdict = "met" if summary["median_ms"] < TARGET_MS and summary["p95_ms"] < TARGET_MS else "NOT met"
        print(f"round trip at a {result.queue}-candidate queue: median {summary['median_ms']:.0f} ms, "
              f"p95 {summary['p95_ms']:.0f} ms, max {summary['max_ms']:.0f} ms (target < {TARGET_MS:.0f} ms: "
              f"{verdict})")
    finally:
        if options.keep is None:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
