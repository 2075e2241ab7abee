"""Importing an existing list from BibTeX or RIS: the command, the service and the admin screen."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from publications.demo import SAMPLE_FILE
from publications.importers import ImportFormatError
from publications.models import PublicationPage
from publications.services import import_publications
from tests.factories import make_editor

pytestmark = pytest.mark.django_db

MALFORMED_BIBTEX = """
@article{hyva2020,
  author = {M{\\"a}kinen, {\\AA}ke and {Suomen Työnohjaajat ry}},
  title = {Työnohjaus \\& jaksaminen},
  journal = {Testilehti},
  year = {2020},
  doi = {https://doi.org/10.5555/ABC.123}
}

@article{rikki,
  author = {Virtanen, Matti},
  title = {Sulkematon otsikko,
  year = {2021}
}

@misc{vuodeton,
  title = {Esitelmä ilman vuotta},
  type = {Esitelmä}
}

@inproceedings{toinen,
  author = {Öhman, Marja-Leena},
  title = {Seminaaripuheenvuoro},
  year = 2022,
  month = may,
  day = {5}
}
"""

RIS = """TY  - SLIDE
AU  - Lindström, Åsa
AU  - Hämäläinen, Päivi
TI  - Dialogi lastensuojelun työryhmässä
T2  - Lastensuojelun kesäpäivät
CY  - Tampere
PY  - 2019/06/12/
KW  - dialogisuus
KW  - lastensuojelu
UR  - https://www.example.fi/esitys
ER  -

TY  - JOUR
AU  - Söderholm, Jyrki
PY  - 2020
ER  -

TY  - CHAP
AU  - Öhman, Marja-Leena
TI  - Luku kirjassa
T2  - Kirja työnohjauksesta
SP  - 10
EP  - 24
SN  - 978-952-7384-12-3
PY  - 2021
ER  -
"""


def run_command(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_publications", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_sample_file_imports_and_a_second_run_skips_everything(archive):
    out, err = run_command(str(SAMPLE_FILE), "--archive", archive.slug)
    assert "Luotiin 12, ohitettiin 0 jo arkistossa olevana, epäonnistui 0." in out
    assert err == ""
    assert PublicationPage.objects.child_of(archive).live().count() == 12

    out, _err = run_command(str(SAMPLE_FILE), "--archive", archive.slug)
    assert "Luotiin 0, ohitettiin 12 jo arkistossa olevana, epäonnistui 0." in out
    assert PublicationPage.objects.child_of(archive).count() == 12


def test_a_malformed_entry_is_reported_and_the_rest_imported(archive, tmp_path):
    path = tmp_path / "viitteet.bib"
    path.write_text(MALFORMED_BIBTEX, encoding="utf-8")
    out, err = run_command(str(path), "--archive", archive.slug)

    assert "Luotiin 2, ohitettiin 0 jo arkistossa olevana, epäonnistui 2." in out
    assert "(rikki): Merkintää ei voitu lukea" in err
    assert "(vuodeton): Merkinnästä puuttuu kelvollinen vuosi" in err
    first = PublicationPage.objects.child_of(archive).get(year=2020)
    assert first.title == "Työnohjaus & jaksaminen"  # LaTeX decoded
    assert first.doi == "10.5555/ABC.123"
    assert [(a.family_name, a.given_names) for a in first.author_list] == [
        ("Mäkinen", "Åke"),
        ("Suomen Työnohjaajat ry", ""),
    ]
    talk = PublicationPage.objects.child_of(archive).get(year=2022)
    assert (talk.publication_type, talk.month, talk.day) == ("presentation", 5, 5)


def test_duplicates_match_by_doi_else_by_title_and_year(archive):
    import_publications(archive, MALFORMED_BIBTEX)
    again = """
    @article{x, title = {Aivan eri otsikko}, year = {1999}, doi = {10.5555/abc.123}}
    @misc{y, title = {SEMINAARIPUHEENVUORO.}, year = {2022}}
    @misc{z, title = {Seminaaripuheenvuoro}, year = {2023}}
    """
    report = import_publications(archive, again)
    assert report.skipped == ["Aivan eri otsikko", "SEMINAARIPUHEENVUORO."]
    assert report.created == ["Seminaaripuheenvuoro"]  # another year: another talk


def test_ris_import_keeps_finnish_letters_and_reports_a_record_without_title(archive):
    report = import_publications(archive, RIS, filename="viitteet.ris", publish=False)
    assert report.created == ["Dialogi lastensuojelun työryhmässä", "Luku kirjassa"]
    assert report.failed == [("viite 2 (rivi 13)", "Merkinnästä puuttuu otsikko.")]
    talk = PublicationPage.objects.child_of(archive).get(title="Dialogi lastensuojelun työryhmässä")
    assert not talk.live  # --draft / publish=False
    assert (talk.publication_type, talk.year, talk.month, talk.day) == ("presentation", 2019, 6, 12)
    assert (talk.venue, talk.place, talk.external_url) == (
        "Lastensuojelun kesäpäivät",
        "Tampere",
        "https://www.example.fi/esitys",
    )
    assert [(a.family_name, a.given_names) for a in talk.author_list] == [
        ("Lindström", "Åsa"),
        ("Hämäläinen", "Päivi"),
    ]
    assert {tag.name for tag in talk.topics} == {"dialogisuus", "lastensuojelu"}
    chapter = PublicationPage.objects.child_of(archive).get(title="Luku kirjassa")
    assert (chapter.publication_type, chapter.pages, chapter.isbn) == (
        "chapter",
        "10–24",
        "978-952-7384-12-3",
    )


def test_draft_option_and_marking_the_practitioner(archive, tmp_path):
    path = tmp_path / "viitteet.ris"
    path.write_text(RIS, encoding="utf-8")
    run_command(str(path), "--archive", archive.slug, "--draft", "--me", "Hämäläinen, Päivi")
    talk = PublicationPage.objects.child_of(archive).get(title="Dialogi lastensuojelun työryhmässä")
    assert not talk.live and talk.has_unpublished_changes
    assert [a.is_practitioner for a in talk.author_list] == [False, True]


def test_a_file_in_another_format_stops_with_a_clear_message(archive, tmp_path):
    path = tmp_path / "lista.txt"
    path.write_text("Hämäläinen: Työnohjaus, 2020\n", encoding="utf-8")
    with pytest.raises(CommandError, match="ei ole BibTeX- eikä RIS-muodossa"):
        run_command(str(path), "--archive", archive.slug)
    with pytest.raises(ImportFormatError):
        import_publications(archive, "pelkkää tekstiä")
    with pytest.raises(ImportFormatError, match="Tiedostosta ei löytynyt viitteitä"):
        import_publications(archive, "% vain kommentti", filename="tyhja.bib")


def test_a_missing_file_stops_with_a_clear_message(archive):
    with pytest.raises(CommandError, match="ei voi lukea"):
        run_command(str(Path("/ei/ole/olemassa.bib")), "--archive", archive.slug)


def test_several_archives_need_choosing(archive):
    with pytest.raises(CommandError, match="--archive"):
        run_command(str(SAMPLE_FILE))


def test_windows_1252_files_are_read(archive, tmp_path):
    path = tmp_path / "vanha.bib"
    path.write_bytes(
        "@book{v, author = {Hämäläinen, Päivi}, title = {Yhteisö ja työ}, year = {2001}}".encode("cp1252")
    )
    run_command(str(path), "--archive", archive.slug)
    assert PublicationPage.objects.child_of(archive).get().author_list[0].family_name == "Hämäläinen"


# The admin screen


def upload(content, name="viitteet.bib"):
    return SimpleUploadedFile(name, content.encode("utf-8"), content_type="application/x-bibtex")


def test_an_editor_imports_drafts_in_the_admin(client, archive, django_user_model):
    client.force_login(make_editor(django_user_model))
    url = reverse("publications_import")
    assert client.get(url).status_code == 200
    response = client.post(url, {"archive": archive.pk, "file": upload(MALFORMED_BIBTEX)})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Luotiin 2, ohitettiin 0 jo arkistossa olevana, epäonnistui 2." in content
    assert "<strong>rivi 10 (rikki)</strong>: Merkintää ei voitu lukea" in content
    assert PublicationPage.objects.child_of(archive).filter(live=False).count() == 2


def test_the_admin_import_explains_a_wrong_file_next_to_the_field(admin_client, archive):
    response = admin_client.post(
        reverse("publications_import"), {"archive": archive.pk, "file": upload("ei viitteitä", "lista.txt")}
    )
    assert response.status_code == 200
    assert "Tiedosto ei ole BibTeX- eikä RIS-muodossa." in response.content.decode()
    assert not PublicationPage.objects.child_of(archive).exists()


def test_the_admin_import_is_only_for_editors(client, django_user_model):
    url = reverse("publications_import")
    assert client.get(url).status_code == 302  # to the login page
    user = django_user_model.objects.create_user("vierailija", "v@example.fi", "pw")
    client.force_login(user)
    assert client.get(url).status_code in (302, 403)
