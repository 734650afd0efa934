"""Every short link has a language; one code per event and language.

Apart from 0011, because PostgreSQL refuses to alter a table with pending trigger events from
the rows 0009 updated in the same transaction.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cms_events", "0013_short_link_per_language"),
    ]

    operations = [
        migrations.AlterField(
            model_name="shortlink",
            name="locale",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="language",
            ),
        ),
        migrations.AlterField(
            model_name="shortlink",
            name="translation_key",
            field=models.UUIDField(verbose_name="translation key"),
        ),
        migrations.AddConstraint(
            model_name="shortlink",
            constraint=models.UniqueConstraint(
                fields=("translation_key", "locale"), name="one_short_link_per_language"
            ),
        ),
    ]
