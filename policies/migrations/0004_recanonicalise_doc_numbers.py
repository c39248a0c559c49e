"""Re-store 文号 that the parser used to read as standard numbers.

``公告〔2024〕5号`` (an announcement number without its issuer) becomes
``公告2024年第5号``; ``…令〔2020〕5号`` (a decree with a year) becomes ``…令第5号``,
the one canonical decree form. A number whose new form is already taken by another
document is left as it is, for staff to resolve.
"""

from __future__ import annotations

import re

from django.db import migrations

_ANNOUNCEMENT = re.compile(r"^(公告|通告)〔(\d{4})〕(\d+)号$")
_DECREE = re.compile(r"^(.+令)〔\d{4}〕(\d+)号$")


def _new_form(number: str) -> str | None:
    match = _ANNOUNCEMENT.match(number)
    if match:
        return f"{match[1]}{match[2]}年第{match[3]}号"
    match = _DECREE.match(number)
    if match:
        return f"{match[1]}第{match[2]}号"
    return None


def recanonicalise(apps, schema_editor):
    Document = apps.get_model("policies", "Document")
    candidates = Document.objects.filter(doc_number__regex=r"(公告|通告|令)〔")
    for document in candidates.only("pk", "doc_number").iterator():
        new = _new_form(document.doc_number)
        if new is None or Document.objects.filter(doc_number=new).exists():
            continue
        Document.objects.filter(pk=document.pk).update(doc_number=new)


class Migration(migrations.Migration):
    dependencies = [("policies", "0003_index_written_date_title")]

    operations = [migrations.RunPython(recanonicalise, migrations.RunPython.noop)]
