"""Demo trainings and lectures; called by `manage.py seed_demo` after the home pages exist.

Idempotent: pages are looked up by slug, and sessions and example registrations are only added to pages
created in this run. Dates are relative to today, so the demo always has upcoming and past events."""

from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from home.demo import PRACTITIONER_NAME, bullets, ensure_page, paragraph
from home.models import ContactPage, ServiceIndexPage

from .models import AttendanceMode, EventIndexPage, EventSession, LecturePage, Registration, TrainingPage

EXAMPLE_NAMES = [
    ("Aino", "Virtanen"),
    ("Eero", "Korhonen"),
    ("Helmi", "Mäkinen"),
    ("Ilmari", "Nieminen"),
    ("Kerttu", "Mäkelä"),
    ("Lauri", "Hämäläinen"),
    ("Maija", "Laine"),
    ("Niilo", "Heikkinen"),
    ("Oona", "Koskinen"),
    ("Paavo", "Järvinen"),
    ("Riikka", "Lehtonen"),
    ("Sulo", "Lehtinen"),
    ("Tyyne", "Saarinen"),
    ("Veikko", "Salminen"),
]


def at(days, hour, minute=0):
    """A local date and time `days` from today."""
    tz = ZoneInfo(settings.TIME_ZONE)
    day = timezone.localdate() + timedelta(days=days)
    return datetime.combine(day, time(hour, minute), tzinfo=tz)


def session(days, start_hour, end_hour):
    return EventSession(start=at(days, start_hour), end=at(days, end_hour))


def event_specs():
    """Fresh specifications on every call: the dates move with today, and the sessions are new objects."""
    return [
        {
            "model": TrainingPage,
            "slug": "dialoginen-asiakastyo",
            "title": "Dialoginen asiakastyö – kolmen päivän koulutus",
            "lead": "Kolmen koulutuspäivän kokonaisuus asiakkaan kunnioittavasta kohtaamisesta ja kuulemisesta "
            "sosiaali-, terveys- ja kasvatusalan työssä.",
            "sessions": [session(30, 9, 15), session(51, 9, 15), session(72, 9, 15)],
            "venue": "Kulttuurikeskus Kaari, sali 2",
            "address": "Esimerkkikatu 5\n00100 Helsinki",
            "price": Decimal("390.00"),
            "instructors": PRACTITIONER_NAME,
            "audience": "Sosiaali-, terveys- ja kasvatusalan ammattilaiset, jotka työskentelevät asiakkaiden ja "
            "perheiden kanssa.",
            "learning_goals": "Tunnistat dialogisen työotteen periaatteet\n"
            "Osaat kuunnella asiakasta aitona kumppanina\n"
            "Saat välineitä vaativien asiakastilanteiden jäsentämiseen",
            "capacity": 20,
            "ask_organisation": True,
            "ask_invoicing": True,
            "ask_dietary_needs": True,
            "confirmation_text": "<p>Koulutuspäivät alkavat aamukahvilla klo 8.45. Lounas ja kahvit sisältyvät "
            "hintaan.</p>",
            "body": paragraph(
                "Koulutuksessa perehdytään dialogisuuteen asiakastyössä: miten ajatella, puhua ja toimia niin, että "
                "siitä on hyötyä asiakkaalle. Päivien välissä kokeillaan opittua omassa työssä.",
            ),
            "registrations": 6,
        },
        {
            "model": TrainingPage,
            "slug": "tyossa-jaksaminen",
            "title": "Työssä jaksaminen ja itsemyötätunto",
            "lead": "Iltapäivän koulutus omien voimavarojen tunnistamisesta ja kuormituksen jakamisesta työyhteisössä.",
            "sessions": [session(21, 12, 16)],
            "venue": "Työnohjaustila",
            "address": "Esimerkkikatu 1\n00100 Helsinki",
            "price": Decimal("120.00"),
            "instructors": PRACTITIONER_NAME,
            "audience": "Kaikki, jotka haluavat pysähtyä oman jaksamisensa äärelle.",
            "learning_goals": "Tunnistat omat kuormitustekijäsi\nLöydät keinoja palautumiseen",
            "capacity": 12,
            "ask_dietary_needs": True,
            "ask_accessibility_needs": True,
            "body": paragraph(
                "Koulutus on pienryhmämuotoinen, ja siinä vuorottelevat lyhyet alustukset, pari- ja ryhmäkeskustelut "
                "sekä omat harjoitukset."
            ),
            "registrations": 11,  # nearly full: one place left
        },
        {
            "model": LecturePage,
            "slug": "tyonohjaus-tyohyvinvoinnin-tukena",
            "title": "Työnohjaus työhyvinvoinnin tukena – verkkoluento",
            "lead": "Maksuton verkkoluento siitä, miten työnohjaus tukee jaksamista ja ammatillista kasvua.",
            "sessions": [session(14, 17, 18)],
            "attendance_mode": AttendanceMode.ONLINE,
            "online_link": "https://meet.example.invalid/tyonohjaus",
            "price": None,
            "instructors": PRACTITIONER_NAME,
            "capacity": 100,
            "free_text_question": "Mitä toivoisit luennolla käsiteltävän?",
            "body": paragraph(
                "Luennolla käydään läpi työnohjauksen muodot ja tavoitteet sekä se, miten työyhteisö voi hyödyntää "
                "työnohjausta. Lopuksi on aikaa kysymyksille."
            ),
            "registrations": 3,
        },
        {
            "model": LecturePage,
            "slug": "lastensuojelun-tyoryhmien-yhteistyo",
            "title": "Lastensuojelun työryhmien yhteistyö",
            "lead": "Seminaariluento moniammatillisen yhteistyön mahdollisuuksista lastensuojelussa.",
            "sessions": [session(45, 13, 15)],
            "attendance_mode": AttendanceMode.HYBRID,
            "venue": "Kaupungintalo, juhlasali",
            "address": "Esimerkkitori 2\n00100 Helsinki",
            "online_link": "https://meet.example.invalid/lastensuojelu",
            "price": Decimal("45.00"),
            "instructors": PRACTITIONER_NAME,
            "capacity": 60,
            "ask_organisation": True,
            "ask_invoicing": True,
            "body": paragraph("Luento perustuu pitkään kokemukseen lastensuojelun työryhmien työnohjaajana."),
            "registrations": 2,
        },
        {
            "model": TrainingPage,
            "slug": "vuorovaikutus-tyoyhteisossa",
            "title": "Vuorovaikutus työyhteisössä",
            "lead": "Koulutus työyhteisön vuorovaikutuksesta ja ristiriitatilanteiden ehkäisystä.",
            "sessions": [session(-60, 9, 15)],
            "venue": "Kulttuurikeskus Kaari, sali 1",
            "address": "Esimerkkikatu 5\n00100 Helsinki",
            "price": Decimal("180.00"),
            "instructors": PRACTITIONER_NAME,
            "capacity": 15,
            "body": paragraph("Koulutus järjestettiin yhteistyössä alueen perhekeskusten kanssa."),
            "registrations": 14,
        },
        {
            "model": LecturePage,
            "slug": "dialogisuus-asiakastyossa-seminaari",
            "title": "Dialogisuus asiakastyössä – seminaariesitelmä",
            "lead": "Esitelmä sosiaalialan seminaarissa.",
            "sessions": [session(-120, 10, 11)],
            "venue": "Seminaarikeskus",
            "address": "Esimerkkikuja 3\n70100 Kuopio",
            "price": None,
            "instructors": PRACTITIONER_NAME,
            "body": paragraph("Esitelmässä käsiteltiin dialogisen työotteen käyttöä lastensuojelussa."),
            "registrations": 0,
        },
        {
            "model": LecturePage,
            "slug": "dialoginen-asiakastyo-luento",
            "title": "Dialoginen asiakastyö",
            "lead": "Luento asiakkaan kuulemisesta aitona kumppanina – henkilöstöpäiville, seminaareihin tai "
            "koulutustilaisuuksiin.",
            "sessions": [],
            "attendance_mode": AttendanceMode.HYBRID,
            "venue": "Tilaajan tiloissa",
            "duration": "1–2 tuntia",
            "instructors": PRACTITIONER_NAME,
            "audience": "Työyhteisöt ja organisaatiot sosiaali-, terveys- ja kasvatusalalla.",
            "body": paragraph("Luennon sisältö sovitetaan tilaisuuden ja kuulijoiden mukaan."),
            "registrations": 0,
        },
        {
            "model": LecturePage,
            "slug": "tyonohjauksen-merkitys-tyohyvinvoinnille",
            "title": "Työnohjauksen merkitys työhyvinvoinnille",
            "lead": "Mitä työnohjaus on, kenelle se sopii ja miten se tukee jaksamista? Luento esihenkilöille ja "
            "henkilöstölle.",
            "sessions": [],
            "attendance_mode": AttendanceMode.ONLINE,
            "duration": "1 tunti",
            "instructors": PRACTITIONER_NAME,
            "body": paragraph("Luento sopii esimerkiksi henkilöstöpäivään tai työhyvinvointi-iltapäivään."),
            "registrations": 0,
        },
    ]


def add_example_registrations(event, count):
    created = timezone.now() - timedelta(days=10)
    for number in range(count):
        first, last = EXAMPLE_NAMES[number % len(EXAMPLE_NAMES)]
        Registration.objects.create(
            event=event,
            status=Registration.Status.CONFIRMED,
            first_name=first,
            last_name=last,
            email=f"{first}.{last}.{number}@example.invalid".lower().replace("ä", "a").replace("ö", "o"),
            consent_at=created,
            created=created + timedelta(minutes=number),
            confirmed_at=created + timedelta(minutes=number),
        )


@transaction.atomic
def seed(home, stdout=None):
    say = stdout.write if stdout else (lambda message: None)
    services = ServiceIndexPage.objects.child_of(home).first()
    service_pages = {page.slug: page for page in services.get_children()} if services else {}
    index, created = ensure_page(
        home,
        EventIndexPage,
        "koulutukset-ja-luennot",
        title="Koulutukset ja luennot",
        lead="Avoimet koulutukset ja luennot, joihin voit ilmoittautua suoraan, sekä luentoaiheet, "
        "jotka voi tilata omaan tilaisuuteen.",
        body=bullets(
            "",
            [
                "Voit perua ilmoittautumisesi tilaisuuden alkuun asti sähköpostissa saamasi linkin kautta.",
                "Kun paikat täyttyvät, voit ilmoittautua jonoon. Kun paikka vapautuu, se annetaan automaattisesti "
                "jonossa ensimmäiselle, ja hän saa siitä tiedon sähköpostilla.",
            ],
        ),
        show_in_menus=True,
        trainings_page=service_pages.get("koulutukset"),
        lectures_page=service_pages.get("luennot"),
    )
    if created:
        contact = ContactPage.objects.child_of(home).first()
        if contact is not None:
            index.move(contact, pos="left")  # keep "contact" last in the menu
            index.refresh_from_db()
        say("Created the trainings and lectures page.")
    for spec in event_specs():
        fields = dict(spec)
        model, slug, count = fields.pop("model"), fields.pop("slug"), fields.pop("registrations")
        page, created = ensure_page(index, model, slug, **fields)
        if created and count:
            add_example_registrations(page, count)
    return index
