"""The picture library in the admin: upload, alt text, caption, credit, focal point; renditions made on save.

Also the in-form chooser's endpoints (a thumbnail grid with search, upload,
setting the focal point) used by static/js/admin-image-chooser.js; without
JS the article form keeps its plain picture select.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST

from articles.admin.base import thumbnail
from articles.admin.image_replace import ImageReplaceMixin, crop_previews_html, usage_html
from articles.credentials.reading import claims_in_words
from articles.forms import ImageForm
from articles.models import Article, Image
from articles.services import image_refresh_renditions
from portal.web.admin import BoundedDateHierarchyMixin

CHOOSER_PAGE = 24


def usage_count():
    """How many articles use the image as their hero, as a subquery (one query for a whole list)."""
    used = Article.objects.filter(hero_image=OuterRef("pk")).values("hero_image").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(used, output_field=IntegerField()), 0)


def image_data(image):
    """What the chooser shows of an image (JSON)."""
    return {
        "id": image.pk,
        "thumb": image.fallback_url(320),
        "original": image.file.url,
        "alt": image.alt_text,
        "credit": image.credit,
        "caption": image.caption,
        "width": image.width,
        "height": image.height,
        "focal": [image.focal_x, image.focal_y] if image.focal_x is not None else None,
        "used": getattr(image, "used_in", None),
        "label": str(image),
    }


@admin.register(Image)
class ImageAdmin(ImageReplaceMixin, BoundedDateHierarchyMixin, admin.ModelAdmin):
    form = ImageForm
    list_display = ["preview", "alt_text", "credit", "usage", "width", "height", "created_at"]
    search_fields = ["alt_text", "caption", "credit"]
    readonly_fields = [
        "focal_picker", "replace_link", "crop_previews", "width", "height", "usage", "used_where",
        "credentials_received", "credentials_published",
    ]  # fmt: skip
    date_hierarchy = "created_at"

    class Media:
        js = ["js/admin-focal.js", "js/admin-crop.js"]
        css = {"all": ["css/admin-image-tools.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(used_in=usage_count())

    def get_fields(self, request, obj=None):
        fields = ["file", "alt_text", "caption", "credit", "digital_source_type"]
        if not obj:
            return fields
        return ["replace_link", *fields] + [
            "focal_picker", "focal_x", "focal_y", "crop_wide", "crop_social", "crop_previews",
            "width", "height", "used_where",
            "credentials_received", "credentials_published",
        ]  # fmt: skip

    @admin.display(description="Used in")
    def used_where(self, obj):
        """The change page's list: heroes, social pictures and bodies, each story named and linked."""
        return usage_html(obj)

    @admin.display(description="Renditions")
    def crop_previews(self, obj):
        return crop_previews_html(obj)

    @admin.display(description="Preview")
    def preview(self, obj):
        return thumbnail(obj, 80)

    @admin.display(description="Used in", ordering="used_in")
    def usage(self, obj):
        count = getattr(obj, "used_in", None)
        if not count:
            return "Not used"
        url = reverse("admin:articles_article_changelist") + f"?hero_image__id__exact={obj.pk}"
        return format_html('<a href="{}">used in {} article{}</a>', url, count, "" if count == 1 else "s")

    @admin.display(description="Content credentials of the upload")
    def credentials_received(self, obj):
        """The C2PA claims the uploaded file arrived with (a wire agency's, a camera's)."""
        if not obj.source_credentials:
            return "None: the file came without content credentials."
        return claims_html(obj.source_credentials)

    @admin.display(description="Content credentials readers get")
    def credentials_published(self, obj):
        if obj.credentials.get("error"):
            return obj.credentials["error"]
        if not obj.has_credentials:
            return "Not signed (C2PA_SIGNING_CERT and C2PA_SIGNING_KEY are not set)."
        return claims_html(obj.credentials)

    @admin.display(description="Focal point")
    def focal_picker(self, obj):
        if not obj.pk:
            return "—"
        return focal_picker_html(obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # A new file or a moved focal point changes every crop, and the credit or the type of
        # picture changes the content credentials each rendition carries: make them again.
        # A hand-set crop changes its rendition.
        remake = {"file", "focal_x", "focal_y", "credit", "digital_source_type", "crop_wide", "crop_social"}
        if remake & set(form.changed_data) or not obj.renditions:
            image_refresh_renditions(image=obj)

    # --- the article form's chooser -------------------------------------------
    def get_urls(self):
        def view(fn, name, route):
            return path(route, self.admin_site.admin_view(fn), name=f"articles_image_{name}")

        return [
            view(self.chooser_view, "chooser", "chooser/"),
            view(require_POST(self.chooser_upload_view), "chooser_upload", "chooser/upload/"),
            view(require_POST(self.focal_view), "focal", "<int:pk>/focal/"),
            view(self.replace_view, "replace", "<int:pk>/replace/"),
            *super().get_urls(),
        ]

    def chooser_view(self, request):
        """Newest images (or those matching ?q=) as JSON thumbnails."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        term = request.GET.get("q", "").strip()[:100]
        images = self.get_queryset(request)
        if request.GET.get("id", "").isdigit():
            images = images.filter(pk=int(request.GET["id"]))
        elif term:
            images = images.filter(Q(alt_text__icontains=term) | Q(caption__icontains=term) | Q(credit__icontains=term))
        return JsonResponse({"results": [image_data(i) for i in images[:CHOOSER_PAGE]], "query": term})

    def chooser_upload_view(self, request):
        """Upload from inside the article form; errors come back as the form's messages (400)."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImageForm(request.POST, request.FILES)
        if not form.is_valid():
            errors = {field: [str(e) for e in errs] for field, errs in form.errors.items()}
            return JsonResponse({"errors": errors}, status=400)
        image = form.save()
        image_refresh_renditions(image=image)
        self.log_addition(request, image, [{"added": {}}])
        return JsonResponse({"image": image_data(image)}, status=201)

    def focal_view(self, request, pk):
        """Set the focal point (x, y in 0..1) and remake the renditions."""
        image = get_object_or_404(Image, pk=pk)
        if not self.has_change_permission(request, image):
            raise PermissionDenied
        try:
            x, y = float(request.POST["x"]), float(request.POST["y"])
        except (KeyError, ValueError):
            return JsonResponse({"error": "Send x and y between 0 and 1."}, status=400)
        if not (0 <= x <= 1 and 0 <= y <= 1):
            return JsonResponse({"error": "Send x and y between 0 and 1."}, status=400)
        Image.objects.filter(pk=image.pk).update(focal_x=round(x, 4), focal_y=round(y, 4))
        image.focal_x, image.focal_y = round(x, 4), round(y, 4)
        image_refresh_renditions(image=image)  # announces image-<pk>: cards and pages refresh
        return JsonResponse({"image": image_data(image)})


def claims_html(summary):
    """A manifest's claims as a definition list."""
    rows = format_html_join("", "<dt>{}</dt><dd>{}</dd>", claims_in_words(summary))
    return format_html('<dl class="credentials-claims">{}</dl>', rows)


def focal_picker_html(image, focal_url=""):
    """The original picture with a marker; clicking it sets the focal point (admin-focal.js)."""
    x = image.focal_x if image.focal_x is not None else 0.5
    y = image.focal_y if image.focal_y is not None else 0.5
    return format_html(
        '<div class="focal-picker" data-focal-picker data-focal-url="{}" data-x="{}" data-y="{}">'
        '<img src="{}" alt="{}" width="{}" height="{}">'
        '<span class="focal-picker__marker" aria-hidden="true"></span></div>'
        '<p class="help">Click the subject of the picture: every crop (cards, hero, social) keeps it in view.</p>',
        focal_url, x, y, image.file.url, image.alt_text, image.width, image.height,
    )  # fmt: skip


def image_chooser_html(image, *, may_set_focal=False):
    """The hero preview in the article form: the picture (with its focal point) and the chooser's mount point."""
    focal_url = reverse("admin:articles_image_focal", args=[image.pk]) if image and may_set_focal else ""
    picture = (
        focal_picker_html(image, focal_url)
        if image
        else format_html('<p class="image-chooser__none">{}</p>', "No picture yet.")
    )
    return format_html(
        '<div class="image-chooser" data-image-chooser data-chooser-url="{}" data-upload-url="{}" '
        'data-focal-url="{}" data-may-set-focal="{}">'
        '<div class="image-chooser__preview" aria-live="polite">{}'
        '<p class="focal-picker__status" role="status"></p></div>'
        "</div>",
        reverse("admin:articles_image_chooser"), reverse("admin:articles_image_chooser_upload"),
        reverse("admin:articles_image_focal", args=[0]), "1" if may_set_focal else "", picture,
    )  # fmt: skip
