"""Program blocks: validation of times, rendering as a semantic timetable, stable session ids."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.utils import translation

from cms_events.blocks import ProgramItemBlock, ProgramStreamBlock, SessionRoundBlock


def clean_item(**value):
    block = ProgramItemBlock()
    return block.clean(block.to_python({"start": "14:00:00", "title": "Welkom", **value}))


def test_item_end_before_start_is_refused_on_the_end_field():
    with translation.override("nl"), pytest.raises(ValidationError) as error:
        clean_item(start="15:00:00", end="14:00:00")
    assert list(error.value.block_errors) == ["end"]
    assert error.value.block_errors["end"].messages == ["De eindtijd moet na de begintijd liggen."]


def test_round_end_before_start_is_refused():
    block = SessionRoundBlock()
    value = block.to_python(
        {
            "title": "Ronde 1",
            "start": "16:00:00",
            "end": "15:00:00",
            "sessions": [{"type": "item", "value": {"title": "A"}, "id": "a"}],
        }
    )
    with pytest.raises(ValidationError) as error:
        block.clean(value)
    assert "end" in error.value.block_errors


def render_program(raw):
    stream = ProgramStreamBlock().to_python(raw)
    with translation.override("nl"):
        return BeautifulSoup(stream.render_as_block(), "html.parser")


def test_item_renders_time_title_speakers_and_numbered_subthemes():
    html = render_program(
        [
            {
                "type": "item",
                "value": {
                    "start": "14:30:00",
                    "end": "15:30:00",
                    "title": "Subsessies",
                    "speakers": [
                        {"name": "Kim Houben", "role": "procesmanager", "organisation": "Divosa"}
                    ],
                    "description": "<p>Kies een thema.</p>",
                    "subthemes": ["Bestaanszekerheid", "Kansengelijkheid"],
                    "subthemes_note": "Open dialoog.",
                },
            }
        ]
    )
    times = html.find_all("time")
    assert [t["datetime"] for t in times] == ["14:30", "15:30"]
    assert html.select_one(".program__time").get_text() == "14.30–15.30 uur"
    assert html.find("h3").get_text() == "Subsessies"
    assert html.select_one(".program__speakers li").get_text() == (
        "Kim Houben, procesmanager bij Divosa"
    )
    assert [li.get_text() for li in html.select("ol.program__subthemes li")] == [
        "Bestaanszekerheid",
        "Kansengelijkheid",
    ]


def test_a_speaker_that_is_an_organisation_is_named_without_a_person_s_role_sentence():
    speakers = [
        {"kind": "organisation", "name": "Landelijke Cliëntenraad", "role": "adviesorgaan"},
        {"kind": "organisation", "name": "Team Armoede", "organisation": "Gemeente Utrecht"},
        {"name": "Kim Houben", "role": "procesmanager", "organisation": "Divosa"},
    ]
    html = render_program(
        [{"type": "item", "value": {"start": "14:00:00", "title": "Panel", "speakers": speakers}}]
    )
    assert [li.get_text() for li in html.select(".program__speakers li")] == [
        "Landelijke Cliëntenraad, adviesorgaan",
        "Team Armoede (Gemeente Utrecht)",
        "Kim Houben, procesmanager bij Divosa",
    ]
    assert len(html.select(".speaker__name--organisation")) == 2


def test_session_round_renders_each_session_with_its_stable_id():
    html = render_program(
        [
            {
                "type": "session_round",
                "value": {
                    "title": "Ronde 1",
                    "start": "15:30:00",
                    "end": "16:15:00",
                    "description": "",
                    "sessions": [
                        {"type": "item", "value": {"title": "Visie", "capacity": 20}, "id": "s-1"},
                        {
                            "type": "item",
                            "value": {"title": "Uitvraag", "host": "Team"},
                            "id": "s-2",
                        },
                    ],
                },
            }
        ]
    )
    sessions = html.select(".session")
    assert [s["id"] for s in sessions] == ["sessie-s-1", "sessie-s-2"]
    assert [s.h4.get_text() for s in sessions] == ["Visie", "Uitvraag"]
    assert sessions[0].select_one(".session__capacity").get_text() == "Maximaal 20 deelnemers"
    assert sessions[1].select_one(".session__host").get_text() == "Begeleiding: Team"
