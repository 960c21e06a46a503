"""Rich text stored as sanitized HTML.

The editor's toolbar and the server-side allow-list come from one extension
configuration, so what an editor can make is exactly what survives cleaning.
"""

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
    "Typographic": True,
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
