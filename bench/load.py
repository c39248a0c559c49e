"""Load benchmark: gunicorn with production settings under wrk, against a static file.

    .venv/bin/python bench/load.py [--docs 5700] [--duration 10] [--connections 16]

Loopback only and bounded in time (about 8 x (duration + 2) seconds after the set-up).
The library list and a document are measured twice: with the whole-page cache (served
by ``portal.cache_handler`` before Django's middleware) and, on a second gunicorn, with
``PUBLIC_PAGE_CACHE=0`` (rendered on every request).
It creates (or reuses) the PostgreSQL database ``jiyang_load_bench``, migrates it, loads
``seed_demo`` plus ``--docs`` generated real-length published documents, collects the
static files, writes a static file of the same size as the library list page into
STATIC_ROOT, starts gunicorn (``DEBUG=0``, a SECRET_KEY, ``ALLOWED_HOSTS=127.0.0.1``,
Redis from ``BENCH_REDIS_URL``) on 127.0.0.1 and runs Debian's ``wrk`` on each URL at
16 connections. It prints req/s, p50/p99 latency, errors and the share of the static
file's rate. Install wrk with ``sudo apt-get install wrk`` (this script never installs).

The anonymous API throttle (120/minute) would turn the API row into a measurement of
429 answers, so gunicorn runs with ``API_THROTTLE_ANON`` raised; everything else is the
production configuration.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB_NAME = os.environ.get("BENCH_DB", "jiyang_load_bench")
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
PORT = int(os.environ.get("BENCH_PORT", "8731"))
WORKERS = os.environ.get("BENCH_WORKERS", "3")
ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "load-bench-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "FIELD_ENCRYPTION_KEY": "load-bench-field-key-0123456789",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "0",
    "DATABASE_URL": f"{PG}/{DB_NAME}",
    "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0"),
    "API_THROTTLE_ANON": "10000000/minute",
    "LOG_LEVEL": "WARNING",
    "DJANGO_SETTINGS_MODULE": "portal.settings",
}
os.environ.update(ENV)

SUBJECTS = [
    "高校毕业生就业创业", "稳就业促就业", "职业技能提升", "退役军人优待抚恤",
    "最低生活保障", "居家和社区养老服务", "婴幼儿照护服务", "优化营商环境",
    "乡村振兴", "义务教育招生入学", "城镇老旧小区改造", "大气污染防治",
]  # fmt: skip
SENTENCES = [
    "各镇人民政府、街道办事处，区政府各部门，各有关单位：",
    "为深入贯彻落实区委区政府决策部署，结合我区实际，现就{s}有关事项通知如下。",
    "坚持以人民为中心的发展思想，聚焦群众急难愁盼问题，推动{s}取得新成效。",
    "各镇（街道）、各部门要对照职责分工，抓好{s}各项政策落实，确保惠及群众。",
    "推行一窗受理、一次办好，符合条件的申请人可在政务服务平台在线申请。",
    "加强组织领导，强化资金保障，区财政局按规定统筹安排所需资金。",
    "加强督导考核，将{s}工作纳入年度综合考核，确保各项任务按时完成。",
    "本文件自印发之日起施行，由{u}负责解释。",
]  # fmt: skip


def ensure_database() -> None:
    import psycopg2

    conn = psycopg2.connect(f"{PG}/postgres")
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME])
        if cur.fetchone() is None:
            cur.execute(f'CREATE DATABASE "{DB_NAME}"')
    conn.close()


def _escape(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace("\t", "\\t")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
    )


def generate(extra: int) -> None:
    """Add ``extra`` published real-length documents (marked BENCH/...) by COPY."""
    from django.db import connection
    from django.utils import timezone

    from policies.models import Document
    from portal.demo import seed_organisations
    from portal.search.fields import search_fields

    have = Document.objects.filter(index_number__startswith="BENCH/").count()
    if have >= extra:
        print(f"  reuse: {have:,} generated documents present")
        return
    units = list(seed_organisations().values())
    now = timezone.now()
    cols = [
        "organisation_id", "review_state", "published_at", "first_published_at",
        "withdrawal_reason", "version", "created_at", "updated_at", "index_number",
        "title", "doc_number", "doc_type", "topic", "written_date", "published_date",
        "status", "body", "body_text", "needs_interpretation", "search_tokens",
        "search_vector", "search_lossy",
    ]  # fmt: skip
    docs = io.StringIO()
    for i in range(have, extra):
        subject = SUBJECTS[i % len(SUBJECTS)]
        unit = units[i % len(units)]
        year = 2010 + i % 15
        title = f"关于印发《济阳区{subject}实施方案（第{i}号）》的通知"
        doc_number = f"济阳政办发〔{year}〕{1000 + i}号"
        # About 3,000 characters of body, as a typical normative document.
        paragraphs = [s.format(s=subject, u=unit.name) for s in SENTENCES] * 6
        text = "\n".join(paragraphs)
        body = "".join(f"<p>{p}</p>" for p in paragraphs)
        fields = search_fields(title, doc_number, text)
        day = f"{year}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        published = f"{day} {8 + i % 9:02d}:{i % 60:02d}:00+08"
        row = [
            str(unit.pk), "published", published, published, "", "1", str(now),
            str(now), f"BENCH/{year}-{i:07d}", title, doc_number, "normative",
            "general", day, day, "effective", body, text, "f",
            fields["search_tokens"], fields["search_vector"] or "",
            "t" if fields["search_lossy"] else "f",
        ]  # fmt: skip
        docs.write("\t".join(_escape(v) for v in row) + "\n")
    docs.seek(0)
    with connection.cursor() as cur:
        cur.copy_expert(f"COPY policies_document ({', '.join(cols)}) FROM STDIN", docs)
        cur.execute(
            "INSERT INTO policies_documentissuer (document_id, organisation_id, "
            '"order") SELECT id, organisation_id, 0 FROM policies_document d '
            "WHERE index_number LIKE 'BENCH/%%' AND NOT EXISTS (SELECT 1 FROM "
            "policies_documentissuer i WHERE i.document_id = d.id)"
        )
        cur.execute("ANALYZE")
    print(f"  generated {extra - have:,} documents")


def set_up(extra_docs: int) -> str:
    """Migrate, seed and collect static files; return a published document's URL."""
    ensure_database()
    import django

    django.setup()
    from django.core.management import call_command

    from policies.models import Document

    started = time.perf_counter()
    call_command("migrate", "--noinput", verbosity=0)
    if not Document.objects.exclude(index_number__startswith="BENCH/").exists():
        call_command("seed_demo", stdout=io.StringIO())
    generate(extra_docs)
    call_command("collectstatic", "--noinput", verbosity=0)
    document = (
        Document.objects.filter(review_state="published")
        .exclude(index_number__startswith="BENCH/")
        .order_by("pk")
        .first()
    )
    assert document is not None, "seed_demo published no documents"
    print(f"set-up: {time.perf_counter() - started:.0f} s")
    return f"/policies/{document.pk}/"


def start_gunicorn(**extra_env: str) -> subprocess.Popen[bytes]:
    cmd = [
        str(ROOT / ".venv/bin/gunicorn"),
        "portal.wsgi:application",
        "--bind",
        f"127.0.0.1:{PORT}",
        "--workers",
        WORKERS,
        "--error-logfile",
        "-",
        "--log-level",
        "warning",
    ]
    env = {**os.environ, **ENV, **extra_env}
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env)  # noqa: S603
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2)  # noqa: S310
            return proc
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise SystemExit("gunicorn did not answer /healthz within 30 s")


def fetch_size(path: str) -> int:
    url = f"http://127.0.0.1:{PORT}{path}"
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
        return len(response.read())


def write_static_file(size: int) -> str:
    """A file of ``size`` bytes in STATIC_ROOT, served by whitenoise (the ceiling)."""
    from django.conf import settings

    target = Path(settings.STATIC_ROOT) / "bench" / "ceiling.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    line = "<p>济阳区政务公开平台 静态文件基准</p>\n".encode()
    payload = (line * (size // len(line) + 1))[:size]
    target.write_bytes(payload)
    for compressed in (".gz", ".br"):
        target.with_name(target.name + compressed).unlink(missing_ok=True)
    return "/static/bench/ceiling.html"


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    assert match, text
    return float(match.group(1)) * _UNITS[match.group(2)]


def run_wrk(path: str, connections: int, duration: int) -> dict[str, float]:
    url = f"http://127.0.0.1:{PORT}{path}"
    wrk = shutil.which("wrk") or "wrk"
    # A short warm-up fills the connection pools and the workers' imports.
    subprocess.run(  # noqa: S603
        [wrk, "-t2", f"-c{connections}", "-d2s", url],
        capture_output=True,
        check=True,
    )
    done = subprocess.run(  # noqa: S603
        [
            wrk,
            "-t2",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "10s",
            "--latency",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=duration + 30,
    )
    out = done.stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"\s50%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"\s99%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    socket = re.search(r"Socket errors:.*", out)
    errors = int(non_2xx.group(1)) if non_2xx else 0
    if socket:
        errors += sum(int(n) for n in re.findall(r"\d+", socket.group(0)))
    if errors:
        print(out, flush=True)
    return {"rate": rate, "p50": p50, "p99": p99, "errors": errors}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=5700)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: install it with `sudo apt-get install wrk`.")

    document = set_up(args.docs)
    load_before = os.getloadavg()[0]
    proc = start_gunicorn()
    try:
        size = fetch_size("/policies/")
        static = write_static_file(size)
        # whitenoise indexes STATIC_ROOT when a worker starts: restart to see the file.
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
        proc = start_gunicorn()
        targets = [
            ("静态文件（上限）", static),
            ("首页 /", "/"),
            ("文件库列表 /policies/", "/policies/"),
            (f"文件 {document}", document),
            ("站内搜索 /search/?q=就业", "/search/?q=%E5%B0%B1%E4%B8%9A"),
            ("API 列表 /api/v1/policies/（不缓存）", "/api/v1/policies/"),
        ]
        results = []
        for label, path in targets:
            results.append(
                (
                    label,
                    fetch_size(path),
                    run_wrk(path, args.connections, args.duration),
                )
            )
            print(f"  measured {label}", flush=True)
        # The same list and document with the whole-page cache off (item 2's goal).
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
        proc = start_gunicorn(PUBLIC_PAGE_CACHE="0")
        for label, path in (
            ("文件库列表（不缓存）", "/policies/"),
            (f"文件（不缓存） {document}", document),
        ):
            results.append(
                (
                    label,
                    fetch_size(path),
                    run_wrk(path, args.connections, args.duration),
                )
            )
            print(f"  measured {label}", flush=True)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)

    ceiling = results[0][2]["rate"]
    print()
    print(
        f"gunicorn {WORKERS} sync workers, DEBUG=0, PostgreSQL + Redis, "
        f"wrk -t2 -c{args.connections} -d{args.duration}s, {os.cpu_count()} cores, "
        f"load average before/after {load_before:.1f}/{os.getloadavg()[0]:.1f}"
    )
    print("| URL | bytes | req/s | p50 ms | p99 ms | errors | share of static |")
    print("|---|---|---|---|---|---|---|")
    for label, nbytes, r in results:
        print(
            f"| {label} | {nbytes:,} | {r['rate']:,.0f} | {r['p50']:.1f} | "
            f"{r['p99']:.1f} | {r['errors']:.0f} | {100 * r['rate'] / ceiling:.1f} % |"
        )


if __name__ == "__main__":
    main()
