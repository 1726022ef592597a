"""Backup and restore of the database and the uploaded files (docs/deploy.md).

One archive (``kefu-backup-YYYYMMDD-HHMMSS.tar.gz``) holds:

- ``manifest.json``: when, which engine, the number of rows of every model;
- ``database.sqlite3`` (SQLite, through SQLite's online backup API, so a
  running server may keep writing) or ``database.pgdump`` (PostgreSQL,
  ``pg_dump --format=custom``, a consistent snapshot);
- ``media/…``: every file under ``MEDIA_ROOT`` (scans, photos, recordings).

Restoring replaces the database and the media directory with the archive's
and then checks every model's row count against the manifest, so a restore
that lost anything fails loudly instead of quietly.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kefu.core.errors import KefuError

MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
PG_MEMBER = "database.pgdump"
MEDIA_MEMBER = "media"
FORMAT_VERSION = 1


class BackupError(KefuError):
    status = 400
    default_code = "core.backup_failed"
    default_message = _("The backup or restore failed.")


@dataclass(frozen=True)
class BackupResult:
    path: Path
    counts: dict[str, int]
    media_files: int


def engine_name() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(_("Backups support SQLite and PostgreSQL only."))
    return vendor


def model_counts() -> dict[str, int]:
    """Rows per concrete model, keyed ``app_label.ModelName``."""
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        counts[meta.label] = model._base_manager.using(connection.alias).count()
    return dict(sorted(counts.items()))


def pg_env() -> tuple[list[str], dict[str, str]]:
    """pg_dump/pg_restore connection arguments for the current database."""
    cfg = connection.settings_dict
    args = ["--dbname", cfg["NAME"]]
    if cfg.get("HOST"):
        args += ["--host", cfg["HOST"]]
    if cfg.get("PORT"):
        args += ["--port", str(cfg["PORT"])]
    if cfg.get("USER"):
        args += ["--username", cfg["USER"]]
    env = dict(os.environ)
    if cfg.get("PASSWORD"):
        env["PGPASSWORD"] = cfg["PASSWORD"]
    return args, env


def run_tool(cmd: list[str], env: dict[str, str]) -> None:
    if shutil.which(cmd[0]) is None:
        raise BackupError(_("%(tool)s is not installed.") % {"tool": cmd[0]})
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(
            _("%(tool)s failed: %(error)s") % {"tool": cmd[0], "error": done.stderr.strip()[-500:]}
        )


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def backup_create(*, output_dir: Path | str, include_media: bool = True) -> BackupResult:
    """Write one archive into ``output_dir`` and return its path and counts."""
    vendor = engine_name()
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    final = output_dir / f"kefu-backup-{stamp}.tar.gz"
    partial = final.with_suffix(".partial")
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        if vendor == "sqlite":
            db_file = tmp_path / SQLITE_MEMBER
            connection.ensure_connection()
            target = sqlite3.connect(db_file)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
        else:
            db_file = tmp_path / PG_MEMBER
            args, env = pg_env()
            dump = ["pg_dump", "--format=custom", "--no-owner", "--file", str(db_file)]
            run_tool([*dump, *args], env)
        counts = model_counts()
        media_files = 0
        root = media_root()
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "engine": vendor,
            "counts": counts,
        }
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(db_file, arcname=db_file.name)
            if include_media and root.is_dir():
                for path in sorted(root.rglob("*")):
                    if path.is_file():
                        archive.add(path, arcname=f"{MEDIA_MEMBER}/{path.relative_to(root)}")
                        media_files += 1
            manifest["media_files"] = media_files
            manifest_file = tmp_path / MANIFEST
            manifest_file.write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
            archive.add(manifest_file, arcname=MANIFEST)
    partial.rename(final)  # a crash mid-way leaves a .partial, never a broken .tar.gz
    return BackupResult(final, counts, media_files)


def safe_members(archive: tarfile.TarFile) -> list[tarfile.TarInfo]:
    """Only plain files and directories inside the archive's own tree."""
    members = []
    for member in archive.getmembers():
        name = Path(member.name)
        if name.is_absolute() or ".." in name.parts or not (member.isfile() or member.isdir()):
            raise BackupError(_("The archive contains an unsafe entry: %s") % member.name)
        members.append(member)
    return members


def read_manifest(path: Path | str) -> dict:
    try:
        with tarfile.open(path, "r:gz") as archive:
            handle = archive.extractfile(MANIFEST)
            if handle is None:
                raise KeyError(MANIFEST)
            return json.loads(handle.read())
    except (OSError, KeyError, tarfile.TarError, json.JSONDecodeError) as exc:
        raise BackupError(_("Not a kefu backup archive: %s") % exc) from exc


def backup_restore(*, archive_path: Path | str) -> dict[str, int]:
    """Replace the database and the media files with the archive's contents."""
    vendor = engine_name()
    manifest = read_manifest(archive_path)
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(_("Unknown backup format."))
    if manifest["engine"] != vendor:
        raise BackupError(
            _("The backup is of a %(backup)s database; this one is %(current)s.")
            % {"backup": manifest["engine"], "current": vendor}
        )
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(archive_path, "r:gz") as archive:
        tmp_path = Path(tmp)
        archive.extractall(tmp_path, members=safe_members(archive), filter="data")
        if vendor == "sqlite":
            source = sqlite3.connect(tmp_path / SQLITE_MEMBER)
            try:
                connection.ensure_connection()
                source.backup(connection.connection)
            finally:
                source.close()
        else:
            args, env = pg_env()
            connection.close()
            run_tool(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--single-transaction",
                    *args,
                    str(tmp_path / PG_MEMBER),
                ],
                env,
            )
        extracted_media = tmp_path / MEDIA_MEMBER
        if extracted_media.is_dir():
            root = media_root()
            if root.exists():
                shutil.rmtree(root)
            root.parent.mkdir(parents=True, exist_ok=True)
            shutil.copytree(extracted_media, root)
    counts = model_counts()
    expected = manifest["counts"]
    missing = {label: n for label, n in expected.items() if counts.get(label) != n}
    if missing:
        raise BackupError(
            _("The restored database does not match the backup: %s") % ", ".join(sorted(missing))
        )
    return counts
