"""The demo site, built from the practitioner's own texts. Idempotent: pages are looked up by slug
and only missing ones are created, so re-running never overwrites what the editor has changed."""

import io
from decimal import Decimal

from django.db import transaction
from wagtail.models import Locale, Page, Site

from .models import (
    ContactFormField,
    ContactPage,
    DurationUnit,
    HomePage,
    PracticeSettings,
    PrivacyPolicyPage,
    ServiceIndexPage,
    ServicePage,
    StandardPage,
    SupervisedGroup,
    SupervisionFormPage,
    SupervisionPage,
    SupervisionPageGroup,
)
from .site_url import site_address


def paragraph(*texts):
    return [("paragraph", "".join(f"<p>{text}</p>" for text in texts))]


def bullets(heading, items):
    return [("bullet_list", {"heading": heading, "items": items})]


def ensure_page(parent, model, slug, **fields):
    """Return the child of `parent` with `slug`, creating and publishing it when missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific, False
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, True


HOME_LEAD = (
    "Työnohjausta, koulutuksia, kehittämishankkeita, konsultointia ja luentoja "
    "sosiaali-, terveys- ja kasvatusalan ammattilaisille ja työyhteisöille."
)

SUPERVISION_BODY = (
    paragraph(
        "Työnohjaus on asiakastyöhön, työyhteisöön ja työrooleihin liittyvien kysymysten ja "
        "vuorovaikutusilmiöiden tutkimista, tiedostamista ja jäsentämistä. Ohjauksessa keskustellaan ja "
        "pohditaan yhdessä niitä työhön liittyviä asioita, joita osallistujat tuovat esille ja haluavat käsitellä.",
        "Työnohjaus edistää työntekijän ammatillista kasvua, yhteistyövalmiuksia, työroolien selkiyttämistä "
        "ja työssä jaksamista. Asiakastyönohjauksessa lähdetään dialogisesti pohtimaan vuorovaikutusta ja "
        "yhteistyötä ja asiakkaan kuuleminen aitona kumppanina korostuu.",
    )
    + [
        (
            "quote",
            {
                "text": "Työnohjaus on oman työn tutkimista, arviointia ja kehittämistä, joka tapahtuu koulutetun "
                "työnohjaajan avulla. Se on työhön, työyhteisöön ja omaan työrooliin liittyvien kysymysten, "
                "kokemusten ja tunteiden yhdessä tulkitsemista ja jäsentämistä.",
                "attribution": "Suomen Työnohjaajat ry",
            },
        )
    ]
    + paragraph(
        "Työnohjaus on tavoitteellinen ja luottamuksellisuuteen perustuva prosessi. Työnohjauksen tavoitteena on "
        "ammatillinen kasvu, työssäjaksamisen huomioiminen ja itsestään ihmisenä ja ammattilaisena oppiminen ja "
        "oivaltaminen. Työnohjauksen keskeinen työväline on ohjaajan ja ohjattavien välinen vuorovaikutus, "
        "ohjattavat ovat oman työnsä ammattilaisia ja työnohjaaja ohjaa prosessia.",
        "Työnohjaus on oivalluttamista omassa osaamisessaan, soveltamista ja suhtautumista, itsetuntemuksesta "
        "innostumista, ammatillisuutta ja arvojen aktiivista kuuntelua. Työnohjauksella voidaan ennaltaehkäistä "
        "ristiriitatilanteita, selvittää konflikteja, jakaa asiakastyön tunnekuormaa ja ennen kaikkea "
        "työntekijöille mahdollistetaan luottamuksellinen tavoitteellinen prosessi kehittyä ja oppia tuntemaan "
        "itseään paremmin.",
    )
    + bullets(
        "Työnohjauksen tavoitteita voivat olla",
        [
            "Työyhteisön toimivuuden ja vuorovaikutuksen vahvistaminen",
            "Ammatti-identiteetin ja työroolien selkiyttäminen",
            "Asiakastyössä asiakkaan kunnioittava kohtaaminen ja kuuleminen",
            "Ongelmanratkaisukyvyn parantaminen",
            "Oman työn sisällön ja toiminnan jatkuva reflektointi",
            "Työn mielekkyyden lisääminen",
            "Ammattitaidon ja työmenetelmien hallinnan lisääminen",
            "Työssä jaksamisen tukeminen",
        ],
    )
    + bullets(
        "Työnohjauksen muotoja",
        [
            "Työyhteisön työnohjaus auttaa työyhteisöä löytämään ratkaisuja sekä työtilanteiden ja asiakkaiden "
            "että työntekijöiden keskinäisen vuorovaikutuksen tuomiin jännitteisiin ja kehittämään toimintaansa.",
            "Työryhmätyönohjauksessa työryhmän jäsenet peilaavat omia työkäytäntöjään ja ajatuksiaan yhdessä, "
            "oppivat toinen toisiltaan sekä tukevat toisiaan suunnitelmissaan ja tavoitteissaan (vertaistuen voima).",
            "Asiakastyönohjauksessa tutkitaan työntekijän yhteistyötä ja roolia asiakkaan tai perheen kanssa: "
            "”Miten ajatella, puhua ja toimia niin, että tästä olisi asiakkaalleni hyötyä?”",
        ],
    )
)

SUPERVISED_GROUPS = [
    "perhehoidon sijaisvanhemmat",
    "perhehoidon sijaisvanhempien vertaisryhmät",
    "lastensuojelun tapauskohtaiset työryhmät",
    "lastensuojeluyksiköiden ja perhekotien työryhmä",
    "Nummelan nuorisokodin moniammatillinen työryhmä",
    "erityisopettajien työryhmät ja erityisopettaja–avustaja-työparityönohjaukset",
    "maahanmuuttajien kanssa työskentelevien moniammatilliset työryhmät",
    "koulukuraattorit ja koulupsykologit",
    "perheneuvoloiden työryhmät ja työparit",
    "yläkoulujen ja ammatillisten oppilaitosten oppilashuoltoryhmät",
    "nuorisopsykiatrian poliklinikan työryhmät",
    "mielenterveyskuntoutuksen työryhmät",
    "Siilinjärven terveyskeskuksen mielenterveysneuvolan moniammatillinen työryhmä",
    "perhetyöntekijöiden ryhmä",
]

SUPERVISION_FORMS = [
    {
        "slug": "yksilotyonohjaus",
        "title": "Yksilötyönohjaus",
        "lead": "Henkilökohtaista työn ja työtilanteiden pohtimista luottamuksellisesti organisaation "
        "ulkopuolisen henkilön kanssa.",
        "audience": "Työntekijät, esihenkilöt ja yrittäjät, jotka haluavat pohtia omaa työtään ja ammatillista "
        "kasvuaan kahden kesken.",
        "group_size_min": 1,
        "group_size_max": 1,
        "duration_min": 1,
        "duration_max": 2,
        "duration_unit": DurationUnit.YEARS,
        "interval_weeks_min": 3,
        "interval_weeks_max": 4,
        "session_hours_min": Decimal("1"),
        "session_hours_max": Decimal("1.5"),
        "body": paragraph(
            "Yksilötyönohjauksessa lähdetään lähestymään yksilön tavoitteita olemassa olevia voimavaroja "
            "vahvistamalla. Työnohjauksessa nostetaan tietoiseksi ohjattavan omat vahvuudet, joita hyödynnetään "
            "tavoitteiden ja kehityskohteiden työstämiseen.",
            "Yksilöohjauksessa on keskiössä myös omien tunteiden tiedostaminen ja nimeäminen, mikä lisää "
            "ymmärrystä omasta toiminnasta eri tilanteissa ja antaa keinoja toimia tulevaisuudessa "
            "tiedostavammin. Työnohjauksen tavoitteena on ammatillisen osaamisen ja perustehtävän "
            "kirkastaminen, työssä motivoitumisen ja työhyvinvoinnin lisääminen sekä uupumuksen, stressin ja "
            "rutinoitumisen ehkäisy.",
            "Työnohjauksen avulla ohjattava pääsee hahmottamaan työn vaatimuksia ja omien tietojen ja taitojen "
            "suhdetta niihin. Yksilötyönohjaus antaa mahdollisuuden omaan ammatilliseen kasvuun ja kehityksen "
            "arviointiin, selkeyttäen ja parantaen perustyötä.",
        ),
    },
    {
        "slug": "ryhmatyonohjaus",
        "title": "Ryhmätyönohjaus",
        "lead": "Tavoitteellista, vaihtoehtoisten näkökulmien ja ratkaisumallien tutkimista dialogisessa "
        "suhteessa muiden kanssa.",
        "audience": "Työtiimit, saman työpaikan eri yksiköiden työntekijät tai osa työyhteisöä.",
        "group_size_min": 2,
        "group_size_max": 8,
        "duration_min": 1,
        "duration_max": 3,
        "duration_unit": DurationUnit.YEARS,
        "interval_weeks_min": 3,
        "interval_weeks_max": 4,
        "session_hours_min": Decimal("1.5"),
        "session_hours_max": Decimal("2"),
        # The practitioner's first sentence is the lead; the body goes on from there.
        "body": paragraph(
            "Ryhmätyönohjauksessa on mahdollista tarkastella omaa työtä ja siihen liittyviä ja vaikuttavia "
            "taustatekijöitä laajemmin, hyödyntäen muiden osallistujien näkökulmia asiaan.",
            "Ryhmä voi muodostua työtiimistä, saman työpaikan eri yksiköiden työntekijöistä tai osasta "
            "työyhteisöä. Ryhmätyönohjaus on luottamuksellista ja kaikkia ryhmän jäseniä sitoo "
            "vaitiolovelvollisuus ryhmässä käsitellyistä asioista.",
            "Tavoitteet ja sisältö nousevat ohjattavilta. Niitä voivat olla esimerkiksi asiakassuhteiden tai "
            "ryhmädynamiikan tarkastelu tai oman työotteen jakaminen ja käsittely muiden kanssa. Ryhmän "
            "tavoitteiden lisäksi jokainen ryhmän jäsen laatii itselleen henkilökohtaiset tavoitteet. "
            "Tavoitteena on oman ammattiosaamisen jäsentäminen ja prosessointi, yhteinen reflektointi sekä "
            "näkemysten ja kokemusten jakaminen.",
        ),
    },
    {
        "slug": "tyoyhteisotyonohjaus",
        "title": "Työyhteisötyönohjaus",
        "lead": "Koko työyhteisöä tai tiimiä koskeva ohjausprosessi, jonka tapaamisissa ryhmän esihenkilö on mukana.",
        "audience": "Koko työyhteisö tai tiimi esihenkilöineen, esimerkiksi muutostilanteissa.",
        "duration_min": 1,
        "duration_max": None,
        "duration_unit": DurationUnit.YEARS,
        "interval_weeks_min": 3,
        "interval_weeks_max": 4,
        "session_hours_min": Decimal("1.5"),
        "session_hours_max": Decimal("3"),
        "body": paragraph(
            "Työyhteisötyönohjaus on työyksikön työn ja toiminnan parempaan hahmottamiseen ja toimivuuteen "
            "tähtäävää ohjausta, jossa käsitellään työyhteisön yhteistyöskentelyyn ja työyhteisötaitoihin "
            "liittyviä asioita.",
            "Jakamalla kokemuksia ja ammatillista osaamistaan työyhteisön keskinäinen luottamus lisääntyy ja "
            "työn tavoitteet ja erilaiset roolit työyhteisössä selkiintyvät. Kun työntekijät jaksavat paremmin "
            "ja sitoutuvat työyhteisönsä perustehtävään, myös työn yksilöllinen ymmärtäminen lisääntyy.",
            "Työyhteisötyönohjauksessa työnohjaaja ja yhteisön esihenkilö tekevät tiivistä yhteistyötä. "
            "Yhteisötyönohjausta voidaan käyttää esimerkiksi erilaisissa muutostilanteissa yhteisön yhteistyön "
            "vahvistamiseen suhteessa perustehtävään.",
        ),
    },
    {
        "slug": "kriisityonohjaus",
        "title": "Kriisityönohjaus",
        "lead": "Lyhytkestoista ohjausta akuutteihin, kuormitusta lisääviin tilanteisiin, joissa työ- ja "
        "toimintakyky on hetkellisesti uhattuna.",
        "audience": "Työntekijä tai työyhteisö, joka kohtaa esimerkiksi uhkaavan asiakastilanteen, "
        "irtisanomistilanteen tai äkillisen muutoksen. Voi olla yksilö- tai ryhmätyönohjausta.",
        "duration_min": 1,
        "duration_max": 5,
        "duration_unit": DurationUnit.SESSIONS,
        "session_hours_min": Decimal("1.5"),
        "session_hours_max": Decimal("3"),
        "body": paragraph(
            "Kriisityönohjauksessa paneudutaan akuutteihin, kuormitusta lisääviin tilanteisiin, joissa "
            "työntekijän tai työyhteisön työ- ja toimintakyky on hetkellisesti uhattuna. Tällaisia voivat olla "
            "esimerkiksi uhkaavat asiakastilanteet, irtisanomistilanteet tai äkilliset muutokset.",
            "Kriisityönohjaus on työstä tai työyhteisöstä esiin nousevien ongelmien, haasteiden ja "
            "stressitekijöiden käsittelyä. Kyse voi olla vaativasta asiakastilanteesta, akuutista "
            "muutostilanteesta, työpaikan henkilösuhteista, työyhteisötaitojen puutteesta, epäselvistä "
            "pelisäännöistä tai yhteishenkiongelmista.",
            "Kriisityönohjaus on lyhytkestoisempi prosessi kuin perusmuotoinen työnohjaus. Sen tarve ja "
            "toteutus selvitetään yhteistyössä työnohjaajan ja tilaajan kanssa. Työnohjauksessa keskitytään "
            "työkyvyn ylläpitämiseen, kuormittavan tilanteen hallitsemiseen, ohjattavan omien voimavarojen "
            "hyödyntämiseen sekä kuormitusta ja stressiä vähentävien työvälineiden käyttöönottoon.",
        ),
    },
]

SERVICES = [
    (
        "koulutukset",
        "Koulutukset",
        "Koulutuksia työyhteisöille ja ammattilaisille vuorovaikutuksesta, dialogisuudesta ja työssä jaksamisesta.",
        "Koulutukset suunnitellaan tilaajan tarpeiden mukaan: lyhyistä iltapäivän koulutuksista useamman "
        "päivän koulutuskokonaisuuksiin. Avoimiin koulutuksiin voi ilmoittautua suoraan tämän sivuston kautta.",
    ),
    (
        "kehittamishankkeet",
        "Kehittämishankkeet",
        "Työyhteisöjen ja palvelujen kehittämistä yhdessä henkilöstön ja asiakkaiden kanssa.",
        "Kehittämishankkeissa tuen työyhteisöjä toimintatapojen uudistamisessa, asiakaslähtöisyyden "
        "vahvistamisessa ja muutoksen läpiviennissä. Hankkeet rakennetaan yhdessä tilaajan kanssa "
        "selkeine tavoitteineen ja arviointeineen.",
    ),
    (
        "konsultointi",
        "Konsultointi",
        "Asiantuntijatukea esihenkilöille ja työryhmille vaativiin asiakastilanteisiin ja muutoksiin.",
        "Konsultaatio voi olla kertaluonteinen tapaaminen tai lyhyt prosessi, jossa pohditaan yhdessä "
        "vaativaa asiakastilannetta, työryhmän toimintaa tai tulevaa muutosta.",
    ),
    (
        "luennot",
        "Luennot",
        "Luentoja ja alustuksia seminaareihin, henkilöstöpäiville ja koulutustilaisuuksiin.",
        "Luentojen aiheita ovat muun muassa dialoginen asiakastyö, työnohjauksen merkitys työhyvinvoinnille "
        "ja lastensuojelun työryhmien yhteistyö. Luennon voi tilata omaan tilaisuuteen.",
    ),
    (
        "esitelmat-ja-julkaisut",
        "Esitelmät ja julkaisut",
        "Artikkeleita, kirjoituksia ja seminaariesitelmiä työnohjauksesta ja asiakastyöstä.",
        "Julkaisuarkistosta löydät artikkelit, esitelmät ja muut kirjoitukset.",
    ),
]

# The policy itself (controller, registers, retention, rights) is the page's template, from the settings.
PRIVACY_BODY = paragraph("Älä lähetä lomakkeilla asiakkaisiin liittyviä tai muita arkaluonteisia tietoja.")

ACCESSIBILITY_BODY = paragraph(
    "Sivusto on tehty toimimaan näppäimistöllä, ruudunlukijalla ja puhelimen pienellä näytöllä. Sen sivut "
    "tarkistetaan automaattisesti saavutettavuuden ja HTML-koodin oikeellisuuden testityökaluilla.",
    "Jos jokin sivuston osa ei toimi sinulle, kerro siitä sivun alalaidan yhteystiedoilla, niin korjaamme sen.",
)

CONTACT_FIELDS = [
    ("Nimi", "singleline", True, ""),
    ("Sähköposti", "email", True, ""),
    ("Puhelin", "singleline", False, ""),
    ("Organisaatio", "singleline", False, ""),
    ("Palvelu", "dropdown", False, ""),
    ("Viesti", "multiline", True, "Kerro lyhyesti, mistä olet kiinnostunut. Älä kirjoita asiakastietoja."),
]


@transaction.atomic
def seed(stdout=None):
    say = stdout.write if stdout else (lambda message: None)
    fi = Locale.objects.get(language_code="fi")
    root = Page.get_first_root_node()

    home = HomePage.objects.filter(locale=fi, depth=2).first()
    if home is None:
        home = HomePage(
            title="Työnohjausta, koulutusta ja kehittämistä",
            slug="etusivu",
            locale=fi,
            lead=HOME_LEAD,
            services_heading="Palveluista",
            seo_title="Työnohjaus, koulutukset ja luennot",
            search_description=HOME_LEAD,
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        say("Created the home page.")

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        hostname, port = site_address()
        site = Site.objects.create(hostname=hostname, port=port, root_page=home, is_default_site=True)
    if site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.site_name = "Työnohjaus"
        site.save()
        if old_root.depth == 2 and not isinstance(old_root.specific, HomePage):
            old_root.delete()  # Wagtail's "Welcome" placeholder page

    services, _created = ensure_page(
        home,
        ServiceIndexPage,
        "palvelut",
        title="Palvelut",
        lead="Työnohjausta, koulutuksia, kehittämishankkeita, konsultointia, luentoja ja julkaisuja.",
        show_in_menus=True,
    )
    privacy, _created = ensure_page(
        home,
        PrivacyPolicyPage,
        "tietosuojaseloste",
        title="Tietosuojaseloste",
        lead="Miten käsittelemme sivuston kautta lähetettyjä henkilötietoja.",
        body=PRIVACY_BODY,
    )

    ensure_page(
        home,
        StandardPage,
        "saavutettavuus",
        title="Saavutettavuus",
        lead="Miten sivusto toimii eri laitteilla ja apuvälineillä.",
        body=ACCESSIBILITY_BODY,
    )

    # Services in the practitioner's own order; work supervision is the third.
    for slug, title, lead, text in SERVICES[:2]:
        ensure_page(services, ServicePage, slug, title=title, lead=lead, body=paragraph(text))
    groups = [SupervisedGroup.objects.get_or_create(name=name)[0] for name in SUPERVISED_GROUPS]
    supervision, _created = ensure_page(
        services,
        SupervisionPage,
        "tyonohjaus",
        title="Työnohjaus",
        lead="Työnohjaus on oman työn tutkimista, arviointia ja kehittämistä koulutetun työnohjaajan avulla.",
        body=SUPERVISION_BODY,
        supervised_groups=[
            SupervisionPageGroup(group=group, sort_order=order) for order, group in enumerate(groups)
        ],
    )
    for slug, title, lead, text in SERVICES[2:]:
        ensure_page(services, ServicePage, slug, title=title, lead=lead, body=paragraph(text))
    for form in SUPERVISION_FORMS:
        fields = dict(form)
        slug = fields.pop("slug")
        ensure_page(supervision, SupervisionFormPage, slug, **fields)

    practice = PracticeSettings.for_site(site)
    if not practice.name:
        practice.name = "Työnohjaus ja koulutus"
        practice.tagline = "Työnohjaaja ja kouluttaja"
        practice.business_id = "1234567-1"
        practice.email = "tyonohjaus@example.fi"
        practice.phone = "+358 40 123 4567"
        practice.address = "Esimerkkikatu 1\n00100 Helsinki"
        practice.linkedin_url = "https://www.linkedin.com/"
        practice.privacy_page = privacy
        practice.save()

    return home


@transaction.atomic
def seed_contact(home):
    """The enquiry form comes last, so it is also the last item in the menu."""
    services = ServiceIndexPage.objects.child_of(home).get()
    service_choices = "\n".join([page.title for page in services.get_children()] + ["Muu asia"])
    contact, _created = ensure_page(
        home,
        ContactPage,
        "ota-yhteytta",
        title="Kysy tarjousta / ota yhteyttä",
        lead="Kysy tarjousta työnohjauksesta, koulutuksesta tai luennosta – vastaan yleensä kahden arkipäivän kuluessa.",
        subject="Yhteydenotto verkkosivuilta",
        # The page's heading already thanks the sender.
        thank_you_text="<p>Vastaan sinulle mahdollisimman pian, yleensä kahden arkipäivän kuluessa.</p>",
        show_in_menus=True,
        form_fields=[
            ContactFormField(
                sort_order=order,
                label=label,
                field_type=field_type,
                required=required,
                help_text=help_text,
                choices=service_choices if field_type == "dropdown" else "",
            )
            for order, (label, field_type, required, help_text) in enumerate(CONTACT_FIELDS)
        ],
    )
    return contact


# The practitioner in person (issue 13): the brand, the trainer of the demo trainings and the author
# of the demo publications are this one person.

PRACTITIONER_NAME = "Päivi Hämäläinen"
OLD_DEMO_PRACTICE_NAME = "Työnohjaus ja koulutus"
INTRODUCTORY_CALL = "Maksuton tutustumiskeskustelu"

PERSON = {
    "name": PRACTITIONER_NAME,
    "role": "Työnohjaaja (STOry) ja kouluttaja",
    "portrait_alt": "Piirroskuva Päivi Hämäläisestä: ruskea polkkatukka, vihreä neule ja lämmin hymy.",
    "introduction": "Olen koulutettu työnohjaaja ja kouluttaja. Tuen työntekijöitä, työryhmiä ja "
    "työyhteisöjä työn tutkimisessa, jäsentämisessä ja kehittämisessä – luottamuksellisesti ja dialogisesti.\n\n"
    "Työnohjauksessani ovat olleet muun muassa perhehoidon sijaisvanhemmat, lastensuojelun ja perheneuvoloiden "
    "työryhmät, koulukuraattorit ja koulupsykologit sekä mielenterveyskuntoutuksen työryhmät.",
    "credentials": "Työnohjaajakoulutus (Suomen Työnohjaajat ry:n kriteerit täyttävä)\n"
    "Suomen Työnohjaajat ry:n jäsen\n"
    "Sosiaalityöntekijä (YTM)\n"
    "Dialogisten menetelmien kouluttaja",
    # ORCID's own documented example iD: the practitioner enters theirs in Settings → People.
    "orcid": "0000-0002-1825-0097",
}

TESTIMONIALS = [
    {
        "quote": "Työnohjaus antoi tiimillemme yhteisen kielen vaikeiden asiakastilanteiden käsittelyyn. "
        "Lähdimme tapaamisista aina vähän kevyempinä.",
        "role": "Tiimin esihenkilö",
        "organisation": "lastensuojelun avohuolto",
    },
    {
        "quote": "Päivi kuuntelee tarkasti ja kysyy juuri ne kysymykset, joita emme itse osanneet kysyä.",
        "role": "Koulukuraattori",
        "organisation": "yläkoulun oppilashuoltoryhmä",
    },
    {
        "quote": "Koulutuspäivien jälkeen dialogisuus ei jäänyt teoriaksi: kokeilimme sitä heti perhetyön arjessa.",
        "role": "Perhetyöntekijä",
        "organisation": "perhekeskus",
    },
]
TESTIMONIAL_PERMISSION = "Demosisältö: kirjaa tähän, miten ja milloin asiakas antoi luvan."

SUPERVISION_PRICES = {
    "heading": "Hinnasto",
    "prices": [
        {"item": INTRODUCTORY_CALL, "duration": "30 min", "price": Decimal("0"), "unit": ""},
        {"item": "Yksilötyönohjaus", "duration": "60 min", "price": Decimal("110"), "unit": "kerta"},
        {
            "item": "Ryhmätyönohjaus (2–8 henkeä)",
            "duration": "90 min",
            "price": Decimal("190"),
            "unit": "kerta",
        },
        {"item": "Työyhteisötyönohjaus", "duration": "90–120 min", "price": Decimal("240"), "unit": "kerta"},
        {"item": "Kriisityönohjaus", "duration": "1,5–3 h", "price": None, "unit": ""},
    ],
    "vat_note": "Hinnat sisältävät arvonlisäveron 25,5 %.",
    "note": "Matkakuluista sovitaan erikseen. Tapaamisen voi perua maksutta viimeistään kaksi arkipäivää ennen.",
}
CONSULTING_PRICES = {
    "heading": "Hinnasto",
    "prices": [
        {"item": "Konsultaatiotapaaminen", "duration": "90 min", "price": Decimal("220"), "unit": "kerta"},
        {
            "item": "Puhelin- tai etäkonsultaatio",
            "duration": "30 min",
            "price": Decimal("70"),
            "unit": "kerta",
        },
    ],
    "vat_note": "Hinnat sisältävät arvonlisäveron 25,5 %.",
    "note": "",
}


def ensure_person(locale, fields, portrait=None):
    from .models import Person

    person = Person.objects.filter(locale=locale, name=fields["name"]).first()
    if person is None:
        person = Person(locale=locale, portrait=portrait, **fields)
        person.full_clean()
        person.save()
    return person


def demo_portrait():
    """The demo's portrait, drawn by home/demo_images.py, stored once as a Wagtail image."""
    from django.core.files.images import ImageFile
    from wagtail.images import get_image_model

    from .demo_images import portrait

    Image = get_image_model()
    title = f"{PRACTITIONER_NAME} (piirroskuva)"
    image = Image.objects.filter(title=title).first()
    if image is None:
        image = Image(title=title, description=PERSON["portrait_alt"])
        image.file = ImageFile(io.BytesIO(portrait()), name="paivi-hamalainen.jpg")
        image.save()
        # The home page's sizes (templates/home/home_page.html), made now rather than by its first visitor.
        image.get_renditions(
            *(
                f"format-{kind}|fill-{size}-c100"
                for kind in ("avif", "webp", "jpeg")
                for size in ("240x300", "360x450", "480x600")
            )
        )
    return image


def append_block(page, block_type, value):
    """Add a block to the end of `page`'s body once, and never over an editor's draft."""
    if page.has_unpublished_changes or any(block.block_type == block_type for block in page.body):
        return False
    page.body.append((block_type, value))
    page.save_revision().publish()
    return True


def testimonial_value(testimonials):
    return {"heading": "", "testimonials": testimonials}


@transaction.atomic
def seed_person(home, stdout=None):
    """The practitioner, their testimonials, the home page's call to action and the price lists."""
    from .models import HomePageTestimonial, Testimonial

    say = stdout.write if stdout else (lambda message: None)
    site = Site.objects.get(is_default_site=True)
    practice = PracticeSettings.for_site(site)
    if practice.person_id is None:
        practice.person = ensure_person(home.locale, PERSON, portrait=demo_portrait())
        if practice.name in ("", OLD_DEMO_PRACTICE_NAME):
            practice.name = PRACTITIONER_NAME
        practice.save()
        say(f"Introduced {PRACTITIONER_NAME} in Settings → Practice.")

    testimonials = []
    for fields in TESTIMONIALS:
        testimonial = Testimonial.objects.filter(locale=home.locale, quote=fields["quote"]).first()
        if testimonial is None:
            testimonial = Testimonial.objects.create(
                locale=home.locale, permission_given=True, permission_record=TESTIMONIAL_PERMISSION, **fields
            )
        testimonials.append(testimonial)

    home = HomePage.objects.get(pk=home.pk)  # the caller's copy predates the pages added under it
    if not home.cta_label and not home.has_unpublished_changes:
        home.cta_label = "Varaa maksuton tutustumiskeskustelu"
        home.cta_service = INTRODUCTORY_CALL
        home.cta_note = "30 minuuttia puhelimessa tai verkossa – ei sitoumuksia."
        home.testimonials_heading = "Asiakkaiden kokemuksia"
        home.testimonials = [
            HomePageTestimonial(testimonial=testimonial, sort_order=order)
            for order, testimonial in enumerate(testimonials)
        ]
        home.save_revision().publish()
        say("Added the call to action and testimonials to the home page.")

    supervision = SupervisionPage.objects.child_of(ServiceIndexPage.objects.child_of(home).first()).first()
    if supervision is not None:
        append_block(supervision, "price_list", SUPERVISION_PRICES)
        supervision = SupervisionPage.objects.get(pk=supervision.pk)
        append_block(supervision, "testimonials", testimonial_value(testimonials[:2]))
    consulting = ServicePage.objects.descendant_of(home).filter(slug="konsultointi").first()
    if consulting is not None:
        append_block(consulting, "price_list", CONSULTING_PRICES)
    return practice.person


@transaction.atomic
def offer_introductory_call(home):
    """The contact form's Service list offers the free introductory call the home page leads to."""
    contact = ContactPage.objects.child_of(home).first()
    if contact is None or contact.has_unpublished_changes:
        return
    contact = contact.get_latest_revision_as_object()
    fields = list(contact.form_fields.all())
    for field in fields:
        if field.field_type == "dropdown" and field.clean_name == "palvelu":
            choices = [choice.strip() for choice in field.choices.splitlines() if choice.strip()]
            if INTRODUCTORY_CALL in choices:
                return
            field.choices = "\n".join([INTRODUCTORY_CALL, *choices])
    contact.form_fields = fields
    contact.save_revision().publish()
