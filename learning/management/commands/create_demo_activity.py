"""Give a briefing a demo class: a dozen learners with attempts, progress and reviews."""

from django.core.management.base import BaseCommand, CommandError

from briefing.models import Briefing
from learning.demo import LEARNERS, create_demo_activity


class Command(BaseCommand):
    help = (
        "Create a dozen demo learners with three weeks of reading, quiz attempts and reviews "
        "at a briefing (a fixed seed; does nothing when they already have attempts there)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("slug", help="the briefing's slug")

    def handle(self, *args, slug: str, **options) -> None:
        briefing = Briefing.objects.filter(slug=slug).first()
        if briefing is None:
            raise CommandError(f"No briefing with the slug {slug!r}: import it first.")
        attempts = create_demo_activity(briefing=briefing)
        if attempts:
            self.stdout.write(
                f"Demo activity at {slug}: {len(LEARNERS)} learners, {attempts} attempts."
            )
        else:
            self.stdout.write(f"Demo activity at {slug} was already there: nothing to do.")
