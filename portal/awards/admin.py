"""The awards programme in the admin: one change page per year, everything else inline."""

from django.contrib import admin

from portal.models import AwardCategory, AwardsProgramme, MediaKitFile, Milestone, Testimonial, Winner
from portal.web.admin import NonceMediaMixin


class AwardCategoryInline(admin.TabularInline):
    model = AwardCategory
    extra = 0
    fields = ["order", "name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ["date", "title", "description", "announces_winners"]


class WinnerInline(admin.StackedInline):
    model = Winner
    extra = 0
    fields = [("category", "order"), "organisation", "logo", "citation", "link"]
    autocomplete_fields = ["logo"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "link":
            kwargs["assume_scheme"] = "https"  # "example.com" means the secure site
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Only this programme's categories (new categories: save the programme first).
        if db_field.name == "category":
            programme_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = AwardCategory.objects.filter(programme_id=programme_id).select_related("programme")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class TestimonialInline(admin.StackedInline):
    model = Testimonial
    extra = 0
    fields = [("person", "order"), ("role", "organisation"), "quote"]


class MediaKitFileInline(admin.TabularInline):
    model = MediaKitFile
    extra = 0
    fields = ["order", "title", "file", "file_type", "size"]
    readonly_fields = ["file_type", "size"]


@admin.register(AwardsProgramme)
class AwardsProgrammeAdmin(NonceMediaMixin, admin.ModelAdmin):
    list_display = ["name", "year", "nominations_open_at", "nominations_close_at", "is_published"]
    list_filter = ["is_published"]
    search_fields = ["name", "year"]
    autocomplete_fields = ["press_releases"]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["year", "name", "intro", "is_published"]}),
        ("Nominations", {"fields": ["nominations_open_at", "nominations_close_at"]}),
        ("Pages", {"fields": ["about", "faq"]}),
        ("Media room", {"fields": ["press_releases"]}),
    ]
    inlines = [AwardCategoryInline, MilestoneInline, WinnerInline, TestimonialInline, MediaKitFileInline]
