"""Report what the question linter finds in a briefing's active questions, rule by rule."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from briefing.models import Briefing
from quizzes.management.commands.generate_quizzes import write_lint_outcome
from quizzes.sync import lint_questions


class Command(BaseCommand):
    help = (
        "Lint a briefing's active questions (generated, edited and manual): the rate per rule "
        "and the share flagged. Writes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", nargs="?", help="The briefing to lint.")
        parser.add_argument("--all", action="store_true", help="Lint every briefing.")

    def handle(self, *args, slug: str | None, all: bool, verbosity: int, **options) -> None:
        if all == bool(slug):
            raise CommandError("Give a briefing's slug or --all (not both).")
        briefings = Briefing.objects.order_by("slug")
        if slug:
            briefings = briefings.filter(slug=slug)
            if not briefings.exists():
                known = ", ".join(Briefing.objects.values_list("slug", flat=True)) or "none"
                raise CommandError(f"No briefing with slug {slug!r} (known: {known}).")
        for briefing in briefings:
            self.stdout.write(f"{briefing.slug} ({briefing.language}): {briefing.title}")
            write_lint_outcome(
                self,
                lint_questions(briefing, save=False),
                per_rule=True,
                questions=verbosity >= 2,
            )
