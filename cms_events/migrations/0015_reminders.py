"""Reminders: per event on or off and how many days before; one reminder per registration and
event date in the mail log."""

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cms_events", "0014_short_link_language_required"),
    ]

    operations = [
        migrations.AddField(
            model_name="eventpage",
            name="send_reminder",
            field=models.BooleanField(
                default=True,
                help_text=(
                    "Mail confirmed registrants a reminder before the event: never the waiting "
                    "list, and not while the event is cancelled or postponed."
                ),
                verbose_name="send a reminder",
            ),
        ),
        migrations.AddField(
            model_name="eventpage",
            name="reminder_days_before",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="Empty: the site's default, normally 2 days.",
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(60),
                ],
                verbose_name="reminder (days before the start)",
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
                ],
                max_length=16,
                verbose_name="kind",
            ),
        ),
        migrations.AddField(
            model_name="maillog",
            name="event_date",
            field=models.DateField(
                blank=True,
                help_text="For a reminder: the day it reminds of. One reminder per registration and day.",
                null=True,
                verbose_name="date of the event",
            ),
        ),
        migrations.AddConstraint(
            model_name="maillog",
            constraint=models.UniqueConstraint(
                condition=models.Q(("kind", "reminder")),
                fields=("registration", "event_date"),
                name="one_reminder_per_registration_and_date",
            ),
        ),
    ]
