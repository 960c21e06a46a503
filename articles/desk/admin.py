"""The desk's part of the article admin: autosave, the live preview, the search and social preview.

`DeskAdminMixin` goes in front of `WorkflowAdminMixin` in `ArticleAdmin`'s
bases and uses its `_article()` (the queryset and object permissions of the
workflow), so a draft or a preview is only ever of an article the user may edit.
"""

import json

from django.conf import settings
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from articles.desk.preview import faq_rows, live_preview_html, waiting_html
from articles.desk.services import (
    DraftRefused,
    draft_data_clean,
    draft_discard,
    draft_for,
    draft_labels_clean,
    draft_save,
    newer_save_than,
)
from articles.models import Image
from portal.web.cache import cache_never

SEO_FIELDS = ["seo_title", "seo_description", "social_headline", "social_image", "search_and_social_preview"]


def _card_image_url(image):
    return image.fallback_url(1200) if image else ""


class PlaceholderAutocomplete(AutocompleteSelect):
    """An autocomplete that says what an empty choice means (and so has a name for screen readers)."""

    def __init__(self, *args, placeholder, **kwargs):
        super().__init__(*args, **kwargs)
        self.placeholder = placeholder

    def build_attrs(self, base_attrs, extra_attrs=None):
        return {**super().build_attrs(base_attrs, extra_attrs), "data-placeholder": self.placeholder}


class DeskAdminMixin:
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "social_image":
            kwargs["widget"] = PlaceholderAutocomplete(
                db_field, self.admin_site, placeholder="Blank: the hero picture, cropped around its focal point"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # --- the change form ------------------------------------------------------
    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        article = obj if obj is not None and obj.pk else None
        # A form shown again with its errors holds the editor's text already: nothing to offer back.
        draft = draft_for(user=request.user, article=article) if request.method == "GET" else None
        newer = newer_save_than(draft, article) if draft else None
        suffix = [article.pk] if article else []
        context["desk"] = {
            "autosave_url": reverse(f"admin:articles_article_autosave{'_pk' if article else ''}", args=suffix),
            "preview_url": reverse(f"admin:articles_article_live_preview{'_pk' if article else ''}", args=suffix),
            "draft": draft,
            "draft_data": {"data": draft.data, "labels": draft.labels} if draft else None,
            "draft_when": timezone.localtime(draft.saved_at) if draft else None,
            "draft_today": bool(draft) and timezone.localdate(draft.saved_at) == timezone.localdate(),
            "newer": newer,
            "words_per_minute": settings.READING_WORDS_PER_MINUTE,
        }
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Saved for real: the autosave of this form is no longer "unsaved changes".
        draft_discard(user=request.user, article=obj)
        if not change:
            draft_discard(user=request.user, article=None)

    def search_and_social_preview(self, obj):
        """How the link looks on a search result and as a shared card (live with JS, as saved without)."""
        article = obj if obj is not None and obj.pk else None
        image = (article.social_image or article.hero_image) if article else None
        url = article.get_absolute_url() if article else "/…"
        return format_html(
            '<div class="seo-preview" data-site="{site}" data-image-url="{image_url}">'
            '<figure class="seo-preview__search" aria-labelledby="seo-search-caption">'
            '<figcaption id="seo-search-caption">On a search result</figcaption>'
            '<p class="seo-preview__url">{site_url}{url}</p>'
            '<p class="seo-preview__title" data-preview="title">{title}</p>'
            '<p class="seo-preview__description" data-preview="description">{description}</p></figure>'
            '<figure class="seo-preview__card" aria-labelledby="seo-card-caption">'
            '<figcaption id="seo-card-caption">As a shared card</figcaption>'
            '<img class="seo-preview__image" data-preview="image" {image} alt="" width="300" height="157">'
            '<p class="seo-preview__host">{host}</p>'
            '<p class="seo-preview__card-title" data-preview="card-title">{card_title}</p>'
            '<p class="seo-preview__card-description" data-preview="card-description">{description}</p></figure>'
            "</div>",
            site=settings.SITE_NAME,
            image_url=reverse("admin:articles_article_image_url", args=[0]),
            site_url=settings.SITE_URL.rstrip("/"),
            url=url,
            title=f"{article.page_title} | {settings.SITE_NAME}" if article else "The headline | " + settings.SITE_NAME,
            description=(article.page_description if article else "The summary, or the meta description."),
            image=format_html('src="{}"', _card_image_url(image)) if image else mark_safe("hidden"),
            host=settings.SITE_URL.split("//")[-1].rstrip("/"),
            card_title=article.share_title if article else "The headline",
        )

    search_and_social_preview.short_description = "Preview"

    # --- the endpoints -----------------------------------------------------------
    def get_urls(self):
        def view(fn, name, route):
            return path(route, self.admin_site.admin_view(require_POST(fn)), name=f"articles_article_{name}")

        return [
            view(self.autosave_view, "autosave", "autosave/"),
            view(self.autosave_view, "autosave_pk", "<int:pk>/autosave/"),
            view(self.live_preview_view, "live_preview", "live-preview/"),
            view(self.live_preview_view, "live_preview_pk", "<int:pk>/live-preview/"),
            path(
                "image-url/<int:pk>/",
                self.admin_site.admin_view(self.image_url_view),
                name="articles_article_image_url",
            ),
            *super().get_urls(),
        ]

    def _target(self, request, pk):
        """The article the request may write a draft of, or None for a new one (403 otherwise)."""
        if pk is not None:
            return self._article(request, pk, change=True)
        if not self.has_add_permission(request):
            raise PermissionDenied
        return None

    def autosave_view(self, request, pk=None):
        """Keep (or, with discard=1, forget) the user's autosave of the form; JSON."""
        article = self._target(request, pk)
        if request.POST.get("discard"):
            return JsonResponse({"discarded": draft_discard(user=request.user, article=article)})
        try:
            data = draft_data_clean(request.POST)
            labels = draft_labels_clean(json.loads(request.POST.get("_labels") or "{}"))
        except DraftRefused as error:
            return JsonResponse({"error": str(error)}, status=400)
        except ValueError:
            return JsonResponse({"error": "The chosen options' labels are not JSON."}, status=400)
        draft = draft_save(user=request.user, article=article, data=data, labels=labels)
        when = timezone.localtime(draft.saved_at)
        return JsonResponse({"saved_at": when.isoformat(), "time": f"{when:%H:%M:%S}"})

    def live_preview_view(self, request, pk=None):
        """The reader's page of the story as the posted form holds it (HTML for the preview frame)."""
        article = self._target(request, pk)
        data = request.POST.copy()
        for name in ("opened_version", "_workflow"):  # a preview is no save: no conflict, no move
            data.pop(name, None)
        form_class = self.get_form(request, article, change=article is not None)
        form = form_class(data, instance=article)
        if form.is_valid():
            html = live_preview_html(request=request, form=form, faqs=faq_rows(request.POST))
        else:
            html = waiting_html(form)
        return cache_never(HttpResponse(html), noindex=True)

    def image_url_view(self, request, pk):
        """The card-sized picture of an image, for the social card preview when one is chosen."""
        image = Image.objects.filter(pk=pk).first()
        if image is None:
            return JsonResponse({"error": "No such image."}, status=404)
        return JsonResponse({"url": _card_image_url(image), "alt": image.alt_text})
