"""Public API of interaction (a public contract: keep the names stable).

``POST /api/v1/mailbox/letters/``   write a letter → 201 serial_number, query_code
``POST /api/v1/mailbox/track/``     serial_number + query_code → 200 progress, or 404
``GET  /api/v1/mailbox/replies/``   published replies (personal data removed)
``GET  /api/v1/events/``            open-month events;
``POST /api/v1/events/{id}/registrations/`` register (confirmed or waiting list)
Writes are throttled per client address.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from interaction import selectors
from interaction.forms import LetterForm, RegistrationForm
from interaction.models import LetterCategory, OpenMonthEvent, PublishedLetter
from interaction.services import events as event_services
from interaction.services import mailbox
from interaction.throttles import TrackingThrottle, slot
from portal import schema
from portal.rest import Conflict
from portal.schema import CONFLICT_RESPONSE
from portal.text_input import CleanCharField, clean_search_text

PHONE_PATTERN = "^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$"
_PHONE_RE = re.compile(r"(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})")


@extend_schema_field({"type": "string", "pattern": PHONE_PATTERN, "maxLength": 20})
class PhoneField(serializers.CharField):
    """A phone number as the forms accept it, in ASCII digits with nothing around it."""

    default_error_messages = {
        "invalid": "请填写正确的手机号码（11位）或带区号的固定电话。"
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=20, trim_whitespace=False, **kwargs)

    def to_internal_value(self, data: Any) -> str:
        value = str(super().to_internal_value(data))
        if not _PHONE_RE.fullmatch(value):
            self.fail("invalid")
        return value


class StrictBooleanField(serializers.BooleanField):
    """A JSON ``true`` or ``false``, as the schema says; not ``0``, ``"yes"`` …"""

    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


def _form_errors(form: Any) -> dict[str, list[str]]:
    return {
        ("non_field_errors" if key == "__all__" else key): [str(e) for e in errors]
        for key, errors in form.errors.items()
    }


class LetterInputSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=LetterCategory.choices)
    subject = CleanCharField(max_length=100)
    content = CleanCharField(multiline=True, max_length=5000)
    name = CleanCharField(max_length=50)
    phone = PhoneField()
    email = serializers.EmailField(required=False, allow_blank=True)
    allow_public = StrictBooleanField(required=False, default=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # The HTML form holds the rules; the API applies exactly the same ones.
        form = LetterForm(
            data={**attrs, "allow_public": "on" if attrs.get("allow_public") else ""}
        )
        if not form.is_valid():
            raise serializers.ValidationError(_form_errors(form))
        return {k: v for k, v in form.cleaned_data.items() if k != "website"}


class LetterReceiptSerializer(serializers.Serializer):
    serial_number = serializers.CharField()
    query_code = serializers.CharField()


class MailboxTrackInputSerializer(serializers.Serializer):
    serial_number = CleanCharField(max_length=20)
    query_code = CleanCharField(max_length=16)


class MailboxTrackOutputSerializer(serializers.Serializer):
    serial_number = serializers.CharField()
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    organisation = serializers.CharField(
        source="organisation.name", allow_null=True, default=None
    )
    due_date = serializers.DateField(allow_null=True)
    replied_at = serializers.DateTimeField(allow_null=True)
    reply = serializers.CharField()
    rating = serializers.CharField()


NOT_FOUND = {"detail": "信件编号或查询码不正确。"}


schema.register_link(
    "/api/v1/mailbox/letters/",
    "post",
    "201",
    "TrackLetter",
    {
        "operationId": "v1_mailbox_track_create",
        "description": "凭回执中的信件编号和查询码查询办理进度。",
        "requestBody": {
            "serial_number": "$response.body#/serial_number",
            "query_code": "$response.body#/query_code",
        },
    },
)


class LetterFilingViewSet(viewsets.GenericViewSet):
    """区长信箱：写信（公开接口，限流）。"""

    permission_classes = [permissions.AllowAny]
    serializer_class = LetterInputSerializer

    @extend_schema(
        request=LetterInputSerializer, responses={201: LetterReceiptSerializer}
    )
    def create(self, request: Request) -> Response:
        # Only an accepted letter counts toward the limit.
        with slot(request, api=True) as current:
            serializer = LetterInputSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            submission = mailbox.submit_letter(
                **serializer.validated_data, now=timezone.now()
            )
            current.count()
        return Response(
            LetterReceiptSerializer(
                {
                    "serial_number": submission.serial_number,
                    "query_code": submission.query_code,
                }
            ).data,
            status=status.HTTP_201_CREATED,
        )


class LetterTrackViewSet(viewsets.GenericViewSet):
    """区长信箱：凭信件编号和查询码查询办理进度（公开接口，限流）。"""

    permission_classes = [permissions.AllowAny]
    serializer_class = MailboxTrackInputSerializer

    @extend_schema(
        request=MailboxTrackInputSerializer,
        responses={200: MailboxTrackOutputSerializer, 404: None},
    )
    def create(self, request: Request) -> Response:
        # Only a failed look-up counts toward the limit.
        with slot(request, TrackingThrottle, action="查询", api=True) as current:
            serializer = MailboxTrackInputSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            letter = selectors.get_letter_for_writer(
                serializer.validated_data["serial_number"],
                serializer.validated_data["query_code"],
            )
            if letter is None:
                current.count()
                return Response(NOT_FOUND, status=status.HTTP_404_NOT_FOUND)
        return Response(MailboxTrackOutputSerializer(letter).data)


class PublishedLetterSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name")
    category_display = serializers.CharField(source="get_category_display")

    class Meta:
        model = PublishedLetter
        # The redacted rendition only: no name, phone or e-mail exists on this model.
        fields = [
            "id",
            "category",
            "category_display",
            "subject",
            "content",
            "reply",
            "organisation",
            "received_on",
            "replied_on",
            "published_at",
        ]


class PublishedLetterViewSet(viewsets.ReadOnlyModelViewSet):
    """区长信箱：公开的来信和答复。"""

    serializer_class = PublishedLetterSerializer

    def get_queryset(self) -> Any:
        query = self.request.query_params.get("q")
        if query is not None and (not query or "\x00" in query):
            raise serializers.ValidationError(
                {"q": ["检索词不能为空，也不能含有控制字符。"]}
            )
        return selectors.public_letters(clean_search_text(query or ""))

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "q", str, description="在标题、来信和答复中检索（取前50个字）。"
            )
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)


class EventSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name")
    places_left = serializers.IntegerField()

    class Meta:
        model = OpenMonthEvent
        fields = [
            "id",
            "title",
            "description",
            "place",
            "starts_at",
            "capacity",
            "places_left",
            "registration_opens_at",
            "registration_closes_at",
            "requires_id",
            "organisation",
        ]


class RegistrationInputSerializer(serializers.Serializer):
    name = CleanCharField(max_length=50)
    phone = PhoneField()
    id_type = CleanCharField(required=False, allow_blank=True, max_length=20)
    id_number = CleanCharField(required=False, allow_blank=True, max_length=30)


class RegistrationReceiptSerializer(serializers.Serializer):
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    code = serializers.CharField()
    checkin_code = serializers.SerializerMethodField()

    def get_checkin_code(self, obj: Any) -> str | None:
        return obj.checkin_code if obj.status == "confirmed" else None


class OpenMonthEventViewSet(viewsets.ReadOnlyModelViewSet):
    """政府开放月活动与报名（报名为公开接口，限流）。"""

    serializer_class = EventSerializer

    def get_queryset(self) -> Any:
        return selectors.public_events()

    @extend_schema(
        request=RegistrationInputSerializer,
        responses={201: RegistrationReceiptSerializer, 409: CONFLICT_RESPONSE},
    )
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[permissions.AllowAny],
    )
    def registrations(self, request: Request, pk: str | None = None) -> Response:
        # Only an accepted registration counts toward the limit.
        with slot(request, api=True) as current:
            event = self.get_object()
            serializer = RegistrationInputSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            form = RegistrationForm(
                data=serializer.validated_data, requires_id=event.requires_id
            )
            if not form.is_valid():
                raise serializers.ValidationError(_form_errors(form))
            data = form.cleaned_data
            try:
                registration = event_services.register_for_event(
                    event,
                    name=data["name"],
                    phone=data["phone"],
                    id_type=data.get("id_type", ""),
                    id_number=data.get("id_number", ""),
                    now=timezone.now(),
                )
            except event_services.RegistrationError as exc:
                # Not open yet, closed, or already registered.
                raise Conflict(str(exc)) from exc
            current.count()
        return Response(
            RegistrationReceiptSerializer(registration).data,
            status=status.HTTP_201_CREATED,
        )
