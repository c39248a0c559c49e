"""Import of new-media last-update dates from CSV: each bad row is reported with its line
and reason, and the good rows are kept.

Expected header (Chinese, as staff export it from the platforms' back ends):
``平台,账号ID,最近更新日期``. ``平台`` may be the label (微信公众号) or the code (wechat);
dates are ``YYYY-MM-DD`` or ``YYYY/MM/DD``. UTF-8 (with or without BOM) or GB18030.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

from portal.roles import is_office_admin
from supervision.models import NewMediaAccount, Platform
from supervision.services.new_media import record_last_update

HEADER = ("平台", "账号ID", "最近更新日期")
MAX_BYTES = 2 * 1024 * 1024
_PLATFORMS = {str(label): value for value, label in Platform.choices} | {
    value: value for value in Platform.values
}


@dataclass(frozen=True)
class RowError:
    line: int
    reason: str


@dataclass(frozen=True)
class ParsedRow:
    line: int
    platform: str
    account_id: str
    updated_on: datetime.date


@dataclass
class ImportResult:
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)


def decode(data: bytes) -> str:
    """Return the text of an uploaded CSV (UTF-8 first, then GB18030 as Excel saves it)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def _parse_date(text: str) -> datetime.date | None:
    for fmt in ("%Y-%m-%d", "%Y/%m/%d"):
        try:
            return datetime.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a date
        except ValueError:
            continue
    return None


def parse_rows(text: str) -> tuple[list[ParsedRow], list[RowError]]:
    """Split the CSV into well-formed rows and per-line errors (pure)."""
    reader = csv.reader(io.StringIO(text))
    rows: list[ParsedRow] = []
    errors: list[RowError] = []
    header = next(reader, None)
    if header is None or tuple(h.strip() for h in header[:3]) != HEADER:
        return [], [RowError(1, "表头应为“平台,账号ID,最近更新日期”。")]
    for record in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if len(record) < 3:
            errors.append(
                RowError(line, "列数不足，应有平台、账号ID、最近更新日期三列。")
            )
            continue
        platform_text, account_id, date_text = (c.strip() for c in record[:3])
        platform = _PLATFORMS.get(platform_text)
        if platform is None:
            errors.append(RowError(line, f"未知平台“{platform_text[:20]}”。"))
            continue
        if not account_id:
            errors.append(RowError(line, "账号ID为空。"))
            continue
        updated_on = _parse_date(date_text)
        if updated_on is None:
            errors.append(
                RowError(line, f"日期“{date_text[:20]}”无法识别，应为 YYYY-MM-DD。")
            )
            continue
        rows.append(ParsedRow(line, platform, account_id, updated_on))
    return rows, errors


def import_last_updates(
    data: bytes, *, actor: Any, today: datetime.date
) -> ImportResult:
    """Apply a CSV of last-update dates; a unit may update only its own accounts."""
    result = ImportResult()
    if len(data) > MAX_BYTES:
        result.errors.append(RowError(0, "文件过大（不超过 2 MB）。"))
        return result
    try:
        text = decode(data)
    except UnicodeDecodeError:
        result.errors.append(
            RowError(0, "无法识别文件编码，请保存为 UTF-8 或 GBK 编码的 CSV。")
        )
        return result
    rows, errors = parse_rows(text)
    result.errors.extend(errors)
    accounts = {
        (a.platform, a.account_id): a
        for a in NewMediaAccount.objects.filter(
            account_id__in={row.account_id for row in rows}
        )
    }
    office = is_office_admin(actor)
    own_unit = getattr(actor, "organisation_id", None)
    for row in rows:
        account = accounts.get((row.platform, row.account_id))
        if account is None:
            result.errors.append(RowError(row.line, "台账中没有该账号。"))
            continue
        if not office and account.organisation_id != own_unit:
            result.errors.append(RowError(row.line, "不是本单位的账号，不能更新。"))
            continue
        if account.closed_on is not None:
            result.errors.append(RowError(row.line, "该账号已关停。"))
            continue
        try:
            changed = record_last_update(
                account, updated_on=row.updated_on, today=today
            )
        except ValidationError as error:
            result.errors.append(RowError(row.line, "；".join(error.messages)))
            continue
        if changed:
            result.updated += 1
        else:
            result.unchanged += 1
    result.errors.sort(key=lambda e: e.line)
    return result
