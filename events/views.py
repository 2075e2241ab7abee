"""The extra routes of event pages: each validates, calls a service and renders."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from home.client_address import client_address
from home.forms import HONEYPOT_FIELD
from home.rate_limits import FormPosts

from . import services
from .forms import LectureRequestForm, RegistrationForm
from .ical import build_calendar, calendar_domain
from .models import EventPage, Registration

SESSION_KEY = "events_registrations"


def form_posts(request, form) -> FormPosts:
    return FormPosts(form, client_address(request))


def is_bot(form) -> bool:
    return form.has_error(HONEYPOT_FIELD, code="honeypot")


def render(request, template, context, status=200):
    response = TemplateResponse(request, template, context, status=status)
    add_never_cache_headers(response)
    return response


def rate_limited_response(request, page):
    return render(request, "events/rate_limited.html", {"page": page}, status=429)


def register(request, page):
    event = page
    form = None
    if request.method == "POST":
        posts = form_posts(request, "register")
        if posts.address_exceeded():
            return rate_limited_response(request, event)
        form = RegistrationForm(request.POST, page=event, request=request)
        if is_bot(form):
            posts.suspected()
        elif form.is_valid():
            email = form.cleaned_data["email"]
            if posts.email_exceeded(email):
                return rate_limited_response(request, event)
            try:
                registration = services.register(event, **form.registration_details())
            except services.RegistrationError as error:
                form.add_error(None, error.message)
            else:
                posts.accepted(email)
                tokens = request.session.get(SESSION_KEY, {})
                tokens[str(event.pk)] = registration.token
                request.session[SESSION_KEY] = tokens
                return redirect(event.url + event.reverse_subpage("registered"))
    refusal = services.registration_refusal(event)
    if form is None and not refusal:
        form = RegistrationForm(page=event, request=request)
    return render(
        request,
        "events/register.html",
        {
            "page": event,
            "self": event,
            "form": form,
            "refusal": refusal,
            "joins_waiting_list": event.is_full and event.waiting_list,
        },
    )


def registered(request, page):
    token = request.session.get(SESSION_KEY, {}).get(str(page.pk))
    registration = token and Registration.objects.filter(token=token, event_id=page.pk).first()
    if not registration:
        return redirect(page.url)
    return render(
        request, "events/registered.html", {"page": page, "self": page, "registration": registration}
    )


def cancel(request, page, token):
    registration = Registration.objects.filter(
        token=token, event_id=page.pk, anonymised_at__isnull=True
    ).first()
    if registration is None:
        return render(request, "events/cancel_not_found.html", {"page": page, "self": page}, status=404)
    error = ""
    if request.method == "POST":
        posts = form_posts(request, "cancel")
        if posts.address_exceeded():
            return rate_limited_response(request, page)
        try:
            registration = services.cancel(registration)
        except services.RegistrationError as refusal:
            error = refusal.message
        else:
            posts.accepted()
            return render(
                request, "events/cancelled.html", {"page": page, "self": page, "registration": registration}
            )
    elif registration.status == Registration.Status.CANCELLED:
        error = _("This registration has already been cancelled.")
    return render(
        request,
        "events/cancel.html",
        {"page": page, "self": page, "registration": registration, "error": error},
    )


def calendar_response(content, filename, *, attachment):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def event_calendar(request, page):
    if page.starts_at is None:
        raise Http404
    content = build_calendar([page], domain=calendar_domain(page), request=request)
    return calendar_response(content, f"{page.slug}.ics", attachment=True)


def calendar_feed(request, index_page):
    events = (
        EventPage.objects.child_of(index_page)
        .live()
        .public()
        .upcoming()
        .defer_streamfields()
        .prefetch_related("sessions")
    )
    content = build_calendar(
        events, name=index_page.title, domain=calendar_domain(index_page), request=request
    )
    return calendar_response(content, f"{index_page.slug}.ics", attachment=False)


def lecture_request(request, page):
    if not page.is_on_request:
        raise Http404
    if request.method == "POST":
        posts = form_posts(request, "lecture-request")
        if posts.address_exceeded():
            return rate_limited_response(request, page)
        form = LectureRequestForm(request.POST, page=page, request=request)
        if is_bot(form):
            posts.suspected()
        elif form.is_valid():
            email = form.cleaned_data["email"]
            if posts.email_exceeded(email):
                return rate_limited_response(request, page)
            try:
                services.request_lecture(page, **form.request_details())
            except services.RegistrationError as error:
                form.add_error(None, error.message)
            else:
                posts.accepted(email)
                return redirect(page.url + page.reverse_subpage("requested"))
    else:
        form = LectureRequestForm(page=page, request=request)
    return render(request, "events/lecture_request.html", {"page": page, "self": page, "form": form})


def lecture_requested(request, page):
    return render(request, "events/lecture_requested.html", {"page": page, "self": page})
