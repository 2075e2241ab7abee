"""schema.org JSON-LD for the practitioner (the home page), as a data block the CSP leaves alone."""

import json

from django.utils.html import format_html
from django.utils.safestring import mark_safe


def json_ld_script(data):
    """A <script type="application/ld+json"> data block; <, > and & are escaped like json_script does."""
    text = json.dumps(data, ensure_ascii=False).translate(
        {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
    )
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def person_json_ld(person, practice=None, url="", image_url=""):
    """schema.org Person: name, role, introduction, portrait and the profiles that are the same
    person elsewhere (ORCID first, then the practice's social media)."""
    data = {"@context": "https://schema.org", "@type": "Person", "name": person.name}
    if person.role:
        data["jobTitle"] = person.role
    if person.introduction:
        data["description"] = person.introduction
    if url:
        data["url"] = url
    if image_url:
        data["image"] = image_url
    same_as = [person.orcid_url] if person.orcid_url else []
    if practice is not None:
        same_as += [link for _label, link in practice.social_links]
    if same_as:
        data["sameAs"] = same_as
    if practice is not None and practice.name and practice.name != person.name:
        data["worksFor"] = {"@type": "Organization", "name": practice.name}
    return data
