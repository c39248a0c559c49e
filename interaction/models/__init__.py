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
from interaction.models.programme import (
    AttendeeKind,
    Commitment,
    CommitmentProgress,
    CommitmentStatus,
    ExecutiveMeeting,
    HotlineRecord,
    HotlineSource,
    Interview,
    InterviewQuestion,
    MeetingAttendee,
    QuestionStatus,
)

__all__ = [
    "AttendeeKind",
    "Commitment",
    "CommitmentProgress",
    "CommitmentStatus",
    "ExecutiveMeeting",
    "HotlineRecord",
    "HotlineSource",
    "Interview",
    "InterviewQuestion",
    "MeetingAttendee",
    "QuestionStatus",
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
