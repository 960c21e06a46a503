"""The article form's hand-picked related stories: an ordered inline (the automatic ones need no editing)."""

from django import forms
from django.contrib import admin

from articles.related.models import RelatedStory


class RelatedStoryForm(forms.ModelForm):
    class Meta:
        model = RelatedStory
        fields = ["related", "position"]
        # The rows' order is the order: dragged, or moved with Alt+Arrow (static/js/admin-article.js).
        widgets = {"position": forms.HiddenInput(attrs={"class": "faq-position"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A table cell has no <label>: the chooser names itself (static/js/admin-article.js passes it on).
        widget = self.fields["related"].widget
        getattr(widget, "widget", widget).attrs["aria-label"] = "Related story"  # inside the admin's "+" wrapper

    def clean_related(self):
        # The inline leaves the article out of the constraint checks: say it here, not as a database error.
        related = self.cleaned_data.get("related")
        if related is not None and related.pk == self.instance.article_id:
            raise forms.ValidationError("A story cannot be related to itself.")
        return related


class RelatedStoryInline(admin.TabularInline):
    model = RelatedStory
    form = RelatedStoryForm
    fk_name = "article"
    extra = 1
    fields = ["related", "position"]
    classes = ["related-inline"]
    autocomplete_fields = ["related"]
    ordering = ["position", "pk"]
    verbose_name = "picked story"
    verbose_name_plural = (
        "Related stories: picked ones come first, in this order (drag a row, or Alt+Arrow up/down); "
        "the rest are chosen automatically (shared topics and section, newer first)"
    )
