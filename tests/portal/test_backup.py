"""Backup and restore: a fresh database gets back the same rows and the media files."""

from __future__ import annotations

import io
import tarfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, connections

from portal import backup
from requests_app.models import Application
from tests.policies.factories import DocumentFactory, publish
from tests.requests_app.factories import ApplicationFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings, tmp_path) -> Path:
    root = tmp_path / "media"
    (root / "requests" / "2026").mkdir(parents=True)
    (root / "requests" / "2026" / "材料.pdf").write_bytes(b"%PDF-1.4 test\n" * 50)
    settings.MEDIA_ROOT = root
    return root


@pytest.fixture
def content(desk) -> None:
    for n in range(3):
        publish(DocumentFactory(organisation=desk.unit, title=f"备份测试文件{n}"), desk)
    for _ in range(4):
        ApplicationFactory(organisation=desk.unit)


@pytest.fixture
def fresh_database(tmp_path) -> Iterator[str]:
    """An empty database of the same vendor, reachable through its own alias."""
    if connection.vendor == "sqlite":
        with backup.temporary_alias("default", str(tmp_path / "fresh.sqlite3")) as a:
            yield a
        return
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:6]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        with backup.temporary_alias("default", name) as alias:
            yield alias
    finally:
        connections.close_all()
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_restores_into_a_fresh_database_with_equal_rows_and_checksums(
    content, media, fresh_database, tmp_path
) -> None:
    archive = tmp_path / "portal.tar.gz"
    saved = backup.create_backup(archive)
    assert saved.tables["policies.Document"].rows == 3
    assert saved.tables["requests_app.Application"].rows == 4
    assert saved.tables["requests_app.ApplicationEvent"].rows >= 4
    assert saved.tables["portal.ReviewEvent"].rows >= 12
    assert saved.tables["portal.PublishedVersion"].rows >= 3
    with tarfile.open(archive) as tar:
        assert "media/requests/2026/材料.pdf" in tar.getnames()

    assert backup.database_is_empty(fresh_database)
    target_media = tmp_path / "restored-media"
    result = backup.restore_backup(
        archive, using=fresh_database, media_root=target_media
    )

    assert result.tables == saved.tables
    assert result.tables == backup.table_fingerprints("default")
    assert result.media_files == 1
    restored = target_media / "requests" / "2026" / "材料.pdf"
    assert restored.read_bytes() == (media / "requests/2026/材料.pdf").read_bytes()


def test_a_changed_row_changes_the_checksum(content) -> None:
    before = backup.table_fingerprints()
    application = Application.objects.order_by("pk").first()
    assert application is not None
    Application.objects.filter(pk=application.pk).update(description="改动后的描述")
    after = backup.table_fingerprints()
    assert after["requests_app.Application"].rows == 4
    assert after["requests_app.Application"] != before["requests_app.Application"]
    assert after["policies.Document"] == before["policies.Document"]


def test_a_corrupted_archive_is_refused(content, media, tmp_path) -> None:
    archive = tmp_path / "portal.tar.gz"
    backup.create_backup(archive)
    broken = tmp_path / "broken.tar.gz"
    with tarfile.open(archive) as src, tarfile.open(broken, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member)
            if member.name.startswith("media/"):
                payload = b"tampered"
                member.size = len(payload)
                dst.addfile(member, io.BytesIO(payload))
            else:
                dst.addfile(member, data)
    with pytest.raises(backup.BackupError, match="已损坏"):
        backup.restore_backup(broken, media_root=tmp_path / "m2")


def test_the_commands_write_and_read_an_archive(content, media, tmp_path) -> None:
    archive = tmp_path / "cmd.tar.gz"
    call_command("backup", str(archive))
    assert backup.read_manifest(archive).tables["policies.Document"].rows == 3
    Application.objects.order_by("pk").first().delete()  # type: ignore[union-attr]
    assert Application.objects.count() == 3
    call_command("restore", str(archive), "--noinput", stdout=None)
    assert Application.objects.count() == 4
    assert backup.table_fingerprints() == backup.read_manifest(archive).tables
