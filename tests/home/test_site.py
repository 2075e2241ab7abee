import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from wagtail.models import Locale

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("vaitiolovelvollisuus", "Ryhmätyönohjaus"),
        ("kriisityönohjaus", "Kriisityönohjaus"),
        ("perhehoidon", "Työnohjaus"),
    ],
)
def test_search_finds_seeded_pages_by_a_finnish_word(client, home_page, query, expected):
    response = client.get("/haku/", {"q": query})
    html = response.content.decode().replace("<mark>", "").replace("</mark>", "")
    assert response.status_code == 200
    assert f">{expected}</a>" in html
    assert "tulos" in html


def test_search_with_no_results_or_hostile_input_is_a_normal_page(client, home_page):
    for query in ("xyzzyplugh", "' OR 1=1 --", "a" * 5000, "\x00"):
        response = client.get("/haku/", {"q": query, "sivu": "abc"})
        assert response.status_code == 200


def test_sitemap_lists_the_pages(client, home_page):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    locations = {el.text for el in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    assert any(loc.endswith("/palvelut/tyonohjaus/ryhmatyonohjaus/") for loc in locations)
    assert any(loc.endswith("/tietosuojaseloste/") for loc in locations)
    assert len(locations) >= 14


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()


def test_404_is_a_finnish_page(client, home_page):
    response = client.get("/ei-ole-olemassa/")
    assert response.status_code == 404
    assert "Sivua ei löytynyt" in response.content.decode()


def test_500_page_is_static_finnish_html():
    from django.template.loader import get_template

    assert "Jotain meni vikaan" in get_template("500.html").render({})


def test_pages_have_seo_tags(client, home_page):
    html = client.get("/palvelut/tyonohjaus/ryhmatyonohjaus/").content.decode()
    assert "<title>Ryhmätyönohjaus | Päivi Hämäläinen</title>" in html
    assert '<link rel="canonical" href="http://localhost/palvelut/tyonohjaus/ryhmatyonohjaus/">' in html
    assert '<meta property="og:title" content="Ryhmätyönohjaus">' in html
    assert '<meta name="description" content="Tavoitteellista' in html


def test_furniture_skip_link_menu_breadcrumbs(client, home_page):
    html = client.get("/palvelut/tyonohjaus/ryhmatyonohjaus/").content.decode()
    assert '<a class="skip-link" href="#main">Siirry sisältöön</a>' in html
    assert 'aria-label="Päävalikko"' in html and ">Palvelut</a>" in html
    assert 'aria-label="Murupolku"' in html and '<span aria-current="page">Ryhmätyönohjaus</span>' in html


def test_an_english_page_tree_can_be_created(client, home_page):
    english = Locale.objects.get(language_code="en")
    home_page.get_translation(english).delete()  # the demo's own, made again here
    english_home = home_page.copy_for_translation(english)
    english_home.title = "Work supervision and training"
    english_home.save_revision().publish()
    response = client.get("/en/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html and "Work supervision and training" in html
    assert "Skip to content" in html
    assert 'hreflang="en"' in client.get("/").content.decode()


def test_locales_exist_from_the_first_migration():
    assert set(Locale.objects.values_list("language_code", flat=True)) == {"fi", "en"}


def run_production_check(**env):
    unset = ("SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL", "DATABASE_URL")
    base = {k: v for k, v in os.environ.items() if k not in unset}
    base["DJANGO_SETTINGS_MODULE"] = "practice_site.settings.production"
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = run_production_check(SITE_URL="https://example.fi")
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


def test_production_settings_refuse_to_start_without_the_site_url():
    result = run_production_check(SECRET_KEY="x" * 60, ALLOWED_HOSTS="example.fi")
    assert result.returncode != 0
    assert "Set the SITE_URL environment variable" in result.stderr


def test_production_settings_refuse_a_site_url_that_is_not_an_address():
    result = run_production_check(SECRET_KEY="x" * 60, SITE_URL="example.fi")
    assert result.returncode != 0
    assert "SITE_URL must be an http(s) address" in result.stderr


def test_production_settings_start_with_both():
    result = run_production_check(SECRET_KEY="x" * 60, SITE_URL="https://example.fi")
    assert result.returncode == 0, result.stderr


def test_a_stale_form_gets_a_finnish_explanation(home_page):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/ota-yhteytta/", {"nimi": "Maija"})
    assert response.status_code == 403
    assert "Lomakkeen lähetys epäonnistui" in response.content.decode()


def test_site_search_lists_publications_among_pages_labelled_with_their_year(client, home_page):
    import re

    html = client.get("/haku/", {"q": "työnohjaus"}).content.decode()
    counts = dict(re.findall(r'tyyppi=(\w+)">[^<(]+\((\d+)\)</a>', html))
    assert int(counts["julkaisut"]) >= 5 and int(counts["sivut"]) >= 3
    only_publications = client.get("/haku/", {"q": "työnohjaus", "tyyppi": "julkaisut"}).content.decode()
    assert "<mark>Työnohjaus</mark> lastensuojelun työryhmän voimavarana" in only_publications
    assert re.search(r"Julkaisu · <time datetime=\"\d{4}\">\d{4}</time>", only_publications)
    assert ">Sivu<" not in only_publications


def test_the_first_run_keeps_the_new_admin_login_for_the_final_banner(db, settings, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    settings.DEBUG = True
    login = tmp_path / "first-login.txt"
    call_command("ensure_admin", username="banneri", first_login_file=str(login), stdout=StringIO())
    text = login.read_text()
    assert "user 'banneri', password " in text
    password = text.split("password ")[1].split()[0]
    from django.contrib.auth import authenticate

    assert authenticate(username="banneri", password=password) is not None
    makefile = (settings.BASE_DIR / "Makefile").read_text()
    assert (
        "--first-login-file $(VENV)/first-login.txt" in makefile and "cat $(VENV)/first-login.txt" in makefile
    )
