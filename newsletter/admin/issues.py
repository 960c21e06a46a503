"""Issues in the admin: build (autocomplete or "fill with latest"), preview, test, send or schedule, progress."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from newsletter.admin.base import admin_page
from newsletter.admin.forms import FillForm, ScheduleForm, SendTestForm
from newsletter.models import Issue, IssueArticle
from newsletter.services.clickreport import issue_click_report
from newsletter.services.issues import (
    IssueStateError,
    issue_audience,
    issue_email,
    issue_fill_latest,
    issue_fill_related,
    issue_progress,
    issue_schedule,
    issue_send,
    issue_send_test,
    issue_unschedule,
    last_issue_time,
)
from portal.web.redirects import safe_redirect


class IssueArticleInline(admin.TabularInline):
    model = IssueArticle
    fields = ["position", "article", "publication"]
    readonly_fields = ["publication"]
    autocomplete_fields = ["article"]
    extra = 3
    ordering = ["position", "pk"]

    @admin.display(description="Published?")
    def publication(self, obj):
        if not obj.pk:
            return "—"
        if obj.article.is_live:
            return "Yes"
        return format_html("<strong>No</strong>: left out of the email until it is published")

    def has_add_permission(self, request, obj=None):
        return obj is None or obj.is_editable

    def has_change_permission(self, request, obj=None):
        return obj is None or obj.is_editable

    def has_delete_permission(self, request, obj=None):
        return obj is None or obj.is_editable


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = ["subject", "newsletter_list", "status", "when", "progress_summary"]
    list_filter = ["status", "newsletter_list"]
    list_select_related = ["newsletter_list"]
    search_fields = ["subject", "preheader"]
    inlines = [IssueArticleInline]
    fields = ["newsletter_list", "subject", "preheader", "intro"]
    save_on_top = True
    change_form_template = "admin/newsletter/issue/change_form.html"

    def get_readonly_fields(self, request, obj=None):
        info = ["status", "scheduled_at", "started_at", "finished_at", "progress"]
        if obj is None:
            return []
        return info if obj.is_editable else [*self.fields, *info]

    def get_fields(self, request, obj=None):
        if obj is None:
            return self.fields
        return [*self.fields, "status", "scheduled_at", "started_at", "finished_at", "progress"]

    @admin.display(description="When")
    def when(self, obj):
        if obj.status == Issue.Status.SCHEDULED:
            return f"for {timezone.localtime(obj.scheduled_at):%d %b %Y %H:%M}"
        if obj.started_at:
            return f"{timezone.localtime(obj.started_at):%d %b %Y %H:%M}"
        return "—"

    @admin.display(description="Progress")
    def progress_summary(self, obj):
        if obj.status in (Issue.Status.DRAFT, Issue.Status.SCHEDULED):
            return "—"
        p = issue_progress(obj)
        left = p["queued"] + p["sending"]
        return f"{p['sent']} sent · {p['failed']} failed · {p['suppressed']} suppressed · {left} to go"

    @admin.display(description="Progress")
    def progress(self, obj):
        if obj.status in (Issue.Status.DRAFT, Issue.Status.SCHEDULED):
            return f"Not sent yet. It would go to {issue_audience(obj)} active subscriber(s) of {obj.newsletter_list}."
        p = issue_progress(obj)
        return format_html(
            '<progress max="{}" value="{}" style="width:20rem">{} of {}</progress><br>'
            "<strong>{}</strong> queued · <strong>{}</strong> sending · <strong>{}</strong> sent · "
            "<strong>{}</strong> failed · <strong>{}</strong> suppressed (of {}). "
            '<a href="{}?issue__id__exact={}">Each delivery</a>',
            p["total"] or 1, p["done"], p["done"], p["total"],
            p["queued"], p["sending"], p["sent"], p["failed"], p["suppressed"], p["total"],
            reverse("admin:newsletter_delivery_changelist"), obj.pk,
        )  # fmt: skip

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # A sent (or sending) issue shows its click figures below the fields.
        if obj is not None and obj.is_public:
            context["clicks"] = issue_click_report(obj)
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def get_urls(self):
        def view(name, func, suffix):
            return path(f"<int:pk>/{suffix}/", self.admin_site.admin_view(func), name=f"newsletter_issue_{name}")

        return [
            view("preview", self.preview_view, "preview"),
            view("preview_text", self.preview_text_view, "preview-text"),
            view("send_test", self.send_test_view, "send-test"),
            view("send", self.send_view, "send"),
            view("fill", self.fill_view, "fill"),
            *super().get_urls(),
        ]

    def _issue(self, request, pk, change=False):
        issue = get_object_or_404(Issue.objects.select_related("newsletter_list"), pk=pk)
        allowed = self.has_change_permission(request, issue) if change else self.has_view_permission(request, issue)
        if not allowed:
            raise PermissionDenied
        return issue

    def _back(self, issue):
        return safe_redirect("admin:newsletter_issue_change", issue.pk)

    def preview_view(self, request, pk):
        """The email's HTML as subscribers get it (links carry a dummy token)."""
        issue = self._issue(request, pk)
        return HttpResponse(issue_email(issue).preview_html())

    def preview_text_view(self, request, pk):
        issue = self._issue(request, pk)
        return HttpResponse(issue_email(issue).preview_text(), content_type="text/plain; charset=utf-8")

    def send_test_view(self, request, pk):
        issue = self._issue(request, pk)
        form = SendTestForm(request.POST or None, initial={"email": request.user.email})
        if request.method == "POST" and form.is_valid():
            try:
                issue_send_test(issue=issue, email=form.cleaned_data["email"])
            except Exception as error:  # noqa: BLE001 - tell the editor what the mail server said
                self.message_user(request, f"The test could not be sent: {error}", messages.ERROR)
            else:
                self.message_user(request, f"Test sent to {form.cleaned_data['email']}.", messages.SUCCESS)
                return self._back(issue)
        return admin_page(self, request, "admin/newsletter/issue/form_page.html", "Send a test", issue, form=form,
                          submit="Send the test")  # fmt: skip

    def send_view(self, request, pk):
        """Send now or schedule, after a confirmation page that says to how many people."""
        issue = self._issue(request, pk, change=True)
        schedule_form = ScheduleForm(request.POST if request.POST.get("action") == "schedule" else None)
        if request.method == "POST":
            action = request.POST.get("action")
            try:
                if action == "send":
                    issue_send(issue=issue)
                    self.message_user(request, "Sending has started; this page shows the progress.", messages.SUCCESS)
                    return self._back(issue)
                if action == "unschedule":
                    issue_unschedule(issue=issue)
                    self.message_user(request, "The issue is a draft again.", messages.SUCCESS)
                    return self._back(issue)
                if action == "schedule" and schedule_form.is_valid():
                    at = schedule_form.cleaned_data["scheduled_at"]
                    issue_schedule(issue=issue, at=at)
                    self.message_user(
                        request, f"Scheduled for {timezone.localtime(at):%d %B %Y, %H:%M}.", messages.SUCCESS
                    )
                    return self._back(issue)
            except IssueStateError as error:
                self.message_user(request, str(error), messages.ERROR)
                return self._back(issue)
        articles = issue.items.count()
        return admin_page(
            self, request, "admin/newsletter/issue/send.html", "Send or schedule", issue,
            audience=issue_audience(issue), articles=articles, schedule_form=schedule_form,
        )  # fmt: skip

    def fill_view(self, request, pk):
        issue = self._issue(request, pk, change=True)
        form = FillForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                if data["source"] == FillForm.RELATED:
                    added = issue_fill_related(issue=issue, limit=data["limit"])
                else:
                    added = issue_fill_latest(
                        issue=issue, sections=data["sections"], limit=data["limit"], since=data["since"]
                    )
            except IssueStateError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(request, f"{added} article(s) added; reorder them below.", messages.SUCCESS)
            return self._back(issue)
        last = last_issue_time(issue)
        form.fields["since"].help_text = (
            f"Blank: since {timezone.localtime(last):%d %B %Y, %H:%M}, when the previous issue went out."
            if last
            else "Blank: no earlier issue of this list, so no limit."
        )
        return admin_page(self, request, "admin/newsletter/issue/form_page.html", "Fill with latest or related",
                          issue, form=form, submit="Add the articles")  # fmt: skip
