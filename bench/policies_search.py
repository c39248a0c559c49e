"""Benchmark of the policy library on PostgreSQL (not a test; prints figures).

Generates N documents of government-style Chinese text (titles and bodies built from a
vocabulary of government phrases, realistic 文号) into the database
``jiyang_policies_bench`` with COPY, then measures:

- search p50/p95 for 2-, 4- and 8-character queries, rare and common, ranked by
  relevance and sorted newest-first, with 1 client and with 4 concurrent clients
  (threads, each with its own connection), and the ratio to the raw SQL it issues;
- SQL queries and server time of the library list page and a document page;
- the bulk-import rate (rows/second through the real import service).

Usage: .venv/bin/python bench/policies_search.py [N] [--import-rows M] [--reuse]
[--import-only] [--import-profile] [--import-queries]; ``BENCH_DB`` names another
database. Talks only to PostgreSQL on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB_NAME = os.environ.get("BENCH_DB", "jiyang_policies_bench")
os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
os.environ.pop("REDIS_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")


def ensure_database() -> None:
    import psycopg2

    conn = psycopg2.connect(host="127.0.0.1", user="postgres", dbname="postgres")
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME])
        if cur.fetchone() is None:
            cur.execute(f'CREATE DATABASE "{DB_NAME}"')
    conn.close()


ensure_database()

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from policies.models import Document  # noqa: E402
from policies.selectors import public_documents, search_documents  # noqa: E402
from portal.demo import seed_organisations  # noqa: E402
from portal.search.fields import search_fields  # noqa: E402
from portal.search.query import parse_query  # noqa: E402

SUBJECTS = [
    "高校毕业生就业创业", "稳就业促就业", "职业技能提升", "退役军人优待抚恤",
    "最低生活保障", "居家和社区养老服务", "婴幼儿照护服务", "优化营商环境",
    "民营经济高质量发展", "乡村振兴", "高标准农田建设", "义务教育招生入学",
    "城镇老旧小区改造", "保障性住房管理", "耕地保护", "大气污染防治",
    "预算绩效管理", "政府采购", "食品安全监管", "安全生产责任制",
    "自然灾害救助", "行政规范性文件管理", "政务公开", "便民热线",
]  # fmt: skip
TITLE_FORMS = [
    "关于印发《济阳区{s}实施方案》的通知", "关于进一步做好{s}工作的通知",
    "关于加快推进{s}的实施意见", "关于印发《济阳区{s}管理办法》的通知",
    "关于开展{s}专项行动的通知", "关于调整{s}有关标准的通知",
]  # fmt: skip
SENTENCES = [
    "各镇人民政府、街道办事处，区政府各部门，各有关单位：",
    "为深入贯彻落实区委区政府决策部署，结合我区实际，现就{s}有关事项通知如下。",
    "坚持以人民为中心的发展思想，聚焦群众急难愁盼问题，推动{s}取得新成效。",
    "各镇（街道）、各部门要对照职责分工，抓好{s}各项政策落实。",
    "推行一窗受理、一次办好，符合条件的申请人可在政务服务平台在线申请。",
    "加强组织领导，强化资金保障，区财政局按规定统筹安排所需资金。",
    "加强督导考核，将{s}工作纳入年度综合考核，确保各项任务按时完成。",
    "本文件自印发之日起施行，由{u}负责解释。",
]  # fmt: skip
# Rare phrases, each placed in about one document in RARE_EVERY.
RARE = ["鹊山龙湖湿地", "澄波湖风景区", "黄河故道", "仁风西瓜", "曲堤黄瓜", "垛石番茄"]
RARE_EVERY = 2000
CODES = ["济阳政发", "济阳政办发", "济阳人社发", "济阳民发", "济阳卫健发", "济阳发改发",
         "济阳农发", "济阳教体发", "济阳住建发", "济阳财发", "济阳市监发", "济阳应急发"]  # fmt: skip

QUERIES = {
    ("2", "rare"): "鹊山",
    ("2", "common"): "政府",
    ("4", "rare"): "曲堤黄瓜",
    ("4", "common"): "人民政府",
    ("8", "rare"): "鹊山龙湖湿地周边",
    ("8", "common"): "深入贯彻落实区委",
}


def generate(n: int) -> None:
    """Insert ``n`` published documents (and their issuer rows) with COPY."""
    units = list(seed_organisations().values())
    existing = Document.objects.count()
    if existing >= n:
        print(f"reuse: {existing:,} documents already present")
        return
    rng = random.Random(7)
    now = timezone.now()
    start = time.perf_counter()
    batch = 20000
    doc_cols = [
        "id", "organisation_id", "review_state", "published_at", "first_published_at",
        "withdrawal_reason", "version", "created_at", "updated_at", "index_number",
        "title", "doc_number", "doc_type", "topic", "written_date", "published_date",
        "status", "body", "body_text", "needs_interpretation", "search_tokens",
        "search_vector", "search_lossy",
    ]  # fmt: skip
    with connection.cursor() as cur:
        cur.execute("SELECT COALESCE(MAX(id), 0) FROM policies_document")
        next_id = cur.fetchone()[0] + 1
    for offset in range(existing, n, batch):
        docs = io.StringIO()
        issuers = io.StringIO()
        for i in range(offset, min(n, offset + batch)):
            subject = SUBJECTS[i % len(SUBJECTS)]
            unit = units[i % len(units)]
            # Independent of n, so a larger run appends to a smaller one; the year is
            # not correlated with insertion order (as in a library built over time).
            year = 2005 + i % 20
            code = CODES[i % len(CODES)]
            doc_number = f"{code}〔{year}〕{i // 60 + 1}号"
            title = rng.choice(TITLE_FORMS).format(s=subject)
            sentences = [
                s.format(s=subject, u=unit.name)
                for s in SENTENCES
                if rng.random() < 0.85
            ]
            if i % RARE_EVERY == 0:
                sentences.insert(
                    2, f"重点推进{RARE[(i // RARE_EVERY) % len(RARE)]}周边环境整治。"
                )
            text = "\n".join(sentences)
            body = "".join(f"<p>{s}</p>" for s in sentences)
            fields = search_fields(title, doc_number, text)
            day = f"{year}-{1 + i % 12:02d}-{1 + i % 28:02d}"
            # Distinct publication times within the working day, as on a real site.
            seconds = (i * 7919) % 28800
            published = f"{day} {8 + seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}+08"
            row = [
                str(next_id + i - existing), str(unit.pk), "published", published, published, "", "1",
                str(now), str(now), f"BENCH/{year}-{i:07d}", title, doc_number,
                "normative", "general", day, day, "effective", body, text, "f",
                fields["search_tokens"], fields["search_vector"] or "",
                "t" if fields["search_lossy"] else "f",
            ]  # fmt: skip
            docs.write("\t".join(_escape(v) for v in row) + "\n")
            issuers.write(f"{next_id + i - existing}\t{unit.pk}\t0\n")
        docs.seek(0)
        issuers.seek(0)
        with connection.cursor() as cur:
            cur.copy_expert(
                f"COPY policies_document ({', '.join(doc_cols)}) FROM STDIN",
                docs,
            )
            cur.copy_expert(
                'COPY policies_documentissuer (document_id, organisation_id, "order") FROM STDIN',
                issuers,
            )
        done = min(n, offset + batch)
        rate = (done - existing) / (time.perf_counter() - start)
        print(f"  generated {done:,} documents ({rate:,.0f}/s)", flush=True)
    with connection.cursor() as cur:
        cur.execute(
            "SELECT setval(pg_get_serial_sequence('policies_document','id'), MAX(id)) FROM policies_document"
        )
        cur.execute("VACUUM ANALYZE policies_document")
        cur.execute("VACUUM ANALYZE policies_documentissuer")
    print(f"generation: {time.perf_counter() - start:.0f} s")


def _escape(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace("\t", "\\t")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
    )


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def one_search(query: str, order: str) -> tuple[float, list[tuple[str, list]]]:
    now = timezone.now()
    parsed = parse_query(query)
    with CaptureQueriesContext(connection) as ctx:
        t0 = time.perf_counter()
        search_documents(public_documents(now), parsed, now=now, order=order, page=1)  # type: ignore[arg-type]
        elapsed = time.perf_counter() - t0
    return elapsed, [(q["sql"], []) for q in ctx.captured_queries]


def raw_time(statements: list[tuple[str, list]]) -> float:
    t0 = time.perf_counter()
    with connection.cursor() as cur:
        for sql, _ in statements:
            cur.execute(sql)
            cur.fetchall()
    return time.perf_counter() - t0


def bench_search(runs: int) -> None:
    print(
        "\nsearch (library: capped count + ranked/sorted page of 20 + rows + issuers)"
    )
    print(
        f"{'query':<22}{'order':<10}{'matches':>9}{'p50 ms':>9}{'p95 ms':>9}{'raw p50':>9}{'ratio':>7}{'4c p50':>9}{'4c p95':>9}"
    )
    for (length, kind), query in QUERIES.items():
        for order in ("relevance", "date"):
            one_search(query, order)  # warm
            times, raws = [], []
            statements: list[tuple[str, list]] = []
            for _ in range(runs):
                t, statements = one_search(query, order)
                times.append(t)
            for _ in range(runs):
                raws.append(raw_time(statements))
            parsed = parse_query(query)
            from portal.search.query import run_search

            total = run_search(
                public_documents(timezone.now()), parsed, now=timezone.now()
            ).total_display
            conc = concurrent(query, order, clients=4, runs=runs)
            p50, p95, r50 = (
                percentile(times, 50) * 1000,
                percentile(times, 95) * 1000,
                percentile(raws, 50) * 1000,
            )
            print(
                f"{length}字 {kind:<6} {query:<10}{order:<10}{total:>9}{p50:>9.1f}{p95:>9.1f}{r50:>9.1f}"
                f"{p50 / r50:>7.2f}{percentile(conc, 50) * 1000:>9.1f}{percentile(conc, 95) * 1000:>9.1f}",
                flush=True,
            )


def concurrent(query: str, order: str, clients: int, runs: int) -> list[float]:
    results: list[float] = []
    lock = threading.Lock()

    def worker() -> None:
        mine = []
        for _ in range(runs):
            t, _ = one_search(query, order)
            mine.append(t)
        connections.close_all()
        with lock:
            results.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def bench_pages(runs: int) -> None:
    client = Client()
    document = Document.objects.public().order_by("-published_at").first()
    assert document is not None
    pages = {
        "list /policies/": "/policies/",
        "list, filtered": "/policies/?status=effective&year=2015",
        "list, q=就业": "/policies/?q=%E5%B0%B1%E4%B8%9A",
        "document page": document.get_absolute_url(),
        "API list": "/api/v1/policies/",
    }
    print("\npages (in-process Django test client, includes template rendering)")
    for name, url in pages.items():
        client.get(url)
        times = []
        for _ in range(runs):
            with CaptureQueriesContext(connection) as ctx:
                t0 = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - t0)
            assert response.status_code == 200, (url, response.status_code)
        print(
            f"  {name:<18} queries {len(ctx.captured_queries):>2}   p50 {percentile(times, 50) * 1000:7.1f} ms   p95 {percentile(times, 95) * 1000:7.1f} ms"
        )


def _import_rows(
    rows: int, *, start: int = 0, variant: str = "", year: int = 2024
) -> list[dict]:
    """Rows of a new unit's file: distinct 文号 and titles, one issuer and audience."""
    return [
        {
            "title": f"关于做好第{i}批就业补贴发放工作的通知",
            "doc_number": f"济阳导入发〔{year}〕{i + 1}号",
            "issuers": ["济阳区人力资源和社会保障局"],
            "doc_type_display": "行政规范性文件",
            "topic_display": "劳动、人事、监察",
            "written_date": f"{year}-03-01",
            "status_display": "有效",
            "audiences": ["高校毕业生"],
            "needs_interpretation": False,
            "body": f"<p>为做好就业补贴发放工作，现将有关事项通知如下。{variant}</p>",
        }
        for i in range(start, start + rows)
    ]


def _mixed_rows(rows: int) -> tuple[list[dict], dict[str, int]]:
    """A second file over the first: per 10 rows, 5 unchanged, 2 updated (new body),
    1 repealed (a status change), 1 new and 1 bad (a date that does not exist)."""
    data, kinds = [], {"unchanged": 0, "updated": 0, "status": 0, "new": 0, "bad": 0}
    for i in range(rows):
        kind = ("unchanged",) * 5 + ("updated",) * 2 + ("status", "new", "bad")
        k = kind[i % 10]
        kinds[k] += 1
        if k == "new":
            row = _import_rows(1, start=rows + i)[0]
        else:
            row = _import_rows(
                1, start=i, variant="（修订）" if k == "updated" else ""
            )[0]
        if k == "status":
            row |= {"status_display": "废止", "repeal_date": "2024-06-30"}
        if k == "bad":
            row["written_date"] = "2024-02-30"
        data.append(row)
    return data, kinds


def _run_job(data: list[dict], actor, label: str, profile: bool = False):
    from django.core.files.base import ContentFile

    from policies.exchange import write_xlsx
    from policies.importing import run_import
    from policies.models import ImportJob

    buffer = io.BytesIO()
    write_xlsx(data, buffer)
    job = ImportJob(
        organisation=actor.organisation, created_by=actor, file_format="xlsx"
    )
    job.file.save(f"{label}.xlsx", ContentFile(buffer.getvalue()), save=False)
    job.save()
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    t0 = time.perf_counter()
    run_import(job.pk)
    elapsed = time.perf_counter() - t0
    if profiler is not None:
        import pstats

        profiler.disable()
        stats = pstats.Stats(profiler).strip_dirs()
        stats.sort_stats("tottime").print_stats(25)
        stats.sort_stats("cumulative").print_stats(40)
    job.refresh_from_db()
    rate = len(data) / elapsed
    print(
        f"{label}: {len(data):,} rows in {elapsed:.2f} s = {rate:,.0f} rows/s "
        f"(created {job.created_count:,}, updated {job.updated_count:,}, "
        f"unchanged {job.unchanged_count:,}, errors {len(job.errors):,})",
        flush=True,
    )
    return job


def _count_queries(actor, rows: int, year: int) -> None:
    """Statements issued by an import of ``rows`` new rows, then of the same file
    again (every row matched and unchanged)."""
    for label in ("new", "matched"):
        with CaptureQueriesContext(connection) as ctx:
            _run_job(_import_rows(rows, year=year), actor, f"queries-{label}-{rows}")
        kinds: dict[str, int] = {}
        for query in ctx.captured_queries:
            word = query["sql"].split(None, 1)[0].upper()
            kinds[word] = kinds.get(word, 0) + 1
        print(f"  {len(ctx.captured_queries)} statements for {rows} rows: {kinds}")


def bench_import(rows: int, *, profile: bool = False, queries: bool = False) -> None:
    """Import ``rows`` new documents as an editor (drafts with their 编辑 event), then
    the same file again (all matched), then a mixed file over it; remove them all."""
    from django.contrib.contenttypes.models import ContentType

    from policies.models import Document
    from portal.models import Organisation, User
    from portal.publishing.models import ReviewEvent

    unit = Organisation.objects.get(code="rsj")
    actor, _ = User.objects.get_or_create(
        username="bench-importer", defaults={"organisation": unit}
    )
    print()
    try:
        if queries:
            _count_queries(actor, 100, year=2001)
            _count_queries(actor, 400, year=2002)
        _run_job(_import_rows(rows), actor, "import (new rows)", profile=profile)
        _run_job(_import_rows(rows), actor, "re-import (all matched, unchanged)")
        mixed, kinds = _mixed_rows(rows)
        print(f"  mixed file: {kinds}")
        _run_job(mixed, actor, "mixed (updates, status, new, bad)")
    finally:
        imported = Document.objects.filter(doc_number__startswith="济阳导入发")
        ids = [str(pk) for pk in imported.values_list("pk", flat=True)]
        ReviewEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(Document), object_id__in=ids
        ).delete()
        imported.delete()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", type=int, nargs="?", default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--import-rows", type=int, default=2000)
    parser.add_argument("--generate-only", action="store_true")
    parser.add_argument("--import-only", action="store_true")
    parser.add_argument(
        "--reuse", action="store_true", help="use the library as it is (no generation)"
    )
    parser.add_argument("--import-profile", action="store_true")
    parser.add_argument("--import-queries", action="store_true")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if not args.reuse:
        generate(args.n)
    if args.generate_only:
        return
    with connection.cursor() as cur:
        cur.execute(
            "SELECT count(*), pg_size_pretty(pg_total_relation_size('policies_document')) FROM policies_document"
        )
        count, size = cur.fetchone()
        cur.execute(
            "SELECT pg_size_pretty(pg_relation_size('policies_document_search_gin'))"
        )
        gin = cur.fetchone()[0]
    print(f"documents: {count:,}   table+indexes: {size}   GIN index: {gin}")
    if not args.import_only:
        bench_search(args.runs)
        bench_pages(args.runs)
    if args.import_rows:
        bench_import(
            args.import_rows, profile=args.import_profile, queries=args.import_queries
        )


if __name__ == "__main__":
    main()
