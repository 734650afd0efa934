"""Check-in at the door: a check-in token per registration (filled for existing ones), when and
by whom a registrant was checked in, the door devices' requests, and the check-in permission."""

import secrets

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import cms_events.models.registration


def fill_check_in_tokens(apps, schema_editor):
    """Give every existing registration a token of its own (a callable default gives one)."""
    Registration = apps.get_model("cms_events", "Registration")
    for registration in Registration.objects.filter(check_in_token__isnull=True).only("pk"):
        registration.check_in_token = secrets.token_urlsafe(32)
        registration.save(update_fields=["check_in_token"])


class Migration(migrations.Migration):
    dependencies = [
        ("cms_events", "0020_thank_you_mail"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="registration",
            options={
                "ordering": ["created_at", "pk"],
                "permissions": [("check_in_registration", "Can check in registrants at the door")],
                "verbose_name": "registration",
                "verbose_name_plural": "registrations",
            },
        ),
        migrations.AddField(
            model_name="registration",
            name="check_in_method",
            field=models.CharField(
                blank=True,
                choices=[
                    ("scan", "QR code scanned"),
                    ("search", "Found by name"),
                    ("walk_in", "Registered at the door"),
                ],
                max_length=8,
                verbose_name="checked in by way of",
            ),
        ),
        migrations.AddField(
            model_name="registration",
            name="check_in_token",
            field=models.CharField(
                editable=False, max_length=64, null=True, verbose_name="check-in token"
            ),
        ),
        migrations.RunPython(fill_check_in_tokens, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="registration",
            name="check_in_token",
            field=models.CharField(
                default=cms_events.models.registration.new_token,
                editable=False,
                max_length=64,
                unique=True,
                verbose_name="check-in token",
            ),
        ),
        migrations.AddField(
            model_name="registration",
            name="checked_in_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="checked in at"),
        ),
        migrations.AddField(
            model_name="registration",
            name="checked_in_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="checked in by",
            ),
        ),
        migrations.CreateModel(
            name="CheckInRequest",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("client_id", models.UUIDField(unique=True, verbose_name="id given by the device")),
                (
                    "action",
                    models.CharField(
                        choices=[("check_in", "Check-in"), ("walk_in", "Walk-in")],
                        max_length=8,
                        verbose_name="action",
                    ),
                ),
                (
                    "already_checked_in",
                    models.BooleanField(
                        default=False,
                        help_text="The person had been checked in before; the first time was kept.",
                        verbose_name="was checked in already",
                    ),
                ),
                (
                    "capacity_overridden",
                    models.BooleanField(default=False, verbose_name="admitted over capacity"),
                ),
                (
                    "override_reason",
                    models.TextField(blank=True, verbose_name="reason for admitting over capacity"),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="received at")),
                (
                    "event",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="check_in_requests",
                        to="cms_events.eventcapacity",
                        verbose_name="event",
                    ),
                ),
                (
                    "registration",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="check_in_requests",
                        to="cms_events.registration",
                        verbose_name="registration",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="staff member",
                    ),
                ),
            ],
            options={
                "verbose_name": "check-in request",
                "verbose_name_plural": "check-in requests",
                "ordering": ["created_at", "pk"],
            },
        ),
    ]
