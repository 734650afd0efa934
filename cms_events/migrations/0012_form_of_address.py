"""The form of address (“u” or “je”): a site setting, and an event's own choice."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cms_events", "0011_add_pending_notification_and_skipped_mail"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="eventpage",
            name="form_of_address",
            field=models.CharField(
                blank=True,
                choices=[("u", "“u” (formal)"), ("je", "“je” (informal)")],
                help_text="How the fixed texts of the page, the form and the mails address visitors. Empty: the site's setting.",
                max_length=2,
                verbose_name="form of address",
            ),
        ),
        migrations.CreateModel(
            name="EventSiteSettings",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "form_of_address",
                    models.CharField(
                        choices=[("u", "“u” (formal)"), ("je", "“je” (informal)")],
                        default="u",
                        help_text="How the fixed texts of event pages, registration forms, mails and the registration page address visitors. Your own texts stay as you write them; an event can choose otherwise.",
                        max_length=2,
                        verbose_name="form of address",
                    ),
                ),
                (
                    "site",
                    models.OneToOneField(
                        editable=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        to="wagtailcore.site",
                    ),
                ),
            ],
            options={
                "verbose_name": "events",
                "verbose_name_plural": "events",
            },
        ),
    ]
