"""A registrant states two preferences per round on the municipality-style demo event; the
editor previews and runs the allocation in the admin; everyone is placed within capacity."""

import io
import random
import re
from collections import Counter

from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command

from cms_events.models import EventPage, MailLog, Registration, SessionPlacement
from cms_events.registration.services import register
from cms_events.registration.sessions import program_rounds
from tests.quality import assert_no_axe_violations, assert_valid_html

from .admin_helpers import check_public_pages, log_in

SLUG = "voorbeeld-samen-werken-aan-een-sociaal-en-gezond-utrecht"


def register_others(event, number):
    """Registrations that came in earlier, with random preferences."""
    rng = random.Random(3)
    for n in range(number):
        wishes = {}
        for round_ in program_rounds(event):
            first, second = rng.sample(round_.sessions, 2)
            wishes[round_.id] = [first.id, second.id]
        register(event, name=f"Deelnemer {n}", email=f"d{n}@example.org", preferences=wishes)


def test_registrant_chooses_two_per_round_and_the_editor_allocates(page, live_server):
    call_command("load_demo_events", stdout=io.StringIO())
    User.objects.create_superuser("admin", "admin@example.org", "password")
    event = EventPage.objects.get(slug=SLUG)
    rounds = program_rounds(event)
    register_others(event, 45)

    page.goto(live_server.url + event.url)
    page.get_by_label("Naam").fill("Priya Ramdin")
    page.get_by_label("E-mailadres").fill("priya@example.org")
    page.get_by_label("Organisatie", exact=True).fill("Buurtteam Overvecht")
    choices = [
        ("Ronde 1", "Omgaan met schaarste", "Nieuwe uitvraag sociaal domein"),
        ("Ronde 2", "Beleidsnota’s en visie sociaal domein", "Omgaan met schaarste"),
    ]
    for round_name, first, second in choices:
        group = page.get_by_role("group", name=re.compile(round_name))
        group.get_by_label("Eerste keuze").select_option(label=first)
        group.get_by_label("Tweede keuze").select_option(label=second)
    html = page.content()  # before axe injects its script
    assert_no_axe_violations(page)
    assert_valid_html({"form with session preferences": html})
    page.get_by_label("Ik ga ermee akkoord").check()
    mail.outbox.clear()
    page.get_by_role("button", name="Aanmelden", exact=True).click()
    assert "Bedankt voor uw aanmelding" in page.get_by_role("status").inner_text()

    priya = Registration.objects.get(email="priya@example.org")
    titles = {s.id: s.title for r in rounds for s in r.sessions}
    assert [[titles[c] for c in priya.session_preferences[r.id]] for r in rounds] == [
        [first, second] for _round, first, second in choices
    ]
    assert "Uw voorkeur voor de sessies" in mail.outbox[0].body

    log_in(page, live_server.url)
    page.goto(f"{live_server.url}/admin/events/{event.pk}/sessions/")
    assert "46 bevestigde deelnemers" in page.locator("main").inner_text()
    page.get_by_role("link", name="Voorbeeld van de indeling bekijken").click()
    assert "volgens eerste keuze" in page.locator("#preview-heading + p").inner_text()
    assert not SessionPlacement.objects.exists()
    mail.outbox.clear()
    page.get_by_role("button", name="Indelen en de indeling mailen").click()
    assert "De sessies zijn ingedeeld: 46 deelnemers" in page.get_by_role("status").inner_text()

    placements = SessionPlacement.objects.all()
    assert placements.count() == 46 * len(rounds), "everyone has one session per round"
    loads = Counter((p.round_id, p.session_id) for p in placements)
    for round_ in rounds:
        for session in round_.sessions:
            assert loads[round_.id, session.id] <= session.capacity == 20
    for registration in Registration.objects.prefetch_related("placements"):
        placed = [p.session_title for p in registration.placements.all()]
        assert len(placed) == len(set(placed)), "nobody gets the same session twice"
    assert MailLog.objects.filter(kind="schedule", status="sent").count() == 46
    schedule = next(m for m in mail.outbox if m.to == ["priya@example.org"])
    assert "Dit is uw indeling" in schedule.body

    # The page now shows per session how many places are left.
    check_public_pages(page, live_server.url + event.url)
    page.goto(live_server.url + event.url)
    texts = page.locator(".session__places").all_inner_texts()
    assert len(texts) == 8
    assert all(re.fullmatch(r"Nog \d+ plaats(en)? vrij|Vol", text) for text in texts)
