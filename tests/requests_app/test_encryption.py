"""Field encryption: a required key, loud failures, rotation with old keys listed."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command

from requests_app import crypto, selectors
from requests_app.models import Application
from tests.portal.test_deploy_settings import _run
from tests.requests_app.factories import ApplicationFactory, LegalApplicationFactory

OLD = "old-field-key-2024"
NEW = "new-field-key-2025"


def test_a_value_no_key_opens_raises_instead_of_reading_empty(settings) -> None:
    settings.FIELD_ENCRYPTION_KEY = OLD
    token = crypto.encrypt("370125198001011234")
    settings.FIELD_ENCRYPTION_KEY = NEW
    settings.FIELD_ENCRYPTION_OLD_KEYS = []
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token)
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt("not-a-token")
    assert crypto.decrypt("") == ""


def test_the_key_does_not_follow_secret_key(settings) -> None:
    settings.FIELD_ENCRYPTION_KEY = OLD
    token = crypto.encrypt("370125198001011234")
    settings.SECRET_KEY = "a-different-secret-key-after-a-leak"
    assert crypto.decrypt(token) == "370125198001011234"


def test_no_key_at_all_is_a_configuration_error(settings) -> None:
    settings.FIELD_ENCRYPTION_KEY = ""
    with pytest.raises(ImproperlyConfigured):
        crypto.encrypt("370125198001011234")


def test_production_refuses_to_start_without_the_key() -> None:
    production = {
        "DEBUG": "0",
        "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
        "ALLOWED_HOSTS": "www.jiyang.gov.cn",
    }
    result = _run({**production, "FIELD_ENCRYPTION_KEY": ""}, "check")
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEY" in result.stderr


def test_development_mail_backend_is_the_log_only_one() -> None:
    result = _run(
        {},
        "shell",
        "-c",
        "from django.conf import settings; print(settings.EMAIL_BACKEND)",
    )
    assert result.stdout.strip().splitlines()[-1] == "portal.mail.LogOnlyEmailBackend"


@pytest.mark.django_db
def test_rotation_re_encrypts_everything_and_keeps_query_codes_working(
    settings,
) -> None:
    settings.FIELD_ENCRYPTION_KEY = OLD
    first, second = ApplicationFactory(), ApplicationFactory()
    legal_person = LegalApplicationFactory()
    plain = {a.pk: crypto.decrypt(a.id_number_encrypted) for a in (first, second)}
    codes = {a.pk: a._query_code for a in (first, second)}

    settings.FIELD_ENCRYPTION_KEY = NEW
    settings.FIELD_ENCRYPTION_OLD_KEYS = [OLD]
    # Before the command, old values still open through the old key.
    assert crypto.decrypt(first.id_number_encrypted) == plain[first.pk]
    call_command("rotate_field_encryption")

    settings.FIELD_ENCRYPTION_OLD_KEYS = []
    for application in Application.objects.filter(pk__in=plain):
        assert crypto.decrypt(application.id_number_encrypted) == plain[application.pk]
        assert application.id_number_hash == crypto.lookup_hash(plain[application.pk])
    assert Application.objects.get(pk=legal_person.pk).id_number_encrypted == ""

    # Query codes were digested under the old key: they verify while it is listed.
    settings.FIELD_ENCRYPTION_OLD_KEYS = [OLD]
    for application in (first, second):
        assert selectors.get_application_for_applicant(
            application.serial_number, codes[application.pk]
        )
    assert not selectors.get_application_for_applicant(first.serial_number, "WRONGCODE")


@pytest.mark.django_db
def test_rotation_stops_with_nothing_written_when_a_value_cannot_be_opened(
    settings,
) -> None:
    settings.FIELD_ENCRYPTION_KEY = OLD
    first = ApplicationFactory()
    settings.FIELD_ENCRYPTION_KEY = "a-third-key"
    stranger = ApplicationFactory()
    before = dict(Application.objects.values_list("pk", "id_number_encrypted"))

    settings.FIELD_ENCRYPTION_KEY = NEW
    settings.FIELD_ENCRYPTION_OLD_KEYS = [OLD]  # "a-third-key" is forgotten
    with pytest.raises(CommandError, match=f"#{stranger.pk}"):
        call_command("rotate_field_encryption")
    after = dict(Application.objects.values_list("pk", "id_number_encrypted"))
    assert after == before
    assert first.pk in after
