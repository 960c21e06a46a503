"""Revisions of articles (django-reversion): registration, readable differences, restore.

An article's revision holds the article row (with its bylines and
disclosures, which the serializer keeps as id lists) and, followed, its key
takeaways, FAQ entries and tag links.
"""

import difflib
import html as html_lib
import re

import reversion
from django.db import transaction
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.text import capfirst
from reversion.models import Version
from taggit.models import Tag

from articles.models import (
    Article,
    Author,
    Category,
    Disclosure,
    FrequentlyAskedQuestion,
    Image,
    KeyTakeaway,
    TaggedArticle,
)
from articles.services import article_disclosure_ids, article_disclosures_record

reversion.register(Article, follow=["takeaways", "faqs", "taggedarticle_set"])
reversion.register(KeyTakeaway)
reversion.register(FrequentlyAskedQuestion)
reversion.register(TaggedArticle)

# What the difference shows, in order; workflow bookkeeping (timestamps, who
# saved) is in the revision list instead.
DIFF_FIELDS = [
    "headline", "slug", "category", "authors", "source", "summary", "body", "hero_image", "disclosures",
    "use_section_disclosure", "work_type", "byline_role", "reviewed_item", "ai_use", "ai_note", "ai_reviewed_by",
    "status", "publish_at", "is_top_story", "seo_title", "seo_description", "social_headline",
]  # fmt: skip
RICH_TEXT_FIELDS = {"body"}
# Fields a restore leaves as they are now: the workflow state is not content.
KEPT_ON_RESTORE = ["status", "publish_at", "updated_at", "created_by", "created_at", "is_top_story"]
BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|pre)>|<br\s*/?>", re.I)


def article_versions(article):
    """The article's versions, newest first, with their revision (who, when, comment)."""
    return Version.objects.get_for_object(article).select_related("revision__user")


def _children(version, model, field="article"):
    """Field dicts of the followed objects of `model` saved in the same revision."""
    article_id = int(version.object_id)
    rows = version.revision.version_set.get_for_model(model)
    items = [v.field_dict for v in rows]
    key = "content_object_id" if model is TaggedArticle else f"{field}_id"
    return [d for d in items if d.get(key) == article_id or d.get(key.removesuffix("_id")) == article_id]


def snapshot(version):
    """A revision as {field label: display value}, for the difference."""
    data = version.field_dict
    values = {}
    for name in DIFF_FIELDS:
        field = Article._meta.get_field(name)
        value = data.get(name)
        if name == "category":
            value = Category.objects.filter(pk=data.get("category_id")).values_list("name", flat=True).first()
        elif name == "hero_image":
            value = Image.objects.filter(pk=data.get("hero_image_id")).values_list("alt_text", flat=True).first()
        elif name == "ai_reviewed_by":
            value = Author.objects.filter(pk=data.get("ai_reviewed_by_id")).values_list("name", flat=True).first()
        elif field.choices and name != "status":  # the type of work, the AI use: the words the form shows
            value = dict(field.flatchoices).get(value, value)
        elif name == "authors":
            value = ", ".join(Author.objects.filter(pk__in=value or []).values_list("name", flat=True))
        elif name == "disclosures":
            value = ", ".join(Disclosure.objects.filter(pk__in=value or []).values_list("name", flat=True))
        elif name == "status":
            value = Article.Status(value).label if value in Article.Status.values else value
        elif isinstance(value, bool):
            value = "Yes" if value else "No"
        values[capfirst(str(field.verbose_name))] = "" if value is None else str(value)  # "AI use…" keeps its capitals
    tag_ids = [d.get("tag_id") or d.get("tag") for d in _children(version, TaggedArticle)]
    values["Tags"] = ", ".join(sorted(Tag.objects.filter(pk__in=tag_ids).values_list("name", flat=True)))
    takeaways = sorted(_children(version, KeyTakeaway), key=lambda d: (d["position"], d.get("id") or 0))
    values["Key takeaways"] = "\n".join(d["text"] for d in takeaways)
    faqs = sorted(_children(version, FrequentlyAskedQuestion), key=lambda d: (d["position"], d.get("id") or 0))
    values["FAQ"] = "\n".join(f"{d['question']} — {d['answer']}" for d in faqs)
    return values


def html_to_words(html):
    """Plain words of rich text, with a "\n" token between paragraphs."""
    # Entities become characters here and are escaped exactly once on output.
    text = html_lib.unescape(strip_tags(BLOCK_END.sub("\n", html or "")))
    tokens = []
    for line in text.split("\n"):
        words = line.split()
        if words:
            if tokens:
                tokens.append("\n")
            tokens.extend(words)
    return tokens


def word_diff(old, new):
    """Escaped HTML marking removed words with <del> and added ones with <ins>."""
    a, b = old, new
    parts = []

    def words(tokens):
        return format_html_join("", "{}", ((("\n" if t == "\n" else t + " "),) for t in tokens))

    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(words(a[i1:i2]))
            continue
        if i2 > i1:
            parts.append(format_html("<del>{}</del>", words(a[i1:i2])))
        if j2 > j1:
            parts.append(format_html("<ins>{}</ins>", words(b[j1:j2])))
    return format_html_join("", "{}", ((p,) for p in parts))


def revisions_compare(old_version, new_version):
    """Rows (label, old value, new value, marked-up difference) for the fields that differ."""
    before, after = snapshot(old_version), snapshot(new_version)
    rows = []
    for label in after:
        if before.get(label, "") == after[label]:
            continue
        if label == "Body":
            old_words = html_to_words(old_version.field_dict.get("body"))
            new_words = html_to_words(new_version.field_dict.get("body"))
        else:
            old_words, new_words = _line_words(before.get(label, "")), _line_words(after[label])
        rows.append({"label": label, "before": before.get(label, ""), "after": after[label],
                     "diff": word_diff(old_words, new_words)})  # fmt: skip
    return rows


def _line_words(text):
    tokens = []
    for n, line in enumerate(text.split("\n")):
        if n:
            tokens.append("\n")
        tokens.extend(line.split())
    return tokens


def revision_restore(*, article, version, user) -> Article:
    """Bring back the content of `version` (a new revision); the workflow state stays as it is now."""
    kept = {name: getattr(article, Article._meta.get_field(name).attname) for name in KEPT_ON_RESTORE}
    disclosures_before = article_disclosure_ids(article)
    with transaction.atomic(), reversion.create_revision():
        version.revision.revert(delete=True)
        restored = Article.objects.get(pk=article.pk)
        for name, value in kept.items():
            setattr(restored, Article._meta.get_field(name).attname, value)
        restored.modified_by = user
        restored.save()
        article_disclosures_record(
            article=restored,
            before=disclosures_before,
            after=article_disclosure_ids(restored),
            user=user,
            reason="Restored an earlier revision",
        )
        reversion.set_user(user)
        reversion.set_comment(f"Restored the revision of {version.revision.date_created:%d %b %Y %H:%M}")
    return restored
