"""The newsroom in Django's admin: articles, sections, authors and images."""

from django.contrib import admin, messages
from django.db import transaction
from django.http import JsonResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from js_asset import Media as NonceMedia
from taggit.admin import TagAdmin as TaggitTagAdmin
from taggit.models import Tag

from articles.admin_video import ArticleVideoInline
from articles.forms import ArticleAdminForm, ImageForm
from articles.models import (
    Article,
    Author,
    Category,
    Correction,
    Disclosure,
    FrequentlyAskedQuestion,
    Image,
    KeyTakeaway,
    TaggedArticle,
)
from articles.services import (
    article_disclosure_ids,
    article_disclosures_record,
    article_record_update,
    image_refresh_renditions,
    navigation_clear,
    search_index_update,
)
from articles.workflow.admin import WorkflowAdminMixin
from articles.workflow.transitions import article_approve, article_unpublish


class NonceMediaMixin:
    """Render form media with the request's CSP nonce.

    The prose editor ships an inline import map, which the strict
    Content-Security-Policy blocks unless it carries the nonce.
    """

    def render_change_form(self, request, context, *args, **kwargs):
        context["media"] = NonceMedia.from_media(context["media"], nonce=str(request.csp_nonce))
        return super().render_change_form(request, context, *args, **kwargs)


def history_table(headings, rows):
    """A small read-only table for the change form's history fields."""
    if not rows:
        return "None yet."
    head = format_html_join("", '<th scope="col">{}</th>', ((h,) for h in headings))
    body = format_html_join(
        "", "<tr>{}</tr>", ((format_html_join("", "<td>{}</td>", ((cell,) for cell in row)),) for row in rows)
    )
    return format_html("<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>", head, body)


def thumbnail(image, width=120):
    if not image:
        return "—"
    return format_html(
        '<img src="{}" alt="{}" width="{}" style="height:auto;border-radius:4px">',
        image.fallback_url(320),
        image.alt_text,
        width,
    )


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageForm
    list_display = ["preview", "alt_text", "credit", "width", "height", "created_at"]
    search_fields = ["alt_text", "caption", "credit"]
    readonly_fields = ["preview_large", "width", "height"]
    date_hierarchy = "created_at"

    def get_fields(self, request, obj=None):
        fields = ["file", "alt_text", "caption", "credit"]
        return fields + self.readonly_fields if obj else fields

    @admin.display(description="Preview")
    def preview(self, obj):
        return thumbnail(obj, 80)

    @admin.display(description="Preview")
    def preview_large(self, obj):
        return thumbnail(obj if obj.pk else None, 320)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "file" in form.changed_data or not obj.renditions:
            image_refresh_renditions(image=obj)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "navigation_order", "show_in_navigation", "parent", "default_disclosure"]
    list_editable = ["navigation_order", "show_in_navigation"]
    list_filter = ["show_in_navigation"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        navigation_clear()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        navigation_clear()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        navigation_clear()


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "user"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["photo", "user"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "name" in form.changed_data:  # bylines are searchable
            search_index_update(article_ids=obj.articles.values_list("pk", flat=True))


admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(TaggitTagAdmin):
    """taggit's tag admin; a renamed tag reaches the search index of its articles."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "name" in form.changed_data:
            search_index_update(article_ids=self.tagged_ids([obj]))

    def delete_model(self, request, obj):
        ids = self.tagged_ids([obj])
        super().delete_model(request, obj)
        search_index_update(article_ids=ids)

    def delete_queryset(self, request, queryset):
        ids = self.tagged_ids(queryset)
        super().delete_queryset(request, queryset)
        search_index_update(article_ids=ids)

    @staticmethod
    def tagged_ids(tags):
        return list(TaggedArticle.objects.filter(tag__in=list(tags)).values_list("content_object_id", flat=True))


@admin.register(Disclosure)
class DisclosureAdmin(admin.ModelAdmin):
    list_display = ["name", "label", "is_commercial", "position", "policy_url"]
    list_editable = ["position"]
    list_filter = ["is_commercial"]
    search_fields = ["name", "label"]
    prepopulated_fields = {"slug": ["name"]}


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
        now = timezone.now()
        published = queryset.filter(status=Article.Status.PUBLISHED)
        return {
            "live": published.filter(publish_at__lte=now),
            "scheduled": published.filter(publish_at__gt=now),
            "draft": queryset.filter(status=Article.Status.DRAFT),
            "review": queryset.filter(status=Article.Status.IN_REVIEW).order_by("modified_at"),
            "unpublished": queryset.filter(status=Article.Status.UNPUBLISHED),
        }.get(self.value(), queryset)


class CorrectionInline(admin.TabularInline):
    model = Correction
    extra = 0
    fields = ["kind", "published_at", "text"]
    verbose_name_plural = "Corrections and clarifications (adding one moves “Last updated”)"


class KeyTakeawayInline(admin.TabularInline):
    model = KeyTakeaway
    extra = 1
    fields = ["position", "text"]


class FAQInline(admin.StackedInline):
    model = FrequentlyAskedQuestion
    extra = 1
    fields = ["position", "question", "answer"]


@admin.register(Article)
class ArticleAdmin(WorkflowAdminMixin, NonceMediaMixin, admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = ["headline", "category", "status_label", "publish_at", "is_top_story"]
    list_filter = [PublicationFilter, "category", "is_top_story", "authors"]
    list_select_related = ["category"]
    search_fields = ["headline", "summary", "slug", "authors__name", "tags__name"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["authors", "hero_image", "category"]
    readonly_fields = [
        "hero_preview", "reading_minutes", "updated_at", "created_at", "modified_at",
        "update_history", "disclosure_history",
    ]  # fmt: skip
    inlines = [ArticleVideoInline, KeyTakeawayInline, FAQInline, CorrectionInline]
    actions = ["publish", "unpublish"]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["headline", "slug", "category", "authors", "source", "summary", "body"]}),
        ("Picture", {"fields": ["hero_image", "hero_preview"]}),
        ("Topics", {"fields": ["tags"]}),
        (
            "Disclosures",
            {"fields": ["disclosures", "use_section_disclosure", "disclosure_change_reason", "disclosure_history"]},
        ),
        (
            "Publishing",
            {
                "fields": [
                    "status",
                    "publish_at",
                    "is_top_story",
                    "substantive_update",
                    "update_note",
                    "updated_at",
                    "reading_minutes",
                ]
            },
        ),  # fmt: skip
        ("Record", {"classes": ["collapse"], "fields": ["update_history", "created_at", "modified_at"]}),
    ]

    class Media:
        js = ["js/admin-tag-suggestions.js", "js/admin-presence.js"]
        css = {"all": ["css/admin.css"]}

    @admin.display(description="Status", ordering="status")
    def status_label(self, obj):
        if obj.is_scheduled:
            return "Scheduled"
        return obj.get_status_display()

    @admin.display(description="Preview")
    def hero_preview(self, obj):
        return thumbnail(obj.hero_image if obj.pk else None, 320)

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
        article = form.instance
        article_disclosures_record(
            article=article,
            before=form.disclosures_before,
            after=article_disclosure_ids(article),
            user=request.user,
            reason=form.cleaned_data.get("disclosure_change_reason", "").strip(),
        )
        added = [c for formset in formsets if formset.model is Correction for c in formset.new_objects]
        if added:
            note = "; ".join(f"{c.get_kind_display()}: {c.text}" for c in added)
            article_record_update(article=article, user=request.user, note=note)
        elif form.cleaned_data.get("substantive_update"):
            article_record_update(article=article, user=request.user, note=form.cleaned_data.get("update_note", ""))
        # After the tags and bylines are saved: they are part of the vector.
        search_index_update(article_ids=[article.pk])

    @admin.action(description="Publish selected articles now (or at their future time)", permissions=["publish"])
    def publish(self, request, queryset):
        live = scheduled = 0
        with transaction.atomic():
            # One by one through the workflow: each gets a revision and a log entry.
            for article in queryset.exclude(status=Article.Status.PUBLISHED):
                future = article.publish_at if article.publish_at and article.publish_at > timezone.now() else None
                article_approve(article=article, user=request.user, publish_at=future)
                scheduled, live = (scheduled + 1, live) if future else (scheduled, live + 1)
        message = f"{live} article(s) published now."
        if scheduled:
            message += f" {scheduled} scheduled for their publish time."
        self.message_user(request, message, messages.SUCCESS)

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


# Registered in their own modules: the import page (ninjs, WordPress) with the
# legacy redirects, and the magazine issues and research reports.
from articles import admin_import, admin_publications  # noqa: E402, F401
