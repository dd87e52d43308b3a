"""Public downloads served from files kept per content version, built a few at a time.

A public download (the proposals list as ``?format=xlsx|csv``, an event's workbook)
takes seconds to build and is the same for every reader until the content changes,
so it is cached like a page: under the newest content version (pagecache.selectors),
the language and what else decides its bytes (the path, the format, the filters).

Where the files live. Not in Django's cache: a file of every proposal is several MB,
the local-memory cache would hold a copy in each server process (and pickle it on
every hit), and a shared cache would ship it over the network on every hit. They are
files in a folder of their own (``MAEK_DOWNLOAD_CACHE_DIR``, by default
``<temp dir>/maek-downloads``), one sub-folder per content version, and are streamed
from disk, so a hit costs neither memory nor CPU. Every server process of a machine
shares the folder; a second machine builds its own copies (correct, only slower once).
The folder is neither in ``MEDIA_ROOT`` (``backup --media`` would pack a cache) nor
reachable by URL. It must belong to the server's user and be writable by no one else
(a shared temp folder could otherwise hold files planted by another local user); when
it is not, or cannot be made, downloads are built for each request as before.

Correctness. The version is read before the data, so a file stored under a version
holds that version's data or newer, and a request never reads a file of a version older
than the one it read. A file is written under a temporary name and renamed into place,
so a reader sees a whole file or none, whichever process wrote it. The version
"initial" (no change recorded yet) is the same for every fresh database that shares a
folder (tests, benchmarks), so nothing is cached under it. A file older than
``MAEK_PAGE_CACHE_SECONDS`` is built again, like a page; 0 turns the cache off.

Clean-up. After each build, the folders of other versions not written to for
``PRUNE_GRACE_SECONDS`` are removed (a request that read the previous version a moment
before a change may still be writing there), as are unfinished files left by a killed
process; then, while the folder holds more than ``MAEK_DOWNLOAD_CACHE_MAX_MB``, the
oldest files go first. A reader still streaming a removed file keeps reading it (POSIX
keeps an open file until it is closed).

Building limits. Only a miss builds; a build takes a slot for its client (the address
from ``accounts.security.client_ip``, passed in by the caller) and one for the whole
site, or the reader gets a 429 page with ``Retry-After``. Where the slots are counted
decides what "at once" covers, so they are counted where every server process sees
them. With a shared cache (Redis, Memcached, Django's database cache) they are keys in
it, taken with the atomic ``cache.add`` and expiring after ``MAEK_DOWNLOAD_SLOT_SECONDS``
so that a killed process's slot frees itself: the limits hold for the whole site. With
the default local-memory cache, counting there would be per process, and gunicorn's
sync workers run one request per process, so no count would ever pass one (measured:
bench/README.md). There the slots are locked files in the download folder's ``.slots``
(``flock``): every process of the machine sees them and the kernel releases a dead
process's lock at once, so the limits hold per machine. When the folder is unusable
too, they fall back to the local-memory cache.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import secrets
import shutil
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from .decorators import page_cache_seconds
from .selectors import INITIAL_VERSION, current_content_version

logger = logging.getLogger(__name__)

# One build at a time per client: a reader clicks once and waits a few seconds; more
# at once is a script. Two for the whole site, fewer than the Dockerfile's 3 gunicorn
# workers, so that one is always free for the pages (four builds at once on two workers
# slowed the home page to 5.4 s). Keep it below the number of workers.
DEFAULT_PER_CLIENT = 1
DEFAULT_AT_ONCE = 2
# Longer than a build may run: gunicorn kills a worker after 30 s by default. A slot
# whose process died (killed at that timeout, say) blocks its client and one site slot
# until then, so not much longer either.
DEFAULT_SLOT_SECONDS = 60
# A build of a few thousand proposals takes 3–4 s.
RETRY_AFTER_SECONDS = 10
DEFAULT_MAX_MB = 200
PRUNE_GRACE_SECONDS = 60
BUILDING_PREFIX = ".building-"
SLOT_PREFIX = "maek:download-slot"
SLOT_FOLDER = ".slots"
# A client's slot file not used for this long is removed by the clean-up.
SLOT_FILE_SECONDS = 3600


@dataclass(frozen=True)
class Download:
    """A file to hand out: ``write(handle)`` writes its bytes to a binary file.

    ``key`` names everything besides the content version that decides the bytes
    (the path, the language, the format, the valid filters), so that two requests
    with equal keys may be given the same file.
    """

    key: str
    filename: str
    content_type: str
    write: Callable[[BinaryIO], None]


class DownloadsBusy(Exception):
    """No slot to build a download: ``scope`` is ``"client"`` or ``"site"``."""

    def __init__(self, scope: str):
        super().__init__(scope)
        self.scope = scope


# Settings ---------------------------------------------------------------------------


def downloads_per_client() -> int:
    """Builds one client may run at once; 0 means no limit (MAEK_DOWNLOADS_PER_CLIENT)."""
    return getattr(settings, "MAEK_DOWNLOADS_PER_CLIENT", DEFAULT_PER_CLIENT)


def downloads_at_once() -> int:
    """Builds the whole site may run at once; 0 means no limit (MAEK_DOWNLOADS_AT_ONCE)."""
    return getattr(settings, "MAEK_DOWNLOADS_AT_ONCE", DEFAULT_AT_ONCE)


def slot_seconds() -> int:
    return getattr(settings, "MAEK_DOWNLOAD_SLOT_SECONDS", DEFAULT_SLOT_SECONDS)


def cache_max_bytes() -> int:
    return int(getattr(settings, "MAEK_DOWNLOAD_CACHE_MAX_MB", DEFAULT_MAX_MB) * 1024 * 1024)


def cache_folder() -> Path:
    """The folder of cached downloads (MAEK_DOWNLOAD_CACHE_DIR, else <temp dir>/maek-downloads)."""
    configured = getattr(settings, "MAEK_DOWNLOAD_CACHE_DIR", "")
    return Path(configured) if configured else Path(tempfile.gettempdir()) / "maek-downloads"


# Building slots -----------------------------------------------------------------------


def _digest(text: str, length: int = 40) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:length]


class _CacheSlot:
    """A slot that is a key of Django's cache, shared by every process that shares the cache."""

    def __init__(self, key: str, token: str):
        self.key, self.token = key, token

    @classmethod
    def take(cls, name: str, limit: int) -> _CacheSlot | None:
        # A key per slot: cache.add is atomic in every backend and each key expires by
        # itself, which a shared counter (incr/decr) would not do.
        token = secrets.token_hex(8)
        for index in range(limit):
            key = f"{SLOT_PREFIX}:{name}:{index}"
            if cache.add(key, token, slot_seconds()):
                return cls(key, token)
        return None

    def release(self) -> None:
        # Only our own slot: one that outlived its time limit may have been taken again.
        if cache.get(self.key) == self.token:
            cache.delete(self.key)


class _FileSlot:
    """A slot that is an exclusive ``flock`` on a file, seen by every process of the machine."""

    def __init__(self, descriptor: int):
        self.descriptor = descriptor

    @classmethod
    def take(cls, folder: Path, name: str, limit: int) -> _FileSlot | None:
        for index in range(limit):
            descriptor = os.open(folder / f"{name}-{index}", os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(descriptor)
                continue
            os.utime(descriptor)  # in use: the clean-up leaves it
            return cls(descriptor)
        return None

    def release(self) -> None:
        os.close(self.descriptor)  # closing releases the lock


def _slot_folder() -> Path | None:
    """Where slots are locked files, or None when they are keys of Django's cache.

    Files when the cache is local memory (or none), which only one process sees;
    keys when the cache is shared, or when the download folder is unusable.
    """
    if not isinstance(caches["default"], LocMemCache | DummyCache):
        return None
    root = _usable_folder()
    if root is None:
        return None
    folder = root / SLOT_FOLDER
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
    except OSError:
        return None
    return folder


@contextmanager
def build_slot(client: str) -> Iterator[None]:
    """Hold a building slot of ``client`` and of the site for the ``with`` block.

    Raises ``DownloadsBusy`` when either is full. The slots are given back when the
    block ends, however it ends, and are freed by themselves if the process dies.
    """
    folder = _slot_folder()
    held = []
    try:
        for name, limit, scope in (
            (f"client-{_digest(client, 24)}", downloads_per_client(), "client"),
            ("site", downloads_at_once(), "site"),
        ):
            if limit <= 0:
                continue
            slot = _FileSlot.take(folder, name, limit) if folder else _CacheSlot.take(name, limit)
            if slot is None:
                raise DownloadsBusy(scope)
            held.append(slot)
        yield
    finally:
        for slot in held:
            slot.release()


# The file store -----------------------------------------------------------------------


def _usable_folder() -> Path | None:
    """The cache folder, made if missing; None when it is not safely ours."""
    root = cache_folder()
    try:
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = root.lstat()
    except OSError as error:
        logger.warning("Download cache folder %s is unusable (%s): building every download.", root, error)
        return None
    owner = os.geteuid() if hasattr(os, "geteuid") else info.st_uid
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != owner or info.st_mode & 0o022:
        logger.warning(
            "Download cache folder %s is not a folder of this user writable only by it: "
            "building every download.",
            root,
        )
        return None
    return root


def _open_fresh(path: Path, max_age: int) -> BinaryIO | None:
    try:
        handle = open(path, "rb")  # FileResponse closes it
    except OSError:
        return None
    if time.time() - os.fstat(handle.fileno()).st_mtime > max_age:
        handle.close()
        return None
    return handle


def _build(path: Path, write: Callable[[BinaryIO], None]) -> BinaryIO:
    """Write the file under a temporary name, rename it to ``path``, return it open for reading.

    When no file can be made in the version's folder (removed by a newer version's
    clean-up, a full or read-only disk), the file is built in an anonymous temporary
    file and not kept.
    """
    try:
        path.parent.mkdir(mode=0o700, exist_ok=True)
        descriptor, building = tempfile.mkstemp(dir=path.parent, prefix=BUILDING_PREFIX, suffix=path.suffix)
    except OSError as error:
        logger.warning(
            "Cannot keep a download in %s (%s): building it for this request only.", path.parent, error
        )
        handle = tempfile.TemporaryFile()  # FileResponse closes it
        _write_or_close(handle, write)
        handle.seek(0)
        return handle
    handle = os.fdopen(descriptor, "w+b")
    try:
        write(handle)
        handle.flush()
    except BaseException:
        handle.close()
        _unlink(building)
        raise
    try:
        os.replace(building, path)
    except OSError:
        # The version's folder was pruned meanwhile (a newer version exists): this
        # reader still gets the file it asked for, from the open handle.
        _unlink(building)
    handle.seek(0)
    return handle


def _write_or_close(handle: BinaryIO, write: Callable[[BinaryIO], None]) -> None:
    try:
        write(handle)
    except BaseException:
        handle.close()
        raise


def _unlink(path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def prune(root: Path, *, keep: Path, just_built: Path | None = None) -> None:
    """Remove other versions' folders, unfinished files of dead builds, then the oldest files
    while the folder is over its size limit (never ``just_built``)."""
    now = time.time()
    files = []
    try:
        entries = list(os.scandir(root))
    except OSError:
        return
    for entry in entries:
        try:
            if not entry.is_dir(follow_symlinks=False):
                continue
            if entry.name == SLOT_FOLDER:
                _prune_slot_files(entry.path, now)
                continue
            if (
                entry.name != keep.name
                and now - entry.stat(follow_symlinks=False).st_mtime > PRUNE_GRACE_SECONDS
            ):
                shutil.rmtree(entry.path, ignore_errors=True)
                continue
            for item in os.scandir(entry.path):
                info = item.stat(follow_symlinks=False)
                if item.name.startswith(BUILDING_PREFIX):
                    if now - info.st_mtime > slot_seconds():
                        _unlink(item.path)
                    continue
                files.append((info.st_mtime, info.st_size, item.path))
        except OSError:
            continue
    total = sum(size for _mtime, size, _path in files)
    limit = cache_max_bytes()
    for _mtime, size, name in sorted(files):
        if total <= limit:
            break
        if just_built is not None and name == str(just_built):
            continue
        _unlink(name)
        total -= size


def _prune_slot_files(folder: str, now: float) -> None:
    # One file per client address ever seen: remove those unused for a while. Only a
    # file no one holds, checked by taking its lock; a process that opened it just
    # before may then lock a removed file and build beside the new file's holder once.
    for item in os.scandir(folder):
        if not item.name.startswith("client-") or now - item.stat().st_mtime < SLOT_FILE_SECONDS:
            continue
        descriptor = os.open(item.path, os.O_RDWR)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            _unlink(item.path)
        except OSError:
            pass
        finally:
            os.close(descriptor)


# Responses ----------------------------------------------------------------------------


def _with_caching_headers(response, *, etag: str | None, modified: float | None = None):
    # Browsers and proxies may keep the file but must ask again every time (an edit
    # shows at once, as on the pages); the ETag names the content version, so asking
    # again costs a 304 until something changes.
    response["Cache-Control"] = "public, no-cache" if etag else "private, no-cache"
    if etag:
        response["ETag"] = etag
    if modified is not None:
        response["Last-Modified"] = http_date(modified)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _file_response(handle: BinaryIO, download: Download, *, etag: str | None, modified: float | None = None):
    response = FileResponse(
        handle, as_attachment=True, filename=download.filename, content_type=download.content_type
    )
    return _with_caching_headers(response, etag=etag, modified=modified)


def busy_response(request, busy: DownloadsBusy) -> HttpResponse:
    """The 429 page: the reader's own build, or too many of everyone's, still running."""
    response = render(request, "pagecache/download_busy.html", {"scope": busy.scope, "nav": ""}, status=429)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _build_uncached(request, download: Download, *, client: str):
    try:
        with build_slot(client):
            handle = tempfile.TemporaryFile()  # FileResponse closes it
            _write_or_close(handle, download.write)
    except DownloadsBusy as busy:
        return busy_response(request, busy)
    handle.seek(0)
    return _file_response(handle, download, etag=None)


def serve_download(request, download: Download, *, client: str):
    """``download`` as an attachment: from the download cache when its file for the
    current content version exists, else built (under ``client``'s and the site's
    building limits — a 429 page when over either) and kept for the next reader.

    The response carries an ETag of the content version and ``Cache-Control:
    no-cache``; a request whose ``If-None-Match`` names the current version gets a
    304. With the page cache off, or before any content change was recorded, the file
    is built for this request only.
    """
    version = current_content_version()
    max_age = page_cache_seconds()
    root = _usable_folder() if max_age > 0 and version != INITIAL_VERSION else None
    if root is None:
        return _build_uncached(request, download, client=client)

    etag = f'W/"{_digest(version + chr(0) + download.key, 32)}"'
    # The ETag names the version, not the build: two machines build the same version at
    # different times, so Last-Modified (the build time) is sent for information only.
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        return _with_caching_headers(not_modified, etag=etag)
    folder = root / _digest(version, 32)
    path = folder / f"{_digest(download.key)}{Path(download.filename).suffix}"
    handle = _open_fresh(path, max_age)
    if handle is None:
        try:
            with build_slot(client):
                # Another process may have stored the same file since the look above.
                handle = _open_fresh(path, max_age)
                if handle is None:
                    handle = _build(path, download.write)
                    prune(root, keep=folder, just_built=path)
        except DownloadsBusy as busy:
            return busy_response(request, busy)
    return _file_response(handle, download, etag=etag, modified=os.fstat(handle.fileno()).st_mtime)
