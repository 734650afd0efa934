"""An open end, three honest cost states, an online link that follows by email, a new date that
follows, speakers that are organisations, and update times to the second.

The data step gives today's events their cost state from the price: 0 was typed on purpose, so
it becomes "free"; an amount stays "a price"; an empty price becomes "not stated". An empty
price used to print "Deelname is gratis." and a 0 EUR offer, but nobody ever said so: the page
now says nothing about costs until an editor chooses "free". The latest revisions get the same
state, so publishing a draft made before this migration keeps the meaning.
"""

from decimal import Decimal

import cms_events.models.pages
import wagtail.fields
from django.db import migrations, models


def cost_of(price):
    """Return (cost, price) for a price as stored before this migration."""
    if price is None or price == "":
        return "not_stated", None
    if Decimal(str(price)) == 0:
        return "free", None
    return "price", price


def forwards(apps, schema_editor):
    EventPage = apps.get_model("cms_events", "EventPage")
    EventPage.objects.filter(price=0).update(cost="free", price=None)
    EventPage.objects.filter(price__gt=0).update(cost="price")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    content_type = ContentType.objects.filter(app_label="cms_events", model="eventpage").first()
    if content_type is None:
        return
    for revision in Revision.objects.filter(content_type=content_type).iterator():
        if "cost" in revision.content:
            continue
        cost, price = cost_of(revision.content.get("price"))
        revision.content = {**revision.content, "cost": cost, "price": price}
        revision.save(update_fields=["content"])


def backwards(apps, schema_editor):
    EventPage = apps.get_model("cms_events", "EventPage")
    EventPage.objects.filter(cost="free").update(price=0)


class Migration(migrations.Migration):

    dependencies = [
        ('cms_events', '0009_add_data_subject_request_log'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.AddField(
            model_name='eventpage',
            name='cost',
            field=models.CharField(choices=[('not_stated', 'Not stated'), ('free', 'Free'), ('price', 'A price')], default='not_stated', help_text='“Not stated” says nothing about costs on the page.', max_length=16, verbose_name='costs'),
        ),
        migrations.AddField(
            model_name='eventpage',
            name='new_date_to_follow',
            field=models.BooleanField(default=False, help_text='For a postponed event: a new date will be announced.', verbose_name='new date follows'),
        ),
        migrations.AddField(
            model_name='eventpage',
            name='online_link_by_mail',
            field=models.BooleanField(default=False, help_text='Tick for an online event whose link is not public: registrants get it by email.', verbose_name='online link follows by email'),
        ),
        migrations.AddField(
            model_name='eventpage',
            name='price_note',
            field=models.CharField(blank=True, help_text='Optional, for example “inclusief lunch” or “leden betalen € 25”.', max_length=255, verbose_name='note on the price'),
        ),
        migrations.AlterField(
            model_name='eventpage',
            name='end',
            field=models.DateTimeField(blank=True, help_text='Date and time the event ends. Leave empty for an open end (shown as “vanaf 10.00 uur”). For an all-day event: the last day (empty: one day).', null=True, verbose_name='end'),
        ),
        migrations.AlterField(
            model_name='eventpage',
            name='location_to_follow',
            field=models.BooleanField(default=False, help_text='Tick when the location is not known yet. Fill in the city or region if it is known.', verbose_name='location follows'),
        ),
        migrations.AlterField(
            model_name='eventpage',
            name='price',
            field=models.DecimalField(blank=True, decimal_places=2, help_text='In euros, for “a price”.', max_digits=8, null=True, verbose_name='price'),
        ),
        migrations.AlterField(
            model_name='eventpage',
            name='program',
            field=wagtail.fields.StreamField([('item', 13), ('session_round', 21), ('note', 22)], blank=True, block_lookup={0: ('wagtail.blocks.TimeBlock', (), {'label': 'Start time'}), 1: ('wagtail.blocks.TimeBlock', (), {'label': 'End time', 'required': False}), 2: ('wagtail.blocks.CharBlock', (), {'label': 'Title', 'max_length': 255}), 3: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('person', 'A person'), ('organisation', 'An organisation')], 'label': 'Speaker is'}), 4: ('wagtail.blocks.CharBlock', (), {'help_text': "The person's name, or the organisation's, such as “Stichting Armoedefonds”.", 'label': 'Name', 'max_length': 255}), 5: ('wagtail.blocks.CharBlock', (), {'help_text': 'For example “procesmanager bestaanszekerheid”, or for an organisation what it does.', 'label': 'Role', 'max_length': 255, 'required': False}), 6: ('wagtail.blocks.CharBlock', (), {'help_text': "The person's organisation, or the umbrella of an organisation.", 'label': 'Organisation', 'max_length': 255, 'required': False}), 7: ('wagtail.blocks.StructBlock', [[('kind', 3), ('name', 4), ('role', 5), ('organisation', 6)]], {}), 8: ('wagtail.blocks.ListBlock', (7,), {'collapsed': True, 'default': [], 'label': 'Speakers', 'min_num': 0}), 9: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'link', 'ol', 'ul'], 'label': 'Description', 'required': False}), 10: ('wagtail.blocks.CharBlock', (), {'label': 'Sub-theme', 'max_length': 255}), 11: ('wagtail.blocks.ListBlock', (10,), {'default': [], 'help_text': 'Shown as a numbered list, for example the themes of parallel sub-sessions.', 'label': 'Sub-themes', 'min_num': 0}), 12: ('wagtail.blocks.TextBlock', (), {'label': 'Text after the sub-themes', 'required': False, 'rows': 2}), 13: ('wagtail.blocks.StructBlock', [[('start', 0), ('end', 1), ('title', 2), ('speakers', 8), ('description', 9), ('subthemes', 11), ('subthemes_note', 12)]], {}), 14: ('wagtail.blocks.TimeBlock', (), {'label': 'End time'}), 15: ('wagtail.blocks.TextBlock', (), {'label': 'Description', 'required': False, 'rows': 2}), 16: ('wagtail.blocks.TextBlock', (), {'label': 'Description', 'required': False, 'rows': 3}), 17: ('wagtail.blocks.CharBlock', (), {'help_text': 'Who leads the session, for example a name and organisation.', 'label': 'Host', 'max_length': 255, 'required': False}), 18: ('wagtail.blocks.IntegerBlock', (), {'help_text': 'Maximum number of participants. Leave empty for no limit.', 'label': 'Capacity', 'min_value': 1, 'required': False}), 19: ('wagtail.blocks.StructBlock', [[('title', 2), ('description', 16), ('host', 17), ('capacity', 18)]], {}), 20: ('wagtail.blocks.ListBlock', (19,), {'label': 'Sessions', 'min_num': 1}), 21: ('wagtail.blocks.StructBlock', [[('title', 2), ('start', 0), ('end', 14), ('description', 15), ('sessions', 20)]], {}), 22: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'link', 'ol', 'ul'], 'help_text': 'A short text before, between or after the timed items.', 'icon': 'doc-full', 'label': 'Note'})}, verbose_name='program'),
        ),
        migrations.AlterField(
            model_name='eventupdate',
            name='date',
            field=models.DateTimeField(default=cms_events.models.pages.now_to_the_second, verbose_name='date'),
        ),
        migrations.RunPython(forwards, backwards),
    ]
