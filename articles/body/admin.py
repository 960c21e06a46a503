"""The desk's side of body pictures and embeds: the address check behind "Embed", and the form's refusals.

`BodyMediaAdminMixin` goes on `ArticleAdmin` (`…/article/embed-check/?url=`);
`body_problems` is the article form's `clean_body`: an address no provider
matches, or a picture no longer in the library, is refused with its reason
instead of being dropped by the sanitizer unseen.
"""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.urls import path, reverse

from articles.body.providers import UNKNOWN, recognise
from articles.body.render import image_ids
from articles.body.sanitize import clean_body, embed_problems


def body_media_urls():
    """The body textarea's data attributes that tell the editor's buttons where to ask."""
    return {
        "data-image-chooser-url": reverse("admin:articles_image_chooser"),
        "data-image-upload-url": reverse("admin:articles_image_chooser_upload"),
        "data-embed-check-url": reverse("admin:articles_article_embed_check"),
    }


def body_problems(body):
    """The submitted body, or ValidationError naming each embed address or picture that cannot stay."""
    from articles.models import Image

    errors = [
        ValidationError("“%(url)s” cannot be embedded. " + UNKNOWN, code="unknown_embed", params={"url": url[:200]})
        for url in embed_problems(body)
    ]
    wanted = set(image_ids(clean_body(body)))
    missing = wanted - set(Image.objects.filter(pk__in=wanted).values_list("pk", flat=True)) if wanted else set()
    if missing:
        errors.append(
            ValidationError(
                "The body shows a picture that is no longer in the library (number %(ids)s): "
                "remove it or choose another.",
                code="missing_picture",
                params={"ids": ", ".join(map(str, sorted(missing)))},
            )
        )
    if errors:
        raise forms.ValidationError(errors)
    return body


class BodyMediaAdminMixin:
    def get_urls(self):
        return [
            path(
                "embed-check/", self.admin_site.admin_view(self.embed_check_view), name="articles_article_embed_check"
            ),
            *super().get_urls(),
        ]

    def embed_check_view(self, request):
        """The provider and canonical address of ?url=, or `ok: false` with the reason (what the Embed form shows).

        A refusal is an answer to the question asked, not a failed request: 200, so the browser logs no error.
        """
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        try:
            embed = recognise(request.GET.get("url", "")[:500])
        except ValidationError as error:
            return JsonResponse({"ok": False, "error": error.messages[0]})
        return JsonResponse({"ok": True, "provider": embed.provider, "name": embed.name, "url": embed.url})
