from functools import partial

from django.apps import AppConfig


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = "Quizzes and progress"

    def ready(self) -> None:
        # export_briefing --format gift|moodle-xml: briefing's command finds them in its registry.
        from briefing.exchange import EXPORT_FORMATS
        from quizzes.moodle import FORMATS
        from quizzes.moodle_export import export_briefing_for_moodle

        for name in FORMATS:
            EXPORT_FORMATS[name] = partial(export_briefing_for_moodle, file_format=name)
