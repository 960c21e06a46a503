"""The workflow's part of the article admin: who sees and changes what, the state
panel and its buttons, revisions, preview links and presence.

`WorkflowAdminMixin` goes in front of `ArticleAdmin`'s bases; everything is
enforced server-side (querysets, object permissions, read-only fields,
actions), the buttons only mirror it.
"""

import reversion
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from articles.models import Article, PreviewLink
from articles.workflow import permissions, presence
from articles.workflow.control import (
    PUBLISHING_MOVES,
    panel_checks,
    publish_gate,
    save_label,
    state_text,
    when,
    wire_notes,
    workflow_buttons,
)
from articles.workflow.preview import preview_link_create, preview_link_revoke
from articles.workflow.revisions import article_versions, revision_restore, revisions_compare
from articles.workflow.transitions import (
    TransitionError,
    article_approve,
    article_record_status_change,
    article_send_back,
    article_submit,
    article_unpublish,
    submitter_of,
)
from portal.web.redirects import safe_redirect

S = Article.Status
# Fields only someone who may publish can set: they decide what readers see and when.
PUBLISHER_FIELDS = [
    "status", "publish_at", "unpublish_at", "is_top_story", "disclosures", "use_section_disclosure",
]  # fmt: skip
# Rendered in the publish control at the top of the form, not in a fieldset.
CONTROL_FIELDS = ["publish_at", "unpublish_at"]
PUBLISHER_FORM_FIELDS = ["disclosure_change_reason"]


class WorkflowAdminMixin:
    change_form_template = "admin/articles/article/change_form.html"

    # --- who sees and changes what ----------------------------------------
    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if permissions.can_edit_any(request.user):
            return queryset
        return queryset.filter(permissions.owned_q(request.user))

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or permissions.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or permissions.can_edit_any(request.user)

    def has_publish_permission(self, request):
        return permissions.can_publish(request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not permissions.can_publish(request.user):
            fields += [f for f in PUBLISHER_FIELDS if f not in fields]
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        # The publish control's time fields live outside the fieldsets (the
        # change view passes the fieldsets' fields), so they are added here.
        readonly = set(self.get_readonly_fields(request, obj))
        fields = kwargs.get("fields") or [f for _name, opts in self.get_fieldsets(request, obj) for f in opts["fields"]]
        kwargs["fields"] = [f for f in fields if f not in readonly] + [f for f in CONTROL_FIELDS if f not in readonly]
        return super().get_form(request, obj, change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if permissions.can_publish(request.user):
            return fieldsets
        hidden = set(PUBLISHER_FORM_FIELDS)
        return [(name, {**opts, "fields": [f for f in opts["fields"] if f not in hidden]}) for name, opts in fieldsets]

    # --- saving --------------------------------------------------------------
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # One revision per save, with the inlines and tags saved in the same request.
        with reversion.create_revision():
            reversion.set_user(request.user if request.user.is_authenticated else None)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        user = request.user
        from_status = Article.objects.filter(pk=obj.pk).values_list("status", flat=True).first() if change else None
        if not change:
            obj.created_by = user
        obj.modified_by = user
        if change and not permissions.can_publish(user) and obj.status in permissions.LIVE_STATES:
            # A writer's edit of a live article must be approved before readers see it.
            obj.status = S.IN_REVIEW
            messages.warning(request, "Your changes went back to review: the article is off the site until approved.")
        super().save_model(request, obj, form, change)
        if change:
            article_record_status_change(article=obj, user=user, from_status=from_status)
        reversion.set_comment("Changed." if change else "Created.")

    def response_add(self, request, obj, post_url_continue=None):
        if "_addanother" in request.POST:
            return super().response_add(request, obj, post_url_continue)
        if not self._run_workflow(request, obj):
            self._saved_message(request, obj)
        # Stay on the story: the editor goes on writing or checks the panel.
        return safe_redirect(reverse("admin:articles_article_change", args=[obj.pk]))

    def response_change(self, request, obj):
        if self._run_workflow(request, obj):
            return safe_redirect(request.path)
        if "_addanother" in request.POST or "_saveasnew" in request.POST:
            return super().response_change(request, obj)
        self._saved_message(request, obj)
        return safe_redirect(request.path)

    def _saved_message(self, request, obj, done="Saved"):
        verb = "View on site" if obj.is_live else "Preview on site"
        messages.success(request, format_html('{} — <a href="{}">{}</a>', done, obj.get_absolute_url(), verb))

    def _run_workflow(self, request, obj):
        action = request.POST.get("_workflow")
        if not action:
            return False
        user = request.user
        comment = request.POST.get("workflow_comment", "")
        if action in PUBLISHING_MOVES and permissions.can_publish(user):
            problem = publish_gate(obj, request.POST.get("confirm_checks", ""))
            if problem:
                messages.error(request, f"Saved as {state_text(obj).lower()}, not published. {problem}")
                return True
        try:
            if action == "submit":
                article_submit(article=obj, user=user)
                done = "Submitted for review: the editors have it now."
            elif action == "approve":
                article_approve(article=obj, user=user)
                done = "Published."
            elif action == "schedule":
                if not obj.publish_at or obj.publish_at <= timezone.now():
                    raise TransitionError("Set a future publish time to schedule.")
                article_approve(article=obj, user=user, publish_at=obj.publish_at)
                done = f"Scheduled for {when(obj.publish_at)}."
            elif action == "send_back":
                article_send_back(article=obj, user=user, comment=comment)
                done = "Sent back to the writer with your comment."
            elif action == "unpublish":
                article_unpublish(article=obj, user=user, comment=comment)
                done = "Unpublished: readers no longer see it."
            else:
                return False
        except (TransitionError, PermissionDenied) as error:
            messages.error(request, f"Saved, but not moved on: {error}")
            return True
        self._saved_message(request, obj, done)
        return True

    # --- the panel -------------------------------------------------------------
    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        user = request.user
        context["workflow"] = {
            "buttons": workflow_buttons(user, obj),
            "save_label": save_label(user, obj),
            "state": state_text(obj),
            "wire": wire_notes(obj),
            "may_banner": bool(obj and obj.is_flash and request.user.has_perm("articles.add_breakingbanner")),
            "checks": panel_checks(obj),
            "times_readonly": not permissions.can_publish(user),
            "time_zone": timezone.get_current_timezone_name(),
            "log": list(obj.review_log.select_related("user")[:20]) if obj else [],
            "submitter": submitter_of(obj) if obj and obj.status == S.IN_REVIEW else None,
            "others": presence.presence_beat(article_id=obj.pk, user=user) if obj else [],
            "presence_url": reverse("admin:articles_article_presence", args=[obj.pk]) if obj else "",
            "preview_links": obj.preview_links.active().count() if obj else 0,
            "may_preview": user.has_perm("articles.add_previewlink"),
            "writer_edits_live": bool(
                obj and obj.status in permissions.LIVE_STATES and not permissions.can_publish(user)
            ),
        }
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- extra pages -----------------------------------------------------------
    def get_urls(self):
        def view(fn, name, route):
            return path(route, self.admin_site.admin_view(fn), name=f"articles_article_{name}")

        return [
            view(self.revisions_view, "revisions", "<int:pk>/revisions/"),
            view(self.compare_view, "compare", "<int:pk>/revisions/compare/"),
            view(self.restore_view, "restore", "<int:pk>/revisions/<int:version_id>/restore/"),
            view(self.preview_links_view, "preview_links", "<int:pk>/preview-links/"),
            view(require_POST(self.presence_view), "presence", "<int:pk>/presence/"),
            *super().get_urls(),
        ]

    def _article(self, request, pk, change=False):
        article = get_object_or_404(self.get_queryset(request), pk=pk)
        allowed = self.has_change_permission(request, article) if change else self.has_view_permission(request, article)
        if not allowed:
            raise PermissionDenied
        return article

    def _page(self, request, article, template, title, **extra):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": article,
            "title": title,
            "subtitle": str(article),
            "has_view_permission": True,
            **extra,
        }
        return TemplateResponse(request, f"admin/articles/article/{template}", context)

    def revisions_view(self, request, pk):
        article = self._article(request, pk)
        versions = list(article_versions(article))
        return self._page(
            request, article, "revisions.html", f"Revisions of “{article}”",
            versions=versions, may_restore=self.has_change_permission(request, article),
        )  # fmt: skip

    def compare_view(self, request, pk):
        article = self._article(request, pk)
        versions = {v.pk: v for v in article_versions(article)}
        try:
            old, new = versions[int(request.GET["old"])], versions[int(request.GET["new"])]
        except (KeyError, ValueError):
            raise Http404("Choose two revisions of this article.") from None
        if old.revision.date_created > new.revision.date_created:
            old, new = new, old
        return self._page(
            request, article, "compare.html", f"Changes to “{article}”",
            old=old, new=new, rows=revisions_compare(old, new),
        )  # fmt: skip

    def restore_view(self, request, pk, version_id):
        article = self._article(request, pk, change=True)
        version = get_object_or_404(article_versions(article), pk=version_id)
        if request.method == "POST":
            revision_restore(article=article, version=version, user=request.user)
            self.message_user(request, "The revision was restored; this is a new revision.", messages.SUCCESS)
            return safe_redirect("admin:articles_article_change", pk)
        current = article_versions(article).first()
        rows = revisions_compare(current, version) if current else []
        return self._page(
            request, article, "restore.html", f"Restore a revision of “{article}”", version=version, rows=rows
        )

    def preview_links_view(self, request, pk):
        article = self._article(request, pk)
        if not request.user.has_perm("articles.add_previewlink"):
            raise PermissionDenied
        if request.method == "POST":
            if request.POST.get("action") == "create":
                link = preview_link_create(article=article, user=request.user)
                self.message_user(
                    request, f"Preview link created: {request.build_absolute_uri(link.get_absolute_url())}"
                )
            elif request.POST.get("action") == "revoke":
                link = get_object_or_404(PreviewLink, article=article, pk=request.POST.get("link"))
                preview_link_revoke(link=link)
                self.message_user(request, "The preview link was revoked; it no longer works.")
            return safe_redirect(request.path)
        links = [
            (link, request.build_absolute_uri(link.get_absolute_url())) for link in article.preview_links.all()[:50]
        ]
        return self._page(request, article, "preview_links.html", f"Preview links of “{article}”", links=links)

    def presence_view(self, request, pk):
        article = self._article(request, pk)
        return JsonResponse({"others": presence.presence_beat(article_id=article.pk, user=request.user)})
