"""Profile the uncached public pages (not a test; prints figures).

Runs each page in process through the test client with the whole-page cache off, and
prints per page: SQL queries, SQL time, total time (median of ``--runs``), then the
functions that cost most under cProfile. Uses the library of bench/policies_search.py
(database ``jiyang_policies_bench``; generate it first with
``bench/policies_search.py N --generate-only``), or the one ``bench/load.py`` builds
with ``BENCH_DB=jiyang_load_bench``.

Usage: .venv/bin/python bench/profile_pages.py [--runs 20] [--top 25] [--page /policies/]
Talks only to PostgreSQL on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB_NAME = os.environ.get("BENCH_DB", "jiyang_policies_bench")
os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
os.environ.pop("REDIS_URL", None)
os.environ["PUBLIC_PAGE_CACHE"] = "0"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

# Development settings (no collected static files needed) without their costs: no
# query log and templates compiled without debug information, as in production.
settings.DEBUG = False

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from policies.models import Document  # noqa: E402


def pages() -> dict[str, str]:
    document = Document.objects.filter(published_at__isnull=False).order_by("-id")[0]
    return {
        "home": "/",
        "library list": "/policies/",
        "document": f"/policies/{document.pk}/",
        "site search": "/search/?q=就业",
    }


def measure(client: Client, url: str, runs: int) -> tuple[int, float, float]:
    times: list[float] = []
    sql: list[float] = []
    queries = 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(ctx.captured_queries)
        sql.append(sum(float(q["time"]) for q in ctx.captured_queries))
    return queries, statistics.median(sql) * 1000, statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--page", default="")
    args = parser.parse_args()
    client = Client()
    targets = pages()
    if args.page:
        targets = {args.page: args.page}
    print(f"documents: {Document.objects.count():,}")
    print(f"{'page':<14} {'queries':>7} {'SQL ms':>8} {'total ms':>9}")
    for name, url in targets.items():
        client.get(url)  # warm: site settings, templates, connections
        queries, sql_ms, total_ms = measure(client, url, args.runs)
        print(f"{name:<14} {queries:>7} {sql_ms:>8.1f} {total_ms:>9.1f}")
    for name, url in targets.items():
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.runs):
            client.get(url)
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).sort_stats("tottime")
        stats.print_stats(args.top)
        print(f"\n===== {name} ({url}), {args.runs} runs, by own time =====")
        print("\n".join(out.getvalue().splitlines()[6:]))


if __name__ == "__main__":
    main()
