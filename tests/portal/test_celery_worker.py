"""Start a real Celery worker on Redis and wait for a task's result through the broker."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from portal.celery import app
from portal.tasks import ping

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_URL", "")

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(
        not REDIS_URL and not os.environ.get("REQUIRE_WORKER"),
        reason="needs REDIS_URL (CI sets it; see .ci/run)",
    ),
]


def test_a_real_worker_runs_a_task_from_the_broker() -> None:
    assert REDIS_URL, "REQUIRE_WORKER is set but REDIS_URL is not"
    env = dict(os.environ)
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "portal",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"test-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    app.conf.task_always_eager = False
    try:
        result = ping.delay(41)
        deadline = time.monotonic() + 90
        while not result.ready() and time.monotonic() < deadline:
            assert worker.poll() is None, worker.stdout.read() if worker.stdout else ""
            time.sleep(0.2)
        assert result.ready(), "the worker did not answer within 90 s"
        value = result.get(timeout=5)
        assert value["value"] == 42
        assert result.status == "SUCCESS"
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
