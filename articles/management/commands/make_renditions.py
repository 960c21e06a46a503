"""Make (again) the resized copies of uploaded images."""

from django.conf import settings
from django.core.management.base import BaseCommand

from articles.models import Image
from articles.services import image_refresh_renditions


class Command(BaseCommand):
    help = (
        "Make the WebP and JPEG renditions of images at IMAGE_RENDITION_WIDTHS, e.g. after a width "
        "was added (1200 for social cards). By default only images missing a width or file size."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Remake every image's renditions.")

    def handle(self, *args, all, **options):
        wanted = {str(w) for w in settings.IMAGE_RENDITION_WIDTHS}
        done = failed = 0
        for image in Image.objects.order_by("pk").iterator(chunk_size=200):
            if not all and not self.incomplete(image, wanted):
                continue
            try:
                image_refresh_renditions(image=image)
                done += 1
            except OSError as error:  # a missing or unreadable original: report it, go on
                failed += 1
                self.stderr.write(f"Image {image.pk} ({image.file.name}): {error}")
        self.stdout.write(self.style.SUCCESS(f"Made renditions for {done} image(s); {failed} failed."))

    @staticmethod
    def incomplete(image, wanted):
        if not image.width:
            return True
        jpeg = set((image.renditions or {}).get("jpeg") or {})
        sizes = set(((image.renditions or {}).get("bytes") or {}).get("jpeg") or {})
        # Widths wider than the original are never made; the widest copy then has the original's width.
        usable = {w for w in wanted if int(w) < image.width} | {str(min(image.width, max(map(int, wanted))))}
        return not usable <= jpeg or not jpeg <= sizes
