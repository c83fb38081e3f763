from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from config.backups import restore_database


class Command(BaseCommand):
    help = (
        "Replace the whole database with a backup made by backup_db (SQLite's backup API, "
        "or pg_restore --clean in one transaction). Asks first unless --no-input."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path, help="a file written by backup_db")
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="do not ask for confirmation",
        )

    def handle(self, *args, path: Path, interactive: bool, **options) -> None:
        name = connection.settings_dict["NAME"]
        if interactive:
            answer = input(
                f"This replaces every table of the database {name} with {path}. "
                "Type 'yes' to continue: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled: nothing was changed.")
        restore_database(path)
        self.stdout.write(
            f"Restored {name} from {path}. If the backup is older than the code, "
            "run `python manage.py migrate` now."
        )
