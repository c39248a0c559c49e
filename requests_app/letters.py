"""The 答复书 (reply letter): one template rendered to HTML, and to PDF by WeasyPrint.

WeasyPrint lays out text with Pango/HarfBuzz (Debian's libpango) and embeds the fonts it
uses; the letter asks for Noto CJK (Debian ``fonts-noto-cjk``), so Chinese prints
correctly on any machine that opens the PDF.
"""

from __future__ import annotations

import re
from typing import Any

from django.template.loader import render_to_string

from requests_app.models import Application, Reply

# Sentence-final marks that the letter adds itself after a quoted or inserted text.
_TRAILING = "。．.；;，,、：:！!？? \u3000\n\r\t"
# Two marks in a row (optionally around a closing quote): "。”。", "。。", "；。".
DOUBLED_PUNCTUATION = re.compile(r"[。；，、：！？][”’」』）)]?[。；，、：！？]")


def clause(text: str, limit: int = 0) -> str:
    """Return ``text`` without trailing punctuation (the letter adds its own)."""
    text = " ".join(text.split()).rstrip(_TRAILING)
    if limit and len(text) > limit:
        text = text[: limit - 1].rstrip(_TRAILING) + "…"
    return text


def reply_letter_context(application: Application, reply: Reply) -> dict[str, Any]:
    return {
        "application": application,
        "reply": reply,
        "organisation": application.organisation,
        "addressee": application.name,
        "subject": clause(application.description, 120),
        "legal_basis": clause(reply.legal_basis),
    }


def render_reply_letter_html(application: Application, reply: Reply) -> str:
    return render_to_string(
        "requests_app/letter.html", reply_letter_context(application, reply)
    )


def render_pdf(html: str, *, uncompressed: bool = False) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf(uncompressed_pdf=uncompressed)  # type: ignore[no-any-return]
