"""Backups that restore: the same rows, the same programme report and the same files after a
restore into an empty installation; damaged and newer archives refused; a backup taken while
registrations are written holds whole transactions only.

These tests commit (a backup reads the database through its own connection, as on a running
site), so they run as transactional tests. Like any of those they may start after another
one flushed the database: what the migrations' data would hold is made here when missing."""

import io
import json
import tarfile
import threading
from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from partnerstwa.activities.models import Registration
from partnerstwa.activities.tests import factories
from partnerstwa.indicators.tests.conftest import build_programme
from partnerstwa.operations.backups import (
    BackupRefused,
    create_backup,
    prune_backups,
    read_manifest,
    restore_backup,
    row_counts,
)
from partnerstwa.registry.models import Association

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"


@pytest.fixture
def roots(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT.mkdir()
    settings.PRIVATE_ROOT.mkdir()
    return settings


def committed_programme() -> None:
    # Its records refer to one another before each row exists: one transaction, as an import.
    with transaction.atomic():
        Association.objects.get_or_create(code="ZMP", defaults={"name": "Związek Miast Polskich"})
        build_programme()


def report() -> dict:
    out = StringIO()
    call_command("programme_report", "--as-of", "2016-10-31", "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def empty_the_installation(settings, tmp_path) -> None:
    """A new machine: the schema migrated, no record, empty file folders."""
    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "new-media"
    settings.PRIVATE_ROOT = tmp_path / "new-private"


def test_a_restore_into_an_empty_installation_gives_the_same_rows_report_and_files(roots, tmp_path):
    committed_programme()
    default_storage.save("galeria/zdjecie.jpg", ContentFile(b"\xff\xd8\xff" + bytes(5000)))
    private = roots.PRIVATE_ROOT / "biblioteka" / "raport.pdf"
    private.parent.mkdir()
    private.write_bytes(PDF)
    figures = report()  # computing it stores figures: counted after
    counts = row_counts()

    out = StringIO()
    (tmp_path / "kopie").mkdir()
    call_command("backup", str(tmp_path / "kopie"), stdout=out)
    (archive,) = (tmp_path / "kopie").iterdir()
    assert read_manifest(archive)["rows"] == counts
    empty_the_installation(roots, tmp_path)
    assert row_counts() != counts

    call_command("restore", str(archive), stdout=out)

    assert row_counts() == counts
    assert report() == figures
    assert (tmp_path / "new-media" / "galeria" / "zdjecie.jpg").read_bytes() == (
        tmp_path / "media" / "galeria" / "zdjecie.jpg"
    ).read_bytes()
    assert (tmp_path / "new-private" / "biblioteka" / "raport.pdf").read_bytes() == PDF
    assert str(archive) in out.getvalue()


def test_a_non_empty_installation_is_refused_unless_forced(roots, tmp_path):
    committed_programme()
    backup = create_backup(tmp_path)
    before = row_counts()

    with pytest.raises(CommandError):
        call_command("restore", str(backup.path), stdout=StringIO())
    assert row_counts() == before

    restore_backup(backup.path, force=True)
    assert row_counts() == before


def _rewrite(archive, target, change) -> None:
    """A copy of the archive with each member passed through change(name, bytes)."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(target, "w:gz") as out:
        for member in source:
            data = change(member.name, source.extractfile(member).read())
            info = tarfile.TarInfo(member.name)
            info.size = len(data)
            out.addfile(info, io.BytesIO(data))


def test_a_damaged_archive_is_refused_before_anything_changes(roots, tmp_path):
    committed_programme()
    (roots.MEDIA_ROOT / "plik.txt").write_bytes(b"oryginal")
    backup = create_backup(tmp_path)
    damaged = tmp_path / "damaged.tar.gz"
    _rewrite(
        backup.path, damaged, lambda name, data: b"zmieniony" if name == "media/plik.txt" else data
    )
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(backup.path.read_bytes()[:-2000])
    before = row_counts()

    for archive in (damaged, cut):
        with pytest.raises(BackupRefused, match=r"damaged|uszkodzone"):
            restore_backup(archive, force=True)
    assert row_counts() == before
    assert (roots.MEDIA_ROOT / "plik.txt").read_bytes() == b"oryginal"


def test_an_archive_of_a_newer_schema_is_refused(roots, tmp_path):
    backup = create_backup(tmp_path)

    def newer(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["schema"]["activities"] = "9999_from_the_future"
        return json.dumps(manifest).encode()

    # The checksums cover the members, not the manifest: a newer manifest is a valid archive.
    newer_archive = tmp_path / "newer.tar.gz"
    _rewrite(backup.path, newer_archive, newer)

    with pytest.raises(BackupRefused, match="9999_from_the_future"):
        restore_backup(newer_archive, force=True)


def test_a_backup_taken_while_registrations_are_written_holds_whole_transactions(roots, tmp_path):
    event = factories.event()
    stop = threading.Event()
    written = []

    def write() -> None:
        number = 0
        try:
            while not stop.is_set():
                number += 1
                # A registration, its person and its trail entries: one transaction.
                factories.register(event, number)
                written.append(number)
        finally:
            connection.close()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        while len(written) < 5:
            stop.wait(0.01)
        backups = [create_backup(tmp_path / f"kopia-{index}.tar.gz") for index in range(3)]
    finally:
        stop.set()
        writer.join()

    kind = ContentType.objects.get_for_model(Registration).pk
    for backup in backups:
        rows = backup.manifest["rows"]
        assert rows["activities_registration"] > 0
        restore_backup(backup.path, force=True)
        registrations = Registration.objects.count()
        assert registrations == rows["activities_registration"]
        assert LogEntry.objects.filter(content_type_id=kind).count() == registrations


def test_pruning_keeps_the_newest_archives_and_nothing_else(tmp_path):
    names = [f"partnerstwa-backup-2026113{day}-020000.tar.gz" for day in range(5)]
    for name in names:
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "notatki.txt").write_text("moje")

    removed = prune_backups(tmp_path, 2)

    assert sorted(path.name for path in removed) == names[:3]
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted([*names[3:], "notatki.txt"])
