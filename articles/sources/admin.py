"""Sources and methods in the admin: two inlines of the article form and the list of links with the dead ones."""

from django import forms
from django.contrib import admin
from django.db import models

from articles.sources.models import SourceLink, SourcesNote


class SourcesNoteInline(admin.StackedInline):
    model = SourcesNote
    extra = 0
    max_num = 1
    can_delete = True
    verbose_name_plural = "Sources and methods: how this story was reported"


class SourceLinkForm(forms.ModelForm):
    """A row of the cited links: each field named for screen readers (a table's header is not its label)."""

    class Meta:
        model = SourceLink
        fields = ["kind", "title", "url"]
        widgets = {
            "kind": forms.Select(attrs={"aria-label": "Kind of source"}),
            "title": forms.TextInput(attrs={"aria-label": "Title of the source"}),
            "url": forms.URLInput(attrs={"aria-label": "Address of the source"}),
        }


class SourceLinkInline(admin.TabularInline):
    model = SourceLink
    form = SourceLinkForm
    extra = 1
    # In the order added (no position numbers to type: the newsroom's forms show none).
    fields = ["kind", "title", "url", "checked_at", "link_state"]
    readonly_fields = ["checked_at", "link_state"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    verbose_name_plural = "Sources and methods: documents and data cited (checked for dead links every week)"

    @admin.display(description="Link check")
    def link_state(self, obj):
        return link_state(obj)


def link_state(link):
    if link.checked_at is None:
        return "Not checked yet"
    if link.is_dead:
        return f"Dead: {link.problem}"
    return link.problem or f"OK ({link.status_code})"


class DeadLinkFilter(admin.SimpleListFilter):
    title = "link check"
    parameter_name = "link"

    def lookups(self, request, model_admin):
        return [("dead", "Dead links"), ("unchecked", "Not checked yet"), ("ok", "Working")]

    def queryset(self, request, queryset):
        return {
            "dead": queryset.filter(is_dead=True),
            "unchecked": queryset.filter(checked_at__isnull=True),
            "ok": queryset.filter(is_dead=False, checked_at__isnull=False),
        }.get(self.value(), queryset)


@admin.register(SourceLink)
class SourceLinkAdmin(admin.ModelAdmin):
    """Every cited link with its last check; editors fix dead ones in the article."""

    list_display = ["title", "url", "article", "state", "checked_at"]
    list_filter = [DeadLinkFilter, "kind"]
    list_select_related = ["article"]
    search_fields = ["title", "url", "article__headline"]
    readonly_fields = ["checked_at", "status_code", "problem", "is_dead"]
    autocomplete_fields = ["article"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.display(description="Link check", ordering="is_dead")
    def state(self, obj):
        return link_state(obj)
