"""What kinds of result the site search lists, without the search app importing the apps that have them.

An app registers its page types in its AppConfig.ready():

    from search.kinds import ResultKind, register_result_kind
    register_result_kind(ResultKind("julkaisut", _("Publications"), ("publications.PublicationPage",),
                                    date=lambda page: page.sort_date, year_only=True, order=30))

Every other page is a plain "page". The name is stored in the index and is the value of the search
page's `tyyppi` filter; a kind's results are labelled with their page type's name and the date.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ResultKind:
    name: str
    label: str  # the filter's label, plural
    models: tuple[str, ...] = ()  # "app_label.ModelName" of its page types
    date: Callable | None = None  # the specific page → the date shown with it (or None)
    year_only: bool = False
    order: int = 50
    item_label: str | None = None  # each result's label; None: its page type's name


PAGES = ResultKind("sivut", _("Pages"), order=10, item_label=_("Page"))
_kinds: dict[str, ResultKind] = {PAGES.name: PAGES}


def register_result_kind(kind: ResultKind) -> None:
    _kinds[kind.name] = kind


def result_kinds() -> list[ResultKind]:
    return sorted(_kinds.values(), key=lambda kind: kind.order)


def kind_named(name: str) -> ResultKind | None:
    return _kinds.get(name)


def kind_of(page) -> ResultKind:
    label = page._meta.label
    for kind in _kinds.values():
        if label in kind.models:
            return kind
    return PAGES
