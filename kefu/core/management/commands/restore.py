"""``manage.py restore ARCHIVE --yes``: replace the database and the files."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kefu.core.backup import BackupError, backup_restore, read_manifest


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup`. Replaces all data and MEDIA_ROOT."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive")
        parser.add_argument("--yes", action="store_true", help="confirm replacing all data")

    def handle(self, *args, archive: str, yes: bool, **options) -> None:
        try:
            manifest = read_manifest(archive)
            if not yes:
                raise CommandError(
                    f"This replaces every record and file with the backup of "
                    f"{manifest['created_at']}. Run again with --yes to go ahead."
                )
            counts = backup_restore(archive_path=archive)
        except BackupError as exc:
            raise CommandError(str(exc.message)) from exc
        self.stdout.write(self.style.SUCCESS(f"Restored {sum(counts.values())} rows."))
