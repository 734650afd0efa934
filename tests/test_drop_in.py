"""The wheel drops into a site made with `wagtail start`, following the README literally.

The wheel is built from this checkout and installed into a virtual environment of its own,
which borrows the test environment's Django and Wagtail through a plain path (a `.pth` line:
that directory's own `.pth` files, among them this checkout's editable install, are not read).
So `cms_events` can only come from the wheel, and the demo's `home` and `config` not at all.
"""

import json
import os
import re
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("TEST_DATABASE_URL")),
    reason="the starter site has its own SQLite database: it runs once, in the first pass",
)

CONTENT = """
from datetime import time, timedelta
from django.utils import timezone
from wagtail.models import Site
from cms_events.models import EventIndexPage, EventPage, EventUpdate, RegistrationFormField

home = Site.objects.get(is_default_site=True).root_page
index = EventIndexPage(title="Agenda", slug="agenda")
home.add_child(instance=index)
index.save_revision().publish()
day = timezone.localdate() + timedelta(days=20)
start = timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.min.time()))
start = start.replace(hour=14)
event = EventPage(
    title="Politiek Café", slug="politiek-cafe", start=start, end=start + timedelta(hours=3),
    venue_name="Stadskantoor", street="Stadsplateau 1", postcode="3521AZ", city="Utrecht",
    intro="Praat mee over de gemeente.", registration_mode="form", capacity=30,
    program=[("item", {"start": time(14), "end": time(15), "title": "Ontvangst en debat",
                       "speakers": [], "description": "", "subthemes": [],
                       "subthemes_note": ""})],
)
index.add_child(instance=event)
event.form_fields.add(RegistrationFormField(label="Organisatie", field_type="singleline",
                                            required=False))
event.updates.add(EventUpdate(headline="Nieuwe spreker bekend", body="Er is een spreker bij."))
event.save_revision().publish()
print(json.dumps({"index": index.pk, "event": event.pk, "url": event.url}))
"""


def readme_section(title):
    text = README.read_text()
    start = text.index(f"## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def python_blocks(section):
    """Return the README's ```python blocks, dedented as the list indents them."""
    blocks = re.findall(r"^( *)```python\n(.*?)^\1```", section, flags=re.S | re.M)
    return [
        "\n".join(line[len(indent) :] for line in body.splitlines()) + "\n"
        for indent, body in blocks
    ]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def starter_site(tmp_path_factory):
    """Build the wheel, start a Wagtail site, install the wheel and follow the README."""
    work = tmp_path_factory.mktemp("drop_in")

    def run(*args, **kwargs):
        done = subprocess.run(args, capture_output=True, text=True, timeout=300, **kwargs)
        assert done.returncode == 0, f"{args[:3]} failed:\n{done.stderr[-3000:]}"
        return done

    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
        "-w", str(work / "dist"), str(ROOT))  # fmt: skip
    wheel = next((work / "dist").glob("cms_events-*.whl"))
    env_dir = work / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", str(env_dir))
    python = env_dir / "bin" / "python"
    site_packages = Path(
        run(
            python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"
        ).stdout.strip()
    )
    (site_packages / "borrowed_from_tests.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    run(sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
        str(site_packages), str(wheel))  # fmt: skip
    run(python, "-m", "wagtail.bin.wagtail", "start", "mysite", str(work), cwd=work)
    site = work
    env = {**os.environ, "PYTHONPATH": "", "DJANGO_SETTINGS_MODULE": "mysite.settings.dev"}
    env.pop("TEST_DATABASE_URL", None)

    section = readme_section("Use it in your own Wagtail site")
    settings_block, urls_block = python_blocks(section)
    with (site / "mysite" / "settings" / "base.py").open("a") as settings:
        settings.write("\n" + settings_block)
    urls = (site / "mysite" / "urls.py").read_text()
    wagtail_line = next(line for line in urls.splitlines() if "include(wagtail_urls)" in line)
    indent = re.match(r"\s*", wagtail_line).group(0)
    ours = next(line for line in urls_block.splitlines() if "cms_events.urls" in line)
    urls = urls.replace(wagtail_line, indent + ours.strip() + "\n" + wagtail_line, 1)
    (site / "mysite" / "urls.py").write_text(urls)

    manage = lambda *args: run(python, "manage.py", *args, cwd=site, env=env)  # noqa: E731
    where = manage(
        "shell", "-c", "import cms_events, home; print(cms_events.__file__, home.__file__)"
    )
    manage("migrate", "--noinput")
    ids = json.loads(
        manage("shell", "-c", "import json\n" + CONTENT).stdout.strip().splitlines()[-1]
    )

    port = free_port()
    log = (work / "server.log").open("w")
    server = subprocess.Popen(
        [python, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=site, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/", timeout=2)
            break
        except OSError:
            time.sleep(0.2)
    try:
        yield {
            "base": base,
            "ids": ids,
            "where": where.stdout.strip().splitlines()[-1].split(),
            "site": site,
            "venv": env_dir,
            "manage": manage,
            "log": work / "server.log",
        }
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def fetch(opener, url, data=None, headers=None):
    request = urllib.request.Request(url, data=data, headers=headers or {})
    with opener.open(request, timeout=30) as response:
        return response.status, response.headers, response.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_the_wheel_is_the_only_source_of_cms_events(starter_site):
    cms_events_file, home_file = starter_site["where"]
    assert Path(cms_events_file).is_relative_to(starter_site["venv"])
    assert Path(home_file).is_relative_to(starter_site["site"])


def test_an_event_in_the_starter_site_shows_everything_and_takes_a_registration(starter_site):
    base, ids = starter_site["base"], starter_site["ids"]
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    loaded_at = time.monotonic()
    status, _, body = fetch(opener, base + ids["url"])
    assert status == 200
    soup = BeautifulSoup(body, "html.parser")

    assert soup.find(string=re.compile("Stadskantoor"))
    assert soup.find(string=re.compile(r"14\.00"))
    assert soup.find(string=re.compile("Ontvangst en debat"))
    assert soup.find(string=re.compile("Nieuwe spreker bekend"))
    stylesheets = [link["href"] for link in soup.select('link[rel="stylesheet"]')]
    css = next(href for href in stylesheets if href.endswith("cms_events/css/events.css"))
    assert fetch(opener, base + css)[0] == 200
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["@type"] == "Event" and data["name"] == "Politiek Café"

    calendar_status, headers, calendar = fetch(
        opener, f"{base}/evenement/{ids['event']}/agenda.ics"
    )
    assert calendar_status == 200 and headers["Content-Type"].startswith("text/calendar")
    from icalendar import Calendar

    (event,) = Calendar.from_ical(calendar).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Politiek Café"
    feed = Calendar.from_ical(fetch(opener, f"{base}/agenda-feed/{ids['index']}.ics")[2])
    assert [str(e["SUMMARY"]) for e in feed.walk("VEVENT")] == ["Politiek Café"]

    qr_path = soup.select_one(".registration__qr img")["src"]
    qr_status, qr_headers, qr_svg = fetch(opener, base + qr_path.replace(".svg", ".png"))
    assert qr_status == 200 and qr_headers["Content-Type"] == "image/png"
    import io

    import zxingcpp
    from PIL import Image

    (decoded,) = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr_svg)))
    assert re.fullmatch(rf"{re.escape(base)}/e/[a-z0-9]+/", decoded.text)

    form = soup.select_one("form.registration-form")
    fields = {
        field["name"]: field.get("value", "")
        for field in form.select("input[name]")
        if field.get("type") not in {"checkbox", "submit"}
    }
    fields.update(registrant_name="Fatima de Vries", registrant_email="fatima@example.org")
    fields.update({box["name"]: "on" for box in form.select('input[type="checkbox"][required]')})
    # The honeypot refuses a form sent faster than a person could (3 s by default).
    time.sleep(max(0.0, 3.2 - (time.monotonic() - loaded_at)))
    no_redirect = urllib.request.build_opener(
        NoRedirect,
        *[h for h in opener.handlers if isinstance(h, urllib.request.HTTPCookieProcessor)],
    )
    try:
        fetch(no_redirect, base + ids["url"], data=urlencode(fields).encode(),
              headers={"Referer": base + ids["url"], "Origin": base})  # fmt: skip
        raise AssertionError("the registration did not redirect")
    except urllib.error.HTTPError as redirect:
        assert redirect.code == 302
    stored = starter_site["manage"](
        "shell", "-c",
        "from cms_events.models import Registration; "
        "print(list(Registration.objects.values_list('email', 'status')))",
    )  # fmt: skip
    assert stored.stdout.strip().splitlines()[-1] == "[('fatima@example.org', 'confirmed')]"
    # The starter writes mail to the console: the confirmation is in the server's output.
    assert "To: fatima@example.org" in starter_site["log"].read_text()
