"""Create the demo newsletter lists and one sent issue with click figures; safe to run again."""

from django.core.management.base import BaseCommand
from django.db import transaction

from newsletter.models import NewsletterList

LISTS = [
    ("daily-headlines", "Daily Headlines", "The day’s most important business and finance stories, every weekday "
     "morning.", True, 10),
    ("weekly-finance", "Weekly Finance", "Markets, banking and investing: the week’s analysis and what to watch, "
     "every Saturday.", False, 20),
]  # fmt: skip


class Command(BaseCommand):
    help = (
        "Create the newsletter lists “Daily Headlines” (default) and “Weekly Finance”, and a sent demo issue "
        "with click figures. Editors' changes are kept."
    )

    def handle(self, *args, **options):
        created = 0
        with transaction.atomic():
            for slug, name, description, is_default, position in LISTS:
                _, new = NewsletterList.objects.get_or_create(
                    slug=slug,
                    defaults={"name": name, "description": description, "is_default": is_default, "position": position},
                )
                created += new
        self.stdout.write(self.style.SUCCESS(f"Newsletter lists: {created} created."))
        from newsletter.demo import seed_sent_issue

        issue = seed_sent_issue()
        if issue is None:
            self.stdout.write("No published articles yet: no demo issue (run seed_demo first).")
        else:
            self.stdout.write(self.style.SUCCESS(f"Sent demo issue with click figures: admin issue {issue.pk}."))
