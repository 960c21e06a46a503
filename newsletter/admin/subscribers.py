"""Subscribers for the list owner: search, filters, consent trail, CSV in and out, bulk suppress."""

from django.contrib import admin, messages
from django.http import StreamingHttpResponse
from django.urls import path
from django.utils import timezone

from newsletter.admin.base import ReadOnlyAdminMixin, admin_page
from newsletter.admin.forms import SubscriberImportForm
from newsletter.models import ConsentRecord, Subscriber, SubscriberClick, Subscription, Suppression
from newsletter.services.people import subscribers_csv_rows, subscribers_import
from newsletter.services.subscriptions import subscriber_unsubscribe
from newsletter.services.suppressions import suppressions_add_many
from portal.web.admin import BoundedDateHierarchyMixin
from portal.web.redirects import safe_redirect


class ConsentRecordInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ConsentRecord
    fields = ["created_at", "action", "source", "list_names", "wording_version", "ip_network", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "Consent record (newest first; never edited)"


class SubscriptionInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Subscription
    fields = ["newsletter_list", "share_clicks", "created_at"]
    readonly_fields = fields
    extra = 0
    verbose_name_plural = "Lists"


class SubscriberClickInline(ReadOnlyAdminMixin, admin.TabularInline):
    """Only subscribers who asked for a click history have rows here (Subscription.share_clicks)."""

    model = SubscriberClick
    fields = ["clicked_at", "issue", "link"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    verbose_name_plural = "Click history (kept because the subscriber asked for it)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("issue", "link")


@admin.register(Subscriber)
class SubscriberAdmin(BoundedDateHierarchyMixin, admin.ModelAdmin):
    list_display = ["email", "status", "list_names", "created_at", "confirmed_at", "unsubscribed_at"]
    list_filter = ["status", "lists", "created_at"]
    search_fields = ["email"]
    date_hierarchy = "created_at"
    readonly_fields = ["email", "status", "created_at", "confirmed_at", "unsubscribed_at", "preferences_link"]
    fields = readonly_fields
    inlines = [SubscriptionInline, ConsentRecordInline, SubscriberClickInline]
    actions = ["suppress", "unsubscribe"]
    show_full_result_count = False
    change_list_template = "admin/newsletter/subscriber/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("lists")

    def has_add_permission(self, request):
        # People join through the double opt-in or an import with a recorded consent; never typed in.
        return False

    @admin.display(description="Lists")
    def list_names(self, obj):
        return ", ".join(item.name for item in obj.lists.all()) or "—"

    @admin.display(description="Personal link")
    def preferences_link(self, obj):
        from django.utils.html import format_html

        return format_html('<a href="{}">Preferences page</a> (what the subscriber sees)', obj.get_absolute_url())

    @admin.action(description="Suppress selected addresses (never email them again)", permissions=["change"])
    def suppress(self, request, queryset):
        emails = list(queryset.values_list("email", flat=True))
        added = suppressions_add_many(
            emails=emails, reason=Suppression.Reason.MANUAL, note=f"Suppressed in the admin by {request.user}"
        )
        self.message_user(request, f"{added} address(es) suppressed; {len(emails) - added} already were.")

    @admin.action(description="Unsubscribe selected subscribers", permissions=["change"])
    def unsubscribe(self, request, queryset):
        count = sum(
            subscriber_unsubscribe(
                subscriber=subscriber, source=ConsentRecord.Source.ADMIN, note=f"Unsubscribed by {request.user}"
            )
            for subscriber in queryset.iterator(chunk_size=500)
        )
        self.message_user(request, f"{count} subscriber(s) unsubscribed.")

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="newsletter_subscriber_import"),
            path("export/", self.admin_site.admin_view(self.export_view), name="newsletter_subscriber_export"),
            *super().get_urls(),
        ]

    def export_view(self, request):
        """The changelist's current selection (search and filters) as CSV, streamed."""
        if not self.has_view_permission(request):
            return safe_redirect("admin:index")
        queryset = self.get_changelist_instance(request).get_queryset(request)
        response = StreamingHttpResponse(subscribers_csv_rows(queryset), content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="subscribers-{stamp}.csv"'
        return response

    def import_view(self, request):
        if not self.has_change_permission(request):
            return safe_redirect("admin:index")
        form = SubscriberImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            consented = form.cleaned_data["mode"] == form.CONSENTED
            result = subscribers_import(
                text=form.cleaned_data["file"],
                lists=form.cleaned_data["lists"],
                consented=consented,
                note=form.cleaned_data["note"],
                user=request.user,
            )
            verb = "added (consent recorded)" if consented else "sent a confirmation email"
            self.message_user(request, f"{result.added} address(es) {verb}.", messages.SUCCESS)
            skipped = []
            if result.unchanged:
                skipped.append(f"{result.unchanged} were already on those lists")
            if result.skipped_suppressed:
                skipped.append(f"{result.skipped_suppressed} are on the suppression list")
            if result.skipped_unsubscribed:
                skipped.append(f"{result.skipped_unsubscribed} had unsubscribed (only they can come back)")
            if skipped:
                self.message_user(request, "Skipped: " + "; ".join(skipped) + ".", messages.WARNING)
            if result.invalid:
                shown = "; ".join(result.invalid[:10]) + (" …" if len(result.invalid) > 10 else "")
                self.message_user(request, f"{len(result.invalid)} line(s) not imported: {shown}", messages.ERROR)
            return safe_redirect("admin:newsletter_subscriber_changelist")
        return admin_page(self, request, "admin/newsletter/import.html", "Import subscribers", form=form)
