"""The demo's English pages: translations of the Finnish demo pages, linked to them (the same
`translation_key`), so the language switcher goes from each page to its translation.

Idempotent, like the rest of the demo: a page that already has its English translation is left as it
is. Pages without a translation (the trainings themselves, the publications) exist in Finnish only,
and the English menu lists English pages only."""

from decimal import Decimal

from django.db import transaction
from wagtail.models import Locale

from .demo import PERSON, PRACTITIONER_NAME, TESTIMONIALS, bullets, paragraph
from .models import (
    ContactFormField,
    ContactPage,
    PracticeSettings,
    PrivacyPolicyPage,
    ServiceIndexPage,
    Testimonial,
)

INTRODUCTORY_CALL_EN = "Free introductory call"

HOME = {
    "slug": "home",
    "title": "Work supervision, training and development",
    "lead": "Work supervision, training, development projects, consulting and lectures for professionals "
    "and work communities in social services, health care and education.",
    "seo_title": "Work supervision, training and lectures",
    "search_description": "Work supervision, training, development projects, consulting and lectures for "
    "professionals and work communities in social services, health care and education.",
    "services_heading": "Services",
    "cta_label": "Book a free introductory call",
    "cta_service": INTRODUCTORY_CALL_EN,
    "cta_note": "30 minutes by phone or video – no commitment.",
    "testimonials_heading": "What clients say",
    "body": [],
}

PERSON_EN = {
    "name": PRACTITIONER_NAME,
    "role": "Work supervisor (STOry) and trainer",
    "portrait_alt": "An illustration of Päivi Hämäläinen: brown bob, green sweater and a warm smile.",
    "introduction": "I am a trained work supervisor and trainer. I support employees, teams and work "
    "communities in examining, structuring and developing their work – confidentially and in dialogue.\n\n"
    "I have supervised, among others, foster parents, child welfare and family counselling teams, school "
    "social workers and psychologists, and mental health rehabilitation teams. Supervision is available in "
    "Finnish and in English.",
    "credentials": "Work supervisor training (meeting the criteria of Suomen Työnohjaajat ry, the Finnish "
    "association of work supervisors)\n"
    "Member of Suomen Työnohjaajat ry\n"
    "Social worker (Master of Social Sciences)\n"
    "Trainer in dialogical methods",
    "orcid": PERSON["orcid"],
}

TESTIMONIALS_EN = [
    "Work supervision gave our team a shared language for difficult client situations. We always left the "
    "sessions a little lighter.",
    "Päivi listens carefully and asks exactly the questions we did not know how to ask ourselves.",
    "After the training days, dialogue did not stay a theory: we tried it straight away in our family work.",
]
TESTIMONIAL_ROLES_EN = [
    ("Team leader", "child welfare community services"),
    ("School social worker", "a secondary school's pupil welfare team"),
    ("Family worker", "a family centre"),
]

SUPERVISION_BODY = (
    paragraph(
        "Work supervision is the examination, awareness and structuring of questions and interaction related "
        "to client work, the work community and work roles. In supervision we discuss and reflect together on "
        "the work-related matters that the participants bring up and want to deal with.",
        "Work supervision promotes employees’ professional growth, readiness for cooperation, clarity of work "
        "roles and wellbeing at work. In client work supervision we reflect on interaction and cooperation "
        "in dialogue, and hearing the client as a genuine partner is emphasised.",
    )
    + [
        (
            "quote",
            {
                "text": "Work supervision is examining, evaluating and developing one’s own work with the help of "
                "a trained work supervisor. It is interpreting and structuring together the questions, "
                "experiences and feelings related to work, the work community and one’s own work role.",
                "attribution": "Suomen Työnohjaajat ry (the Finnish association of work supervisors)",
            },
        )
    ]
    + paragraph(
        "Work supervision is a goal-oriented process based on confidentiality. Its aim is professional growth, "
        "attention to wellbeing at work, and learning and insight about oneself as a person and a professional. "
        "The key tool of supervision is the interaction between the supervisor and those supervised: they are "
        "the experts in their own work, and the supervisor guides the process.",
        "Work supervision can prevent conflicts, help resolve them and share the emotional load of client "
        "work – and above all it gives employees a confidential, goal-oriented process in which to develop "
        "and get to know themselves better.",
    )
    + bullets(
        "The goals of work supervision can include",
        [
            "Strengthening how the work community functions and interacts",
            "Clarifying professional identity and work roles",
            "Meeting and hearing clients respectfully",
            "Improving problem-solving skills",
            "Continuous reflection on the content and practice of one’s own work",
            "Making work more meaningful",
            "Building professional skills and command of working methods",
            "Supporting wellbeing at work",
        ],
    )
    + [
        (
            "price_list",
            {
                "heading": "Prices",
                "prices": [
                    {"item": INTRODUCTORY_CALL_EN, "duration": "30 min", "price": Decimal("0"), "unit": ""},
                    {
                        "item": "Individual supervision",
                        "duration": "60 min",
                        "price": Decimal("110"),
                        "unit": "session",
                    },
                    {
                        "item": "Group supervision (2–8 people)",
                        "duration": "90 min",
                        "price": Decimal("190"),
                        "unit": "session",
                    },
                    {
                        "item": "Work community supervision",
                        "duration": "90–120 min",
                        "price": Decimal("240"),
                        "unit": "session",
                    },
                    {"item": "Crisis supervision", "duration": "1.5–3 h", "price": None, "unit": ""},
                ],
                "vat_note": "Prices include VAT at 25.5 %.",
                "note": "Travel costs are agreed separately. A session can be cancelled free of charge up to two "
                "working days before.",
            },
        )
    ]
)

SUPERVISION_FORMS = {
    "yksilotyonohjaus": {
        "slug": "individual-supervision",
        "title": "Individual supervision",
        "lead": "Reflecting on your work and work situations personally and confidentially with someone from "
        "outside your organisation.",
        "audience": "Employees, managers and entrepreneurs who want to reflect on their work and professional "
        "growth one to one.",
        "body": paragraph(
            "Individual supervision approaches a person’s goals by strengthening the resources they already have. "
            "Supervision brings your own strengths into awareness and puts them to work on your goals and the "
            "things you want to develop.",
            "Recognising and naming your own feelings is also central: it deepens understanding of how you act in "
            "different situations and gives you ways to act more consciously in future. The aim is to clarify "
            "professional skills and the core task, increase motivation and wellbeing at work, and prevent "
            "exhaustion, stress and routine.",
            "Supervision helps you see the demands of your work and how your knowledge and skills relate to them. "
            "It gives you the chance to grow professionally and to evaluate your development, clarifying and "
            "improving your everyday work.",
        ),
    },
    "ryhmatyonohjaus": {
        "slug": "group-supervision",
        "title": "Group supervision",
        "lead": "Goal-oriented exploration of alternative viewpoints and solutions in dialogue with others.",
        "audience": "Teams, employees of different units of the same workplace, or part of a work community.",
        "body": paragraph(
            "Working in a group lets you look at your own work, and the background factors that affect it, more "
            "broadly, drawing on the other participants’ perspectives.",
            "The group can be a team, employees of different units of the same workplace or part of a work "
            "community. Group supervision is confidential, and every member of the group is bound to secrecy "
            "about what is discussed in it.",
            "The goals and content come from the participants. They can include, for example, looking at client "
            "relationships or group dynamics, or sharing and discussing one’s own approach to work. Besides the "
            "group’s goals, each member sets personal goals.",
        ),
    },
    "tyoyhteisotyonohjaus": {
        "slug": "work-community-supervision",
        "title": "Work community supervision",
        "lead": "A supervision process for a whole work community or team, with its manager taking part in the "
        "meetings.",
        "audience": "A whole work community or team with its manager, for example during change.",
        "body": paragraph(
            "Work community supervision aims at a better understanding of how the unit works and at making it "
            "work better, by dealing with cooperation and the skills of working together.",
            "Sharing experiences and professional knowledge builds trust within the work community, and the goals "
            "of the work and the different roles in it become clearer. When employees cope better and commit to "
            "the core task of their work community, their individual understanding of the work grows too.",
            "In work community supervision the supervisor and the manager of the community work closely together. "
            "It can be used, for example, in times of change to strengthen cooperation in relation to the core "
            "task.",
        ),
    },
    "kriisityonohjaus": {
        "slug": "crisis-supervision",
        "title": "Crisis supervision",
        "lead": "Short-term supervision for acute, stressful situations in which the ability to work and "
        "function is temporarily threatened.",
        "audience": "An employee or a work community facing, for example, a threatening client situation, "
        "redundancies or a sudden change. Can be individual or group supervision.",
        "body": paragraph(
            "Crisis supervision focuses on acute, stressful situations in which an employee’s or a work "
            "community’s ability to work and function is temporarily threatened, such as threatening client "
            "situations, redundancies or sudden changes.",
            "It deals with problems, challenges and stress factors arising from the work or the work community: "
            "a demanding client situation, an acute change, relationships at the workplace, missing teamwork "
            "skills, unclear ground rules or problems with team spirit.",
            "Crisis supervision is a shorter process than regular supervision. The need for it and how it is "
            "carried out are agreed together by the supervisor and the client organisation. It focuses on "
            "maintaining the ability to work, managing the stressful situation, drawing on one’s own resources "
            "and taking up tools that reduce strain and stress.",
        ),
    },
}

SERVICES = {
    "koulutukset": (
        "trainings",
        "Trainings",
        "Trainings for work communities and professionals on interaction, dialogue and wellbeing at work.",
        "Trainings are planned to meet the client’s needs, from a short afternoon session to programmes of "
        "several days. The open trainings are held in Finnish; trainings in English are available on request.",
    ),
    "kehittamishankkeet": (
        "development-projects",
        "Development projects",
        "Developing work communities and services together with staff and clients.",
        "In development projects I support work communities in renewing their ways of working, strengthening "
        "client orientation and carrying change through. Projects are built together with the client, with "
        "clear goals and evaluation.",
    ),
    "konsultointi": (
        "consulting",
        "Consulting",
        "Expert support for managers and teams in demanding client situations and times of change.",
        "A consultation can be a single meeting or a short process in which we reflect together on a "
        "demanding client situation, how a team works or an upcoming change.",
    ),
    "luennot": (
        "lectures",
        "Lectures",
        "Lectures and talks for seminars, staff days and training events.",
        "Lecture topics include dialogical client work, the importance of work supervision for wellbeing at "
        "work, and cooperation in child welfare teams. A lecture can be booked for your own event.",
    ),
    "esitelmat-ja-julkaisut": (
        "talks-and-publications",
        "Talks and publications",
        "Articles, writings and seminar talks on work supervision and client work.",
        "Most of the articles, talks and other writings are in Finnish.",
    ),
}

CONSULTING_PRICES = {
    "heading": "Prices",
    "prices": [
        {"item": "Consultation meeting", "duration": "90 min", "price": Decimal("220"), "unit": "session"},
        {
            "item": "Phone or video consultation",
            "duration": "30 min",
            "price": Decimal("70"),
            "unit": "session",
        },
    ],
    "vat_note": "Prices include VAT at 25.5 %.",
    "note": "",
}

# The policy itself is the page type's template (translated in the catalogues); the page adds nothing.
PRIVACY = {
    "slug": "privacy-policy",
    "title": "Privacy policy",
    "lead": "How we handle the personal data sent through this website.",
    "body": [],
}

CONTACT = {
    "slug": "contact",
    "title": "Ask for an offer / get in touch",
    "lead": "Ask for an offer for work supervision, a training or a lecture – I usually reply within two working "
    "days.",
    "privacy_notice": "Please do not send data about clients or other sensitive data with the form.",
    "thank_you_text": "<p>Thank you for your message! I will reply as soon as possible.</p>",
    "subject": "Enquiry from the website (English)",
}
CONTACT_FIELDS = [
    # label, type, required, help text, clean name (the Finnish form's, so ?palvelu= works in both)
    ("Name", "singleline", True, "", "nimi"),
    ("Email", "email", True, "", "sahkoposti"),
    ("Phone", "singleline", False, "", "puhelin"),
    ("Organisation", "singleline", False, "", "organisaatio"),
    ("Service", "dropdown", False, "", "palvelu"),
    (
        "Message",
        "multiline",
        True,
        "Tell briefly what you are interested in. Please do not write client data.",
        "viesti",
    ),
]

EVENTS = {
    "slug": "trainings-and-lectures",
    "title": "Trainings and lectures",
    "lead": "Open trainings and lectures, and lecture topics that can be booked for your own event.",
}


def translate(page, locale, **fields):
    """The translation of `page` into `locale`, created and published with `fields` when missing."""
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific, False
    translation = page.copy_for_translation(locale).specific
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save()
    translation.save_revision().publish()
    return translation, True


@transaction.atomic
def seed_english(home, stdout=None):
    say = stdout.write if stdout else (lambda message: None)
    en = Locale.objects.get(language_code="en")
    home = home.specific
    home_en, created = translate(home, en, **HOME)
    if created:
        say("Created the English home page.")

    practice = PracticeSettings.for_site(home.get_site())
    if practice.person_id and not practice.person.get_translation_or_none(en):
        translation = practice.person.copy_for_translation(en)
        for name, value in PERSON_EN.items():
            setattr(translation, name, value)
        translation.save()
    for finnish, quote, (role, organisation) in zip(
        TESTIMONIALS, TESTIMONIALS_EN, TESTIMONIAL_ROLES_EN, strict=True
    ):
        testimonial = Testimonial.objects.filter(locale=home.locale, quote=finnish["quote"]).first()
        if testimonial is not None and not testimonial.get_translation_or_none(en):
            translation = testimonial.copy_for_translation(en)
            translation.quote, translation.role, translation.organisation = quote, role, organisation
            translation.save()

    services = ServiceIndexPage.objects.child_of(home).first()
    if services is not None:
        services_en, _created = translate(
            services,
            en,
            slug="services",
            title="Services",
            lead="Work supervision, trainings, development projects, consulting, lectures and publications.",
            body=[],
        )
        for child in services.get_children().specific():
            if child.slug == "tyonohjaus":
                supervision_en, _created = translate(
                    child,
                    en,
                    slug="work-supervision",
                    title="Work supervision",
                    lead="Work supervision is examining, evaluating and developing one’s own work with the help of "
                    "a trained work supervisor.",
                    body=SUPERVISION_BODY,
                    # The groups supervised are names of Finnish teams, kept on the Finnish page.
                    groups_heading="",
                    supervised_groups=[],
                )
                for form in child.get_children().specific():
                    if form.slug in SUPERVISION_FORMS:
                        translate(form, en, **SUPERVISION_FORMS[form.slug])
            elif child.slug in SERVICES:
                slug, title, lead, text = SERVICES[child.slug]
                body = paragraph(text)
                if child.slug == "konsultointi":
                    body += [("price_list", CONSULTING_PRICES)]
                translate(child, en, slug=slug, title=title, lead=lead, body=body)

    privacy = PrivacyPolicyPage.objects.child_of(home).first()
    if privacy is not None:
        translate(privacy, en, **PRIVACY)

    seed_english_events(home, en)

    contact = ContactPage.objects.child_of(home).first()
    if contact is not None and not contact.get_translation_or_none(en):
        services_en = ServiceIndexPage.objects.child_of(home_en).first()
        titles = [page.title for page in services_en.get_children()] if services_en else []
        choices = "\n".join([INTRODUCTORY_CALL_EN, *titles, "Something else"])
        translate(
            contact,
            en,
            **CONTACT,
            form_fields=[
                ContactFormField(
                    sort_order=order,
                    label=label,
                    field_type=field_type,
                    required=required,
                    help_text=help_text,
                    clean_name=clean_name,
                    choices=choices if field_type == "dropdown" else "",
                )
                for order, (label, field_type, required, help_text, clean_name) in enumerate(CONTACT_FIELDS)
            ],
        )
    return home_en


def seed_english_events(home, en):
    """The trainings index in English: the trainings are taught in Finnish, so it says so and links
    to the Finnish page rather than listing Finnish events under English labels."""
    from django.apps import apps

    if not apps.is_installed("events"):
        return
    EventIndexPage = apps.get_model("events", "EventIndexPage")
    index = EventIndexPage.objects.child_of(home).first()
    if index is None:
        return
    translate(
        index,
        en,
        **EVENTS,
        trainings_page=None,
        lectures_page=None,
        body=paragraph(
            "The open trainings and lectures are taught in Finnish, and their dates and registration are on the "
            # A plain link: a page link in rich text would lead to this page's own translation.
            f'<a href="{index.url}">Finnish page</a>. In English, I give lectures and workshops '
            "for your organisation on request – ask for an offer."
        ),
    )
