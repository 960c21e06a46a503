"""The suppression list in the admin: add, remove, import a CSV."""

from django.contrib import admin, messages
from django.urls import path

from newsletter.admin.base import admin_page
from newsletter.admin.forms import SuppressionImportForm
from newsletter.models import Suppression, normalize_email
from newsletter.services.suppressions import suppression_add, suppressions_import
from portal.web.admin import BoundedDateHierarchyMixin
from portal.web.redirects import safe_redirect


@admin.register(Suppression)
class SuppressionAdmin(BoundedDateHierarchyMixin, admin.ModelAdmin):
    list_display = ["email", "reason", "note", "created_at"]
    list_filter = ["reason", "created_at"]
    search_fields = ["email", "note"]
    date_hierarchy = "created_at"
    fields = ["email", "reason", "note"]
    show_full_result_count = False
    change_list_template = "admin/newsletter/suppression/change_list.html"

    def get_readonly_fields(self, request, obj=None):
        return ["email"] if obj else []

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        # Through the service, so deliveries already queued for the address stop too.
        row, _ = suppression_add(email=normalize_email(obj.email), reason=obj.reason, note=obj.note)
        obj.pk = row.pk

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_import"
        return [path("import/", self.admin_site.admin_view(self.import_view), name=name), *super().get_urls()]

    def import_view(self, request):
        if not self.has_add_permission(request):
            return safe_redirect("admin:index")
        form = SuppressionImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            result = suppressions_import(text=data["file"], default_reason=data["reason"], note=data["note"])
            self.message_user(
                request, f"{result.added} address(es) suppressed; {result.already} already were.", messages.SUCCESS
            )
            if result.invalid:
                shown = "; ".join(result.invalid[:10]) + (" …" if len(result.invalid) > 10 else "")
                self.message_user(request, f"{len(result.invalid)} line(s) not imported: {shown}", messages.ERROR)
            return safe_redirect("admin:newsletter_suppression_changelist")
        return admin_page(self, request, "admin/newsletter/import.html", "Import suppressions", form=form)
