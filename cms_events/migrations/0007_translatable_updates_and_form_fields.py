"""Updates and form fields become translatable with their page (wagtail-localize).

Existing rows get their own translation key and the locale of their page.
"""

import uuid

import django.db.models.deletion
from django.db import migrations, models


def fill_translation_keys(apps, schema_editor):
    for name in ("EventUpdate", "RegistrationFormField"):
        model = apps.get_model("cms_events", name)
        for row in model.objects.select_related("page"):
            row.translation_key = uuid.uuid4()
            row.locale_id = row.page.locale_id
            row.save(update_fields=["translation_key", "locale"])


class Migration(migrations.Migration):
    dependencies = [
        ("cms_events", "0006_session_preferences_and_placements"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        *[
            operation
            for model_name in ("eventupdate", "registrationformfield")
            for operation in (
                migrations.AddField(
                    model_name=model_name,
                    name="translation_key",
                    field=models.UUIDField(null=True, editable=False),
                ),
                migrations.AddField(
                    model_name=model_name,
                    name="locale",
                    field=models.ForeignKey(
                        null=True,
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="wagtailcore.locale",
                        verbose_name="locale",
                    ),
                ),
            )
        ],
        migrations.RunPython(fill_translation_keys, migrations.RunPython.noop),
        *[
            operation
            for model_name in ("eventupdate", "registrationformfield")
            for operation in (
                migrations.AlterField(
                    model_name=model_name,
                    name="translation_key",
                    field=models.UUIDField(default=uuid.uuid4, editable=False),
                ),
                migrations.AlterField(
                    model_name=model_name,
                    name="locale",
                    field=models.ForeignKey(
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="wagtailcore.locale",
                        verbose_name="locale",
                    ),
                ),
                migrations.AlterUniqueTogether(
                    name=model_name, unique_together={("translation_key", "locale")}
                ),
            )
        ],
    ]
