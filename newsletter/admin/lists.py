"""Newsletter lists; every change purges the cached signup boxes."""

from django.contrib import admin
from django.db.models import Count, Q

from newsletter.models import NewsletterList, Subscriber
from newsletter.services.lists import lists_clear


@admin.register(NewsletterList)
class NewsletterListAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "is_default", "is_active", "position", "active_subscribers"]
    list_editable = ["is_default", "is_active", "position"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "description", "is_default", "is_active", "position"]

    def get_queryset(self, request):
        active = Q(subscriptions__subscriber__status=Subscriber.Status.ACTIVE)
        return super().get_queryset(request).annotate(active_count=Count("subscriptions", filter=active))

    @admin.display(description="Active subscribers", ordering="active_count")
    def active_subscribers(self, obj):
        return obj.active_count

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        lists_clear()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        lists_clear()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        lists_clear()
