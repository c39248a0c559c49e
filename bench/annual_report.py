"""Benchmark of annual-report generation at scale (not a test; prints figures).

Fills PostgreSQL database ``jiyang_reports_bench`` by COPY with N applications (default
1,000,000, ``BENCH_N``) received in late 2024 and 2025, most with a reply of every type
and reason, plus 100,000 policy documents (``BENCH_DOCS``), some repealed; then times:

- ``build_snapshot`` of the district's 2025 report (sections 二, 三, 四, fees, months:
  the figures a generated version stores), best and median of 7 runs;
- the plain SQL ``GROUP BY`` queries that count the same cells, and the ratio.

Run: ``.venv/bin/python bench/annual_report.py`` (``BENCH_REFILL=1`` to refill).
Talks only to PostgreSQL on 127.0.0.1.
"""

from __future__ import annotations

import datetime
import io
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
DB = "jiyang_reports_bench"
os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DB}"
os.environ.pop("REDIS_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import psycopg2  # noqa: E402

N = int(os.environ.get("BENCH_N", "1000000"))
DOCS = int(os.environ.get("BENCH_DOCS", "100000"))
REFILL = os.environ.get("BENCH_REFILL") == "1"


def ensure_database() -> None:
    conn = psycopg2.connect(host="127.0.0.1", user="postgres", dbname="postgres")
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB])
        if cur.fetchone() is None:
            cur.execute(f'CREATE DATABASE "{DB}"')
    conn.close()


ensure_database()

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from disclosure.reports import balance  # noqa: E402
from disclosure.reports.selectors import build_snapshot  # noqa: E402
from disclosure.reports.services import get_or_create_report  # noqa: E402
from policies.models import Document  # noqa: E402
from portal import demo  # noqa: E402
from portal.models import Organisation  # noqa: E402
from requests_app.annual_report import REPORT_WORK_MEM  # noqa: E402
from requests_app.ids import make_serial_number  # noqa: E402
from requests_app.models import Application  # noqa: E402

KINDS = ["business", "research", "public_welfare", "legal_service", "other"]
RESULTS = [
    ("disclosed", ""),
    ("partial", ""),
    *[("withheld", k) for k in balance.RESULT_KEYS if k.startswith("withheld_")],
    *[("unavailable", k) for k in balance.RESULT_KEYS if k.startswith("unavailable_")],
    *[
        ("not_processed", k)
        for k in balance.RESULT_KEYS
        if k.startswith("not_processed_")
    ],
    *[("other", k) for k in balance.RESULT_KEYS if k.startswith("other_")],
]


def pg(value: object) -> str:
    if value is None:
        return r"\N"
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def copy(table: str, columns: str, buffer: io.StringIO) -> None:
    buffer.seek(0)
    with connection.cursor() as cur:
        cur.cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", buffer)


def fill_applications(unit_ids: list[int]) -> None:
    if Application.objects.exists() and not REFILL:
        print(f"reuse: {Application.objects.count():,} applications")
        return
    with connection.cursor() as cur:
        cur.execute(
            "TRUNCATE requests_app_applicationevent, requests_app_reply, "
            "requests_app_reviewoutcome, requests_app_application RESTART IDENTITY CASCADE"
        )
    rng = random.Random(2025)
    columns = (
        "id, serial_number, query_code_hash, organisation_id, channel, applicant_type, "
        "legal_person_kind, name, id_type, id_number_encrypted, id_number_hash, "
        "id_number_masked, credit_code, legal_representative, contact_name, phone, "
        "email, address, description, document_hint, delivery_method, form, topic, "
        "area, supporting_file, submitted_at, received_on, status, extension_days, "
        "fee_amount, updated_at"
    )
    reply_columns = (
        "application_id, reply_type, reason, legal_basis, body, delivery_method, "
        "replied_on"
    )
    start = time.perf_counter()
    first_day = datetime.date(2024, 11, 1)
    chunk = 100_000
    for base in range(0, N, chunk):
        rows, replies = io.StringIO(), io.StringIO()
        for pk in range(base + 1, min(N, base + chunk) + 1):
            received = first_day + datetime.timedelta(days=rng.randint(0, 425))
            legal = rng.random() < 0.2
            replied = rng.random() < 0.93
            status = "archived" if replied else "processing"
            rows.write(
                "\t".join(
                    pg(v)
                    for v in (
                        pk,
                        make_serial_number(received.year, pk),
                        "0" * 64,
                        unit_ids[pk % len(unit_ids)],
                        "in_person",
                        "legal" if legal else "natural",
                        rng.choice(KINDS) if legal else "",
                        f"申请人{pk}",
                        "" if legal else "resident_id",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "请公开有关政府信息",
                        "",
                        "email",
                        "electronic",
                        "other",
                        "",
                        "",
                        f"{received.isoformat()}T09:00:00+08:00",
                        received,
                        status,
                        0,
                        0,
                        f"{received.isoformat()}T09:00:00+08:00",
                    )
                )
                + "\n"
            )
            if replied:
                reply_type, reason = rng.choice(RESULTS)
                on = received + datetime.timedelta(days=rng.randint(0, 40))
                replies.write(
                    "\t".join(
                        pg(v) for v in (pk, reply_type, reason, "", "答复", "email", on)
                    )
                    + "\n"
                )
        copy("requests_app_application", columns, rows)
        copy("requests_app_reply", reply_columns, replies)
        print(f"  {min(N, base + chunk):,} applications", flush=True)
    with connection.cursor() as cur:
        cur.execute(
            "SELECT setval(pg_get_serial_sequence('requests_app_application', 'id'), %s)",
            [N],
        )
    print(f"filled {N:,} applications in {time.perf_counter() - start:.0f} s")


def fill_documents(unit_ids: list[int]) -> None:
    existing = Document.objects.count()
    if existing >= DOCS and not REFILL:
        print(f"reuse: {existing:,} documents")
        return
    with connection.cursor() as cur:
        cur.execute("TRUNCATE policies_document RESTART IDENTITY CASCADE")
    rng = random.Random(7)
    now = timezone.now().isoformat()
    columns = (
        "id, organisation_id, review_state, published_at, first_published_at, "
        "withdrawal_reason, version, created_at, updated_at, index_number, title, "
        "doc_number, doc_type, topic, written_date, published_date, status, "
        "status_changed_on, repeal_date, body, body_text, needs_interpretation, "
        "search_tokens, search_lossy"
    )
    docs, issuers = io.StringIO(), io.StringIO()
    for pk in range(1, DOCS + 1):
        written = datetime.date(2005, 1, 1) + datetime.timedelta(
            days=rng.randint(0, 7670)
        )
        repealed = (
            written + datetime.timedelta(days=rng.randint(30, 3000))
            if rng.random() < 0.15
            else None
        )
        if repealed and repealed > datetime.date(2026, 6, 30):
            repealed = None
        doc_type = rng.choice(["rule", "normative", "normative", "policy", "work"])
        published = f"{written.isoformat()}T10:00:00+08:00"
        docs.write(
            "\t".join(
                pg(v)
                for v in (
                    pk,
                    unit_ids[pk % len(unit_ids)],
                    "published",
                    published,
                    published,
                    "",
                    1,
                    now,
                    now,
                    f"BENCH/{pk:07d}",
                    f"关于印发第{pk}号文件的通知",
                    "",
                    doc_type,
                    "general",
                    written,
                    written,
                    "repealed" if repealed else "effective",
                    repealed,
                    repealed,
                    "",
                    "",
                    "f",
                    "",
                    "f",
                )
            )
            + "\n"
        )
        issuers.write(f"{pk}\t{unit_ids[pk % len(unit_ids)]}\t0\n")
    copy("policies_document", columns, docs)
    copy("policies_documentissuer", 'document_id, organisation_id, "order"', issuers)
    print(f"filled {DOCS:,} documents")


RAW_SQL = [
    # Section 三: every cell of the table (and the month of receipt) in one GROUP BY.
    """
    SELECT a.applicant_type, a.legal_person_kind, r.reply_type, r.reason,
      COUNT(*) FILTER (WHERE a.received_on >= %(start)s),
      COUNT(*) FILTER (WHERE a.received_on < %(start)s
                       AND (r.id IS NULL OR r.replied_on >= %(start)s)),
      COUNT(*) FILTER (WHERE r.replied_on BETWEEN %(start)s AND %(end)s),
      COUNT(*) FILTER (WHERE r.id IS NULL OR r.replied_on > %(end)s),
    """
    + ",".join(
        f"COUNT(*) FILTER (WHERE a.received_on >= '2025-{m:02d}-01' "
        f"AND a.received_on < '{'2026-01' if m == 12 else f'2025-{m + 1:02d}'}-01')"
        for m in range(1, 13)
    )
    + """
    FROM requests_app_application a
    LEFT JOIN requests_app_reply r ON r.application_id = a.id
    WHERE a.received_on IS NOT NULL AND a.received_on <= %(end)s
    GROUP BY 1, 2, 3, 4
    """,
    # Section 四.
    """
    SELECT proceeding, CASE WHEN decided_on IS NULL OR decided_on > %(end)s
      THEN 'pending' ELSE result END, COUNT(*)
    FROM requests_app_reviewoutcome WHERE filed_on BETWEEN %(start)s AND %(end)s
    GROUP BY 1, 2
    """,
    # Fees paid in the year (section 六).
    """
    SELECT SUM(fee_amount) FROM requests_app_application a WHERE EXISTS (
      SELECT 1 FROM requests_app_applicationevent e WHERE e.application_id = a.id
      AND e.kind = 'fee_paid' AND e."on" BETWEEN %(start)s AND %(end)s)
    """,
    # Section 二.
    """
    SELECT doc_type,
      COUNT(*) FILTER (WHERE written_date BETWEEN %(start)s AND %(end)s),
      COUNT(*) FILTER (WHERE repeal_date BETWEEN %(start)s AND %(end)s),
      COUNT(*) FILTER (WHERE written_date <= %(end)s
        AND (effective_date IS NULL OR effective_date <= %(end)s)
        AND (repeal_date IS NULL OR repeal_date > %(end)s)
        AND (lapse_date IS NULL OR lapse_date > %(end)s))
    FROM policies_document
    WHERE review_state = 'published' AND published_at <= now()
      AND doc_type IN ('rule', 'normative')
    GROUP BY 1
    """,
]


def timed(fn: Any, repeat: int = 7) -> tuple[float, float]:
    fn()  # warm the cache
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main() -> None:
    call_command("migrate", verbosity=0)
    units = demo.seed_organisations()
    unit_ids = [u.pk for u in units.values()]
    fill_applications(unit_ids)
    fill_documents(unit_ids)
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    district = Organisation.objects.get(kind=Organisation.Kind.GOVERNMENT)
    report = get_or_create_report(district, 2025)
    now = timezone.now()
    params = {"start": datetime.date(2025, 1, 1), "end": datetime.date(2025, 12, 31)}

    def orm() -> dict[str, Any]:
        return build_snapshot(report, now=now)

    def raw() -> None:
        # The same work memory as the report's own transaction (REPORT_WORK_MEM).
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute("SET LOCAL work_mem = %s", [REPORT_WORK_MEM])
            for sql in RAW_SQL:
                cur.execute(sql, params)
                cur.fetchall()

    data = orm()
    problems = balance.check_report(
        data["section2"]["documents"], data["section3"], data["section4"]
    )
    s3 = data["section3"]
    print(
        f"district 2025: new {s3['new']['total']:,}, carried in "
        f"{s3['carried_in']['total']:,}, answered {s3['results_total']['total']:,}, "
        f"carried forward {s3['carried_forward']['total']:,}; balanced: {not problems}"
    )
    print(f"section 二: {data['section2']['documents']}")
    orm_best, orm_median = timed(orm)
    raw_best, raw_median = timed(raw)
    print(f"build_snapshot (ORM): best {orm_best:.3f} s, median {orm_median:.3f} s")
    print(f"plain SQL GROUP BY:   best {raw_best:.3f} s, median {raw_median:.3f} s")
    print(f"ratio (median): {orm_median / raw_median:.2f}")
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM requests_app_application")
        apps = cur.fetchone()[0]
        cur.execute("SELECT count(*) FROM policies_document")
        docs = cur.fetchone()[0]
    print(
        f"data: {apps:,} applications, {docs:,} documents; work_mem {REPORT_WORK_MEM}"
    )


if __name__ == "__main__":
    main()
