"""Short links get a language: the QR code of the English page leads to the English page.

The codes made so far led to the page in the default language (they were resolved outside
the language prefixes), so they keep doing that.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def give_existing_links_the_default_language(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Page = apps.get_model("wagtailcore", "Page")
    ShortLink = apps.get_model("cms_events", "ShortLink")
    default = Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first()
    for link in ShortLink.objects.all():
        page = Page.objects.filter(translation_key=link.translation_key).order_by("pk").first()
        locale_id = default.pk if default else (page.locale_id if page else None)
        if locale_id is None:
            link.delete()
            continue
        link.locale_id = locale_id
        link.save(update_fields=["locale"])


class Migration(migrations.Migration):
    dependencies = [
        ("cms_events", "0012_form_of_address"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="shortlink",
            name="locale",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="language",
            ),
        ),
        migrations.RunPython(give_existing_links_the_default_language, migrations.RunPython.noop),
    ]
