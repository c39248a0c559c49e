"""A text field that stores only sanitised HTML, whichever path writes it."""

from __future__ import annotations

from typing import Any

from django.db import models

from portal.publishing.sanitize import clean_html


class RichTextField(models.TextField):  # type: ignore[type-arg]
    """HTML text sanitised on every save (admin, import, API, shell)."""

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = getattr(model_instance, self.attname)
        cleaned = clean_html(value) if value else value
        setattr(model_instance, self.attname, cleaned)
        return cleaned
