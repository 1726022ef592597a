"""Back up the demo, wipe it, restore it, and find every record and file again."""

import json
import tarfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from kefu.core.backup import BackupError, backup_create, backup_restore, model_counts
from kefu.core.demo import build_demo
from kefu.desk.models import Ticket


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_backup_wipe_restore_finds_everything(media, tmp_path):
    build_demo(requests=20, days=20)
    demo_files = sum(1 for p in media.rglob("*") if p.is_file())  # e.g. field signatures
    scan = default_storage.save("files/2026/contract.pdf", ContentFile(b"%PDF-1.4 scan"))
    before = model_counts()
    numbers = sorted(Ticket.objects.values_list("number", flat=True))
    assert before["desk.Ticket"] == len(numbers) > 0

    result = backup_create(output_dir=tmp_path / "backups")
    assert result.path.name.endswith(".tar.gz")
    assert result.media_files == demo_files + 1

    call_command("flush", interactive=False, verbosity=0)
    default_storage.delete(scan)
    assert Ticket.objects.count() == 0
    assert not default_storage.exists(scan)

    after = backup_restore(archive_path=result.path)
    assert after == before
    assert sorted(Ticket.objects.values_list("number", flat=True)) == numbers
    with default_storage.open(scan) as handle:
        assert handle.read() == b"%PDF-1.4 scan"


@pytest.mark.django_db(transaction=True)
def test_the_commands_round_trip(media, tmp_path, xlm):
    out = tmp_path / "out"
    call_command("backup", output=str(out), verbosity=0)
    (archive,) = out.glob("*.tar.gz")
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(archive))
    call_command("restore", str(archive), yes=True, verbosity=0)
    assert Ticket.objects.count() == 0


@pytest.mark.django_db
def test_restore_refuses_an_archive_with_unsafe_paths(media, tmp_path):
    evil = tmp_path / "evil.tar.gz"
    payload = tmp_path / "payload"
    payload.write_text("x")
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"format": 1, "engine": _vendor(), "counts": {}}))
    with tarfile.open(evil, "w:gz") as archive:
        archive.add(manifest, arcname="manifest.json")
        archive.add(payload, arcname="../../escape.txt")
    with pytest.raises(BackupError, match="unsafe"):
        backup_restore(archive_path=evil)
    assert not (tmp_path.parent.parent / "escape.txt").exists()


@pytest.mark.django_db
def test_restore_refuses_what_is_not_a_backup(media, tmp_path):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not a tarball")
    with pytest.raises(BackupError) as caught:
        backup_restore(archive_path=junk)
    assert caught.value.code == "core.backup_failed"


def _vendor():
    from django.db import connection

    return connection.vendor
