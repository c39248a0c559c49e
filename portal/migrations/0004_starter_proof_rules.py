import csv
from pathlib import Path

from django.db import migrations

RULES_CSV = Path(__file__).resolve().parent.parent / "publishing" / "data" / "starter_rules.csv"


def load_rules(apps, schema_editor):
    ProofRule = apps.get_model("portal", "ProofRule")
    with RULES_CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            ProofRule.objects.get_or_create(
                category=row["category"],
                pattern=row["pattern"],
                defaults={
                    "suggestion": row["suggestion"],
                    "severity": int(row["severity"]),
                    "note": row["note"],
                    "source": row["source"],
                },
            )


def unload_rules(apps, schema_editor):
    ProofRule = apps.get_model("portal", "ProofRule")
    with RULES_CSV.open(encoding="utf-8") as handle:
        patterns = [row["pattern"] for row in csv.DictReader(handle)]
    ProofRule.objects.filter(pattern__in=patterns).delete()


class Migration(migrations.Migration):
    dependencies = [("portal", "0003_publishing")]

    operations = [migrations.RunPython(load_rules, unload_rules)]
