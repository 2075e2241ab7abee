"""Bulk data generators for throwaway sites: `make bench`, `make bench-archive` and the query-count
tests (`from scripts.bulk_data.events import bulk_create_events`, `from scripts.bulk_data.publications
import bulk_create_publications`). They write rows directly, without revisions or signals."""


def bulk_create_page_rows(parent, specs, content_type_for, now):
    """The wagtailcore_page rows of live children of `parent`, one per spec (each with a "number" for
    its tree path, a "title" and a "slug"), in one INSERT."""
    from wagtail.models import Page

    depth = parent.depth + 1
    return Page.objects.bulk_create(
        [
            Page(
                title=spec["title"],
                draft_title=spec["title"],
                slug=spec["slug"],
                content_type=content_type_for(spec),
                path=Page._get_path(parent.path, depth, spec["number"]),
                depth=depth,
                numchild=0,
                url_path=f"{parent.url_path}{spec['slug']}/",
                locale_id=parent.locale_id,
                live=True,
                has_unpublished_changes=False,
                first_published_at=now,
                last_published_at=now,
            )
            for spec in specs
        ]
    )
