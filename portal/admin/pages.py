"""Company pages and menus in Django's admin (their changes announce themselves: `portal.receivers`)."""

from django.contrib import admin
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils.html import format_html

from portal.models import MenuItem, Page
from portal.web.admin import NonceMediaMixin


@admin.register(Page)
class PageAdmin(NonceMediaMixin, admin.ModelAdmin):
    list_display = ["title", "slug", "is_published", "updated_at"]
    list_filter = ["is_published"]
    search_fields = ["title", "slug", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["updated_at"]
    fields = ["title", "slug", "summary", "body", "is_published", "updated_at"]
    save_on_top = True

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "summary":
            field.widget.attrs["rows"] = 3  # one or two sentences
        return field


class MenuChildInline(admin.TabularInline):
    model = MenuItem
    fk_name = "parent"
    extra = 1
    fields = ["position", "label", "page", "section", "route", "url"]
    autocomplete_fields = ["page", "section"]
    verbose_name = "item in this dropdown"
    verbose_name_plural = "items in this dropdown"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # A row per item must fit the screen: no add/edit/view icons beside
        # the page and section pickers (and narrower boxes: admin-menus.css).
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in ("page", "section"):
            widget = field.widget
            widget.can_add_related = widget.can_change_related = False
            widget.can_delete_related = widget.can_view_related = False
        return field


@admin.register(MenuItem)
class MenuItemAdmin(admin.ModelAdmin):
    list_display = ["label", "menu", "parent", "position", "target"]
    list_display_links = ["label"]
    list_editable = ["position"]
    list_filter = ["menu", ("parent", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["parent", "page", "section"]
    search_fields = ["label", "route", "url"]
    autocomplete_fields = ["page", "section"]
    # Each top-level item, then its children: a dropdown reads as a block.
    ordering = [
        "menu",
        Coalesce("parent__position", "position").asc(),
        Coalesce("parent__label", "label").asc(),
        F("parent").asc(nulls_first=True),
        "position",
        "label",
    ]
    fieldsets = [
        (None, {"fields": ["menu", "label", "parent", "position"]}),
        (
            "Target",
            {
                "description": "Choose exactly one. A dropdown's top-level item may have none. "
                "Items whose target does not exist yet (an unpublished page, a route not built yet) "
                "are not shown to readers.",
                "fields": ["page", "section", "route", "url"],
            },
        ),
    ]
    inlines = [MenuChildInline]

    class Media:
        css = {"all": ["css/admin-menus.css"]}

    def get_inlines(self, request, obj):
        # Only top-level items hold a dropdown: menus nest one level deep.
        return [] if obj is not None and obj.parent_id else self.inlines

    @admin.display(description="Target")
    def target(self, obj):
        url = obj.resolved_url()
        if obj.page_id:
            kind, name = "Page", obj.page.title
        elif obj.section_id:
            kind, name = "Section", obj.section.name
        elif obj.route:
            kind, name = "Route", obj.route
        elif obj.url:
            kind, name = "URL", obj.url
        else:
            return "— (dropdown header)" if obj.parent_id is None else "—"
        if url is None:
            return format_html("{}: {} <em>(not shown: the target does not exist yet)</em>", kind, name)
        return f"{kind}: {name}"
