"""Backups that restore: one archive holding a consistent copy of the database, the uploaded and
private files, and a manifest (version, schema, date, rows per table, a checksum of every member).

SQLite is copied with its online backup API, which reads one snapshot while the site goes on
writing (WAL); PostgreSQL with pg_dump inside an exported snapshot, in which the rows are counted
too, so the counts describe exactly the dump. A restore checks every checksum and the schema
before it touches anything.
"""

import datetime
import hashlib
import importlib.metadata
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connections
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database/db.sqlite3"
POSTGRES_MEMBER = "database/dump.pgdump"
PREFIX = "partnerstwa-backup-"
SUFFIX = ".tar.gz"

Progress = Callable[[str], None]


class BackupRefused(Exception):
    """An archive that must not be restored, or an installation it must not overwrite."""


def _quiet(message: str) -> None:
    pass


def file_roots() -> dict[str, Path]:
    """Folders of files kept beside the database: uploads (MEDIA_ROOT) and files no web server
    serves (PRIVATE_ROOT: library documents, attendance lists awaiting confirmation)."""
    return {"media": Path(settings.MEDIA_ROOT), "private": Path(settings.PRIVATE_ROOT)}


def _vendor(using: str = "default") -> str:
    return connections[using].vendor


def _sha256(path: Path) -> str:
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def _latest_per_app(rows) -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in rows:
        if name > latest.get(app, ""):
            latest[app] = name
    return dict(sorted(latest.items()))


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# --- the database -----------------------------------------------------------------------------


def _sqlite_snapshot(target: Path, using: str) -> tuple[dict, dict]:
    """Copy the live SQLite database into target (one step of the backup API: one snapshot,
    never half a transaction); counts and schema are read from the copy."""
    name = str(connections[using].settings_dict["NAME"])
    source = sqlite3.connect(name, uri=name.startswith("file:"), timeout=60)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        source.close()
    try:
        tables = [
            row[0]
            for row in copy.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                " ORDER BY name"
            )
        ]
        counts = {
            table: copy.execute(f"SELECT COUNT(*) FROM {_quote(table)}").fetchone()[0]
            for table in tables
        }
        schema = _latest_per_app(copy.execute("SELECT app, name FROM django_migrations"))
    finally:
        copy.close()
    return counts, schema


def _pg_environment(using: str) -> dict[str, str]:
    """libpq's variables for the pg_ tools: no password on a command line."""
    params = connections[using].settings_dict
    environment = dict(os.environ)
    for key, value in (
        ("PGHOST", params.get("HOST")),
        ("PGPORT", params.get("PORT")),
        ("PGUSER", params.get("USER")),
        ("PGPASSWORD", params.get("PASSWORD")),
        ("PGDATABASE", params.get("NAME")),
    ):
        if value:
            environment[key] = str(value)
    return environment


def _pg_tool(name: str) -> str:
    folder = getattr(settings, "BACKUP_PG_BIN", "")
    return str(Path(folder) / name) if folder else name


def _postgres_snapshot(target: Path, using: str) -> tuple[dict, dict]:
    """pg_dump of a snapshot this transaction exported, and the counts read in it: both see
    the same committed transactions and nothing after."""
    import psycopg

    connection = connections[using]
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params.pop("prepare_threshold", None)
    with psycopg.connect(**params, autocommit=False) as snapshot:
        snapshot.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        (name,) = snapshot.execute("SELECT pg_export_snapshot()").fetchone()
        tables = [
            row[0]
            for row in snapshot.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                " ORDER BY tablename"
            )
        ]
        counts = {
            table: snapshot.execute(f"SELECT COUNT(*) FROM {_quote(table)}").fetchone()[0]
            for table in tables
        }
        schema = _latest_per_app(snapshot.execute("SELECT app, name FROM django_migrations"))
        result = subprocess.run(
            [
                _pg_tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={name}",
                f"--file={target}",
            ],
            env=_pg_environment(using),
            capture_output=True,
            text=True,
        )
        snapshot.rollback()
    if result.returncode:
        raise RuntimeError(f"pg_dump failed: {result.stderr.strip()}")
    return counts, schema


# --- backup -----------------------------------------------------------------------------------


@dataclass
class Backup:
    path: Path
    manifest: dict


def default_name(now: datetime.datetime | None = None) -> str:
    moment = (now or timezone.now()).astimezone(datetime.UTC)
    return f"{PREFIX}{moment:%Y%m%d-%H%M%S}{SUFFIX}"


def create_backup(
    destination: Path, *, using: str = "default", progress: Progress = _quiet
) -> Backup:
    """Write one archive. destination: a folder (a dated name is made in it) or a file name."""
    destination = Path(destination)
    if destination.is_dir():
        destination = destination / default_name()
    destination.parent.mkdir(parents=True, exist_ok=True)
    vendor = _vendor(using)
    created = timezone.now()
    with tempfile.TemporaryDirectory(dir=destination.parent, prefix=".backup-") as work:
        progress(_("Copying the database…"))
        if vendor == "sqlite":
            member, copy = SQLITE_MEMBER, Path(work) / "db.sqlite3"
            counts, schema = _sqlite_snapshot(copy, using)
        elif vendor == "postgresql":
            member, copy = POSTGRES_MEMBER, Path(work) / "dump.pgdump"
            counts, schema = _postgres_snapshot(copy, using)
        else:
            raise BackupRefused(_("Backups support SQLite and PostgreSQL only."))
        members: list[tuple[str, Path]] = [(member, copy)]
        for folder, root in file_roots().items():
            if root.is_dir():
                for path in sorted(root.rglob("*")):
                    if path.is_file() and not path.is_symlink():
                        members.append((f"{folder}/{path.relative_to(root).as_posix()}", path))
        progress(
            _("Writing %(count)d files to %(path)s…") % {"count": len(members), "path": destination}
        )
        partial = Path(work) / "archive.tar.gz"
        checksums = {}
        with tarfile.open(partial, "w:gz", compresslevel=6) as archive:
            for name, path in members:
                checksums[name] = _sha256(path)
                archive.add(path, arcname=name, recursive=False)
            manifest = {
                "format": FORMAT,
                "app_version": importlib.metadata.version("partnerstwa"),
                "created_at": created.isoformat(),
                "database": {"vendor": vendor, "member": member},
                "schema": schema,
                "rows": counts,
                "checksums": checksums,
            }
            data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(data), int(created.timestamp())
            archive.addfile(info, io.BytesIO(data))
        # Whole or nothing: a backup cut short never sits under the final name.
        os.replace(partial, destination)
    return Backup(destination, manifest)


# --- checking an archive ----------------------------------------------------------------------


def _safe_member(name: str) -> bool:
    path = PurePosixPath(name)
    return (
        not path.is_absolute()
        and ".." not in path.parts
        and (name == MANIFEST or path.parts[0] in ("database", "media", "private"))
    )


def read_manifest(path: Path) -> dict:
    """The manifest of an archive whose every member matches its checksum; BackupRefused if
    the archive is damaged, incomplete or holds anything the manifest does not list."""
    damaged = _("The archive %(path)s is damaged: %(reason)s")
    try:
        with tarfile.open(path, "r:gz") as archive:
            found: dict[str, str] = {}
            manifest = None
            for member in archive:
                if member.isdir():
                    continue
                if not member.isfile() or not _safe_member(member.name):
                    raise BackupRefused(
                        damaged % {"path": path, "reason": _("unexpected member %s") % member.name}
                    )
                content = archive.extractfile(member)
                if member.name == MANIFEST:
                    manifest = json.loads(content.read())
                    continue
                found[member.name] = hashlib.file_digest(content, "sha256").hexdigest()
    except (tarfile.TarError, OSError, EOFError, ValueError) as error:
        raise BackupRefused(damaged % {"path": path, "reason": error}) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupRefused(damaged % {"path": path, "reason": _("no manifest")})
    expected = manifest.get("checksums", {})
    for name in sorted(set(expected) | set(found)):
        if expected.get(name) != found.get(name):
            raise BackupRefused(
                damaged % {"path": path, "reason": _("checksum of %s does not match") % name}
            )
    return manifest


def newer_migrations(manifest: dict) -> list[str]:
    """Migrations the archive's database has and this installation's code does not know."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return [
        f"{app}.{name}"
        for app, name in manifest.get("schema", {}).items()
        if (app, name) not in known
    ]


def installation_is_empty(using: str = "default") -> bool:
    """No account and no programme record in the database, no file in the file folders."""
    from partnerstwa.operations.audit import TRACKED

    for root in file_roots().values():
        if root.is_dir() and any(path.is_file() for path in root.rglob("*")):
            return False
    models = [get_user_model(), *(apps.get_model(label) for label in TRACKED)]
    try:
        return not any(model._default_manager.using(using).exists() for model in models)
    except DatabaseError:
        return True  # no tables yet: a database never migrated


# --- restore ----------------------------------------------------------------------------------


def _restore_sqlite(copy: Path, using: str) -> None:
    name = str(connections[using].settings_dict["NAME"])
    connections.close_all()
    source = sqlite3.connect(copy)
    target = sqlite3.connect(name, uri=name.startswith("file:"), timeout=60)
    try:
        # Page by page into the live file (its WAL included); other connections see the result.
        source.backup(target)
    finally:
        source.close()
        target.close()


def _run(command: list[str], using: str, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(
        command, env=_pg_environment(using), capture_output=True, text=True, **kwargs
    )
    if result.returncode:
        raise RuntimeError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")
    return result


def _restore_postgres(dump: Path, using: str) -> None:
    """The schema emptied (tables, collations, extensions' objects) and the dump's SQL run, in
    one transaction (psql --single-transaction): a failed restore leaves the database as it was.
    Emptying the schema needs its owner: the database owner on PostgreSQL 15 and later."""
    connections.close_all()
    script = _run(
        [_pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--file=-", str(dump)], using
    ).stdout
    empty = "DROP SCHEMA public CASCADE;\nCREATE SCHEMA public;\n"
    _run(
        [_pg_tool("psql"), "--quiet", "--no-psqlrc", "-v", "ON_ERROR_STOP=1", "-1"],
        using,
        input=empty + script,
    )


def _restore_files(archive: tarfile.TarFile, progress: Progress) -> int:
    roots = file_roots()
    for root in roots.values():
        if root.is_dir():
            for child in root.iterdir():
                shutil.rmtree(
                    child
                ) if child.is_dir() and not child.is_symlink() else child.unlink()
    written = 0
    for member in archive:
        folder = member.name.split("/", 1)[0]
        if member.isfile() and folder in roots and _safe_member(member.name):
            target = roots[folder] / member.name.split("/", 1)[1]
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.extractfile(member) as source, target.open("wb") as out:
                shutil.copyfileobj(source, out)
            written += 1
    progress(_("Files restored: %(count)d.") % {"count": written})
    return written


def restore_backup(
    path: Path, *, force: bool = False, using: str = "default", progress: Progress = _quiet
) -> dict:
    """Bring an archive back: checked first (checksums, schema, an empty installation unless
    force), then the database, then the files, then the migrations the archive lacks."""
    path = Path(path)
    progress(_("Checking %(path)s…") % {"path": path})
    manifest = read_manifest(path)
    newer = newer_migrations(manifest)
    if newer:
        raise BackupRefused(
            _("The archive comes from a newer version (unknown migrations: %(names)s).")
            % {"names": ", ".join(newer)}
        )
    vendor = manifest["database"]["vendor"]
    if vendor != _vendor(using):
        raise BackupRefused(
            _("The archive holds a %(archive)s database; this installation uses %(here)s.")
            % {"archive": vendor, "here": _vendor(using)}
        )
    if not force and not installation_is_empty(using):
        raise BackupRefused(
            _(
                "This installation already holds records or files. Restore into an empty one, "
                "or give --force to replace everything."
            )
        )
    with tempfile.TemporaryDirectory(prefix="partnerstwa-restore-") as work:
        member = manifest["database"]["member"]
        with tarfile.open(path, "r:gz") as archive:
            progress(_("Restoring the database…"))
            copy = Path(work) / PurePosixPath(member).name
            with archive.extractfile(member) as source, copy.open("wb") as out:
                shutil.copyfileobj(source, out)
            if _sha256(copy) != manifest["checksums"][member]:
                raise BackupRefused(_("The database copy changed while it was read."))
            if vendor == "sqlite":
                _restore_sqlite(copy, using)
            else:
                _restore_postgres(copy, using)
            _restore_files(archive, progress)
    from django.core.management import call_command

    progress(_("Applying migrations newer than the archive…"))
    call_command("migrate", database=using, interactive=False, verbosity=0)
    return manifest


def row_counts(using: str = "default") -> dict[str, int]:
    """Rows per table now (compared with a manifest after a restore)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


# --- keeping the last N -----------------------------------------------------------------------


def prune_backups(folder: Path, keep: int) -> list[Path]:
    """Remove all but the newest `keep` archives this command wrote in folder (by name, which
    holds the moment); returns the removed ones. Other files are never touched."""
    archives = sorted(
        path
        for path in Path(folder).glob(f"{PREFIX}*{SUFFIX}")
        if path.is_file() and not path.is_symlink()
    )
    removed = archives[: max(0, len(archives) - max(keep, 1))]
    for path in removed:
        path.unlink()
    return removed
