# The tables moved from quizzes take the learning app's names, and the content types
# follow them, so permissions and admin history stay attached. Every row is kept.

from django.db import migrations

MODELS = ["attempt", "attemptquestion", "response", "lessonprogress", "reviewcard", "reviewlog"]


def move_content_types(apps, schema_editor, source="quizzes", target="learning"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MODELS:
        if not ContentType.objects.using(db).filter(app_label=target, model=model).exists():
            ContentType.objects.using(db).filter(app_label=source, model=model).update(
                app_label=target
            )


def restore_content_types(apps, schema_editor):
    move_content_types(apps, schema_editor, source="learning", target="quizzes")


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("learning", "0001_initial"),
    ]

    operations = [
        *(migrations.AlterModelTable(name=model, table=None) for model in MODELS),
        migrations.RunPython(move_content_types, restore_content_types),
    ]
