"""How editors type tags: comma-separated, so “São Paulo” stays one tag.

taggit's default parser splits on spaces when there is no comma, which
silently turns a place name into two tags.
"""

import re

from django.urls import register_converter


def comma_splitter(text):
    names = {name.strip().strip('"').strip() for name in (text or "").split(",")}
    return sorted(name for name in names if name)


def comma_joiner(tags):
    return ", ".join(sorted(tag.name for tag in tags))


def tag_name_problem(name):
    """Why `name` cannot be a tag, or None. Tags need a readable, linkable slug."""
    if len(name) > 100:
        return f"“{name[:30]}…” is longer than 100 characters."
    if not re.search(r"\w", name):
        return f"“{name}” has no letters or digits."
    return None


class UnicodeSlugConverter:
    """Tag slugs keep accents and non-Latin letters (“zürich”, “日本経済”)."""

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(UnicodeSlugConverter, "uslug")
