# The learner models moved here from quizzes (quizzes 0004 removes them from its state).

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('briefing', '0003_block_start'),
        ('quizzes', '0004_move_learner_models_to_learning'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The learner's models, moved from quizzes with their tables and rows as they are.
            state_operations=[
                migrations.CreateModel(
                    name='Attempt',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('started_at', models.DateTimeField(auto_now_add=True)),
                        ('submitted_at', models.DateTimeField(blank=True, null=True)),
                        ('expires_at', models.DateTimeField(blank=True, null=True)),
                        ('score', models.FloatField(blank=True, help_text='0 to 1, set on submit.', null=True)),
                        ('passed', models.BooleanField(blank=True, null=True)),
                        ('learner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attempts', to=settings.AUTH_USER_MODEL)),
                        ('quiz', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='attempts', to='quizzes.quiz')),
                    ],
                    options={
                        'db_table': 'quizzes_attempt',
                        'ordering': ['-started_at'],
                    },
                ),
                migrations.CreateModel(
                    name='AttemptQuestion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('position', models.PositiveIntegerField()),
                        ('snapshot', models.JSONField()),
                        ('attempt', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='questions', to='learning.attempt')),
                        ('question', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='quizzes.question')),
                    ],
                    options={
                        'db_table': 'quizzes_attemptquestion',
                        'ordering': ['attempt', 'position'],
                    },
                ),
                migrations.CreateModel(
                    name='LessonProgress',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('first_opened_at', models.DateTimeField(auto_now_add=True)),
                        ('read_at', models.DateTimeField(blank=True, null=True)),
                        ('completed_at', models.DateTimeField(blank=True, null=True)),
                        ('learner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lesson_progress', to=settings.AUTH_USER_MODEL)),
                        ('lesson', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='progress', to='briefing.lesson')),
                    ],
                    options={
                        'db_table': 'quizzes_lessonprogress',
                        'verbose_name_plural': 'lesson progress',
                        'ordering': ['learner', 'lesson'],
                    },
                ),
                migrations.CreateModel(
                    name='Response',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('answer', models.JSONField()),
                        ('correct', models.BooleanField(default=False)),
                        ('score', models.FloatField(default=0, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(1)])),
                        ('answered_at', models.DateTimeField(auto_now=True)),
                        ('locked', models.BooleanField(default=False, help_text='Practice feedback has been shown.')),
                        ('attempt_question', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='response', to='learning.attemptquestion')),
                    ],
                    options={
                        'db_table': 'quizzes_response',
                        'ordering': ['attempt_question'],
                    },
                ),
                migrations.CreateModel(
                    name='ReviewCard',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('state', models.JSONField(help_text='fsrs Card.to_dict().')),
                        ('due', models.DateTimeField(db_index=True)),
                        ('learner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='review_cards', to=settings.AUTH_USER_MODEL)),
                        ('question', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='review_cards', to='quizzes.question')),
                    ],
                    options={
                        'db_table': 'quizzes_reviewcard',
                        'ordering': ['due'],
                    },
                ),
                migrations.CreateModel(
                    name='ReviewLog',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('rating', models.PositiveSmallIntegerField(help_text='fsrs Rating: 1 Again … 4 Easy.')),
                        ('answer', models.JSONField(blank=True, null=True)),
                        ('reviewed_at', models.DateTimeField()),
                        ('card', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='logs', to='learning.reviewcard')),
                    ],
                    options={
                        'db_table': 'quizzes_reviewlog',
                        'ordering': ['-reviewed_at'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='attempt',
                    constraint=models.UniqueConstraint(condition=models.Q(('submitted_at__isnull', True)), fields=('learner', 'quiz'), name='one_open_attempt_per_quiz'),
                ),
                migrations.AddConstraint(
                    model_name='attemptquestion',
                    constraint=models.UniqueConstraint(fields=('attempt', 'position'), name='attempt_question_position_unique'),
                ),
                migrations.AddConstraint(
                    model_name='attemptquestion',
                    constraint=models.UniqueConstraint(fields=('attempt', 'question'), name='attempt_question_unique'),
                ),
                migrations.AddConstraint(
                    model_name='lessonprogress',
                    constraint=models.UniqueConstraint(fields=('learner', 'lesson'), name='one_progress_per_lesson'),
                ),
                migrations.AddConstraint(
                    model_name='response',
                    constraint=models.CheckConstraint(condition=models.Q(('score__gte', 0), ('score__lte', 1)), name='score_0_to_1'),
                ),
                migrations.AddConstraint(
                    model_name='reviewcard',
                    constraint=models.UniqueConstraint(fields=('learner', 'question'), name='one_card_per_question'),
                ),
            ],
            database_operations=[],
        ),
    ]
