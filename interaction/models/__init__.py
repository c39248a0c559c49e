"""Models of public interaction, one module per part."""

from __future__ import annotations

from interaction.models.events import OpenMonthEvent, Registration, RegistrationStatus
from interaction.models.mailbox import (
    Letter,
    LetterCategory,
    LetterEvent,
    PublishedLetter,
    SerialCounter,
)

__all__ = [
    "Letter",
    "LetterCategory",
    "LetterEvent",
    "OpenMonthEvent",
    "PublishedLetter",
    "Registration",
    "RegistrationStatus",
    "SerialCounter",
]
