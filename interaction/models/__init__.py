"""Models of public interaction, one module per part."""

from __future__ import annotations

from interaction.models.consultations import (
    Adoption,
    Comment,
    CommentStatus,
    Consultation,
    FeedbackReport,
    RejectionReason,
)
from interaction.models.events import OpenMonthEvent, Registration, RegistrationStatus
from interaction.models.mailbox import (
    Letter,
    LetterCategory,
    LetterEvent,
    PublishedLetter,
    SerialCounter,
)

__all__ = [
    "Adoption",
    "Comment",
    "CommentStatus",
    "Consultation",
    "FeedbackReport",
    "RejectionReason",
    "Letter",
    "LetterCategory",
    "LetterEvent",
    "OpenMonthEvent",
    "PublishedLetter",
    "Registration",
    "RegistrationStatus",
    "SerialCounter",
]
