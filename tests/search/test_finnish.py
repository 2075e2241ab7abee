"""A visitor types the base form; the search finds the inflected forms and the compounds. Every test
runs with Voikko and with the Snowball fallback (tests/search/conftest.py), on SQLite and PostgreSQL."""

import pytest

from search.morphology import SnowballAnalyser, compound_parts, weak_grades

from .conftest import publish, titles

pytestmark = pytest.mark.django_db


def snowball_misses(analyser):
    """The Snowball fallback strips suffixes only: a stem that changes inside ("lapsi" → "lasten")
    is beyond it. Voikko finds these; the fallback's miss is recorded, not hidden."""
    if analyser.name == "snowball":
        pytest.xfail("Snowball cannot relate stems that change inside the word (README: Site search)")


def test_an_inflected_form_is_found_by_the_base_form(client, analyser, section):
    publish(section, "Kevään ohjelma", "Aloitimme syksyn koulutuksessa uusilla menetelmillä.")
    publish(section, "Ilmoittautuminen", "Ilmoittautumiset koulutuksiin alkavat maaliskuussa.")
    found = titles(client, "koulutus")
    assert "Kevään ohjelma" in found and "Ilmoittautuminen" in found


def test_the_base_form_finds_a_compound_it_ends(client, analyser, section):
    publish(section, "Ammatillinen kasvu", "Tarjoamme täydennyskoulutusta sosiaalialan työntekijöille.")
    assert "Ammatillinen kasvu" in titles(client, "koulutus")


def test_a_compound_is_found_by_a_compound_inside_it(client, analyser, section):
    publish(section, "Kriisit", "Tarjoan kriisityönohjauksessa tukea.")
    publish(section, "Työyhteisöt", "Työyhteisötyönohjaus koko henkilöstölle.")
    assert {"Kriisit", "Työyhteisöt"} <= set(titles(client, "työnohjaus"))
    assert "Työyhteisöt" in titles(client, "työyhteisö")


def test_lapsi_finds_lasten_and_lastensuojelu(client, analyser, section):
    snowball_misses(analyser)
    publish(section, "Perheiden tuki", "Lasten kanssa työskentelevät ammattilaiset.")
    publish(section, "Sijaishuolto", "Lastensuojelun sijaishuolto ja perhehoito.")
    found = titles(client, "lapsi")
    assert "Perheiden tuki" in found and "Sijaishuolto" in found


def test_consonant_gradation(client, analyser, section):
    publish(section, "Toimintamallit", "Uudet tavat tehdä yhteistyötä.")
    publish(section, "Ostoksilla", "Tapasimme kaupassa.")
    assert "Toimintamallit" in titles(client, "tapa")
    assert "Ostoksilla" in titles(client, "kauppa")


def test_a_word_with_umlauts_typed_without_them(client, analyser, section):
    publish(section, "Jaksaminen", "Työhyvinvointi syntyy arjen teoista.")
    assert "Jaksaminen" in titles(client, "tyohyvinvointi")


def test_an_inflected_word_typed_without_umlauts(client, analyser, section):
    publish(section, "Yhdessä", "Yhteisöllisyydessä on voimaa.")
    assert "Yhdessä" in titles(client, "yhteisollisyys")


def test_every_word_must_be_found(client, analyser, section):
    publish(section, "Kaksi sanaa", "Dialoginen koulutus.")
    publish(section, "Yksi sana", "Dialoginen asiakastyö.")
    found = titles(client, "dialoginen koulutus")
    assert "Kaksi sanaa" in found and "Yksi sana" not in found


def test_compound_parts_from_voikkos_analysis():
    assert compound_parts("+lasten(lapsi)+suojel(suojella)+u(+u)") == ["lapsi", "suojelu"]
    assert compound_parts("+täydenn(täydentää)+ys(+ys)+koulutus(koulutus)") == ["täydennys", "koulutus"]
    assert compound_parts("+sosiaali+työ(työ)") == ["sosiaali", "työ"]
    assert compound_parts("+työn(työ)+ohja(ohjata)+a+ja(+ja)") == ["työ", "ohjaaja"]
    runs = compound_parts("+kriisi(kriisi)+työn(työ)+ohja(ohjata)+us(+us)")
    assert {"kriisi", "työ", "ohjaus", "kriisityö", "työnohjaus"} <= set(runs)


def test_weak_grades_for_the_fallback():
    assert "tava" in weak_grades("tapa")
    assert "kaupa" in weak_grades("kauppa") and "kaupva" not in weak_grades("kauppa")
    assert "käde" in weak_grades("käsi")
    assert SnowballAnalyser().query_word("koulutus").substrings == {"koulutu"}
