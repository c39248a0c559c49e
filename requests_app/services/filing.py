"""Filing an application (条例第二十九条, 第三十一条)."""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from portal.models import Organisation, User
from portal.pii import mask_id_number
from requests_app import crypto, deadlines, ids, notifications
from requests_app.choices import (
    CHANNELS_NEEDING_CONFIRMATION,
    ApplicantType,
    Channel,
    IdType,
)
from requests_app.models import (
    Application,
)
from requests_app.services._events import (
    QUERY_CODE_ALPHABET,
    QUERY_CODE_LENGTH,
    _record,
    local_date,
)
from requests_app.workflow import (
    EventKind,
    Status,
)

# --- filing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ApplicationInput:
    applicant_type: str
    name: str
    phone: str
    description: str
    delivery_method: str
    form: str
    id_type: str = ""
    id_number: str = ""
    credit_code: str = ""
    legal_representative: str = ""
    contact_name: str = ""
    email: str = ""
    address: str = ""
    document_hint: str = ""
    legal_person_kind: str = ""
    topic: str = ""
    area: str = ""


@dataclass(frozen=True)
class Submission:
    application: Application
    query_code: str


def validate_application_input(data: ApplicationInput) -> None:
    """Raise a ``ValidationError`` (Chinese, per field) for an incomplete application.

    条例第二十九条: name, proof of identity and contact details; a description of the
    information sought; the form and manner of delivery.
    """
    errors: dict[str, str] = {}
    if not data.name.strip():
        errors["name"] = "请填写申请人姓名或名称。"
    if not data.phone.strip():
        errors["phone"] = "请填写联系电话。"
    if not data.description.strip():
        errors["description"] = "请填写所需信息的内容描述。"
    if data.applicant_type == ApplicantType.NATURAL:
        if not data.id_type:
            errors["id_type"] = "请选择证件类型。"
        if not data.id_number.strip():
            errors["id_number"] = "请填写证件号码。"
        elif data.id_type == IdType.RESIDENT_ID and not ids.is_valid_resident_id(
            data.id_number
        ):
            errors["id_number"] = "居民身份证号码不正确，请核对（含末位校验码）。"
    elif data.applicant_type == ApplicantType.LEGAL:
        if not ids.is_valid_credit_code(data.credit_code):
            errors["credit_code"] = (
                "统一社会信用代码不正确，请核对（18位，含末位校验码）。"
            )
        if not data.legal_representative.strip():
            errors["legal_representative"] = "请填写法定代表人或负责人。"
        if not data.contact_name.strip():
            errors["contact_name"] = "请填写联系人。"
    else:
        errors["applicant_type"] = "请选择申请人类型。"
    if data.delivery_method == "email" and not data.email.strip():
        errors["email"] = "选择电子邮件方式获取信息时，请填写电子邮箱。"
    if data.delivery_method == "post" and not data.address.strip():
        errors["address"] = "选择邮寄方式获取信息时，请填写通信地址。"
    if errors:
        raise ValidationError(errors)


def new_query_code() -> str:
    return "".join(
        secrets.choice(QUERY_CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH)
    )


@transaction.atomic
def submit_application(
    data: ApplicationInput,
    *,
    organisation: Organisation,
    now: datetime.datetime,
    channel: str = Channel.ONLINE,
    actor: User | None = None,
    signed_on: datetime.date | None = None,
    supporting_file: tuple[str, bytes] | None = None,
    notify: bool = True,
) -> Submission:
    """File an application; return it with its one-time query code.

    条例第三十一条: an in-person or signed-for postal application is received on
    submission/signature and registered at once; an online, fax or ordinary-letter
    application waits for the office's confirmation (双方确认之日).
    """
    validate_application_input(data)
    id_number = (
        ids.normalise_resident_id(data.id_number)
        if data.applicant_type == ApplicantType.NATURAL
        else ""
    )
    application = Application.objects.create(
        organisation=organisation,
        channel=channel,
        applicant_type=data.applicant_type,
        legal_person_kind=data.legal_person_kind
        if data.applicant_type == ApplicantType.LEGAL
        else "",
        name=data.name.strip(),
        id_type=data.id_type if data.applicant_type == ApplicantType.NATURAL else "",
        id_number_encrypted=crypto.encrypt(id_number),
        id_number_hash=crypto.lookup_hash(id_number),
        id_number_masked=mask_id_number(id_number) if id_number else "",
        credit_code=ids.normalise_credit_code(data.credit_code)
        if data.applicant_type == ApplicantType.LEGAL
        else "",
        legal_representative=data.legal_representative.strip(),
        contact_name=data.contact_name.strip(),
        phone=data.phone.strip(),
        email=data.email.strip(),
        address=data.address.strip(),
        description=data.description.strip(),
        document_hint=data.document_hint.strip(),
        delivery_method=data.delivery_method,
        form=data.form,
        topic=data.topic,
        area=data.area,
        submitted_at=now,
        status=Status.PENDING_CONFIRMATION
        if channel in CHANNELS_NEEDING_CONFIRMATION
        else Status.REGISTERED,
    )
    query_code = new_query_code()
    application.serial_number = ids.make_serial_number(
        local_date(now).year, application.pk
    )
    application.query_code_hash = crypto.query_code_hash(
        application.serial_number, query_code
    )
    application.save(update_fields=["serial_number", "query_code_hash"])
    if supporting_file is not None:
        filename, content = supporting_file
        application.supporting_file.save(filename, ContentFile(content), save=False)
        application.save(update_fields=["supporting_file"])
    if channel in CHANNELS_NEEDING_CONFIRMATION:
        _record(application, EventKind.SUBMITTED, actor=actor, now=now, first=True)
    else:
        received = deadlines.receipt_date(
            channel, submitted_on=local_date(now), signed_on=signed_on
        )
        _record(
            application,
            EventKind.REGISTERED,
            actor=actor,
            now=now,
            on=received,
            payload={"channel": channel},
            first=True,
        )
    if notify and application.email:
        serial, email = application.serial_number, application.email
        transaction.on_commit(
            lambda: notifications.send_filing_receipt(serial, query_code, email)
        )
    return Submission(application=application, query_code=query_code)
