"""Backup and restore of the database and the media files into one archive.

The archive is a gzip'd tar holding ``manifest.json``, the database (``database.dump``
from ``pg_dump --format=custom`` on PostgreSQL, ``database.sqlite3`` from SQLite's
online backup API, both consistent snapshots taken while the portal runs) and every
file under ``MEDIA_ROOT`` as ``media/<path>``. The manifest records each member's
SHA-256 and, for the key tables, the row count and a checksum of every row, so a
restore can prove that it brought back what was saved.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connections, transaction
from django.db.utils import load_backend

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
PG_DUMP = "database.dump"
SQLITE_DUMP = "database.sqlite3"
MEDIA_PREFIX = "media/"

# The tables whose loss would hurt most: the policy library, the 依申请公开 case files
# with their event history (the legal record of every deadline), and the publishing
# audit trail.
KEY_MODELS = (
    "policies.Document",
    "requests_app.Application",
    "requests_app.ApplicationEvent",
    "portal.ReviewEvent",
    "portal.PublishedVersion",
)


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator."""


@dataclass(frozen=True)
class TableFingerprint:
    rows: int
    checksum: str


@dataclass
class Manifest:
    created_at: str
    vendor: str
    tables: dict[str, TableFingerprint]
    files: dict[str, str] = field(default_factory=dict)
    format_version: int = FORMAT_VERSION

    def to_json(self) -> str:
        data = {
            "format_version": self.format_version,
            "created_at": self.created_at,
            "vendor": self.vendor,
            "tables": {
                k: {"rows": v.rows, "checksum": v.checksum}
                for k, v in self.tables.items()
            },
            "files": self.files,
        }
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)

    @classmethod
    def from_json(cls, raw: str | bytes) -> Manifest:
        data = json.loads(raw)
        if data.get("format_version") != FORMAT_VERSION:
            raise BackupError(f"不支持的备份格式版本：{data.get('format_version')!r}")
        return cls(
            created_at=data["created_at"],
            vendor=data["vendor"],
            tables={
                k: TableFingerprint(rows=v["rows"], checksum=v["checksum"])
                for k, v in data["tables"].items()
            },
            files=data["files"],
        )


def table_fingerprints(using: str = "default") -> dict[str, TableFingerprint]:
    """Row count and an order-independent-of-storage checksum (rows by primary key)."""
    result: dict[str, TableFingerprint] = {}
    for label in KEY_MODELS:
        model = apps.get_model(label)
        names = [f.attname for f in model._meta.concrete_fields]
        digest = hashlib.sha256()
        rows = 0
        queryset = model._base_manager.using(using).order_by("pk").values_list(*names)
        for row in queryset.iterator(chunk_size=2000):
            digest.update(repr(tuple(_canonical(v) for v in row)).encode())
            rows += 1
        result[label] = TableFingerprint(rows=rows, checksum=digest.hexdigest())
    return result


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def _vendor(using: str) -> str:
    vendor = connections[using].vendor
    if vendor not in {"postgresql", "sqlite"}:
        raise BackupError(f"不支持的数据库类型：{vendor}")
    return vendor


def _pg_env(using: str) -> tuple[list[str], dict[str, str]]:
    """Connection arguments for the PostgreSQL client tools (password via env only)."""
    cfg = connections[using].settings_dict
    args = ["--dbname", str(cfg["NAME"])]
    if cfg.get("HOST"):
        args += ["--host", str(cfg["HOST"])]
    if cfg.get("PORT"):
        args += ["--port", str(cfg["PORT"])]
    if cfg.get("USER"):
        args += ["--username", str(cfg["USER"])]
    env = dict(os.environ)
    if cfg.get("PASSWORD"):
        env["PGPASSWORD"] = str(cfg["PASSWORD"])
    return args, env


def _run(cmd: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(  # noqa: S603 - fixed client tools, args from settings
        cmd, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"{cmd[0]} 失败：{done.stderr.strip()[-2000:]}")


@contextmanager
def temporary_alias(base: str, name: str) -> Iterator[str]:
    """A connection alias like ``base`` but on database ``name`` (a file or a PG db)."""
    alias = f"backup_{uuid.uuid4().hex[:8]}"
    cfg = dict(connections[base].settings_dict)
    cfg["NAME"] = name
    # Registered as a live connection only (not in settings): nothing else sees it.
    connections[alias] = load_backend(cfg["ENGINE"]).DatabaseWrapper(cfg, alias)
    try:
        yield alias
    finally:
        connections[alias].close()
        del connections[alias]


def _dump_postgresql(using: str, target: Path) -> dict[str, TableFingerprint]:
    args, env = _pg_env(using)
    cmd = ["pg_dump", "--format=custom", "--no-owner", "--no-acl", "-f", str(target)]
    # The manifest's checksums and pg_dump read one exported snapshot, so both see
    # exactly the same rows however many applications are filed meanwhile.
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        tables = table_fingerprints(using)
        _run([*cmd, f"--snapshot={snapshot}", *args], env)
    return tables


def _dump_sqlite(using: str, target: Path) -> dict[str, TableFingerprint]:
    connection = connections[using]
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        # SQLite's online backup API: a consistent copy while others keep writing.
        connection.connection.backup(destination)
    finally:
        destination.close()
    # Checksums of the copy itself, so they describe exactly what was saved.
    with temporary_alias(using, str(target)) as alias:
        return table_fingerprints(alias)


def _media_files(media_root: Path) -> Iterator[tuple[str, Path]]:
    if not media_root.is_dir():
        return
    for path in sorted(media_root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path.relative_to(media_root).as_posix(), path


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def create_backup(
    output: Path, *, using: str = "default", media_root: Path | None = None
) -> Manifest:
    """Write one archive with the database, the media files and a manifest."""
    media_root = Path(media_root or settings.MEDIA_ROOT)
    vendor = _vendor(using)
    with tempfile.TemporaryDirectory(prefix="portal-backup-") as tmp:
        if vendor == "postgresql":
            dump = Path(tmp) / PG_DUMP
            tables = _dump_postgresql(using, dump)
        else:
            dump = Path(tmp) / SQLITE_DUMP
            tables = _dump_sqlite(using, dump)
        manifest = Manifest(
            created_at=datetime.datetime.now(datetime.UTC).isoformat(),
            vendor=vendor,
            tables=tables,
        )
        manifest.files[dump.name] = _sha256(dump)
        media = list(_media_files(media_root))
        for name, path in media:
            manifest.files[MEDIA_PREFIX + name] = _sha256(path)
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            raw = manifest.to_json().encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(raw)
            archive.addfile(info, io.BytesIO(raw))
            archive.add(dump, arcname=dump.name)
            for name, path in media:
                archive.add(path, arcname=MEDIA_PREFIX + name)
        partial.replace(output)
    return manifest


def read_manifest(archive_path: Path) -> Manifest:
    with tarfile.open(archive_path, "r:gz") as archive:
        member = archive.extractfile(MANIFEST)
        if member is None:
            raise BackupError("备份中缺少 manifest.json")
        return Manifest.from_json(member.read())


def _extract_verified(archive_path: Path, manifest: Manifest, workdir: Path) -> None:
    with tarfile.open(archive_path, "r:gz") as archive:
        archive.extractall(workdir, filter="data")
    for name, expected in manifest.files.items():
        path = workdir / name
        if not path.is_file() or _sha256(path) != expected:
            raise BackupError(f"备份文件已损坏或不完整：{name}")


def _restore_database(manifest: Manifest, workdir: Path, using: str) -> None:
    vendor = _vendor(using)
    if vendor != manifest.vendor:
        raise BackupError(f"备份来自 {manifest.vendor}，不能恢复到 {vendor} 数据库。")
    if vendor == "postgresql":
        connections[using].close()
        args, env = _pg_env(using)
        cmd = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-acl"]
        _run([*cmd, "--exit-on-error", *args, str(workdir / PG_DUMP)], env)
        return
    # Into the live connection's database (a file, or an in-memory test database).
    connection = connections[using]
    connection.ensure_connection()
    source = sqlite3.connect(workdir / SQLITE_DUMP)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def _restore_media(workdir: Path, media_root: Path) -> int:
    source = workdir / MEDIA_PREFIX.rstrip("/")
    if not source.is_dir():
        return 0
    count = 0
    for path in source.rglob("*"):
        if path.is_file():
            destination = media_root / path.relative_to(source)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, destination)
            count += 1
    return count


@dataclass(frozen=True)
class RestoreResult:
    manifest: Manifest
    tables: dict[str, TableFingerprint]
    media_files: int


def restore_backup(
    archive_path: Path, *, using: str = "default", media_root: Path | None = None
) -> RestoreResult:
    """Restore database and media, then prove the key tables match the manifest."""
    media_root = Path(media_root or settings.MEDIA_ROOT)
    manifest = read_manifest(archive_path)
    with tempfile.TemporaryDirectory(prefix="portal-restore-") as tmp:
        workdir = Path(tmp)
        _extract_verified(archive_path, manifest, workdir)
        _restore_database(manifest, workdir, using)
        media_files = _restore_media(workdir, media_root)
    tables = table_fingerprints(using)
    wrong = [k for k, v in manifest.tables.items() if tables.get(k) != v]
    if wrong:
        raise BackupError(f"恢复后以下数据表与备份不一致：{', '.join(sorted(wrong))}")
    return RestoreResult(manifest=manifest, tables=tables, media_files=media_files)


def database_is_empty(using: str = "default") -> bool:
    return not connections[using].introspection.table_names()
