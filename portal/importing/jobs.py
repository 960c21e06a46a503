"""The admin import page's WordPress jobs, run through the one job pipeline of `articles.importing.jobs`."""

from articles.importing.jobs import job_runner
from articles.models import ImportJob
from portal.importing.wordpress import import_wordpress
from portal.web.storage import local_copy


@job_runner(ImportJob.Kind.WORDPRESS)
def run_wordpress_job(job, *, summary, section, progress):
    """An admin job's uploaded WXR: no uploads folder, so images are reported, not imported."""
    # The reader streams the file twice (check, then import): a temporary copy of the stored upload.
    with local_copy(job.file) as path:
        return import_wordpress(
            path,
            section=section,
            summary=summary,
            permalinks=job.options.get("permalinks", ""),
            progress=progress,
            name=job.original_name,
        )
