"""Newsletter lists in the admin (a change announces itself: `newsletter.changes`)."""

from django.contrib import admin
from django.db.models import Count, Q

from newsletter.models import NewsletterList, Subscriber


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
