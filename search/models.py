from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """One published, public page as the site search finds it (search/services.py writes them).

    The four *_words and *_forms columns are what the database indexes (search/morphology.py): on
    SQLite an FTS5 table kept in step by triggers, on PostgreSQL generated tsvectors with GIN
    indexes (migration 0002). `title` and `text` are the page's
    own words, for the result list and its snippet."""

    page = models.OneToOneField(
        "wagtailcore.Page", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    # No index of its own: every search reads the full-text index, and PostgreSQL's planner, offered a
    # locale index, would test each of the locale's pages against the query instead.
    locale = models.ForeignKey(
        "wagtailcore.Locale", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    kind = models.CharField(_("kind"), max_length=30)
    date = models.DateField(_("date"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=255)
    text = models.TextField(_("text"), blank=True)
    title_words = models.TextField(blank=True)
    title_forms = models.TextField(blank=True)
    body_words = models.TextField(blank=True)
    body_forms = models.TextField(blank=True)

    class Meta:
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")

    def __str__(self):
        return self.title


class SearchTerm(models.Model):
    """A form the index holds (Snowball stems): a query word's stem is looked up inside these, so
    "koulutu" finds the stored "taydennyskoulutuks" and the query asks the index for that too."""

    form = models.CharField(max_length=100, unique=True)

    class Meta:
        verbose_name = _("search index form")
        verbose_name_plural = _("search index forms")

    def __str__(self):
        return self.form
