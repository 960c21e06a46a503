"""The periodic dead-link check (a DEP 14 task), enqueued by `manage.py check_source_links`."""

try:  # Django 6 ships the task API; on 5.2 the django-tasks backport provides it.
    from django.tasks import task
except ImportError:
    from django_tasks import task


@task()
def check_source_links():
    """Check the source links that are due and mark the dead ones for editors."""
    from articles.sources.links import source_links_check

    return source_links_check()
