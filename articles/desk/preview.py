"""The live preview: the story as the form holds it now, on the reader's page, never stored.

The form is saved inside a transaction that is always rolled back, so the
page is rendered by the very queries and template a preview link uses
(articles/workflow/preview.py), with the body sanitized as on a real save;
nothing it wrote survives and nothing is announced (announcements wait for
a commit that never comes).
"""

import re

from django.db import transaction
from django.template.loader import render_to_string
from django.utils.html import format_html_join

from articles.models import FrequentlyAskedQuestion
from articles.services import article_takeaways_set
from articles.workflow.preview import PreviewView, preview_queryset

MAX_FAQ_ROWS = 50
# The reader page works without scripts; in the editor's frame they would only be refused by its sandbox.
SCRIPT = re.compile(r"<script\b(?![^>]*application/ld\+json)[^>]*>.*?</script>\s*", re.I | re.S)


class _Rollback(Exception):
    pass


def faq_rows(post, prefix="faqs"):
    """The FAQ rows of the posted form, in their order, without the deleted and the empty ones."""
    try:
        total = min(int(post.get(f"{prefix}-TOTAL_FORMS", 0)), MAX_FAQ_ROWS)
    except ValueError:
        return []
    rows = []
    for n in range(total):
        question = post.get(f"{prefix}-{n}-question", "").strip()[:300]
        answer = post.get(f"{prefix}-{n}-answer", "").strip()[:2000]
        if post.get(f"{prefix}-{n}-DELETE") or not (question and answer):
            continue
        try:
            position = int(post.get(f"{prefix}-{n}-position") or n)
        except ValueError:
            position = n
        rows.append((position, n, question, answer))
    return [(question, answer) for _p, _n, question, answer in sorted(rows)]


def waiting_html(form):
    """What the preview says while the story lacks what a page needs."""
    problems = format_html_join(
        "", "<li><strong>{}</strong>: {}</li>",
        ((form.fields[name].label if name in form.fields else "Form", " ".join(errors))
         for name, errors in form.errors.items()),
    )  # fmt: skip
    return render_to_string("admin/articles/article/includes/preview_waiting.html", {"problems": problems})


def live_preview_html(*, request, form, faqs):
    """The reader's page of the article as `form` (bound, valid) holds it, with `faqs` as its FAQ."""
    html = ""
    try:
        with transaction.atomic():
            article = form.save(commit=False)
            if not article.pk:
                article.created_by = request.user
            article.save()
            form.save_m2m()
            article_takeaways_set(article=article, lines=form.cleaned_data.get("takeaways_text", []))
            article.faqs.all().delete()
            FrequentlyAskedQuestion.objects.bulk_create(
                FrequentlyAskedQuestion(article=article, position=n, question=q, answer=a)
                for n, (q, a) in enumerate(faqs)
            )
            view = PreviewView(request=request, kwargs={})
            view.object = preview_queryset().get(pk=article.pk)
            context = view.get_context_data(object=view.object)
            html = render_to_string(view.template_name, context, request=request)
            raise _Rollback
    except _Rollback:
        pass
    html = SCRIPT.sub("", html)
    # Links open outside the editor's frame: the form stays as it is.
    return html.replace("<head>", '<head><base target="_blank">', 1)
