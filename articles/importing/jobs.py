"""Running an `ImportJob` from the admin: progress on the row, the summary at the end.

One pipeline for every format: a job's `kind` picks a runner from
`RUNNERS`. The ninjs runner is defined here; the WordPress one registers
itself from `portal.importing.jobs` when portal loads (it writes company
pages, which are portal's), so articles never imports portal.
"""

import logging
import time

from django.utils import timezone

from articles.importing.common import DocumentError, ImportSummary, section_by_slug
from articles.models import Article, ImportJob
from portal.web.storage import local_copy

logger = logging.getLogger(__name__)

#: Kept on the job row; the rest is counted, not listed.
MAX_LISTED = 500

#: kind -> runner(job, *, summary, section, progress), filled by `job_runner`.
RUNNERS = {}


def job_runner(kind):
    """Register the function that imports a job's file of this kind."""

    def register(func):
        RUNNERS[kind] = func
        return func

    return register


def _save_counts(job, summary, **extra):
    ImportJob.objects.filter(pk=job.pk).update(processed=summary.processed, **summary.counts, **extra)


def import_job_run(*, job_id):
    """Run one queued job to the end; the job row records progress, summary and failures."""
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None or job.is_finished:
        return "gone"
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING, started_at=timezone.now())
    summary = ImportSummary()
    last = [0.0]

    def progress(summary, total=None):
        # At most one small UPDATE a second: the job page polls this row.
        if time.monotonic() - last[0] >= 1:
            last[0] = time.monotonic()
            _save_counts(job, summary, **({"total": total} if total else {}))

    status, error = ImportJob.Status.DONE, ""
    try:
        section = section_by_slug(job.options.get("section", ""))
        RUNNERS[job.kind](job, summary=summary, section=section, progress=progress)
    except DocumentError as problem:
        status, error = ImportJob.Status.FAILED, str(problem)
    except Exception:
        logger.exception("Import job %s stopped", job.pk)
        status, error = ImportJob.Status.FAILED, "The import stopped on an unexpected error; see the server log."
    summary.reindex()
    notes = summary.notes[:MAX_LISTED]
    if summary.comments_skipped:
        notes.insert(0, ["export", f"{summary.comments_skipped} comments skipped"])
    _save_counts(
        job,
        summary,
        status=status,
        error=error,
        failures=summary.failures[:MAX_LISTED],
        notes=notes,
        finished_at=timezone.now(),
    )
    return status


@job_runner(ImportJob.Kind.NINJS)
def run_ninjs_job(job, *, summary, section, progress):
    """A job's uploaded ninjs file or zip. Its images can only be remote: they are reported."""
    from articles.importing.batch import StoryBatch
    from articles.importing.ninjs import iter_sources, queue_document

    status = job.options.get("status") or Article.Status.PUBLISHED
    batch = StoryBatch(summary, section=section, status=status)
    # The upload may be in a bucket: a zip needs a seekable file, so read a temporary copy.
    with local_copy(job.file) as path:
        for source, raw, _base in iter_sources([str(path)]):
            name = source.replace(str(path), job.original_name).replace(path.name, job.original_name)
            queue_document(batch, raw, source=name, base_dir=None)
            progress(summary)
        batch.flush()
