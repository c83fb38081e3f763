"""Generate (or regenerate) a briefing's quizzes without losing any learner's answers."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from briefing.models import Briefing
from quizzes.generate.lint import RULES
from quizzes.sync import LintOutcome, SyncOutcome, sync_quizzes


class Command(BaseCommand):
    help = "Generate a briefing's quizzes from its tables, term lists and prose."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("--seed", type=int, default=0, help="Shuffles options and distractors.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Print the changes; write nothing."
        )

    def handle(self, *args, slug: str, seed: int, dry_run: bool, **options) -> None:
        briefing = Briefing.objects.filter(slug=slug).first()
        if briefing is None:
            known = ", ".join(Briefing.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(f"No briefing with slug {slug!r} (known: {known}).")
        write_sync_outcome(self, sync_quizzes(briefing=briefing, seed=seed, dry_run=dry_run))


def write_sync_outcome(command: BaseCommand, outcome: SyncOutcome) -> None:
    """Print the generation report and the diff; shared with import_briefing."""
    out, style = command.stdout, command.style
    out.write(style.MIGRATE_HEADING("Generation report"))
    for lesson in outcome.report.get("lessons", []):
        kinds = ", ".join(f"{count} {kind}" for kind, count in lesson["counts"].items()) or "none"
        out.write(f"  {lesson['title']}: {kinds}")
        for reason in lesson["skipped"]:
            out.write(f"    skipped: {reason}")
    regenerating = any(
        outcome.counts()[name] for name in ("kept", "deactivated", "deleted", "flagged")
    )
    for name in ("added", "deactivated", "deleted", "flagged"):
        if name == "added" and not (regenerating or outcome.dry_run):
            continue  # a first generation: the counts say it all
        for change in getattr(outcome, name):
            touched = f" ({change.answers} learner answers)" if change.answers else ""
            out.write(f"  {name}: {change.prompt}{touched}")
    write_lint_outcome(command, outcome.lint)
    counts = ", ".join(f"{count} {name}" for name, count in outcome.counts().items())
    verb = "Would change questions" if outcome.dry_run else "Questions"
    out.write(style.SUCCESS(f"{verb}: {counts}."))
    if outcome.dry_run:
        out.write("Dry run: nothing was written.")


def write_lint_outcome(
    command: BaseCommand, lint: LintOutcome, *, per_rule: bool = False, questions: bool = True
) -> None:
    """The linter's verdict: the share of active questions flagged, per rule, and each finding."""
    out, style = command.stdout, command.style
    share = len(lint.flagged) / lint.active if lint.active else 0.0
    line = f"Question linter: {len(lint.flagged)} of {lint.active} active questions flagged"
    out.write(style.MIGRATE_HEADING(f"{line} ({share:.1%})."))
    if per_rule:
        rates = lint.rates()
        for code in sorted(RULES, key=lambda code: (-rates.get(code, 0), code)):
            count = rates.get(code, 0)
            rate = count / lint.active if lint.active else 0.0
            out.write(f"  {code:<20} {count:>4}  {rate:6.1%}  {RULES[code]}")
    if questions:
        for item in lint.flagged:
            out.write(style.WARNING(f"  flagged ({item.origin}): {item.prompt}"))
            for finding in item.findings:
                out.write(f"    [{finding['code']}] {finding['message']}")
