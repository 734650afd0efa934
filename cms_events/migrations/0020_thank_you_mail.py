"""The thank-you mail after the event: per event on or off, its link and when; a new kind of
mail (and mail text) with its {link} placeholder; one thank-you per registration."""

import cms_events.registration.placeholders
import cms_events.validation
import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cms_events", "0019_registration_per_date"),
    ]

    operations = [
        migrations.AddField(
            model_name="eventpage",
            name="send_thank_you_mail",
            field=models.BooleanField(
                default=False,
                help_text="Mail confirmed registrants once the event is over, with the link below: never the waiting list, and not when the event was cancelled or postponed.",
                verbose_name="send a thank-you mail after the event",
            ),
        ),
        migrations.AddField(
            model_name="eventpage",
            name="thank_you_mail_hours_after",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="Empty: the site's default, normally 2 hours. Without an end time, counted from midnight after the start.",
                null=True,
                validators=[django.core.validators.MaxValueValidator(336)],
                verbose_name="thank-you mail (hours after the end)",
            ),
        ),
        migrations.AddField(
            model_name="eventpage",
            name="thank_you_mail_url",
            field=models.URLField(
                blank=True,
                help_text="For example to a report, the slides or a survey. Needed for the thank-you mail; in your own text of that mail it is {link}.",
                max_length=500,
                verbose_name="link in the thank-you mail",
            ),
        ),
        migrations.AlterField(
            model_name="eventmailtext",
            name="body",
            field=models.TextField(
                help_text="Placeholders: {naam} (the registrant's name), {titel} (the event's title), {datum} (the date in words), {tijd} (the time), {plaats} (the place, or the online link), {pagina} (the link to the event's page), {zelfservice} (the link to the registrant's own registration), {sessies} (the registrant's sessions, one per line), {link} (the link of the thank-you mail, only in that mail). The date, the place, the links and the calendar file always follow below your text. A brace itself is typed twice: {{ or }}.",
                max_length=10000,
                validators=[
                    cms_events.validation.ControlCharacterValidator(allow_whitespace=True),
                    cms_events.registration.placeholders.check_text,
                ],
                verbose_name="text",
            ),
        ),
        migrations.AlterField(
            model_name="eventmailtext",
            name="kind",
            field=models.CharField(
                choices=[
                    ("confirmation", "Confirmation"),
                    ("waiting_list", "Waiting list notice"),
                    ("moved_up", "Moved up from the waiting list"),
                    ("cancelled", "Cancellation confirmed"),
                    ("notification", "Change notification"),
                    ("schedule", "Session schedule"),
                    ("reminder", "Reminder"),
                    ("thank_you", "Thank-you after the event"),
                ],
                max_length=16,
                verbose_name="mail",
            ),
        ),
        migrations.AlterField(
            model_name="maillog",
            name="kind",
            field=models.CharField(
                choices=[
                    ("confirmation", "Confirmation"),
                    ("waiting_list", "Waiting list notice"),
                    ("moved_up", "Moved up from the waiting list"),
                    ("cancelled", "Cancellation confirmed"),
                    ("notification", "Change notification"),
                    ("schedule", "Session schedule"),
                    ("reminder", "Reminder"),
                    ("thank_you", "Thank-you after the event"),
                ],
                max_length=16,
                verbose_name="kind",
            ),
        ),
        migrations.AlterField(
            model_name="mailtemplate",
            name="body",
            field=models.TextField(
                help_text="Placeholders: {naam} (the registrant's name), {titel} (the event's title), {datum} (the date in words), {tijd} (the time), {plaats} (the place, or the online link), {pagina} (the link to the event's page), {zelfservice} (the link to the registrant's own registration), {sessies} (the registrant's sessions, one per line), {link} (the link of the thank-you mail, only in that mail). The date, the place, the links and the calendar file always follow below your text. A brace itself is typed twice: {{ or }}.",
                max_length=10000,
                validators=[
                    cms_events.validation.ControlCharacterValidator(allow_whitespace=True),
                    cms_events.registration.placeholders.check_text,
                ],
                verbose_name="text",
            ),
        ),
        migrations.AlterField(
            model_name="mailtemplate",
            name="kind",
            field=models.CharField(
                choices=[
                    ("confirmation", "Confirmation"),
                    ("waiting_list", "Waiting list notice"),
                    ("moved_up", "Moved up from the waiting list"),
                    ("cancelled", "Cancellation confirmed"),
                    ("notification", "Change notification"),
                    ("schedule", "Session schedule"),
                    ("reminder", "Reminder"),
                    ("thank_you", "Thank-you after the event"),
                ],
                max_length=16,
                verbose_name="mail",
            ),
        ),
        migrations.AddConstraint(
            model_name="maillog",
            constraint=models.UniqueConstraint(
                condition=models.Q(("kind", "thank_you")),
                fields=("registration",),
                name="one_thank_you_per_registration",
            ),
        ),
    ]
