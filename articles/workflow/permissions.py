"""Who may do what to an article: the one place the admin and the services ask."""

from django.db.models import Q

from articles.models import Article, published_q

S = Article.Status
# States a writer (no "change any article" permission) may edit in: an
# article in review is with the editors until they approve or send it back.
WRITER_EDITABLE = {S.DRAFT}
LIVE_STATES = {S.PUBLISHED, S.UNPUBLISHED}


def can_publish(user):
    return user.has_perm("articles.publish_article")


def can_review(user):
    return user.has_perm("articles.review_article")


def can_edit_any(user):
    return user.has_perm("articles.change_any_article")


def owned_q(user):
    """Articles the user created or is credited on (through their Author profile)."""
    return Q(created_by=user) | Q(pk__in=Article.objects.filter(authors__user=user).values("pk"))


def viewable_q(user):
    """Articles the user may see in the newsroom's overviews (the calendar).

    Editors see every article; writers their own, and of the others only
    what readers see (live), never another writer's scheduled or embargoed story.
    """
    if can_edit_any(user):
        return Q()
    return owned_q(user) | published_q()


def owns(user, article):
    if article.created_by_id == user.pk:
        return True
    return article.pk is not None and article.authors.filter(user=user).exists()


def can_edit(user, article):
    """Whether the user may change this article's content."""
    if not user.has_perm("articles.change_article"):
        return False
    if can_edit_any(user):
        return True
    if not owns(user, article):
        return False
    if article.status in WRITER_EDITABLE:
        return True
    return article.status in LIVE_STATES and user.has_perm("articles.change_published_article")


def can_submit(user, article):
    return article.status in {S.DRAFT, S.UNPUBLISHED} and can_edit(user, article)
