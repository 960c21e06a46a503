"""Sections, authors, tags and disclosure types in the admin."""

from django.contrib import admin
from taggit.admin import TagAdmin as TaggitTagAdmin
from taggit.models import Tag

from articles.models import Author, Category, Disclosure, TaggedArticle
from articles.services import search_index_update


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = [
        "name", "slug", "navigation_order", "show_in_navigation", "parent", "default_disclosure", "default_work_type",
    ]  # fmt: skip
    list_editable = ["navigation_order", "show_in_navigation"]
    list_filter = ["show_in_navigation"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "slug", "user"]
    search_fields = ["name", "slug", "role", "expertise"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["photo", "user"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "user"]}),
        ("Author page (shown to readers and in search data)", {
            "fields": ["role", "bio", "expertise", "credentials", "contact_email", "same_as", "photo"],
        }),
    ]  # fmt: skip

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "name" in form.changed_data:  # bylines are searchable
            search_index_update(article_ids=obj.articles.values_list("pk", flat=True))


admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(TaggitTagAdmin):
    """taggit's tag admin; a renamed tag reaches the search index of its articles."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "name" in form.changed_data:
            search_index_update(article_ids=self.tagged_ids([obj]))

    def delete_model(self, request, obj):
        ids = self.tagged_ids([obj])
        super().delete_model(request, obj)
        search_index_update(article_ids=ids)

    def delete_queryset(self, request, queryset):
        ids = self.tagged_ids(queryset)
        super().delete_queryset(request, queryset)
        search_index_update(article_ids=ids)

    @staticmethod
    def tagged_ids(tags):
        return list(TaggedArticle.objects.filter(tag__in=list(tags)).values_list("content_object_id", flat=True))


@admin.register(Disclosure)
class DisclosureAdmin(admin.ModelAdmin):
    list_display = ["name", "label", "is_commercial", "written_by", "position", "policy_url"]
    list_editable = ["position"]
    list_filter = ["is_commercial", "written_by"]
    search_fields = ["name", "label"]
    prepopulated_fields = {"slug": ["name"]}
