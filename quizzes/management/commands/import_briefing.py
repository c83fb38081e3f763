"""Import a briefing from plain text, Markdown or a YAML export, all or nothing."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from briefing.importing import ImportOutcome
from briefing.ingest.document import IngestError, SourceFormat
from quizzes.management.commands.generate_quizzes import write_sync_outcome
from quizzes.publishing import import_document, import_yaml

FORMATS = [fmt.value for fmt in SourceFormat] + ["yaml"]


class Command(BaseCommand):
    help = "Import a briefing document (plain text, Markdown or YAML export) and its quizzes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The document to import.")
        parser.add_argument("--slug", help="The briefing's slug (default: from the file name).")
        parser.add_argument(
            "--title",
            help="The briefing's title (default: the document's title line, else the file name).",
        )
        parser.add_argument("--format", choices=FORMATS, default="auto", help="Default: guess.")
        parser.add_argument(
            "--language",
            help="The document's language, an ISO 639-1 code such as en or fr (default: "
            "detected for a new briefing; an existing one keeps its language).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; write nothing."
        )
        parser.add_argument(
            "--max-bytes",
            type=int,
            default=settings.IMPORT_MAX_BYTES,
            help="Refuse larger files (default: %(default)s).",
        )

    def handle(
        self,
        *args,
        path: str,
        slug,
        title,
        format: str,
        language,
        dry_run: bool,
        max_bytes: int,
        **options,
    ) -> None:
        file = Path(path)
        try:
            source = read_limited(file, max_bytes)
            if format == "yaml" or (format == "auto" and file.suffix.lower() in {".yaml", ".yml"}):
                publication = import_yaml(
                    source=source, filename=file.name, slug=slug, dry_run=dry_run
                )
            else:
                publication = import_document(
                    source=source,
                    filename=file.name,
                    slug=slug,
                    title=title,
                    source_format=SourceFormat(format),
                    dry_run=dry_run,
                    max_bytes=max_bytes,
                    language=language,
                )
        except IngestError as error:
            where = f"{path}:{error.line}" if error.line else path
            raise CommandError(f"{where}: {error.message}") from None
        self.report(publication.content)
        if publication.questions is not None:
            write_sync_outcome(self, publication.questions)

    def report(self, outcome: ImportOutcome) -> None:
        briefing = outcome.briefing
        if outcome.unchanged:
            self.stdout.write(
                f"“{briefing.title}” ({briefing.slug}) is unchanged: the file is the one "
                "imported last. Nothing to do."
            )
            return
        if outcome.cleaning is not None:
            self.stdout.write(self.style.MIGRATE_HEADING("Cleaning report"))
            for kind, count in sorted(outcome.cleaning.counts.items()):
                self.stdout.write(f"  {kind}: {count}")
            for sample in outcome.cleaning.samples:
                self.stdout.write(f"    {sample.kind}: “{sample.before}” → “{sample.after}”")
            for warning in outcome.cleaning.warnings:
                self.stdout.write(self.style.WARNING(f"  warning: {warning}"))
        if outcome.changes and not outcome.created:
            self.stdout.write(self.style.MIGRATE_HEADING("Changes"))
            for change in outcome.changes:
                self.stdout.write(f"  {change}")
        if outcome.overwritten_edits:
            self.stdout.write(self.style.MIGRATE_HEADING("Admin edits overwritten by the file"))
            for edit in outcome.overwritten_edits:
                self.stdout.write(self.style.WARNING(f"  {edit}"))
        summary = ", ".join(f"{count} {name}" for name, count in outcome.summary.items())
        verb = "Would import" if outcome.dry_run else ("Imported" if outcome.created else "Updated")
        self.stdout.write(
            self.style.SUCCESS(f"{verb} “{briefing.title}” ({briefing.slug}): {summary}.")
        )
        self.stdout.write(f"Language: {briefing.language} (questions are written in it).")
        if outcome.dry_run:
            self.stdout.write("Dry run: nothing was written.")


def read_limited(file: Path, max_bytes: int) -> bytes:
    """Read at most ``max_bytes`` (plus one, to tell a file that is too large)."""
    try:
        with file.open("rb") as handle:
            source = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise IngestError("no such file") from None
    except IsADirectoryError:
        raise IngestError("is a directory, not a file") from None
    except OSError as error:
        raise IngestError(f"cannot be read ({error.strerror})") from None
    if len(source) > max_bytes:
        raise IngestError(f"the file is larger than the {max_bytes:,}-byte limit")
    return source
