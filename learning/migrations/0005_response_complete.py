"""``Response.complete``: whether the answer answers the whole question, kept with it so that
counting the answered questions of an attempt reads no snapshot. Filled in for every stored
answer with the rule of ``learning.scoring.is_complete`` as it stands today (copied here, so
that this migration keeps working whatever that function becomes)."""

from django.db import migrations, models

BATCH = 2000
PLACED_KINDS = ("match", "categorize", "ordering")


def answered_in_full(snapshot: dict, answer) -> bool:
    if answer in (None, "", {}):
        return False
    if snapshot.get("kind") in PLACED_KINDS:
        return isinstance(answer, dict) and len(answer) >= len(snapshot.get("items", []))
    return True


def fill_complete(apps, schema_editor):
    responses = apps.get_model("learning", "Response").objects.using(
        schema_editor.connection.alias
    )
    stored = responses.select_related("attempt_question").only(
        "pk", "answer", "attempt_question__snapshot"
    )
    # The rows are written after the read: SQLite does not isolate a write from a read
    # still under way on the same connection.
    complete = [
        response.pk
        for response in stored.iterator(BATCH)
        if answered_in_full(response.attempt_question.snapshot, response.answer)
    ]
    for start in range(0, len(complete), BATCH):
        responses.filter(pk__in=complete[start : start + BATCH]).update(complete=True)


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0004_attempt_retry_of_and_flags"),
    ]

    operations = [
        migrations.AddField(
            model_name="response",
            name="complete",
            field=models.BooleanField(
                default=False,
                help_text="The answer answers the whole question (every item placed).",
            ),
        ),
        migrations.RunPython(fill_complete, migrations.RunPython.noop, elidable=True),
    ]
