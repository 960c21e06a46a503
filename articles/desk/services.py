"""Autosaved drafts: keep, read back, forget. Nothing here touches the article itself."""

import re

from django.utils import timezone

from articles.desk.models import ArticleDraft

#: What an autosave may carry: the form's own fields and its inline rows (faqs-0-question, …).
FIELD_NAME = re.compile(r"^[A-Za-z_][\w-]{0,150}$")
#: Never kept: the token is per session, the buttons are a decision, not text.
SKIPPED = {"csrfmiddlewaretoken", "_workflow", "_save", "_continue", "_addanother", "confirm_checks", "_labels"}
MAX_FIELDS = 600
MAX_BYTES = 512 * 1024


class DraftRefused(ValueError):
    """The autosave's data is not a form this desk sends."""


def draft_data_clean(post):
    """{name: [values]} from a QueryDict, or DraftRefused saying what is wrong."""
    # An inline's empty template row (faqs-__prefix__-question) is not something the editor typed.
    data = {name: values for name, values in post.lists() if name not in SKIPPED and "__prefix__" not in name}
    if not data:
        raise DraftRefused("Nothing to save: the request carried no form fields.")
    if len(data) > MAX_FIELDS:
        raise DraftRefused(f"Too many fields ({len(data)}); a story's form has fewer than {MAX_FIELDS}.")
    bad = sorted(name for name in data if not FIELD_NAME.match(name))
    if bad:
        raise DraftRefused(f"Unknown field name: {bad[0][:60]!r}.")
    if sum(len(v) for values in data.values() for v in values) > MAX_BYTES:
        raise DraftRefused("The draft is too large to autosave (over 512 KB of text).")
    return data


def draft_labels_clean(labels):
    """The chosen options' shown text, {name: {value: text}}, with anything else dropped."""
    if not isinstance(labels, dict):
        return {}
    clean = {}
    for name, options in list(labels.items())[:50]:
        if isinstance(name, str) and FIELD_NAME.match(name) and isinstance(options, dict):
            clean[name] = {str(v)[:40]: str(t)[:200] for v, t in list(options.items())[:100]}
    return clean


def draft_save(*, user, article, data, labels=None) -> ArticleDraft:
    """Keep the form as `user` left it (replacing their previous autosave of the same article)."""
    base = (data.get("opened_version") or [""])[0][:64]
    draft, _ = ArticleDraft.objects.update_or_create(
        user=user,
        article=article,
        defaults={"data": data, "labels": labels or {}, "base_version": base, "saved_at": timezone.now()},
    )
    return draft


def draft_for(*, user, article):
    """`user`'s autosave of `article` (None: of the article not saved yet), or None.

    A draft older than the user's own later save of the article is left
    over (a save from another tab): it is dropped rather than offered.
    """
    draft = ArticleDraft.objects.filter(user=user, article=article).first()
    if draft is None or article is None:
        return draft
    if article.modified_by_id == user.pk and article.modified_at and article.modified_at >= draft.saved_at:
        draft.delete()
        return None
    return draft


def draft_discard(*, user, article) -> int:
    """Forget `user`'s autosave of `article` (after a save, or when they discard it)."""
    deleted, _ = ArticleDraft.objects.filter(user=user, article=article).delete()
    return deleted


def newer_save_than(draft, article):
    """Who saved `article` after the version the draft was written on, as (name, time), or None."""
    if article is None or not draft.base_version or not article.modified_at:
        return None
    if draft.base_version == article.modified_at.isoformat():
        return None
    who = article.modified_by
    name = (who.get_full_name() or who.get_username()) if who else "Someone"
    return name, timezone.localtime(article.modified_at)
