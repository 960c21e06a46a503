"""Rich text stored as sanitized HTML.

The editor's toolbar and the server-side allow-list come from one extension
configuration, so what an editor can make is exactly what survives cleaning.
"""

from functools import lru_cache

import nh3
from django_prose_editor.config import allowlist_from_extensions, expand_extensions
from django_prose_editor.fields import ProseEditorField

#: What the newsroom's rich text may contain. Headings start at h2 because the
#: headline is the page's only h1; links are limited to web and mail schemes
#: (no `javascript:`) and cannot open new windows.
RICH_TEXT_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "History": True,
    "HTML": True,
    "SpecialCharacters": True,
}


class RichTextField(ProseEditorField):
    """A prose-editor field whose value is cleaned with nh3 on every save.

    django-prose-editor cleans only in form validation; sanitizing in
    `pre_save` also covers the shell, imports and the demo seeder.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("extensions", RICH_TEXT_EXTENSIONS)
        kwargs.setdefault("sanitize", True)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        value = self.sanitize(getattr(model_instance, self.attname) or "")
        setattr(model_instance, self.attname, value)
        return value

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        kwargs.pop("extensions", None)
        kwargs.pop("sanitize", None)
        kwargs.pop("config", None)
        return name, "django.db.models.TextField", args, kwargs


@lru_cache(maxsize=1)
def _sponsored_cleaner():
    options = allowlist_from_extensions(expand_extensions(RICH_TEXT_EXTENSIONS))
    attributes = {tag: set(attrs) for tag, attrs in options["attributes"].items()}
    attributes["a"] = attributes.get("a", set()) - {"rel"}  # nh3 then writes rel itself
    options["attributes"] = attributes
    options["link_rel"] = "sponsored noopener"
    return nh3.Cleaner(**options)


def sponsored_links(html):
    """The same allow-list, with every link marked rel="sponsored noopener".

    Search engines ask for this on paid links; done at render time so a
    disclosure added later applies to links already stored.
    """
    return _sponsored_cleaner().clean(html or "")
