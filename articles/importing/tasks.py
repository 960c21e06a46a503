"""Background work of the newsroom (DEP 14 tasks), run by `manage.py db_worker`.

Thin: the task calls the service with an id, so it can run again after a crash.
"""

try:  # Django 6 ships the task API; on 5.2 the django-tasks backport provides it.
    from django.tasks import task
except ImportError:
    from django_tasks import task


@task()
def run_import_job(job_id):
    """Import the file of one `ImportJob` (ninjs or WordPress)."""
    from articles.importing.jobs import import_job_run

    return import_job_run(job_id=job_id)
