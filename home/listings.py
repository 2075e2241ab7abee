"""What other apps show on the home page, without home importing them.

An app registers a function in its AppConfig.ready():

    from home.listings import register_home_listing
    register_home_listing("upcoming_events", upcoming_events, order=20)

`HomePage.get_context` then puts `function(home_page, request)` into the context under that name,
in `order`. Apps that are not installed add nothing, and the home page template shows only what it
gets.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class HomeListing:
    name: str
    build: Callable
    order: int


_listings: dict[str, HomeListing] = {}


def register_home_listing(name: str, build: Callable, *, order: int = 50) -> None:
    _listings[name] = HomeListing(name, build, order)


def home_listings(home_page, request) -> dict:
    return {
        listing.name: listing.build(home_page, request)
        for listing in sorted(_listings.values(), key=lambda listing: listing.order)
    }
