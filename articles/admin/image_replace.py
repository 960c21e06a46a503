"""The picture library's "Replace file" page, the change page's usage list and rendition previews.

Replacing keeps the picture's row, so every story that shows it (hero,
social card, body) shows the new file without being edited. The renditions
are made again under new names, and the old files stay where they were:
an address a reader's browser, a feed reader or another site still holds
keeps answering, while the pages themselves are purged and re-rendered with
the new addresses through the change announcement (`image-<pk>`).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from articles.imagecrops import ReplaceFileForm, usage
from articles.images import CROPS
from articles.models import Image
from articles.models.images import rendition_url
from articles.services import image_refresh_renditions
from portal.web.redirects import safe_redirect


def usage_html(image):
    """Each story showing the picture, linked to its form, with where it shows it."""
    if not image.pk:
        return "—"
    rows = []
    for article in usage(image):
        where = [
            label
            for label, used in (
                ("hero", article.hero_image_id == image.pk),
                ("social card", article.social_image_id == image.pk),
                ("body", f'data-image="{image.pk}"' in (article.body or "")),
            )
            if used
        ]
        url = reverse("admin:articles_article_change", args=[article.pk])
        rows.append((url, article.headline, ", ".join(where)))
    if not rows:
        return "Not used"
    items = format_html_join("", '<li><a href="{}">{}</a> ({})</li>', rows)
    return format_html('<p>Used in {} article{}:</p><ul class="image-usage">{}</ul>', len(rows),
                       "" if len(rows) == 1 else "s", items)  # fmt: skip


def crop_previews_html(image):
    """The renditions as made now: the wide one (cards, hero, body) and the social card's own, if cropped."""
    if not image.pk or not image.renditions:
        return "—"
    shown = '<figure class="crop-preview"><img src="{}" alt="" width="320"><figcaption>{}</figcaption></figure>'
    parts = [format_html(shown, image.fallback_url(640), "Cards, hero, body")]
    social = image.renditions.get("social")
    if social:
        parts.append(
            format_html(
                shown.replace("{}</figcaption>", "{} ({}×{})</figcaption>"),
                rendition_url(social["jpeg"]),
                "Social card",
                social["width"],
                social["height"],
            )  # fmt: skip
        )
    tool = format_html(
        '<div class="crop-tool" data-crop-tool><p>Draw a crop: {}</p>'
        '<div class="crop-tool__picture"><img src="{}" alt="{}" width="{}" height="{}"></div>'
        '<p class="crop-tool__status help" role="status"></p></div>',
        format_html_join(" ", '<button type="button" class="button" data-crop="{}" aria-pressed="false">{}</button>',
                         ((name, f"for {used_for.split(' (')[0]}") for name, (used_for, _r) in CROPS.items())),
        image.file.url, image.alt_text, image.width, image.height,
    )  # fmt: skip
    return format_html_join("", "{}", ((p,) for p in [*parts, tool]))


class ImageReplaceMixin:
    @staticmethod
    def replace_link(obj):
        if not obj or not obj.pk:
            return "—"
        return format_html(
            '<a class="button" href="{}">Replace file…</a>', reverse("admin:articles_image_replace", args=[obj.pk])
        )

    replace_link.short_description = "File"

    def replace_view(self, request, pk):
        """GET: the current picture, where it is used, the upload form. POST: replace, remake, announce."""
        image = get_object_or_404(Image, pk=pk)
        if not self.has_change_permission(request, image):
            raise PermissionDenied
        form = ReplaceFileForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            old_name = image.file.name
            image.file = form.cleaned_data["file"]  # width_field/height_field follow the new file
            if not form.cleaned_data["keep_crops"]:
                image.focal_x = image.focal_y = None
                image.crops = {}
            image.save()
            image_refresh_renditions(image=image)  # new renditions; announces image-<pk>: pages and proxies purge
            self.log_change(request, image, [{"changed": {"fields": ["file"]}}, {"replaced": old_name}])
            messages.success(request, f"The file was replaced; {len(usage(image))} article(s) show the new picture.")
            return safe_redirect("admin:articles_image_change", image.pk, status=303)
        context = {
            **self.admin_site.each_context(request),
            "title": "Replace the file",
            "opts": self.model._meta,
            "original": image,
            "form": form,
            "usage": usage_html(image),
            "media": self.media + form.media,
        }
        return TemplateResponse(
            request, "admin/articles/image/replace.html", context, status=400 if form.errors else 200
        )
