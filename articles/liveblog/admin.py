"""Live blogs in the admin: two inlines of the article form, and the list of every entry.

An editor makes a story a live blog with the "Live blog" box, saves, and
then adds, edits and deletes entries on the same page (the empty entry
form is the first of the list, newest entries after it). When only the
live blog's boxes changed, the story's own row is not saved again: its
version, "Last updated" and every page that shows its card stay as they
were, and only the live blog's pages are purged (`liveblog.changes`).
"""

from django.conf import settings
from django.contrib import admin
from django.db.models import F

from articles.liveblog.models import LiveBlog, LiveBlogEntry
from portal.web.admin import BoundedDateHierarchyMixin

LIVEBLOG_MODELS = (LiveBlog, LiveBlogEntry)


class LiveBlogInline(admin.StackedInline):
    model = LiveBlog
    extra = 0
    max_num = 1
    fields = ["started_at", "ended_at"]
    verbose_name = "live blog (makes this story a live blog)"
    verbose_name_plural = "Live blog: makes this story a live blog, with timestamped entries under the body"


class LiveBlogEntryInline(admin.StackedInline):
    """The newest entries (older ones in the entry list); the empty form to file a new one comes first."""

    model = LiveBlogEntry
    extra = 1
    fields = ["status", "title", "body", "author", "is_key_event", "is_pinned", "published_at", "updated_at"]
    readonly_fields = ["published_at", "updated_at"]
    autocomplete_fields = ["author"]
    classes = ["liveblog-entries"]
    verbose_name = "live blog entry"
    verbose_name_plural = (
        "Live blog entries: the new one first, then drafts and the newest (saving publishes those set to Published)"
    )

    class Media:
        css = {"all": ["css/admin-liveblog.css"]}

    def get_queryset(self, request):
        rows = super().get_queryset(request).select_related("author")
        # Drafts (not yet timed) first, then the newest: what the desk is working on.
        ordered = rows.order_by(F("published_at").desc(nulls_first=True), "-pk")
        newest = ordered.values("pk")[: settings.LIVEBLOG_ADMIN_ENTRIES]
        return ordered.filter(pk__in=newest)


@admin.register(LiveBlogEntry)
class LiveBlogEntryAdmin(BoundedDateHierarchyMixin, admin.ModelAdmin):
    """Every entry of every live blog: to find an old one (the article form shows the newest)."""

    list_display = ["label", "article", "status", "published_at", "updated_at", "is_key_event", "is_pinned", "author"]
    list_filter = ["status", "is_key_event", "is_pinned"]
    list_select_related = ["article", "author"]
    search_fields = ["title", "body", "article__headline"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["article", "author"]
    fields = ["article", "status", "title", "body", "author", "is_key_event", "is_pinned", "published_at", "updated_at"]
    readonly_fields = ["published_at", "updated_at"]

    @admin.display(description="entry", ordering="title")
    def label(self, obj):
        return obj.label


class LiveBlogArticleAdminMixin:
    """The article admin's part: entries only on a live blog, and an entry's save leaves the story's row alone."""

    def get_inlines(self, request, obj):
        inlines = list(super().get_inlines(request, obj))
        if obj is None or not LiveBlog.objects.filter(article_id=obj.pk).exists():
            inlines = [inline for inline in inlines if inline is not LiveBlogEntryInline]
        return inlines

    def _create_formsets(self, request, obj, change):
        formsets, inline_instances = super()._create_formsets(request, obj, change)
        request._article_formsets = formsets  # read by save_model, which Django calls without them
        return formsets, inline_instances

    def save_model(self, request, obj, form, change):
        formsets = getattr(request, "_article_formsets", None)
        if change and formsets is not None and not form.has_changed():
            changed = [formset for formset in formsets if formset.has_changed()]
            if changed and all(formset.model in LIVEBLOG_MODELS for formset in changed):
                return
        super().save_model(request, obj, form, change)
