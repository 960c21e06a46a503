"""Alerts in the admin: "Send alert…" (preview, then confirm) from a story or a banner, and each alert's counts."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path

from articles.alerts.models import Alert, AlertDelivery, PushSubscription
from articles.alerts.services import AlertRefused, alert_audience, alert_refusal, alert_send
from articles.models import Article
from portal.web.redirects import safe_redirect

Status = AlertDelivery.Status
COUNTS = {
    "sent_count": Count("deliveries", filter=Q(deliveries__status=Status.SENT)),
    "failed_count": Count("deliveries", filter=Q(deliveries__status=Status.FAILED)),
    "removed_count": Count("deliveries", filter=Q(deliveries__status=Status.REMOVED)),
    "waiting_count": Count("deliveries", filter=Q(deliveries__status__in=[Status.QUEUED, Status.SENDING])),
}


class AlertForm(forms.Form):
    title = forms.CharField(
        max_length=Alert._meta.get_field("title").max_length,
        help_text="The notification's first line. Short: phones cut it after about 50 characters.",
    )
    body = forms.CharField(
        max_length=Alert._meta.get_field("body").max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One sentence under the title (optional).",
    )

    @staticmethod
    def initial_for(article):
        return {"title": article.headline[:80], "body": (article.summary or "").strip()[:200]}


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = ["title", "article", "state", "sent", "failed", "removed", "waiting", "created_by", "created_at"]
    list_filter = ["state"]
    list_select_related = ["article", "created_by"]
    search_fields = ["title", "article__headline"]
    fields = ["title", "body", "url", "article", "state", "sent", "failed", "removed", "waiting", "created_by",
              "created_at", "finished_at"]  # fmt: skip
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(**COUNTS)

    def has_add_permission(self, request):
        return False  # an alert is made by "Send alert…" on its story, with a preview

    def has_change_permission(self, request, obj=None):
        return False  # sent is sent: the page is a record

    @admin.display(description="sent", ordering="sent_count")
    def sent(self, obj):
        return obj.sent_count

    @admin.display(description="failed", ordering="failed_count")
    def failed(self, obj):
        return obj.failed_count

    @admin.display(description="removed (expired)", ordering="removed_count")
    def removed(self, obj):
        return obj.removed_count

    @admin.display(description="waiting or retrying")
    def waiting(self, obj):
        return obj.waiting_count

    def get_urls(self):
        send = path("send/<int:article_pk>/", self.admin_site.admin_view(self.send_view), name="articles_alert_send")
        return [send, *super().get_urls()]

    def send_view(self, request, article_pk):
        """Preview an alert about a story (title, body, link, who gets it), then send it on confirmation."""
        if not request.user.has_perm("articles.add_alert"):
            raise PermissionDenied
        article = get_object_or_404(Article.objects.select_related("category__default_disclosure"), pk=article_pk)
        refusal = alert_refusal(article)
        if refusal:
            self.message_user(request, refusal, messages.ERROR)
            return safe_redirect("admin:articles_article_change", article.pk)
        form = AlertForm(request.POST if request.method == "POST" else None, initial=AlertForm.initial_for(article))
        if request.method == "POST" and "_send" in request.POST and form.is_valid():
            try:
                with transaction.atomic():
                    alert = alert_send(article=article, user=request.user, **form.cleaned_data)
            except AlertRefused as error:
                self.message_user(request, str(error), messages.ERROR)
                return safe_redirect("admin:articles_article_change", article.pk)
            self.message_user(request, f"Sending the alert “{alert.title}” in the background.", messages.SUCCESS)
            return safe_redirect("admin:articles_alert_change", alert.pk)
        preview = form.cleaned_data if form.is_bound and form.is_valid() else AlertForm.initial_for(article)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Send alert",
            "article": article,
            "form": form,
            "preview": preview,
            "audience": alert_audience(article=article),
            "previous": Alert.objects.filter(article=article).annotate(**COUNTS).order_by("-created_at")[:5],
        }
        return TemplateResponse(request, "admin/articles/alert/send.html", context, status=400 if form.errors else 200)


@admin.register(PushSubscription)
class PushSubscriptionAdmin(admin.ModelAdmin):
    """What the site holds about readers who opted in: an address at their push service, keys, sections."""

    list_display = ["__str__", "section_names", "created_at"]
    list_filter = ["sections"]
    fields = ["endpoint", "sections", "created_at", "updated_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("sections")

    def has_add_permission(self, request):
        return False  # only a browser can subscribe

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="sections")
    def section_names(self, obj):
        return ", ".join(section.name for section in obj.sections.all()) or "Every section"
