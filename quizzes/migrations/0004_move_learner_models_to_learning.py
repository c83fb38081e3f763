# The learner models moved here from quizzes (quizzes 0004 removes them from its state).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('quizzes', '0003_ordering_and_lint'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The learner's models move to the learning app; their tables stay (learning 0002 renames them).
            state_operations=[
                migrations.RemoveField(
                    model_name='attemptquestion',
                    name='attempt',
                ),
                migrations.RemoveField(
                    model_name='attemptquestion',
                    name='question',
                ),
                migrations.RemoveField(
                    model_name='response',
                    name='attempt_question',
                ),
                migrations.RemoveField(
                    model_name='lessonprogress',
                    name='learner',
                ),
                migrations.RemoveField(
                    model_name='lessonprogress',
                    name='lesson',
                ),
                migrations.RemoveField(
                    model_name='reviewcard',
                    name='learner',
                ),
                migrations.RemoveField(
                    model_name='reviewcard',
                    name='question',
                ),
                migrations.RemoveField(
                    model_name='reviewlog',
                    name='card',
                ),
                migrations.DeleteModel(
                    name='Attempt',
                ),
                migrations.DeleteModel(
                    name='AttemptQuestion',
                ),
                migrations.DeleteModel(
                    name='Response',
                ),
                migrations.DeleteModel(
                    name='LessonProgress',
                ),
                migrations.DeleteModel(
                    name='ReviewCard',
                ),
                migrations.DeleteModel(
                    name='ReviewLog',
                ),
            ],
            database_operations=[],
        ),
    ]
