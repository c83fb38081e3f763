from pathlib import Path

from django.core.management.base import BaseCommand

from config.backups import backup_database, default_backup_path


class Command(BaseCommand):
    help = (
        "Back up the whole database while the site runs: SQLite's online backup API, or "
        "pg_dump (custom format) for PostgreSQL. Prints the backup's path."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "path",
            nargs="?",
            type=Path,
            help="where to write it (default: BACKUP_DIR/<database>-<UTC time>.sqlite3|.dump)",
        )

    def handle(self, *args, path: Path | None, **options) -> None:
        written = backup_database(path or default_backup_path())
        self.stdout.write(f"{written} ({written.stat().st_size:,} bytes)")
