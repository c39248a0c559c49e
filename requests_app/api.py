"""The public filing and tracking API (a stable contract), the staff export, the cases.

``POST /api/v1/requests/``         file an application → 201 serial_number, query_code
``POST /api/v1/requests/track/``   serial_number + query_code → 200 progress, or 404
``GET  /api/v1/request-records/``  staff: records and states, no personal data
``GET  /api/v1/request-cases/``    public typical cases
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ErrorDetail, NotFound, Throttled
from rest_framework.request import Request
from rest_framework.response import Response

from portal import schema
from portal.models import Organisation
from portal.rest import Conflict, StrictCursorPagination
from portal.schema import CONFLICT_RESPONSE
from portal.text_input import CleanCharField
from portal.throttles import RateLimit
from requests_app import access, selectors, services
from requests_app.choices import (
    ApplicantType,
    DeliveryForm,
    DeliveryMethod,
    IdType,
    LegalPersonKind,
)
from requests_app.filters import ApplicationExportFilter
from requests_app.models import Application, TypicalCase
from requests_app.throttles import (
    FilingThrottle,
    TrackingThrottle,
    refusal_message,
)

_CODE_RE = re.compile(r"[-a-zA-Z0-9_]{1,40}")


@extend_schema_field({"type": "string", "pattern": "^[-a-zA-Z0-9_]+$", "maxLength": 40})
class OrganisationCodeField(serializers.Field):
    """An active organisation by its code: malformed is a 400; a well-formed code
    of no organisation stays a string, which the view answers with a 404 once the
    rest of the body is valid (like an unknown record in a filter, see
    portal.rest.StrictFilterBackend)."""

    default_error_messages = {"invalid": "受理机关代码格式不正确。"}

    def to_internal_value(self, data: Any) -> Organisation | str:
        if not (isinstance(data, str) and _CODE_RE.fullmatch(data)):
            self.fail("invalid")
        organisation = Organisation.objects.filter(code=data, is_active=True).first()
        return data if organisation is None else organisation

    def to_representation(self, value: Organisation) -> str:
        return value.code


class FilingInputSerializer(serializers.Serializer):
    applicant_type = serializers.ChoiceField(choices=ApplicantType.choices)
    name = CleanCharField(max_length=100)
    id_type = serializers.ChoiceField(
        choices=IdType.choices, required=False, allow_blank=True
    )
    id_number = CleanCharField(max_length=30, required=False, allow_blank=True)
    credit_code = CleanCharField(max_length=18, required=False, allow_blank=True)
    legal_representative = CleanCharField(
        max_length=50, required=False, allow_blank=True
    )
    legal_person_kind = serializers.ChoiceField(
        choices=LegalPersonKind.choices, required=False, allow_blank=True
    )
    contact_name = CleanCharField(max_length=50, required=False, allow_blank=True)
    phone = CleanCharField(max_length=30)
    email = serializers.EmailField(required=False, allow_blank=True)
    address = CleanCharField(max_length=200, required=False, allow_blank=True)
    description = CleanCharField(multiline=True, max_length=2000)
    document_hint = CleanCharField(max_length=200, required=False, allow_blank=True)
    delivery_method = serializers.ChoiceField(choices=DeliveryMethod.choices)
    form = serializers.ChoiceField(choices=DeliveryForm.choices)
    organisation = OrganisationCodeField(
        required=False, help_text="受理机关代码；省略时由区政府办公室受理"
    )

    def to_input(self) -> services.ApplicationInput:
        data = dict(self.validated_data)
        data.pop("organisation", None)
        return services.ApplicationInput(**data)


class FilingOutputSerializer(serializers.Serializer):
    serial_number = serializers.CharField()
    query_code = serializers.CharField()


class TrackInputSerializer(serializers.Serializer):
    serial_number = CleanCharField(max_length=24)
    query_code = CleanCharField(max_length=16)


class TrackEventSerializer(serializers.Serializer):
    kind = serializers.CharField()
    kind_display = serializers.CharField(source="label")
    on = serializers.DateField()
    note = serializers.CharField()


class TrackReplySerializer(serializers.Serializer):
    reply_type = serializers.CharField()
    reply_type_display = serializers.CharField(source="get_reply_type_display")
    reason = serializers.CharField()
    reason_display = serializers.CharField(source="get_reason_display")
    legal_basis = serializers.CharField()
    body = serializers.CharField()
    replied_on = serializers.DateField()


class TrackOutputSerializer(serializers.Serializer):
    serial_number = serializers.CharField()
    status = serializers.CharField()
    status_display = serializers.CharField()
    received_on = serializers.DateField(allow_null=True)
    due_date = serializers.DateField(allow_null=True)
    events = TrackEventSerializer(many=True)
    reply = TrackReplySerializer(allow_null=True)


NOT_FOUND = {"detail": "申请编号或查询码不正确。"}


def default_receiving_unit() -> Organisation | None:
    # The 区政府办公室 is the 政府信息公开工作机构 of the district government.
    return (
        Organisation.objects.filter(kind=Organisation.Kind.OFFICE, is_active=True)
        .order_by("sort_order", "pk")
        .first()
        or Organisation.objects.filter(is_active=True)
        .order_by("sort_order", "pk")
        .first()
    )


schema.register_link(
    "/api/v1/requests/",
    "post",
    "201",
    "TrackApplication",
    {
        "operationId": "v1_requests_track_create",
        "description": "凭回执中的申请编号和查询码查询办理进度。",
        "requestBody": {
            "serial_number": "$response.body#/serial_number",
            "query_code": "$response.body#/query_code",
        },
    },
)


class ApplicationFilingViewSet(viewsets.GenericViewSet):
    """依申请公开：在线提交申请与办理进度查询（公开接口，限流）。"""

    permission_classes = [permissions.AllowAny]
    serializer_class = FilingInputSerializer

    def _reserve(self, throttle: RateLimit, action: str) -> None:
        """Take a rate-limit slot before the work, or answer 429 with the wait."""
        refusal = throttle.reserve(self.request)
        if refusal is not None:
            exc = Throttled(wait=refusal.wait_seconds)
            # The message already says how long to wait (and whom to call).
            exc.detail = ErrorDetail(
                refusal_message(refusal, action=action), code="throttled"
            )
            raise exc

    @extend_schema(
        request=FilingInputSerializer,
        # 404: no active organisation has the given code.
        responses={201: FilingOutputSerializer, 404: None, 409: CONFLICT_RESPONSE},
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                {"type": "string", "minLength": 1, "maxLength": 200},
                OpenApiParameter.HEADER,
                description="同一键在60分钟内重复提交相同内容时，返回第一次的结果而不重复立案。",
            )
        ],
    )
    def create(self, request: Request) -> Response:
        # Only accepted filings count toward the limit: the slot is given back
        # for refused input and for a replayed retry.
        throttle = FilingThrottle()
        self._reserve(throttle, "提交")
        try:
            submission, replayed = self._file(request)
        except Exception:
            throttle.release()
            raise
        if replayed:
            throttle.release()
        output = FilingOutputSerializer(
            {
                "serial_number": submission.application.serial_number,
                "query_code": submission.query_code,
            }
        )
        response = Response(output.data, status=status.HTTP_201_CREATED)
        if replayed:
            response["Idempotent-Replayed"] = "true"
        return response

    def _file(self, request: Request) -> tuple[services.Submission, bool]:
        serializer = FilingInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        organisation = serializer.validated_data.get("organisation") or (
            default_receiving_unit()
        )
        if isinstance(organisation, str):
            raise NotFound("受理机关不存在，请核对受理机关代码。")
        if organisation is None:
            raise serializers.ValidationError({"organisation": "暂无受理机关。"})
        key = request.headers.get("Idempotency-Key")
        try:
            if key is None:
                submission = services.submit_application(
                    serializer.to_input(), organisation=organisation, now=timezone.now()
                )
                return submission, False
            result = services.submit_application_once(
                key,
                serializer.to_input(),
                organisation=organisation,
                now=timezone.now(),
            )
        except DjangoValidationError as exc:
            errors = exc.message_dict
            if "idempotency_key" in errors and key and key.strip():
                # A key still being filed, or already used for other content.
                raise Conflict(errors["idempotency_key"][0]) from exc
            raise serializers.ValidationError(errors) from exc
        return result.submission, result.replayed

    @extend_schema(
        request=TrackInputSerializer, responses={200: TrackOutputSerializer, 404: None}
    )
    @action(detail=False, methods=["post"])
    def track(self, request: Request) -> Response:
        # Only failed look-ups count (they are what guessing produces).
        throttle = TrackingThrottle()
        self._reserve(throttle, "查询")
        serializer = TrackInputSerializer(data=request.data)
        if not serializer.is_valid():
            throttle.release()
            raise serializers.ValidationError(serializer.errors)
        application = selectors.get_application_for_applicant(
            serializer.validated_data["serial_number"],
            serializer.validated_data["query_code"],
        )
        if application is None:
            return Response(NOT_FOUND, status=status.HTTP_404_NOT_FOUND)
        throttle.release()
        output = TrackOutputSerializer(
            {
                "serial_number": application.serial_number,
                "status": application.status,
                "status_display": application.get_status_display(),
                "received_on": application.received_on,
                "due_date": application.due_date,
                "events": selectors.public_events(application),
                "reply": selectors.get_reply(application),
            }
        )
        return Response(output.data)


class ApplicationRecordSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name")
    organisation_code = serializers.CharField(source="organisation.code")
    status_display = serializers.CharField(source="get_status_display")
    reply_type = serializers.SerializerMethodField()
    reply_reason = serializers.SerializerMethodField()
    replied_on = serializers.SerializerMethodField()

    class Meta:
        model = Application
        # No name, identity number, phone, e-mail or address: records only.
        fields = [
            "serial_number",
            "organisation",
            "organisation_code",
            "channel",
            "applicant_type",
            "legal_person_kind",
            "topic",
            "submitted_at",
            "received_on",
            "status",
            "status_display",
            "due_date",
            "extension_days",
            "fee_amount",
            "reply_type",
            "reply_reason",
            "replied_on",
            "updated_at",
        ]

    def _reply(self, obj: Application) -> Any:
        return selectors.get_reply(obj)

    def get_reply_type(self, obj: Application) -> str:
        reply = self._reply(obj)
        return reply.reply_type if reply else ""

    def get_reply_reason(self, obj: Application) -> str:
        reply = self._reply(obj)
        return reply.reason if reply else ""

    def get_replied_on(self, obj: Application) -> str | None:
        reply = self._reply(obj)
        return reply.replied_on.isoformat() if reply else None


class RecordPagination(StrictCursorPagination):
    ordering = "-id"
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500


class CanViewApplications(permissions.BasePermission):
    """Active staff holding the 依申请公开 view permission, as the admin requires."""

    def has_permission(self, request: Any, view: Any) -> bool:
        user = request.user
        return bool(
            user
            and user.is_authenticated
            and user.is_active
            and user.is_staff
            and user.has_perm(access.VIEW)
        )


class ApplicationRecordViewSet(viewsets.ReadOnlyModelViewSet):
    """依申请公开办理记录导出（供市级平台拉取；需工作人员身份，不含个人信息）。"""

    serializer_class = ApplicationRecordSerializer
    permission_classes = [CanViewApplications]
    pagination_class = RecordPagination
    filterset_class = ApplicationExportFilter
    lookup_field = "serial_number"

    def get_queryset(self) -> Any:
        return selectors.export_queryset(self.request.user)


class TypicalCaseSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name")
    reply_type_display = serializers.CharField(source="get_reply_type_display")

    class Meta:
        model = TypicalCase
        fields = [
            "id",
            "title",
            "organisation",
            "reply_type",
            "reply_type_display",
            "reason",
            "topic",
            "request_summary",
            "handling",
            "commentary",
            "published_at",
        ]


class TypicalCaseViewSet(viewsets.ReadOnlyModelViewSet):
    """依申请公开典型案例（公开）。"""

    serializer_class = TypicalCaseSerializer
    permission_classes = [permissions.AllowAny]
    filterset_fields = ["topic", "reply_type"]

    def get_queryset(self) -> Any:
        return selectors.public_cases()
