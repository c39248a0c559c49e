"""Consultations API: ``GET /api/v1/consultations/`` (list, detail) and
``POST /api/v1/consultations/{id}/comments/`` (only while open; throttled)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from interaction import selectors_consultations as selectors
from interaction.api import _form_errors
from interaction.forms import CommentForm
from interaction.models import Consultation
from interaction.services import consultations as services
from interaction.throttles import slot
from portal.rest import Conflict
from portal.schema import CONFLICT_RESPONSE
from portal.text_input import CleanCharField


class ConsultationSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name")
    phase = serializers.SerializerMethodField()

    class Meta:
        model = Consultation
        fields = [
            "id",
            "title",
            "summary",
            "organisation",
            "opens_on",
            "closes_on",
            "is_major_decision",
            "short_period_reason",
            "phase",
        ]

    def get_phase(self, obj: Any) -> str:
        return str(selectors.phase_of(obj, timezone.localdate()).value)


class ConsultationDetailSerializer(ConsultationSerializer):
    class Meta(ConsultationSerializer.Meta):
        fields = [
            *ConsultationSerializer.Meta.fields,
            "draft_text",
            "explanation",
            "expert_opinion",
            "risk_assessment",
        ]


class CommentInputSerializer(serializers.Serializer):
    content = CleanCharField(multiline=True, max_length=2000)
    # The bounds of CommentForm.article (第1至第999条).
    article = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=999
    )
    name = CleanCharField(required=False, allow_blank=True, max_length=50)
    contact = CleanCharField(required=False, allow_blank=True, max_length=100)


class CommentReceiptSerializer(serializers.Serializer):
    status = serializers.CharField()
    detail = serializers.CharField()


class ConsultationViewSet(viewsets.ReadOnlyModelViewSet):
    """意见征集（公开）；征集期内可提交意见（限流）。"""

    def get_queryset(self) -> Any:
        if self.action == "list":
            return selectors.public_consultations()
        return selectors.public_consultations().defer(None)

    def get_serializer_class(self) -> Any:
        if self.action == "retrieve":
            return ConsultationDetailSerializer
        return ConsultationSerializer

    @extend_schema(
        request=CommentInputSerializer,
        responses={201: CommentReceiptSerializer, 409: CONFLICT_RESPONSE},
    )
    @action(detail=True, methods=["post"], permission_classes=[permissions.AllowAny])
    def comments(self, request: Request, pk: str | None = None) -> Response:
        # Only an accepted comment counts toward the limit.
        with slot(request, api=True) as current:
            consultation = self.get_object()
            serializer = CommentInputSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            form = CommentForm(data=serializer.validated_data)
            if not form.is_valid():
                raise serializers.ValidationError(_form_errors(form))
            data = form.cleaned_data
            try:
                services.submit_comment(
                    consultation,
                    content=data["content"],
                    name=data["name"],
                    contact=data["contact"],
                    article=data["article"],
                    now=timezone.now(),
                )
            except services.ConsultationError as exc:
                # Closed, or no such article in this draft: the state of the
                # consultation refuses the comment, not its form.
                raise Conflict(str(exc)) from exc
            current.count()
        return Response(
            {"status": "pending", "detail": "意见已提交，经审核后公开。"},
            status=status.HTTP_201_CREATED,
        )
