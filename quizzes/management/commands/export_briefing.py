"""Export a briefing: the YAML exchange format, or its questions for Moodle (GIFT, XML)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from briefing.exchange import dump_yaml
from briefing.models import Briefing
from quizzes.exchange import export_data
from quizzes.moodle import FORMATS as MOODLE_FORMATS
from quizzes.moodle_export import ExportError, export_briefing_for_moodle


class Command(BaseCommand):
    help = (
        "Export a briefing as YAML (to standard output, or to a file with -o), "
        "or its active questions for Moodle (--format gift or moodle-xml)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("-o", "--output", help="Write to this file instead of standard output.")
        parser.add_argument(
            "--format",
            choices=["yaml", *MOODLE_FORMATS],
            default="yaml",
            help="yaml (default): the whole briefing, to import back; "
            "gift, moodle-xml: its quizzes' active questions for Moodle.",
        )

    def handle(self, *args, slug: str, output: str | None, format: str, **options) -> None:
        briefing = Briefing.objects.filter(slug=slug).first()
        if briefing is None:
            known = ", ".join(Briefing.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(f"No briefing with slug {slug!r} (known: {known}).")
        if format == "yaml":
            text, notes = dump_yaml(export_data(briefing)), []
        else:
            try:
                text, notes = export_briefing_for_moodle(briefing, file_format=format)
            except ExportError as error:
                raise CommandError(str(error)) from error
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
        for note in notes:
            self.stderr.write(note)
        if output:
            self.stderr.write(f"Wrote {output}.")
