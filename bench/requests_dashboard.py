"""Benchmark of 依申请公开 at scale (not a test; prints figures).

Fills PostgreSQL database ``jiyang_requests_bench`` with N applications (default
1,000,000; ``BENCH_N`` to change) by COPY, then measures in-process (Django test
client, no network):

- the staff dashboard (office administrator: all units; a unit handler),
- the admin changelist (unfiltered, filtered by status, a unit's staff),
- the daily reminder task (a day with new thresholds to send, then a rerun),
- API filing throughput (``POST /api/v1/requests/``, throttling off).

Run: ``.venv/bin/python bench/requests_dashboard.py`` (``BENCH_REFILL=1`` to refill).
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

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
DB = "jiyang_requests_bench"
os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import psycopg2  # noqa: E402

N = int(os.environ.get("BENCH_N", "1000000"))
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

from django.conf import settings  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from portal import demo, roles  # noqa: E402
from portal.models import Organisation, User  # noqa: E402
from portal.selectors import work_calendar  # noqa: E402
from requests_app import crypto, services  # noqa: E402
from requests_app.ids import make_serial_number, resident_id_check_char  # noqa: E402
from requests_app.models import Application  # noqa: E402
from requests_app.throttles import FilingThrottle  # noqa: E402
from requests_app.workflow import CLOCK_RUNNING, Status  # noqa: E402

# status -> share of rows
MIX = [
    (Status.ARCHIVED, 0.88),
    (Status.REPLIED, 0.05),
    (Status.CLOSED, 0.01),
    (Status.PROCESSING, 0.02),
    (Status.REVIEWING, 0.006),
    (Status.REGISTERED, 0.004),
    (Status.CONSULTING, 0.01),
    (Status.AWAITING_CORRECTION, 0.005),
    (Status.AWAITING_PAYMENT, 0.002),
    (Status.PENDING_CONFIRMATION, 0.013),
]
TOPICS = ["land", "urban_renewal", "planning", "housing", "environment", "other", ""]
AREAS = ["济阳街道", "济北街道", "崔寨街道", "孙耿街道", "曲堤镇", "仁风镇", ""]


def pg_text(value: object) -> str:
    if value is None:
        return r"\N"
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def fill() -> None:
    call_command("migrate", verbosity=0)
    units = demo.seed_organisations()
    demo.seed_staff(units)
    unit_ids = [u.pk for u in units.values()]
    if Application.objects.exists() and not REFILL:
        print(f"database already filled: {Application.objects.count():,} applications")
        return
    with connection.cursor() as cur:
        cur.execute(
            "TRUNCATE requests_app_applicationevent, requests_app_reply, "
            "requests_app_application, portal_remindersent RESTART IDENTITY CASCADE"
        )
    rng = random.Random(20251)
    today = timezone.localdate()
    now = timezone.now()
    # Encrypting a million values is the same work per row; a pool keeps the fill fast.
    pool = []
    for i in range(200):
        body = f"37012519{70 + i % 30:02d}0{1 + i % 9}1{i % 10}{i:03d}"[:17]
        number = body + resident_id_check_char(body)
        pool.append((crypto.encrypt(number), crypto.lookup_hash(number)))
    statuses = [s for s, _ in MIX]
    weights = [w for _, w in MIX]
    columns = (
        "id, serial_number, query_code_hash, organisation_id, handler_id, channel, "
        "applicant_type, legal_person_kind, name, id_type, id_number_encrypted, "
        "id_number_hash, id_number_masked, credit_code, legal_representative, "
        "contact_name, phone, email, address, description, document_hint, "
        "delivery_method, form, topic, area, supporting_file, submitted_at, received_on, "
        "status, due_date, clock_paused_since, extension_days, applicant_due, "
        "fee_amount, updated_at"
    )
    event_columns = (
        'application_id, kind, actor_id, "at", "on", reason, payload, status_after'
    )
    chunk = 100_000
    start = time.perf_counter()
    for base in range(0, N, chunk):
        rows = io.StringIO()
        events = io.StringIO()
        for pk in range(base + 1, min(N, base + chunk) + 1):
            status = rng.choices(statuses, weights)[0]
            age = (
                rng.randint(0, 5 * 365)
                if status in (Status.ARCHIVED, Status.CLOSED)
                else rng.randint(0, 60)
            )
            submitted = now - datetime.timedelta(days=age, minutes=rng.randint(0, 600))
            received = (
                None if status == Status.PENDING_CONFIRMATION else submitted.date()
            )
            due = None
            paused = None
            if status in CLOCK_RUNNING or status in (
                Status.REPLIED,
                Status.ARCHIVED,
                Status.CLOSED,
            ):
                due = (received or today) + datetime.timedelta(days=28)
            if status in CLOCK_RUNNING:
                due = today + datetime.timedelta(days=rng.randint(-10, 45))
            if status in (
                Status.CONSULTING,
                Status.AWAITING_CORRECTION,
                Status.AWAITING_PAYMENT,
            ):
                paused = today - datetime.timedelta(days=rng.randint(0, 10))
            enc, digest = pool[pk % len(pool)]
            fields = [
                pk,
                make_serial_number(submitted.year, pk),
                "0" * 64,
                unit_ids[pk % len(unit_ids)],
                None,
                "online",
                "natural",
                "",
                f"申请人{pk}",
                "resident_id",
                enc,
                digest,
                "3701**********1234",
                "",
                "",
                "",
                f"138{pk % 100000000:08d}",
                f"a{pk}@example.com",
                "济南市济阳区某路1号",
                "请公开有关政府信息",
                "",
                "email",
                "electronic",
                TOPICS[pk % len(TOPICS)],
                AREAS[pk % len(AREAS)],
                "",
                submitted.isoformat(),
                received,
                status.value,
                due,
                paused,
                0,
                None,
                0,
                submitted.isoformat(),
            ]
            rows.write("\t".join(pg_text(f) for f in fields) + "\n")
            events.write(
                "\t".join(
                    pg_text(f)
                    for f in [
                        pk,
                        "submitted",
                        None,
                        submitted.isoformat(),
                        submitted.date(),
                        "",
                        "{}",
                        status.value,
                    ]
                )
                + "\n"
            )
        rows.seek(0)
        events.seek(0)
        with connection.cursor() as cur:
            raw = cur.cursor
            raw.copy_expert(
                f"COPY requests_app_application ({columns}) FROM STDIN", rows
            )
            raw.copy_expert(
                f"COPY requests_app_applicationevent ({event_columns}) FROM STDIN",
                events,
            )
        print(f"  {min(N, base + chunk):,} rows", flush=True)
    with connection.cursor() as cur:
        cur.execute(
            "SELECT setval(pg_get_serial_sequence('requests_app_application', 'id'), %s)",
            [N],
        )
    print(f"filled {N:,} applications in {time.perf_counter() - start:.0f} s")


def reset_reminders() -> None:
    """A normal day: most overdue reminders went out on earlier days; 20% are new."""
    today = timezone.localdate()
    ct = ContentType.objects.get_for_model(Application).pk
    with connection.cursor() as cur:
        cur.execute("DELETE FROM portal_remindersent")
        cur.execute(
            """
            INSERT INTO portal_remindersent
                (content_type_id, object_id, threshold, sent_at, recipients)
            SELECT %s, id::text, 'overdue', now(), '' FROM requests_app_application
            WHERE status IN %s AND due_date < %s AND id %% 5 <> 0
            """,
            [ct, tuple(s.value for s in CLOCK_RUNNING), today],
        )


def vacuum() -> None:
    """What autovacuum does after a bulk load: statistics and the visibility map."""
    conn = psycopg2.connect(host="127.0.0.1", user="postgres", dbname=DB)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("VACUUM ANALYZE requests_app_application")
        cur.execute("VACUUM ANALYZE requests_app_applicationevent")
        cur.execute("VACUUM ANALYZE portal_remindersent")
    conn.close()


def timed(fn, repeat: int = 7) -> tuple[float, float]:
    fn()  # warm-up
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples), max(samples)


def measure_pages() -> None:
    office = User.objects.get(username="admin")
    unit = Organisation.objects.get(code="rsj")
    handler, _ = User.objects.get_or_create(
        username="bench_rsj_handler", defaults={"organisation": unit, "is_staff": True}
    )
    from django.contrib.auth.models import Group

    handler.groups.add(Group.objects.get(name=roles.REQUEST_HANDLER))
    cases = [
        ("staff dashboard, office admin (all units)", office, "/requests/staff/"),
        ("staff dashboard, unit handler", handler, "/requests/staff/"),
        ("staff dashboard, office admin, page 40", office, "/requests/staff/?page=40"),
        ("admin changelist, office admin", office, "/admin/requests_app/application/"),
        (
            "admin changelist, office admin, status=processing",
            office,
            "/admin/requests_app/application/?status__exact=processing",
        ),
        ("admin changelist, unit handler", handler, "/admin/requests_app/application/"),
        (
            "admin changelist, search by serial",
            office,
            f"/admin/requests_app/application/?q={make_serial_number(timezone.now().year, 5)}",
        ),
    ]
    for label, user, url in cases:
        client = Client()
        client.force_login(user)

        def get(client: Client = client, url: str = url) -> None:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        median, worst = timed(get)
        with CaptureQueriesContext(connection) as ctx:
            get()
        print(
            f"{label:<52} median {median:7.1f} ms  max {worst:7.1f} ms  {len(ctx)} queries"
        )


def measure_reminders() -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    calendar = work_calendar()
    today = timezone.localdate()
    horizon = calendar.add_workdays(today, 5)
    candidates = (
        Application.objects.clock_running().filter(due_date__lte=horizon).count()
    )
    for run in (1, 2):
        t0 = time.perf_counter()
        result = services.send_deadline_reminders(now=timezone.now())
        elapsed = time.perf_counter() - t0
        print(
            f"reminder task run {run}: {elapsed:6.1f} s  sent {result.sent:,}  "
            f"skipped {result.skipped:,}  ({candidates:,} running applications due within 5 working days)"
        )


def measure_filing(count: int = 300) -> None:
    FilingThrottle.reserve = lambda self, request: None  # type: ignore[method-assign]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client = Client()
    body = {
        "applicant_type": "natural",
        "name": "压测申请人",
        "id_type": "resident_id",
        "id_number": "11010519491231002X",
        "phone": "13800000000",
        "email": "bench@example.com",
        "description": "请公开某项信息",
        "delivery_method": "email",
        "form": "electronic",
        "organisation": "rsj",
    }
    t0 = time.perf_counter()
    for _ in range(count):
        response = client.post(
            "/api/v1/requests/", body, content_type="application/json"
        )
        assert response.status_code == 201, response.content
    elapsed = time.perf_counter() - t0
    print(
        f"API filing: {count} applications in {elapsed:.1f} s = {count / elapsed:.0f}/s "
        f"({elapsed / count * 1000:.1f} ms each, one process)"
    )


if __name__ == "__main__":
    print(f"PostgreSQL database {DB}, N = {N:,}")
    fill()
    reset_reminders()
    vacuum()
    measure_pages()
    measure_reminders()
    measure_filing()
