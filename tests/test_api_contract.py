"""The API keeps the contract its OpenAPI schema states (issue 14 §2).

A live test server on 127.0.0.1 serves the seeded portal; schemathesis (the CLI, as a
CI job would run it) loads ``/api/schema/`` from it and runs every phase — examples,
coverage, fuzzing and stateful sequences along the schema's links — with all of its
checks: no 5xx, every status code, content type, header and body as documented,
schema-violating input refused and schema-valid input accepted, auth not ignored.
Anonymous for every operation; the staff export with a staff session (and the
``ignored_auth`` check proves it refuses the anonymous caller). Any failure fails.

Bounded by ``--max-examples`` and a fixed seed: about two minutes on two cores.
Throttle rates are raised for this test only: it measures the API, not the limiter
(429 is documented all the same).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice

from portal import demo, demo_registry
from portal.models import User
from tests.disclosure.factories import CatalogueNodeFactory, KeyAreaFactory
from tests.policies.factories import DocumentFactory, InterpretationFactory, publish

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parent.parent
MAX_EXAMPLES = int(os.environ.get("API_CONTRACT_MAX_EXAMPLES", "15"))
SEED = 20241
UNTHROTTLED = "1000000/minute"
# The demo loaders that are quick; policies and disclosure are built below instead.
QUICK_DEMO = ("依申请公开", "互动交流")


def _seed(desk) -> None:  # type: ignore[no-untyped-def]
    units = demo.seed_organisations()
    demo.seed_staff(units)
    for name, seeder in demo_registry.seeders():
        if name in QUICK_DEMO:
            seeder()
    node = CatalogueNodeFactory()
    area = KeyAreaFactory()
    from disclosure import services as disclosure_services
    from tests.disclosure.conftest import publish as publish_item
    from tests.disclosure.factories import InformationItemFactory

    for n in range(3):
        document = publish(
            DocumentFactory(organisation=desk.unit, title=f"济阳区稳就业政策第{n}号"),
            desk,
        )
        publish(InterpretationFactory(document=document), desk)
        item = InformationItemFactory.build(
            organisation=desk.unit, catalogue_node=node, title=f"主动公开信息{n}"
        )
        disclosure_services.save_item(item, today=document.written_date)
        item.key_areas.set([area])
        publish_item(item, desk)


def _staff_cookie() -> str:
    """A superuser's session that has passed the second factor."""
    user = User.objects.create_superuser("contract", "contract@jiyang.gov.cn", "pw")
    device = StaticDevice.objects.create(user=user, name="contract", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return f"{django_settings.SESSION_COOKIE_NAME}={session.session_key}"


def _config(path: Path, cookie: str) -> Path:
    path.write_text(
        "\n".join(
            [
                "[[operations]]",
                'include-path-regex = "^/api/v1/request-records/"',
                "[operations.headers]",
                f'Cookie = "{cookie}"',
                "",
            ]
        ),
        encoding="utf-8",
    )
    return path


def test_the_api_answers_as_its_schema_says(
    live_server, settings, desk, tmp_path
) -> None:
    from rest_framework.throttling import SimpleRateThrottle

    rates = dict.fromkeys(
        settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], UNTHROTTLED
    )
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": rates,
    }
    SimpleRateThrottle.THROTTLE_RATES = rates  # copied at import; conftest restores
    _seed(desk)
    cookie = _staff_cookie()

    port = urlsplit(live_server.url).port
    base = f"http://127.0.0.1:{port}"
    report = tmp_path / "report.json"
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "--config-file",
        str(_config(tmp_path / "schemathesis.toml", cookie)),
        "run",
        f"{base}/api/schema/",
        "--checks",
        "all",
        "--max-examples",
        str(MAX_EXAMPLES),
        "--seed",
        str(SEED),
        "--workers",
        "1",
        "--generation-database",
        "none",
        "--request-timeout",
        "30",
        "--no-color",
        "--report",
        "json",
        "--report-json-path",
        str(report),
    ]
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        # Data for the schema's check-digit formats (resident-id, credit-code).
        "SCHEMATHESIS_HOOKS": "tests.api_contract_hooks",
        "NO_PROXY": "127.0.0.1",
        "no_proxy": "127.0.0.1",
    }
    started = time.monotonic()
    finished = subprocess.run(  # noqa: S603 - the venv's own schemathesis
        command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=900
    )
    elapsed = time.monotonic() - started
    output = finished.stdout + finished.stderr
    assert report.exists(), output[-5000:]
    summary = json.loads(report.read_text(encoding="utf-8"))
    operations = summary["operations"]
    cases = summary["test_cases"]
    print(  # noqa: T201 - the figures the issue asks for
        f"schemathesis: {operations['tested']}/{operations['total']} operations, "
        f"{cases['generated']} cases, {cases['unique_failures']} failures, "
        f"{len(summary['errors'])} errors, {elapsed:.0f}s"
    )
    assert finished.returncode == 0, output[-15000:]
    assert summary["failures"] == [] and summary["errors"] == [], output[-15000:]
    assert operations["tested"] == operations["total"] >= 29
    assert all(p["status"] == "success" for p in _run_phases(summary)), summary[
        "phases"
    ]
    # The staff export was reached with its credentials, not only refused.
    assert not summary["warnings"]["missing_auth"], summary["warnings"]


def _run_phases(summary: dict) -> list[dict]:
    return [p for p in summary["phases"].values() if p["status"] != "skip"]
