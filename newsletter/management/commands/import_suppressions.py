"""Import bounces, complaints or removals from a CSV file into the suppression list."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from newsletter.models import Suppression
from newsletter.services.suppressions import REASON_ALIASES, suppressions_import


class Command(BaseCommand):
    help = (
        "Suppress the addresses in FILE.csv (columns: email, then optionally reason and note; a header row "
        "is fine). They never receive mail again, and pending deliveries to them stop."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--reason",
            default="imported",
            choices=sorted(REASON_ALIASES),
            help="Reason for lines without one (default: imported).",
        )
        parser.add_argument("--note", default="", help="Note stored with lines without one.")

    def handle(self, *args, file, reason, note, **options):
        try:
            text = file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        default = REASON_ALIASES.get(reason, Suppression.Reason.IMPORTED)
        result = suppressions_import(text=text, default_reason=default, note=note or f"Imported from {file.name}")
        for line in result.invalid:
            self.stderr.write(f"Skipped {line}")
        self.stdout.write(self.style.SUCCESS(f"{result.added} address(es) suppressed; {result.already} already were."))
