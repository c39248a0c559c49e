from __future__ import annotations


class PublishingError(Exception):
    """A review step that is not allowed; ``message`` is shown to staff in Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ContentLocked(PublishingError):
    """A write to reviewed content of a record that is not a draft."""
