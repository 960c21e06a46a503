"""factory-boy factories for the site shell: company pages and menu items."""

import factory
from django.utils.text import slugify

from portal.models import MenuItem, Page


class PageFactory(factory.django.DjangoModelFactory):
    """A published company page."""

    class Meta:
        model = Page
        django_get_or_create = ["slug"]

    title = factory.Sequence(lambda n: f"Company page {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    summary = factory.LazyAttribute(lambda o: f"What readers find on {o.title}.")
    body = "<h2>Who we are</h2><p>An independent publication.</p><ul><li>Business</li><li>Finance</li></ul>"
    is_published = True


class MenuItemFactory(factory.django.DjangoModelFactory):
    """A main-bar item without a target: pass page=, section=, route= or url=, or parent=."""

    class Meta:
        model = MenuItem

    menu = factory.LazyAttribute(lambda o: o.parent.menu if o.parent else MenuItem.Menu.MAIN)
    label = factory.Sequence(lambda n: f"Menu item {n}")
    parent = None
    position = factory.Sequence(lambda n: n)
