"""Articles in the admin: the list, the change form with its inlines, the workflow, bulk actions."""

from contextvars import ContextVar

from django.contrib import admin, messages
from django.db import transaction
from django.http import JsonResponse
from django.urls import path
from django.utils import timezone
from taggit.models import Tag

from articles.admin.base import history_table, thumbnail
from articles.admin.images import image_chooser_html
from articles.body.admin import BodyMediaAdminMixin
from articles.desk.admin import SEO_FIELDS, DeskAdminMixin
from articles.forms import ArticleAdminForm, FAQForm
from articles.liveblog.admin import LiveBlogArticleAdminMixin, LiveBlogEntryInline, LiveBlogInline
from articles.models import Article, Correction, FrequentlyAskedQuestion
from articles.related.admin import RelatedStoryInline
from articles.services import article_edit_record, article_takeaways_set
from articles.sources.admin import SourceLinkInline, SourcesNoteInline
from articles.video.admin import ArticleVideoInline
from articles.workflow.admin import WorkflowAdminMixin
from articles.workflow.checks import article_checks, blocking
from articles.workflow.transitions import TransitionError, article_approve, article_unpublish
from portal.web.admin import BoundedDateHierarchyMixin, NonceMediaMixin

MAY_SET_FOCAL = ContextVar("may_set_focal", default=False)


class PublicationFilter(admin.SimpleListFilter):
    """Draft / scheduled / live: what readers can see, not only the status field."""

    title = "publication"
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return [
            ("review", "Waiting for review"),
            ("live", "Live"),
            ("scheduled", "Scheduled"),
            ("draft", "Draft"),
            ("unpublished", "Unpublished"),
        ]

    def queryset(self, request, queryset):
        return {
            "live": queryset.published(),
            "scheduled": queryset.scheduled(),
            "draft": queryset.filter(status=Article.Status.DRAFT),
            "review": queryset.filter(status=Article.Status.IN_REVIEW).order_by("modified_at"),
            "unpublished": queryset.filter(status=Article.Status.UNPUBLISHED),
        }.get(self.value(), queryset)


class CorrectionInline(admin.TabularInline):
    model = Correction
    extra = 0
    fields = ["kind", "published_at", "text"]
    verbose_name_plural = "Corrections and clarifications (adding one moves “Last updated”)"


class FAQInline(admin.TabularInline):
    """Question/answer rows; the position follows the rows' order (dragged or moved with the keyboard)."""

    model = FrequentlyAskedQuestion
    form = FAQForm
    extra = 2  # without JS, two empty rows are there to fill; with JS rows add themselves
    fields = ["question", "answer", "position"]
    classes = ["faq-inline"]


@admin.register(Article)
class ArticleAdmin(
    BodyMediaAdminMixin,
    DeskAdminMixin,
    LiveBlogArticleAdminMixin,
    WorkflowAdminMixin,
    NonceMediaMixin,
    BoundedDateHierarchyMixin,
    admin.ModelAdmin,
):
    form = ArticleAdminForm
    list_display = [
        "list_thumbnail",
        "headline",
        "category",
        "byline_names",
        "status_label",
        "publish_at",
        "is_top_story",
    ]
    list_display_links = ["list_thumbnail", "headline"]
    list_filter = [PublicationFilter, "category", "work_type", "ai_use", "is_top_story", "authors"]
    list_select_related = ["category", "hero_image"]
    list_per_page = 50
    search_fields = ["headline", "summary", "slug", "authors__name", "tags__name"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["authors", "hero_image", "category", "social_image", "ai_reviewed_by"]
    readonly_fields = [
        "hero_preview", "reading_minutes", "updated_at", "created_at", "modified_at",
        "update_history", "disclosure_history", "search_and_social_preview",
    ]  # fmt: skip
    inlines = [
        ArticleVideoInline, LiveBlogInline, LiveBlogEntryInline, FAQInline, CorrectionInline, SourcesNoteInline,
        SourceLinkInline, RelatedStoryInline,
    ]  # fmt: skip
    actions = ["publish", "unpublish"]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "category", "authors", "source", "summary", "body"]}),
        ("Type of work", {"fields": ["work_type", "byline_role", "reviewed_item"]}),
        ("Picture", {"fields": ["hero_image", "hero_preview"]}),
        (
            "AI use",
            {
                "fields": ["ai_use", "ai_note", "ai_reviewed_by"],
                "description": "How AI was used to make this story, told to readers next to the byline. A picture "
                "generated or edited with AI is marked on the picture (“What the picture is”) and needs a caption "
                "saying so before the story can be published.",
            },
        ),
        ("Key takeaways", {"fields": ["takeaways_text"]}),
        ("Topics", {"fields": ["tags"]}),
        ("Search and social", {"fields": SEO_FIELDS, "classes": ["seo-fieldset"]}),
        (
            "Disclosures",
            {"fields": ["disclosures", "use_section_disclosure", "disclosure_change_reason", "disclosure_history"]},
        ),
        ("Updates", {"fields": ["is_top_story", "substantive_update", "update_note", "updated_at", "reading_minutes"]}),
        ("Record", {"classes": ["collapse"], "fields": ["update_history", "created_at", "modified_at"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and obj.is_live and obj.disclosures.filter(is_commercial=True).exists():
            return fieldsets
        # The reason is asked for only when a commercial label can be removed from a live story.
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f != "disclosure_change_reason"]})
            for name, opts in fieldsets
        ]

    class Media:
        js = [
            "js/admin-tag-suggestions.js", "js/admin-presence.js", "js/admin-article.js",
            "js/admin-focal.js", "js/admin-image-chooser.js", "js/admin-desk.js", "js/admin-desk-preview.js",
        ]  # fmt: skip
        css = {"all": ["css/admin-desk.css", "css/admin-body-media.css"]}

    @admin.display(description="State", ordering="status")
    def status_label(self, obj):
        if obj.is_scheduled:
            return "Scheduled"
        if obj.status == Article.Status.PUBLISHED and obj.is_expired:
            return "Expired"
        return obj.get_status_display()

    @admin.display(description="Picture")
    def list_thumbnail(self, obj):
        return thumbnail(obj.hero_image, 64) if obj.hero_image_id else "—"

    @admin.display(description="Author")
    def byline_names(self, obj):
        return ", ".join(a.name for a in obj.authors.all()) or obj.source or "—"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("authors")

    @admin.display(description="Preview")
    def hero_preview(self, obj):
        image = obj.hero_image if obj.pk else None
        return image_chooser_html(image, may_set_focal=MAY_SET_FOCAL.get())

    def render_change_form(self, request, context, *args, **kwargs):
        # Read by hero_preview, which gets no request; a context variable is per request (the admin is shared).
        token = MAY_SET_FOCAL.set(request.user.has_perm("articles.change_image"))
        try:
            return super().render_change_form(request, context, *args, **kwargs).render()
        finally:
            MAY_SET_FOCAL.reset(token)

    @admin.display(description="Disclosure history")
    def disclosure_history(self, obj):
        rows = obj.disclosure_changes.select_related("disclosure", "user")[:50] if obj.pk else []
        return history_table(
            ["When", "Change", "By", "Reason"],
            [(r.created_at, f"{r.get_action_display()}: {r.disclosure}", r.user or "—", r.reason or "—") for r in rows],
        )

    @admin.display(description="Update history")
    def update_history(self, obj):
        rows = obj.updates.select_related("user")[:50] if obj.pk else []
        return history_table(
            ["When", "By", "What changed"], [(r.updated_at, r.user or "—", r.note or "—") for r in rows]
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        data = form.cleaned_data
        if "takeaways_text" in data:
            article_takeaways_set(article=form.instance, lines=data["takeaways_text"])
        article_edit_record(
            article=form.instance,
            user=request.user,
            disclosures_before=form.disclosures_before,
            disclosure_reason=data.get("disclosure_change_reason", "").strip(),
            corrections_added=[c for formset in formsets if formset.model is Correction for c in formset.new_objects],
            substantive=bool(data.get("substantive_update")),
            note=data.get("update_note", ""),
        )

    @admin.action(description="Publish selected articles now (or at their future time)", permissions=["publish"])
    def publish(self, request, queryset):
        live = scheduled = 0
        held = []
        with transaction.atomic():
            # One by one through the workflow: each gets a revision and a log entry.
            for article in queryset.exclude(status=Article.Status.PUBLISHED):
                # The pre-publish errors block here too; choosing the action is the warnings' confirmation.
                problems = blocking(article_checks(article))
                if problems:
                    held.append(f"“{article}” ({' '.join(c.message for c in problems)})")
                    continue
                future = article.publish_at if article.publish_at and article.publish_at > timezone.now() else None
                try:
                    article_approve(article=article, user=request.user, publish_at=future)
                except TransitionError as refused:  # an embargo: not before its time, not in bulk either
                    held.append(f"“{article}” ({refused})")
                    continue
                scheduled, live = (scheduled + 1, live) if future else (scheduled, live + 1)
        message = f"{live} article(s) published now."
        if scheduled:
            message += f" {scheduled} scheduled for their publish time."
        self.message_user(request, message, messages.SUCCESS)
        if held:
            self.message_user(request, "Not published, fix first: " + "; ".join(held), messages.ERROR)

    @admin.action(description="Unpublish selected articles", permissions=["publish"])
    def unpublish(self, request, queryset):
        with transaction.atomic():
            targets = list(queryset.filter(status=Article.Status.PUBLISHED))
            for article in targets:
                article_unpublish(article=article, user=request.user)
        self.message_user(request, f"{len(targets)} article(s) unpublished.", messages.SUCCESS)

    def get_urls(self):
        suggestions = path(
            "tag-suggestions/",
            self.admin_site.admin_view(self.tag_suggestions),
            name="articles_article_tag_suggestions",
        )
        return [suggestions, *super().get_urls()]  # the workflow's pages come from the mixin

    def tag_suggestions(self, request):
        """Existing tag names starting with ?q=, for the tag field's suggestions."""
        if not self.has_change_permission(request) and not self.has_add_permission(request):
            return JsonResponse({"error": "forbidden"}, status=403)
        term = request.GET.get("q", "").strip()[:50]
        names = (
            list(Tag.objects.filter(name__istartswith=term).order_by("name").values_list("name", flat=True)[:15])
            if term
            else []
        )
        return JsonResponse({"results": names})
