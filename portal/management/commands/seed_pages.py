"""Create the demo company pages and menus; safe to run again."""

import re

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse

from portal.demo import COMPANY_MENU, MAIN_MENU, PAGES, REPOINTED
from portal.models import MenuItem, Page
from portal.web import changes

PAGE_LINK = re.compile(r"\{page:([\w-]+)\}")
URL_LINK = re.compile(r"\{url:([\w:-]+)\}")


def fill(text):
    """Put the configured names and page addresses (`{page:<slug>}`, `{url:<url name>}`) into a demo text."""
    text = text.replace("{site}", settings.SITE_NAME).replace("{publisher}", settings.PUBLISHER_NAME)
    text = URL_LINK.sub(lambda m: reverse(m.group(1)), text)
    return PAGE_LINK.sub(lambda m: reverse("portal:page", kwargs={"slug": m.group(1)}), text)


class Command(BaseCommand):
    help = (
        "Create the company pages (About Us, Privacy & Cookie Policy, ..., Editorial & Advertiser Disclosure) "
        "and the menus. Idempotent: existing pages and menu items, and editors' changes to them, are kept."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            pages = self.pages()
            items = self.menus()
            self.repoint()
        self.stdout.write(self.style.SUCCESS(f"Company pages: {pages} created. Menu items: {items} created."))

    def pages(self):
        created = 0
        for slug, title, summary, body in PAGES:
            _, new = Page.objects.get_or_create(
                slug=slug,
                defaults={"title": title, "summary": fill(summary), "body": fill(body).strip()},
            )
            created += new
        return created

    def menus(self):
        created = 0
        for position, (label, children) in enumerate(MAIN_MENU, start=1):
            parent, new = MenuItem.objects.get_or_create(
                menu=MenuItem.Menu.MAIN, parent=None, label=label, defaults={"position": position * 10}
            )
            created += new
            created += self.items(MenuItem.Menu.MAIN, children, parent)
        created += self.items(MenuItem.Menu.COMPANY, COMPANY_MENU, None)
        return created

    def items(self, menu, entries, parent):
        created = 0
        for position, (label, (kind, value)) in enumerate(entries, start=1):
            target = {"page": Page.objects.get(slug=value)} if kind == "page" else {kind: value}
            _, new = MenuItem.objects.get_or_create(
                menu=menu, parent=parent, label=label, defaults={"position": position * 10, **target}
            )
            created += new
        return created

    def repoint(self):
        """Move items still on a company page that became a page of its own (a form, a listing) there."""
        for (label, slug), (kind, value) in REPOINTED.items():
            # update() sends no model signals: announce the menus' change when it moved any.
            if MenuItem.objects.filter(label=label, page__slug=slug).update(page=None, **{kind: value}):
                changes.announce(changes.CHROME)
