"""Read-only records: consent (for audits) and deliveries (for support)."""

from django.contrib import admin

from newsletter.admin.base import ReadOnlyAdminMixin
from newsletter.models import ConsentRecord, Delivery
from portal.web.admin import BoundedDateHierarchyMixin


@admin.register(ConsentRecord)
class ConsentRecordAdmin(ReadOnlyAdminMixin, BoundedDateHierarchyMixin, admin.ModelAdmin):
    list_display = ["created_at", "subscriber", "action", "source", "list_names", "wording_version", "ip_network"]
    list_filter = ["action", "source", "wording_version"]
    list_select_related = ["subscriber"]
    search_fields = ["subscriber__email"]
    date_hierarchy = "created_at"
    show_full_result_count = False


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["issue", "subscriber", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status", ("issue", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["issue", "subscriber"]
    search_fields = ["subscriber__email", "message_id"]
    show_full_result_count = False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("newsletter.view_delivery") or request.user.has_perm("newsletter.view_issue")
