"""Kept cards and story pieces follow every change of a label: the assembled page is the page rendered afresh.

As tests/portal/web/pagecache/test_fragments.py does for the other changes: warm the pages twice with pieces
kept (page cache off), commit one change, compare each page with the same page rendered with nothing kept.
"""

import pytest

from articles.models import Author, Image
from portal.models import Page
from portal.web.pagecache import fragments
from tests.portal.web.pagecache.test_fragments import _debug_diff, fresh, page

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(desk, settings):
    settings.FRAGMENT_CACHE_ENTRIES = 5000
    settings.FRAGMENT_CACHE_SECONDS = 600
    return desk


def _save(instance, **fields):
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.save()


def _mark_ai(desk):
    image = Image.objects.get(pk=desk.news.hero_image_id)
    _save(image, digital_source_type="compositeWithTrainedAlgorithmicMedia", caption="Edited with AI.")


CHANGES = {
    "type chosen": lambda desk: _save(desk.news, work_type="analysis"),
    "section's default type": lambda desk: _save(desk.comment, default_work_type="analysis"),
    "writer's role": lambda desk: _save(desk.column, byline_role="Guest writer"),
    "AI use declared": lambda desk: _save(desk.news, ai_use="assisted", ai_reviewed_by=desk.editor),
    "picture marked as edited with AI": _mark_ai,
    "reviewer renamed": lambda desk: _save(Author.objects.get(pk=desk.editor.pk), name="Maria Keller-Braun"),
    "labels page unpublished": lambda desk: _save(Page.objects.get(slug="types-of-work-and-ai"), is_published=False),
}


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_after_each_label_change_the_assembled_page_is_the_page_rendered_afresh(
    change, desk, client, settings, django_capture_on_commit_callbacks
):
    urls = {
        "home": "/",
        "business": desk.business.get_absolute_url(),
        "comment": desk.comment.get_absolute_url(),
        "news": desk.news.get_absolute_url(),
        "column": desk.column.get_absolute_url(),
        "drafted": desk.drafted.get_absolute_url(),
    }
    for _ in range(2):
        for url in urls.values():
            page(client, url)
    assert len(fragments._pieces) > 0
    before = {name: fresh(url, settings) for name, url in urls.items()}
    with django_capture_on_commit_callbacks(execute=True):
        CHANGES[change](desk)
    changed = False
    for name, url in urls.items():
        got, want = page(client, url), fresh(url, settings)
        assert got == want, f"{name} after {change}:\n{_debug_diff(got, want)}"
        changed = changed or want != before[name]
    assert changed, f"{change} changed no page: the test would prove nothing"
