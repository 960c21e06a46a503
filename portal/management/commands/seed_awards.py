"""Create the demo awards programmes; safe to run again (editors' changes are kept)."""

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from articles.demo.pictures import portrait_picture
from articles.models import Article, Image
from articles.services import image_refresh_renditions
from portal.awards import demo
from portal.models import AwardCategory, AwardsProgramme, MediaKitFile, Milestone, Testimonial, Winner

LOGO_CREDIT = "Demo logo"


class Command(BaseCommand):
    help = (
        "Create the demo awards: last year's programme with its winners and this year's with nominations open. "
        "Idempotent: a programme that exists for a year is left as editors made it."
    )

    def handle(self, *args, **options):
        year = timezone.localdate().year
        created = []
        with transaction.atomic():
            for programme_year, with_winners in ((year - 1, True), (year, False)):
                if not AwardsProgramme.objects.filter(year=programme_year).exists():
                    self.programme(programme_year, with_winners)
                    created.append(str(programme_year))
        self.stdout.write(self.style.SUCCESS(f"Awards programmes created: {', '.join(created) or 'none'}."))

    def programme(self, year, with_winners):
        tz = timezone.get_current_timezone()
        opens, closes = demo.window(year, tz)
        site = settings.SITE_NAME
        programme = AwardsProgramme.objects.create(
            year=year,
            name=f"{site} Awards {year}",
            intro=f"Celebrating the banks, investors and fintechs that served their customers best in {year}.",
            about=demo.ABOUT.replace("{site}", site).strip(),
            faq=demo.FAQ.strip(),
            nominations_open_at=opens,
            nominations_close_at=closes,
        )
        categories = {}
        for order, (name, slug, description) in enumerate(demo.CATEGORIES, start=1):
            categories[slug] = AwardCategory.objects.create(
                programme=programme, name=name, slug=slug, description=description, order=order * 10
            )
        for day, title, description, announces in demo.milestones(year, tz):
            Milestone.objects.create(
                programme=programme, date=day, title=title, description=description, announces_winners=announces
            )
        for order, (quote, person, role, organisation) in enumerate(demo.TESTIMONIALS, start=1):
            Testimonial.objects.create(
                programme=programme, quote=quote, person=person, role=role, organisation=organisation, order=order
            )
        if with_winners:
            for index, (slug, organisation, initials, citation) in enumerate(demo.WINNERS):
                Winner.objects.create(
                    programme=programme,
                    category=categories[slug],
                    organisation=organisation,
                    logo=self.logo(index, organisation, initials),
                    citation=citation,
                )
        kit = MediaKitFile(programme=programme, title=f"Fact sheet: {programme.name} (PDF)", order=10)
        kit.file.save(f"awards-{year}-fact-sheet.pdf", ContentFile(demo.minimal_pdf(programme.name)), save=False)
        kit.save()
        releases = Article.objects.published().filter(disclosures__slug="press-release").order_by("-publish_at")
        programme.press_releases.set(releases.values_list("pk", flat=True)[:3])
        return programme

    def logo(self, index, organisation, initials):
        alt = f"{organisation} logo"
        existing = Image.objects.filter(credit=LOGO_CREDIT, alt_text=alt).first()
        if existing:
            return existing
        content = portrait_picture(index + 7, initials)
        image = Image(alt_text=alt, credit=LOGO_CREDIT)
        image.file.save(f"demo/logo-{initials.lower()}.jpg", content, save=False)
        image.save()
        return image_refresh_renditions(image=image)
