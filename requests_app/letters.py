"""The 答复书 (reply letter): one template rendered to HTML, and to PDF by WeasyPrint.

WeasyPrint lays out text with Pango/HarfBuzz (Debian's libpango) and embeds the fonts it
uses; the letter asks for Noto CJK (Debian ``fonts-noto-cjk``), so Chinese prints
correctly on any machine that opens the PDF.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from requests_app.models import Application, Reply


def reply_letter_context(application: Application, reply: Reply) -> dict[str, Any]:
    return {
        "application": application,
        "reply": reply,
        "organisation": application.organisation,
        "addressee": application.name,
    }


def render_reply_letter_html(application: Application, reply: Reply) -> str:
    return render_to_string(
        "requests_app/letter.html", reply_letter_context(application, reply)
    )


def render_pdf(html: str, *, uncompressed: bool = False) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf(uncompressed_pdf=uncompressed)  # type: ignore[no-any-return]
