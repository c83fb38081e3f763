# Flashcards share the review cards and logs of questions: a card is a question, or a
# lesson's term or key-value row; a log keeps the fsrs state before and after it.
# Every existing card stays a question card. Going back refuses while flashcard cards
# exist (the old schema cannot hold them), rather than deleting a learner's history.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def refuse_to_drop_flashcards(apps, schema_editor):
    ReviewCard = apps.get_model("learning", "ReviewCard")
    count = ReviewCard.objects.using(schema_editor.connection.alias).filter(
        question__isnull=True
    ).count()
    if count:
        raise RuntimeError(
            f"{count} flashcard review card(s) exist: learning 0002 cannot hold them. "
            "Delete them in the admin (Learning › Review cards) first if you mean to lose them."
        )


class Migration(migrations.Migration):

    dependencies = [
        ('briefing', '0003_block_start'),
        ('learning', '0002_rename_tables'),
        ('quizzes', '0004_move_learner_models_to_learning'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='reviewcard',
            name='lesson',
            field=models.ForeignKey(blank=True, help_text="A flashcard's lesson (its deck).", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='flashcard_reviews', to='briefing.lesson'),
        ),
        migrations.AddField(
            model_name='reviewcard',
            name='row',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='review_cards', to='briefing.tablerow'),
        ),
        migrations.AddField(
            model_name='reviewcard',
            name='term',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='review_cards', to='briefing.term'),
        ),
        migrations.AddField(
            model_name='reviewlog',
            name='state_after',
            field=models.JSONField(blank=True, help_text="The card's fsrs state this review scheduled.", null=True),
        ),
        migrations.AddField(
            model_name='reviewlog',
            name='state_before',
            field=models.JSONField(blank=True, help_text="The card's fsrs state before this review.", null=True),
        ),
        migrations.AlterField(
            model_name='reviewcard',
            name='question',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='review_cards', to='quizzes.question'),
        ),
        migrations.AddConstraint(
            model_name='reviewcard',
            constraint=models.UniqueConstraint(condition=models.Q(('term__isnull', False)), fields=('learner', 'term'), name='one_card_per_term'),
        ),
        migrations.AddConstraint(
            model_name='reviewcard',
            constraint=models.UniqueConstraint(condition=models.Q(('row__isnull', False)), fields=('learner', 'row'), name='one_card_per_row'),
        ),
        migrations.AddConstraint(
            model_name='reviewcard',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('lesson__isnull', True), ('question__isnull', False), ('row__isnull', True), ('term__isnull', True)), models.Q(('lesson__isnull', False), ('question__isnull', True), models.Q(('term__isnull', True), ('row__isnull', True), _connector='OR')), _connector='OR'), name='card_is_a_question_or_a_flashcard', violation_error_message="A card is a question, or a flashcard of a lesson's term or table row."),
        ),
        migrations.RunPython(migrations.RunPython.noop, refuse_to_drop_flashcards),
    ]
