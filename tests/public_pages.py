"""Every public page type of the site, for the checks that must cover all of them: the Nu HTML
Checker, axe-core at phone and desktop widths, and the SQL query budget.

A new page type is one line in PUBLIC_PAGES. `page_type` picks the first live Finnish page of that
model in the demo site (so the demo must have one); `path` is a fixed URL; `suffix` is appended to
the page's URL (RoutablePageMixin routes such as "ilmoittaudu/"); `submit_empty` sends the page's
form empty, to check the page that shows the errors.
"""

from dataclasses import dataclass

from django.apps import apps

# The most SQL queries any public page may make when it is not served from the page cache and every
# cache is empty, however many items the site holds.
QUERY_BUDGET = 20


@dataclass(frozen=True)
class PublicPage:
    name: str
    page_type: str = ""
    path: str = ""
    suffix: str = ""
    status: int = 200
    submit_empty: bool = False

    def url(self) -> str:
        if self.path:
            return self.path
        model = apps.get_model(self.page_type)
        page = model.objects.live().filter(locale__language_code="fi").order_by("path").first()
        if page is None:
            raise LookupError(f"The demo site has no live {self.page_type}: seed_demo should create one.")
        return page.get_url() + self.suffix

    def __str__(self):
        return self.name


PUBLIC_PAGES = [
    PublicPage("home", path="/"),
    PublicPage("service index", page_type="home.ServiceIndexPage"),
    PublicPage("service", page_type="home.ServicePage"),
    PublicPage("supervision", page_type="home.SupervisionPage"),
    PublicPage("supervision form", page_type="home.SupervisionFormPage"),
    PublicPage("standard", page_type="home.StandardPage"),
    PublicPage("privacy policy", page_type="home.PrivacyPolicyPage"),
    PublicPage("contact", page_type="home.ContactPage"),
    PublicPage("contact with errors", page_type="home.ContactPage", submit_empty=True),
    PublicPage("search", path="/haku/"),
    PublicPage("search results", path="/haku/?q=ty%C3%B6nohjaus"),  # the most common word
    PublicPage("search results, rare word", path="/haku/?q=vaitiolovelvollisuus"),
    PublicPage("not found", path="/ei-tallaista-sivua/", status=404),
    # Events (issue 3)
    PublicPage("event index", page_type="events.EventIndexPage"),
    PublicPage("event archive", page_type="events.EventIndexPage", suffix="menneet/"),
    PublicPage("training", page_type="events.TrainingPage"),
    PublicPage("lecture", page_type="events.LecturePage"),
    PublicPage("lecture topic", path="/koulutukset-ja-luennot/dialoginen-asiakastyo-luento/"),
    PublicPage("registration form", page_type="events.TrainingPage", suffix="ilmoittaudu/"),
    PublicPage(
        "registration form with errors",
        page_type="events.TrainingPage",
        suffix="ilmoittaudu/",
        submit_empty=True,
    ),
    PublicPage("lecture request form", path="/koulutukset-ja-luennot/dialoginen-asiakastyo-luento/tilaa/"),
    PublicPage(
        "lecture request form with errors",
        path="/koulutukset-ja-luennot/dialoginen-asiakastyo-luento/tilaa/",
        submit_empty=True,
    ),
    PublicPage(
        "lecture request sent", path="/koulutukset-ja-luennot/dialoginen-asiakastyo-luento/tilaa/kiitos/"
    ),
    PublicPage(
        "cancel link not found", page_type="events.TrainingPage", suffix="peru/tuntematon/", status=404
    ),
    PublicPage("service page listing lectures", path="/palvelut/luennot/"),
    # The confirmation, cancel and cancelled pages need a registration: tests/browser/test_events.py
    # checks them with axe at both widths.
    # Publications (issue 4)
    PublicPage("publication archive", page_type="publications.PublicationIndexPage"),
    PublicPage(
        "publication archive, filtered", path="/julkaisut/?tyyppi=esitelma&vuosi=2024&aihe=dialogisuus"
    ),
    PublicPage("publication archive, no matches", path="/julkaisut/?q=kvanttifysiikka"),
    PublicPage("publication archive, free text", path="/julkaisut/?q=ty%C3%B6nohjaus"),
    PublicPage("publication archive, unknown filter ignored", path="/julkaisut/?vuosi=abc&tyyppi=runo"),
    PublicPage("publication", page_type="publications.PublicationPage"),
    # English (issue 13): the main pages, translated; the rest of the site is in Finnish only.
    PublicPage("home, English", path="/en/"),
    PublicPage("service index, English", path="/en/services/"),
    PublicPage("service, English", path="/en/services/consulting/"),
    PublicPage("supervision, English", path="/en/services/work-supervision/"),
    PublicPage("supervision form, English", path="/en/services/work-supervision/group-supervision/"),
    PublicPage("event index, English", path="/en/trainings-and-lectures/"),
    PublicPage("contact, English", path="/en/contact/"),
    PublicPage("contact with errors, English", path="/en/contact/", submit_empty=True),
    PublicPage("privacy, English", path="/en/privacy-policy/"),
]
