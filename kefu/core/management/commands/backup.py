"""``manage.py backup``: one archive with the database and the uploaded files."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kefu.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database (SQLite or PostgreSQL) and MEDIA_ROOT into one .tar.gz."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", default=str(Path(settings.BASE_DIR) / "backups"), help="directory"
        )
        parser.add_argument("--no-media", action="store_true", help="leave the files out")

    def handle(self, *args, output: str, no_media: bool, **options) -> None:
        try:
            result = backup_create(output_dir=output, include_media=not no_media)
        except BackupError as exc:
            raise CommandError(str(exc.message)) from exc
        rows = sum(result.counts.values())
        self.stdout.write(
            self.style.SUCCESS(f"{result.path}: {rows} rows, {result.media_files} files")
        )
