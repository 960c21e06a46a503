"""Magazine issues (with their table of contents) and research reports in the admin.

PDF uploads are checked by `articles.publications.pdf.validate_pdf` (a model field
validator), so a wrong or damaged file comes back as an error on the field.
"""

from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html

from articles.admin.base import thumbnail
from articles.models import MagazineContentsEntry, MagazineIssue, ResearchReport
from portal.web.admin import BoundedDateHierarchyMixin, NonceMediaMixin


class LiveFilter(admin.SimpleListFilter):
    """Published (live now), scheduled, or hidden: the three states readers can tell apart."""

    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("live", "Live"), ("scheduled", "Scheduled"), ("hidden", "Not published")]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "live":
            return queryset.published()
        if self.value() == "scheduled":
            return queryset.filter(is_published=True, publish_at__gt=now)
        if self.value() == "hidden":
            return queryset.filter(is_published=False)
        return queryset


class PublicationAdmin(NonceMediaMixin, BoundedDateHierarchyMixin, admin.ModelAdmin):
    autocomplete_fields = ["cover"]
    readonly_fields = ["cover_preview", "pdf_link", "updated_at"]
    list_filter = [LiveFilter]
    save_on_top = True

    @admin.display(description="Cover")
    def cover_thumb(self, obj):
        return thumbnail(obj.cover, 60)

    @admin.display(description="Preview")
    def cover_preview(self, obj):
        return thumbnail(obj.cover if obj.pk else None, 240)

    @admin.display(description="State")
    def state(self, obj):
        if obj.is_live:
            return "Live"
        return "Scheduled" if obj.is_published else "Not published"

    @admin.display(description="Readers' PDF link")
    def pdf_link(self, obj):
        if not (obj.pk and obj.pdf):
            return "—"
        return format_html('<a href="{}">{}</a>', obj.get_pdf_url(), obj.pdf_filename())


class ContentsInline(admin.TabularInline):
    model = MagazineContentsEntry
    extra = 3
    fields = ["position", "title", "page", "article"]
    autocomplete_fields = ["article"]


@admin.register(MagazineIssue)
class MagazineIssueAdmin(PublicationAdmin):
    list_display = ["cover_thumb", "number", "title", "issue_date", "state", "publish_at"]
    list_display_links = ["number", "title"]
    list_select_related = ["cover"]
    search_fields = ["title", "number"]
    date_hierarchy = "issue_date"
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ContentsInline]
    fieldsets = [
        (None, {"fields": ["number", "title", "slug", "issue_date", "description"]}),
        ("Cover and PDF", {"fields": ["cover", "cover_preview", "pdf", "pdf_link"]}),
        ("Publishing", {"fields": ["is_published", "publish_at", "updated_at"]}),
    ]


@admin.register(ResearchReport)
class ResearchReportAdmin(PublicationAdmin):
    list_display = ["cover_thumb", "title", "section", "state", "publish_at"]
    list_display_links = ["title"]
    list_select_related = ["cover", "section"]
    list_filter = [LiveFilter, "section"]
    search_fields = ["title", "summary"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["cover", "section"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "section", "summary"]}),
        ("Cover and PDF", {"fields": ["cover", "cover_preview", "pdf", "pdf_link"]}),
        ("Publishing", {"fields": ["is_published", "publish_at", "updated_at"]}),
    ]
