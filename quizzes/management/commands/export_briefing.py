"""Export a briefing, its lessons and its quizzes in the YAML exchange format."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from briefing.exchange import dump_yaml
from briefing.models import Briefing
from quizzes.exchange import export_data


class Command(BaseCommand):
    help = "Export a briefing as YAML (to standard output, or to a file with -o)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("-o", "--output", help="Write to this file instead of standard output.")

    def handle(self, *args, slug: str, output: str | None, **options) -> None:
        briefing = Briefing.objects.filter(slug=slug).first()
        if briefing is None:
            known = ", ".join(Briefing.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(f"No briefing with slug {slug!r} (known: {known}).")
        text = dump_yaml(export_data(briefing))
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(f"Wrote {output}.")
        else:
            self.stdout.write(text, ending="")
