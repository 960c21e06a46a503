"""manage.py import_ninjs PATH... : wire stories in IPTC ninjs 1.x, 2.x or 3.x."""

import sys

from django.core.management.base import BaseCommand, CommandError

from articles.importing.common import DocumentError, ImportSummary, dry_run_scope, section_by_slug
from articles.importing.ninjs import import_ninjs
from articles.models import Article


class Command(BaseCommand):
    help = (
        "Import ninjs documents (files, folders, zips or - for standard input). A story's uri is its "
        "identity: importing it again updates the article when its versioncreated is newer."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="ninjs .json files, folders, .zip files, or - for stdin")
        parser.add_argument("--section", default="", help="slug of the section for the stories (default: settings)")
        parser.add_argument("--status", choices=["draft", "published"], default="published")
        parser.add_argument("--dry-run", action="store_true", help="do everything, then roll it all back")

    def handle(self, *args, paths, section, status, dry_run, **options):
        try:
            category = section_by_slug(section)
        except DocumentError as error:
            raise CommandError(str(error)) from None
        summary = ImportSummary()
        with dry_run_scope(dry_run):
            import_ninjs(
                paths,
                section=category,
                status=Article.Status.PUBLISHED if status == "published" else Article.Status.DRAFT,
                summary=summary,
                stdin=sys.stdin.buffer if "-" in paths else None,
            )
        summary.finish_command(self, dry_run=dry_run, noun="document")
