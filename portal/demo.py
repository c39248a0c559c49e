"""Demo organisations and staff for ``seed_demo`` (idempotent: keyed on natural keys)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import transaction

from portal import roles
from portal.models import Organisation, SiteSettings, User
from portal.services import site_settings_changed

DEMO_PASSWORD = "jiyang-demo-2024"  # noqa: S105 - demo logins for the local server only

GOVERNMENT = (
    "jiyang",
    "济南市济阳区人民政府",
    "区人民政府",
    Organisation.Kind.GOVERNMENT,
)
OFFICE = (
    "office",
    "济南市济阳区人民政府办公室",
    "区政府办公室",
    Organisation.Kind.OFFICE,
)
DEPARTMENTS = [
    ("fgj", "济阳区发展和改革局", "区发展和改革局"),
    ("jtj", "济阳区教育和体育局", "区教育和体育局"),
    ("wjj", "济阳区卫生健康局", "区卫生健康局"),
    ("rsj", "济阳区人力资源和社会保障局", "区人力资源和社会保障局"),
    ("mzj", "济阳区民政局", "区民政局"),
    ("zjj", "济阳区住房和城乡建设局", "区住房和城乡建设局"),
    ("zrj", "济阳区自然资源局", "区自然资源局"),
    ("sthj", "济南市生态环境局济阳分局", "区生态环境分局"),
    ("nyj", "济阳区农业农村局", "区农业农村局"),
    ("czj", "济阳区财政局", "区财政局"),
    ("scjg", "济阳区市场监督管理局", "区市场监督管理局"),
    ("sfj", "济阳区司法局", "区司法局"),
    ("tyjr", "济阳区退役军人事务局", "区退役军人事务局"),
    ("yjj", "济阳区应急管理局", "区应急管理局"),
]
TOWNS = [
    ("jiyangjd", "济阳街道办事处", "济阳街道"),
    ("jibeijd", "济北街道办事处", "济北街道"),
    ("huihejd", "回河街道办事处", "回河街道"),
    ("sungengjd", "孙耿街道办事处", "孙耿街道"),
    ("cuizhaijd", "崔寨街道办事处", "崔寨街道"),
    ("taipingjd", "太平街道办事处", "太平街道"),
    ("qudi", "曲堤镇人民政府", "曲堤镇"),
    ("renfeng", "仁风镇人民政府", "仁风镇"),
    ("duoshi", "垛石镇人民政府", "垛石镇"),
    ("xinshi", "新市镇人民政府", "新市镇"),
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    organisation: str


def _organisation(
    code: str, name: str, short: str, kind: str, parent: Organisation | None, order: int
) -> Organisation:
    org, _ = Organisation.objects.update_or_create(
        code=code,
        defaults={
            "name": name,
            "short_name": short,
            "kind": kind,
            "parent": parent,
            "sort_order": order,
            "disclosure_office": f"{short}政务公开办公室"
            if kind != Organisation.Kind.GOVERNMENT
            else "济阳区政务公开办公室",
            "office_address": "济南市济阳区纬二路 1 号"
            if kind != Organisation.Kind.TOWN
            else f"济阳区{short}便民服务中心",
            "office_hours": "工作日 9:00—12:00，13:30—17:00",
            "office_phone": f"0531-8423{order:04d}",
        },
    )
    return org


@transaction.atomic
def seed_organisations() -> dict[str, Organisation]:
    units: dict[str, Organisation] = {}
    code, name, short, kind = GOVERNMENT
    government = units[code] = _organisation(code, name, short, kind, None, 1)
    code, name, short, kind = OFFICE
    units[code] = _organisation(code, name, short, kind, government, 2)
    for i, (code, name, short) in enumerate(DEPARTMENTS, start=10):
        units[code] = _organisation(
            code, name, short, Organisation.Kind.DEPARTMENT, government, i
        )
    for i, (code, name, short) in enumerate(TOWNS, start=100):
        units[code] = _organisation(
            code, name, short, Organisation.Kind.TOWN, government, i
        )
    SiteSettings.objects.update_or_create(
        pk=1,
        defaults={
            "site_name": "济阳区政务公开平台",
            "site_code": "3701250001",
            "icp_number": "鲁ICP备05000000号",
            "police_number": "鲁公网安备 37012502000000号",
            "sponsor": "济南市济阳区人民政府办公室",
            "organiser": "济阳区政务公开办公室",
            "contact_phone": "0531-84230000",
            "contact_email": "zwgk@jiyang.gov.cn",
            "contact_address": "山东省济南市济阳区纬二路 1 号",
        },
    )
    site_settings_changed()
    return units


# (username, role, unit code)
DEMO_STAFF: list[tuple[str, str, str]] = [
    ("admin", roles.OFFICE_ADMIN, "office"),
    ("editor", roles.EDITOR, "rsj"),
    ("review1", roles.REVIEW_FIRST, "rsj"),
    ("review2", roles.REVIEW_SECOND, "rsj"),
    ("review3", roles.REVIEW_FINAL, "rsj"),
    ("office_editor", roles.EDITOR, "office"),
    ("office_review1", roles.REVIEW_FIRST, "office"),
    ("office_review2", roles.REVIEW_SECOND, "office"),
    ("office_review3", roles.REVIEW_FINAL, "office"),
    ("handler", roles.REQUEST_HANDLER, "office"),
    ("interaction", roles.INTERACTION_HANDLER, "office"),
    ("edu_editor", roles.EDITOR, "jtj"),
]


@transaction.atomic
def seed_staff(units: dict[str, Organisation]) -> list[DemoLogin]:
    logins = []
    for username, role, unit_code in DEMO_STAFF:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "organisation": units[unit_code],
                "is_staff": True,
                "full_name": f"{units[unit_code].short_name}{role}",
                "email": f"{username}@jiyang.gov.cn",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            # The demo office administrator can also manage accounts and settings.
            user.is_superuser = role == roles.OFFICE_ADMIN
            user.save(update_fields=["password", "is_superuser"])
        user.groups.add(Group.objects.get(name=role))
        logins.append(DemoLogin(username, role, units[unit_code].short_name))
    return logins
