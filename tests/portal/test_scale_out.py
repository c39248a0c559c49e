"""Scale-out settings: Celery queues per kind of work, optional S3 media and replica."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

from portal.celery import app

ROOT = Path(__file__).resolve().parents[2]


def _queue(task: str) -> str:
    route = app.amqp.router.route({}, task)
    return str(route["queue"].name)


def test_reminders_reports_and_imports_have_their_own_queues() -> None:
    assert _queue("requests_app.send_deadline_reminders") == "reminders"
    assert _queue("requests_app.close_lapsed_applications") == "reminders"
    assert _queue("policies.run_import") == "imports"
    assert _queue("requests_app.build_annual_report") == "reports"
    assert _queue("portal.publish_due") == "default"


def _settings_with(env_extra: dict[str, str], expression: str) -> object:
    env = dict(os.environ)
    env.update(env_extra)
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({expression}, default=str))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "portal.settings"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_media_goes_to_s3_only_when_a_bucket_is_set() -> None:
    assert (
        _settings_with({}, "s.STORAGES['default']['BACKEND']")
        == "django.core.files.storage.FileSystemStorage"
    )
    s3 = {
        "MEDIA_S3_BUCKET": "jiyang-media",
        "MEDIA_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
    }
    backend = _settings_with(
        s3,
        "[s.STORAGES['default']['BACKEND'], "
        "__import__('django.core.files.storage', fromlist=['x'])"
        ".default_storage.querystring_auth]",
    )
    assert backend == ["storages.backends.s3.S3Storage", True]


def test_a_replica_url_adds_the_replica_alias() -> None:
    assert _settings_with({}, "[s.PORTAL_READ_REPLICA, sorted(s.DATABASES)]") == [
        "",
        ["default"],
    ]
    replica = _settings_with(
        {"DATABASE_REPLICA_URL": "postgres://reader@127.0.0.1:5433/portal"},
        "[s.PORTAL_READ_REPLICA, s.DATABASES['replica']['PORT']]",
    )
    assert replica == ["replica", 5433]


def test_compose_runs_one_beat_and_a_worker_per_queue() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert services["beat"]["deploy"]["replicas"] == 1
    queues = {
        name: svc["command"][svc["command"].index("-Q") + 1]
        for name, svc in services.items()
        if "worker" in name
    }
    assert set(",".join(queues.values()).split(",")) == {
        "default",
        "reminders",
        "reports",
        "imports",
    }
    assert "ports" not in services["web"]  # only the proxy is published
    assert services["web"]["environment"]["TRUSTED_PROXY_COUNT"] == "1"
