"""manage.py import_wordpress EXPORT.xml : a WordPress site (Tools → Export) into the newsroom."""

from django.core.management.base import BaseCommand, CommandError

from articles.importing.common import DocumentError, ImportSummary, dry_run_scope, section_by_slug
from portal.importing.wordpress import import_wordpress


def progress_bar(stream):
    """A one-line progress bar on a command's stderr (an OutputWrapper): no dependency, redrawn in place."""

    def draw(summary, total):
        done = summary.processed
        if total and (done % 50 == 0 or done >= total):
            width = 30
            filled = int(width * min(done, total) / total)
            stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} items", ending="")
            stream.flush()

    return draw


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR 1.1/1.2): posts → articles, categories → sections, tags, "
        "pages → company pages, featured images from --uploads, old permalinks → redirects. Re-runs update."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", help="the .xml file from WordPress's Tools → Export")
        parser.add_argument("--section", default="", help="section for posts without a category (default: settings)")
        parser.add_argument("--uploads", default="", help="a local copy of wp-content/uploads")
        parser.add_argument(
            "--permalinks",
            default="",
            help='the old permalink structure, e.g. "/%%category%%/%%postname%%/" (also %%year%%, %%monthnum%%, '
            "%%day%%, %%post_id%%)",
        )
        parser.add_argument("--dry-run", action="store_true", help="do everything, then roll it all back")
        parser.add_argument("--progress", action="store_true", help="show the progress bar even when not on a terminal")

    def handle(self, *args, export, section, uploads, permalinks, dry_run, progress, **options):
        try:
            category = section_by_slug(section)
        except DocumentError as error:
            raise CommandError(str(error)) from None
        summary = ImportSummary()
        show = progress or self.stderr.isatty()
        try:
            with dry_run_scope(dry_run):
                import_wordpress(
                    export,
                    section=category,
                    summary=summary,
                    uploads=uploads or None,
                    permalinks=permalinks,
                    progress=progress_bar(self.stderr) if show else None,
                )
        except DocumentError as error:
            raise CommandError(f"{export}: {error}. Nothing was imported.") from None
        if show:
            self.stderr.write("")
        summary.finish_command(self, dry_run=dry_run, noun="item")
