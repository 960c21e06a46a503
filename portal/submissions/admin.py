"""Reader submissions in the admin: a queue with status and handler, and a staff-only attachment download.

Everything a reader typed is shown through Django's escaping (plain
readonly fields, plain list columns); nothing here marks reader text safe.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html

from portal.models import Submission
from portal.web.admin import BoundedDateHierarchyMixin
from portal.web.cache import cache_never

READER_FIELDS = [
    "kind",
    "created_at",
    "name",
    "email",
    "subject",
    "award_category",
    "message",
    "attachment_link",
    "staff_notified",
    "sender_acknowledged",
]


@admin.register(Submission)
class SubmissionAdmin(BoundedDateHierarchyMixin, admin.ModelAdmin):
    list_display = ["subject", "kind", "name", "email", "status", "handled_by", "created_at"]
    list_filter = ["status", "kind", "staff_notified", ("handled_by", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["handled_by"]
    search_fields = ["subject", "name", "email", "message"]
    date_hierarchy = "created_at"
    readonly_fields = READER_FIELDS
    fieldsets = [
        ("Handling", {"fields": ["status", "handled_by", "staff_notes"]}),
        ("What the reader sent", {"fields": READER_FIELDS}),
    ]

    def has_add_permission(self, request):
        return False  # submissions come from readers' forms only

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "handled_by":
            kwargs["initial"] = request.user.pk
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="Attachment")
    def attachment_link(self, obj):
        if not obj.attachment:
            return "—"
        url = reverse("admin:portal_submission_attachment", args=[obj.pk])
        # format_html escapes the reader's file name.
        return format_html('<a href="{}">Download {}</a>', url, obj.attachment_name or "the file")

    def get_urls(self):
        download = self.admin_site.admin_view(self.attachment_view)
        return [
            path("<int:pk>/attachment/", download, name="portal_submission_attachment"),
            *super().get_urls(),
        ]

    def attachment_view(self, request, pk):
        """The attachment as a download, for staff who may view submissions."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        submission = get_object_or_404(Submission, pk=pk)
        if not submission.attachment:
            raise Http404("This submission has no attachment.")
        extension = submission.attachment.name.rsplit(".", 1)[-1]
        content_type = {
            "pdf": "application/pdf",
            "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        }.get(extension, "application/octet-stream")
        response = FileResponse(
            submission.attachment.open("rb"),
            as_attachment=True,
            filename=f"submission-{submission.pk}.{extension}",
            content_type=content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        return cache_never(response)
