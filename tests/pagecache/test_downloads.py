"""Public downloads are kept per content version as files, and built a few at a time."""

import io
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from django.utils import translation

from dialogues.models import Event
from dialogues.services import event_publish, event_unpublish
from pagecache import downloads
from pagecache.downloads import build_slot
from pagecache.models import ContentChange
from proposals.models import Proposal
from proposals.selectors import proposal_list
from reports import downloads as dialogue_downloads
from reports.workbook import Report, csv_bytes, workbook_bytes
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def folder(settings, tmp_path):
    """A download cache folder of this test's own."""
    path = tmp_path / "downloads"
    settings.MAEK_DOWNLOAD_CACHE_DIR = str(path)
    return path


@pytest.fixture
def builds(monkeypatch):
    """The files actually built, as (format, language) in order; the writers still write."""
    built = []
    real_workbook, real_csv = dialogue_downloads.write_workbook, dialogue_downloads.write_csv

    def workbook(report, output):
        built.append(("xlsx", report.language))
        real_workbook(report, output)

    def csv(report, output, **kwargs):
        built.append(("csv", report.language))
        real_csv(report, output, **kwargs)

    monkeypatch.setattr(dialogue_downloads, "write_workbook", workbook)
    monkeypatch.setattr(dialogue_downloads, "write_csv", csv)
    return built


@pytest.fixture
def proposals():
    event = factories.EventFactory(region=factories.region("KG-B"), slug="batken-2021")
    factories.ProposalFactory(event=event, text_en="Open a youth centre", text_ru="Открыть молодёжный центр")
    factories.ProposalFactory(event=event, text_en="Repair the border road")
    naryn = factories.EventFactory(region=factories.region("KG-N"))
    factories.ProposalFactory(event=naryn, text_en="Naryn roads")
    return event


def body(response) -> bytes:
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)


def xlsx_parts(data: bytes) -> dict[str, bytes]:
    """The parts of a workbook, without the one that records when it was written."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name != "docProps/core.xml"}


def versions_in(folder: Path) -> list[Path]:
    return [path for path in folder.iterdir() if path.name != downloads.SLOT_FOLDER]


def files_in(folder: Path) -> list[Path]:
    """The kept downloads (not the slot files, not files being written)."""
    return sorted(
        path
        for path in folder.glob("*/*")
        if not path.name.startswith(".") and path.parent.name != downloads.SLOT_FOLDER
    )


# Served from the cache -------------------------------------------------------------------


def test_proposal_download_second_request_is_served_from_the_file(
    client, proposals, builds, django_assert_max_num_queries
):
    first = body(client.get("/en/proposals/?format=xlsx"))

    with django_assert_max_num_queries(1):  # the content version
        second = client.get("/en/proposals/?format=xlsx")
        second_body = body(second)

    assert builds == [("xlsx", "en")]
    assert second_body == first
    assert second["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert second["Content-Disposition"].startswith('attachment; filename="maek-proposals-')


def test_event_workbook_second_request_is_served_from_the_file(client, proposals, builds):
    url = f"/en/events/{proposals.slug}/export.xlsx"

    first = body(client.get(url))
    second = body(client.get(url))

    assert builds == [("xlsx", "en")]
    assert second == first


def test_cached_csv_is_identical_to_a_fresh_build(client, proposals):
    body(client.get("/en/proposals/?format=csv&region=KG-B"))
    cached = body(client.get("/en/proposals/?format=csv&region=KG-B"))

    with translation.override("en"):
        report = Report.for_proposals(proposal_list(filters={"region": "KG-B"}), published_only=True)
        fresh = csv_bytes(report)
    assert cached == fresh
    assert b"Open a youth centre" in cached and b"Naryn roads" not in cached


def test_cached_workbook_is_identical_to_a_fresh_build(client, proposals):
    body(client.get("/ru/proposals/?format=xlsx"))
    cached = body(client.get("/ru/proposals/?format=xlsx"))

    with translation.override("ru"):
        fresh = workbook_bytes(Report.for_proposals(proposal_list(), published_only=True))
    # XlsxWriter stamps the time of writing into docProps/core.xml; every other part is equal.
    assert xlsx_parts(cached) == xlsx_parts(fresh)


def test_languages_formats_and_filters_are_kept_apart(client, proposals, builds):
    urls = [
        "/en/proposals/?format=xlsx",
        "/ru/proposals/?format=xlsx",
        "/en/proposals/?format=csv",
        "/en/proposals/?format=csv&region=KG-N",
        f"/en/events/{proposals.slug}/export.xlsx",
    ]
    contents = [body(client.get(url)) for url in urls]
    for url in urls:
        body(client.get(url))

    assert builds == [("xlsx", "en"), ("xlsx", "ru"), ("csv", "en"), ("csv", "en"), ("xlsx", "en")]
    english, russian = contents[2].decode("utf-8-sig"), contents[3].decode("utf-8-sig")
    assert "Open a youth centre" in english and "Naryn roads" in english
    assert "Naryn roads" in russian and "Open a youth centre" not in russian
    assert xlsx_parts(contents[0]) != xlsx_parts(contents[1])


def test_requests_for_the_same_rows_share_one_file(client, proposals, builds):
    """The page number, the order of parameters and unknown or invalid ones do not change the rows."""
    first = body(client.get("/en/proposals/?format=csv&region=KG-B&status="))
    for url in [
        "/en/proposals/?region=KG-B&format=csv",
        "/en/proposals/?format=csv&region=KG-B&page=3",
        "/en/proposals/?format=csv&region=KG-B&utm_source=mail&year=abc",
    ]:
        assert body(client.get(url)) == first, url

    assert builds == [("csv", "en")]


def test_an_edit_shows_at_once_in_the_download(client, proposals, builds):
    url = "/en/proposals/?format=csv"
    assert b"Open a youth centre" in body(client.get(url))

    proposal = Proposal.objects.get(text_en="Open a youth centre")
    proposal.text_en = "Open a youth centre in Batken"
    proposal.save()

    assert b"Open a youth centre in Batken" in body(client.get(url))
    assert builds == [("csv", "en"), ("csv", "en")]


def test_publishing_and_unpublishing_show_at_once_in_the_downloads(client, proposals):
    draft = factories.DraftEventFactory(slug="naryn-draft")
    factories.ProposalFactory(event=draft, text_en="Build a school in Naryn")
    assert b"Build a school in Naryn" not in body(client.get("/en/proposals/?format=csv"))
    assert client.get(f"/en/events/{draft.slug}/export.xlsx").status_code == 404

    event_publish(event=draft)
    assert b"Build a school in Naryn" in body(client.get("/en/proposals/?format=csv"))
    body(client.get(f"/en/events/{draft.slug}/export.xlsx"))

    event_unpublish(event=Event.objects.get(pk=draft.pk))
    assert b"Build a school in Naryn" not in body(client.get("/en/proposals/?format=csv"))
    # Its file is still on disk under the older version; the address is a 404 at once.
    assert client.get(f"/en/events/{draft.slug}/export.xlsx").status_code == 404


def test_a_change_by_another_process_is_never_served_from_an_older_file(client, proposals):
    url = "/en/proposals/?format=csv"
    body(client.get(url))
    # Another process changes the row without this process's signals, and records the
    # change in the same transaction, as its signal handler does.
    Proposal.objects.filter(text_en="Naryn roads").update(text_en="Naryn bridges")
    ContentChange.objects.create(token="written-by-another-process")

    assert b"Naryn bridges" in body(client.get(url))


# HTTP caching ----------------------------------------------------------------------------


def test_download_has_an_etag_and_answers_304_until_the_content_changes(client, proposals, builds):
    url = "/en/proposals/?format=csv"
    first = client.get(url)
    etag = first["ETag"]
    assert etag.startswith('W/"')
    assert first["Cache-Control"] == "public, no-cache"
    assert first["Last-Modified"]

    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again["ETag"] == etag

    factories.ProposalFactory(event=proposals, text_en="A new proposal")
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert b"A new proposal" in body(changed)
    assert client.get("/ru/proposals/?format=csv", HTTP_IF_NONE_MATCH=etag).status_code == 200


# Clean-up --------------------------------------------------------------------------------


def test_older_versions_are_removed_after_a_build(client, proposals, folder, monkeypatch):
    monkeypatch.setattr(downloads, "PRUNE_GRACE_SECONDS", 0)
    body(client.get("/en/proposals/?format=csv"))
    body(client.get("/en/proposals/?format=xlsx"))
    [old_version] = versions_in(folder)
    time.sleep(0.01)

    factories.ProposalFactory(event=proposals)
    body(client.get("/en/proposals/?format=csv"))

    versions = versions_in(folder)
    assert len(versions) == 1 and versions[0] != old_version
    assert len(files_in(folder)) == 1


def test_the_folder_keeps_under_its_size_limit_oldest_first(client, proposals, folder, settings):
    body(client.get("/en/proposals/?format=csv"))
    body(client.get("/ru/proposals/?format=csv"))
    [first, second] = sorted(files_in(folder), key=lambda path: path.stat().st_mtime)
    size = first.stat().st_size + second.stat().st_size
    os.utime(first, (time.time() - 100, time.time() - 100))
    settings.MAEK_DOWNLOAD_CACHE_MAX_MB = size / 1024 / 1024  # the next file goes over it

    body(client.get("/en/proposals/?format=csv&region=KG-N"))

    remaining = files_in(folder)
    assert first not in remaining and second in remaining and len(remaining) == 2


def test_an_unfinished_file_of_a_dead_build_is_removed(client, proposals, folder, settings):
    body(client.get("/en/proposals/?format=csv"))
    [version] = versions_in(folder)
    leftover = version / f"{downloads.BUILDING_PREFIX}dead.csv"
    leftover.write_bytes(b"half a file")
    os.utime(leftover, (time.time() - 1000, time.time() - 1000))

    body(client.get("/ru/proposals/?format=csv"))

    assert not leftover.exists()


def test_a_file_older_than_the_page_cache_time_is_built_again(client, proposals, folder, builds):
    url = "/en/proposals/?format=csv"
    body(client.get(url))
    [path] = files_in(folder)
    os.utime(path, (time.time() - 601, time.time() - 601))

    body(client.get(url))

    assert builds == [("csv", "en"), ("csv", "en")]


def test_a_version_folder_removed_while_building_still_gives_the_file(client, proposals, folder, monkeypatch):
    """A newer version's clean-up may remove the folder a slower build writes into."""
    real = dialogue_downloads.write_csv

    def write_then_lose_the_folder(report, output, **kwargs):
        real(report, output, **kwargs)
        for version in versions_in(folder):
            for path in version.iterdir():
                path.unlink()
            version.rmdir()

    monkeypatch.setattr(dialogue_downloads, "write_csv", write_then_lose_the_folder)

    data = body(client.get("/en/proposals/?format=csv"))

    assert b"Open a youth centre" in data
    assert files_in(folder) == []


# Not cached --------------------------------------------------------------------------------


def test_nothing_is_kept_before_any_change_is_recorded(client, proposals, folder, builds):
    """Every fresh database is at the version "initial": a shared folder must not mix them."""
    ContentChange.objects.all().delete()

    first = client.get("/en/proposals/?format=csv")
    body(first)
    body(client.get("/en/proposals/?format=csv"))

    assert builds == [("csv", "en"), ("csv", "en")]
    assert first["Cache-Control"] == "private, no-cache"
    assert not folder.exists() or files_in(folder) == []


def test_downloads_are_built_every_time_with_the_page_cache_off(client, proposals, settings, builds):
    settings.MAEK_PAGE_CACHE_SECONDS = 0

    body(client.get("/en/proposals/?format=csv"))
    body(client.get("/en/proposals/?format=csv"))

    assert builds == [("csv", "en"), ("csv", "en")]


@pytest.mark.parametrize("mode", [0o777, 0o755])
def test_a_folder_others_may_write_to_is_not_used(client, proposals, folder, builds, mode):
    folder.mkdir(mode=0o700)
    folder.chmod(mode)

    body(client.get("/en/proposals/?format=csv"))
    data = body(client.get("/en/proposals/?format=csv"))

    if mode == 0o777:
        assert builds == [("csv", "en"), ("csv", "en")]
        assert files_in(folder) == []
    else:
        assert builds == [("csv", "en")]
    assert b"Open a youth centre" in data


def test_a_symlinked_folder_is_not_used(client, proposals, folder, builds, tmp_path):
    target = tmp_path / "elsewhere"
    target.mkdir(mode=0o700)
    folder.symlink_to(target)

    body(client.get("/en/proposals/?format=csv"))
    body(client.get("/en/proposals/?format=csv"))

    assert builds == [("csv", "en"), ("csv", "en")]
    assert list(target.iterdir()) == []


def test_only_a_report_of_published_records_may_be_kept(rf, proposals):
    report = Report.for_proposals(Proposal.objects.all(), published_only=False)

    with pytest.raises(ValueError):
        dialogue_downloads.public_report_response(rf.get("/en/proposals/"), report, stem="x", variant="")


# Building limits -------------------------------------------------------------------------
# Each limit test runs with the slots counted both ways: as locked files in the download
# folder (the local-memory cache of the test settings, seen by one process only) and as
# keys of a cache every process shares (a file-based cache stands in for Redis here).


def use_a_shared_cache(settings, tmp_path) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "shared-cache"),
        }
    }


@pytest.fixture(params=["files", "shared cache"])
def slots(request, settings, tmp_path):
    if request.param == "shared cache":
        use_a_shared_cache(settings, tmp_path)
    return request.param


def test_over_the_client_limit_answers_429_with_retry_after_and_a_message(client, proposals, builds, slots):
    with build_slot("127.0.0.1"):
        busy = client.get("/en/proposals/?format=xlsx")

    assert busy.status_code == 429
    assert busy["Retry-After"] == str(downloads.RETRY_AFTER_SECONDS)
    assert busy["Cache-Control"] == "no-store"
    assert busy["Content-Type"].startswith("text/html")
    assert "A file you asked for a moment ago is still being prepared" in busy.content.decode()
    assert builds == []
    # The slot was given back with the block: the same download now builds.
    assert body(client.get("/en/proposals/?format=xlsx"))
    assert builds == [("xlsx", "en")]


def test_the_429_page_is_in_the_readers_language(client, proposals):
    with build_slot("127.0.0.1"):
        busy = client.get("/ru/proposals/?format=csv")

    assert busy.status_code == 429
    page = busy.content.decode()
    assert '<html lang="ru">' in page
    with translation.override("ru"):
        assert translation.gettext("Please try again in a moment") in page


def test_over_the_site_limit_answers_429_and_gives_the_clients_slot_back(client, proposals, settings, slots):
    settings.MAEK_DOWNLOADS_AT_ONCE = 2
    with build_slot("198.51.100.1"), build_slot("198.51.100.2"):
        busy = client.get("/en/proposals/?format=csv")
        assert busy.status_code == 429
        assert "Many files are being prepared" in busy.content.decode()

    # Had the refused request kept its own client slot, this would be refused too.
    assert body(client.get("/en/proposals/?format=csv"))


def test_a_file_already_kept_needs_no_slot(client, proposals, settings, slots):
    settings.MAEK_DOWNLOADS_AT_ONCE = 1
    body(client.get("/en/proposals/?format=csv"))

    with build_slot("127.0.0.1"):
        assert body(client.get("/en/proposals/?format=csv"))
        assert client.get("/en/proposals/?format=xlsx").status_code == 429


def test_the_slot_is_given_back_when_building_fails(client, proposals, monkeypatch, slots):
    def broken(report, output, **kwargs):
        raise RuntimeError("the writer broke")

    monkeypatch.setattr(dialogue_downloads, "write_csv", broken)
    with pytest.raises(RuntimeError):
        client.get("/en/proposals/?format=csv")
    with pytest.raises(RuntimeError):
        client.get("/en/proposals/?format=csv&region=KG-N")
    monkeypatch.undo()

    assert body(client.get("/en/proposals/?format=csv"))


def test_a_failed_build_leaves_no_file(client, proposals, folder, monkeypatch):
    def broken(report, output, **kwargs):
        output.write(b"half")
        raise RuntimeError("the writer broke")

    monkeypatch.setattr(dialogue_downloads, "write_csv", broken)
    with pytest.raises(RuntimeError):
        client.get("/en/proposals/?format=csv")

    assert [path for path in folder.glob("*/*") if path.parent.name != downloads.SLOT_FOLDER] == []


def test_a_slot_locked_by_a_process_that_dies_is_freed_at_once(client, proposals, folder):
    """With the local-memory cache the slots are locks on files, which every process sees."""
    body(client.get("/en/proposals/?format=csv"))  # makes the folders
    slot = folder / downloads.SLOT_FOLDER / "site-0"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, os, sys, time\n"
            "fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)\n"
            "fcntl.flock(fd, fcntl.LOCK_EX)\n"
            "print('held', flush=True)\n"
            "time.sleep(60)\n",
            str(slot),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with build_slot("198.51.100.1"):  # the site's second slot, in this process
            assert client.get("/en/proposals/?format=xlsx").status_code == 429
    finally:
        holder.kill()
        holder.wait()

    assert body(client.get("/en/proposals/?format=xlsx"))


def test_a_slot_in_the_shared_cache_of_a_process_that_died_expires_by_itself(
    client, proposals, settings, monkeypatch, tmp_path
):
    use_a_shared_cache(settings, tmp_path)
    settings.MAEK_DOWNLOAD_SLOT_SECONDS = 30
    # A build that never finishes: its slot is taken and never given back.
    dead = build_slot("127.0.0.1")
    dead.__enter__()
    assert client.get("/en/proposals/?format=csv").status_code == 429

    later = time.time() + 31
    monkeypatch.setattr(time, "time", lambda: later)

    assert body(client.get("/en/proposals/?format=csv"))


def test_unused_slot_files_of_clients_are_removed_and_held_ones_kept(client, proposals, folder):
    body(client.get("/en/proposals/?format=csv"))
    slots = folder / downloads.SLOT_FOLDER
    old = time.time() - downloads.SLOT_FILE_SECONDS - 10
    idle = slots / "client-idle-0"
    idle.touch()
    os.utime(idle, (old, old))
    with build_slot("198.51.100.9"):
        held = slots / f"client-{downloads._digest('198.51.100.9', 24)}-0"
        os.utime(held, (old, old))

        body(client.get("/ru/proposals/?format=csv"))  # a build, then the clean-up

        assert held.exists()
    assert not idle.exists()
    assert (slots / "site-0").exists()


def test_clients_are_told_apart_by_the_address_the_trusted_proxy_saw(client, proposals, settings, slots):
    settings.MAEK_TRUSTED_PROXIES = 1
    with build_slot("203.0.113.5"):
        busy = client.get("/en/proposals/?format=csv", HTTP_X_FORWARDED_FOR="203.0.113.5")
        other = client.get("/en/proposals/?format=xlsx", HTTP_X_FORWARDED_FOR="198.51.100.7")

    assert busy.status_code == 429
    assert body(other)


def test_the_limits_can_be_turned_off(client, proposals, settings, slots):
    settings.MAEK_DOWNLOADS_PER_CLIENT = 0
    settings.MAEK_DOWNLOADS_AT_ONCE = 0

    with build_slot("127.0.0.1"), build_slot("127.0.0.1"):
        assert body(client.get("/en/proposals/?format=csv"))
