"""Download benchmark: public downloads built once per content version, and the building limits.

    .venv/bin/python bench/downloads.py                           # 1,000 / 10,000 proposals, SQLite
    .venv/bin/python bench/downloads.py --sizes 2722,30000 --rounds 5
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/maek .venv/bin/python bench/downloads.py --load

The script loads a throwaway database (a temporary SQLite file, or the database
``maek_bench_downloads`` on the PostgreSQL server of DATABASE_URL, dropped at the end)
with ``generate_data`` (about ten proposals per event, translated, with speakers,
topics and addressees), growing it to each size in turn, and prints:

1. **first and repeated download**, in-process through Django's test client with
   production settings: for ``/en/proposals/?format=xlsx``, ``?format=csv`` and the
   workbook of the event with the most proposals, the time of a download nobody has
   asked for since the last content change (the file is built: the old cost of every
   download) and of the same download again (served from the kept file), body read to
   the end; the median of ``--rounds`` (each first download after a fresh content
   change); the SQL queries of each, and the file's size.
2. with ``--load``: the home page's latency under gunicorn (3 sync workers, the
   Dockerfile's default; production settings) while ``--clients`` readers, each from
   its own address, download for ``--duration`` seconds: files nobody asked for yet
   (every request a different filter, so every one builds) with the limits off, with
   the default limits as locked files (with the default local-memory cache), and as keys
   of a cache every process shares (Django's database cache, bench/shared_cache_settings.py);
   then one file everyone asks for (kept after the first request). A refused reader
   waits a second and asks again.

Everything listens on loopback; the gunicorn this script starts is stopped on exit.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PROPOSALS_PER_EVENT = 10
SECRET = "bench-only-secret-key-not-for-production-0123456789abcdef"
WORKERS = 3
YEARS = range(2016, 2026)
REGIONS = ("KG-B", "KG-C", "KG-GB", "KG-GO", "KG-J", "KG-N", "KG-O", "KG-T", "KG-Y")


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def production_env(database_url: str, download_folder: Path) -> dict[str, str]:
    """What a deployment sets, nothing a test relaxes; plain HTTP on loopback."""
    env = {key: value for key, value in os.environ.items() if key not in {"MAEK_TESTING", "DEBUG"}}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=database_url,
        DEBUG="0",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="0",
        MAEK_DOWNLOAD_CACHE_DIR=str(download_folder),
        # Each simulated reader is its own client (X-Forwarded-For), as behind a TLS proxy.
        MAEK_TRUSTED_PROXIES="1",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return env


# The database ------------------------------------------------------------------------


@contextlib.contextmanager
def throwaway_database():
    """A database URL for this run, removed afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if not url or url.startswith("sqlite"):
        handle, path = tempfile.mkstemp(prefix="maek-bench-downloads-", suffix=".sqlite3")
        os.close(handle)
        try:
            yield f"sqlite:///{path}"
        finally:
            os.remove(path)
        return
    server = url.rsplit("/", 1)[0]
    name = "maek_bench_downloads"

    def psql(sql: str) -> None:
        subprocess.run(
            ["psql", f"{server}/postgres", "-qc", sql], check=True, capture_output=True, timeout=120
        )

    psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    psql(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host, and no e-mail sent


def grow_to(proposals: int, *, seed: int) -> int:
    """Generate events until the database holds at least ``proposals`` published proposals."""
    from django.db import connection

    from devdata.generate import generate_data
    from proposals.models import Proposal

    have = Proposal.objects.published().count()
    while have < proposals:
        # Some generated events are drafts and the number of proposals varies: the loop
        # tops up what a round falls short by.
        events = max(1, -(-(proposals - have) // PROPOSALS_PER_EVENT))
        started = time.monotonic()
        generate_data(events=events, seed=seed, history=False)
        seed += 1000
        have = Proposal.objects.published().count()
        log(
            f"generated {events:,} events in {time.monotonic() - started:.1f} s: {have:,} published proposals"
        )
    # Statistics, as autovacuum would gather them on a live site: without them PostgreSQL
    # may plan the workbook's queries as nested loops over every event (minutes, not seconds).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return have


# Part 1: first and repeated download, in-process ------------------------------------------


def timed_get(client, url: str) -> tuple[float, int, int]:
    """Seconds for the whole download (body read), its SQL queries and its size in bytes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url)
        data = b"".join(response.streaming_content) if response.streaming else response.content
        seconds = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return seconds, len(queries), len(data)


def measure_downloads(proposals: int, rounds: int) -> list[dict]:
    from django.db.models import Count
    from django.test import Client

    from dialogues.models import Event
    from pagecache.services import content_changed

    biggest = (
        Event.objects.published()
        .annotate(n=Count("proposals"))
        .order_by("-n", "pk")
        .values("slug", "n")
        .first()
    )
    cases = [
        ("proposals, .xlsx", "/en/proposals/?format=xlsx"),
        ("proposals, .csv", "/en/proposals/?format=csv"),
        (f"event workbook ({biggest['n']} proposals)", f"/en/events/{biggest['slug']}/export.xlsx"),
    ]
    client = Client()
    rows = []
    firsts = {label: [] for label, _url in cases}
    repeats = {label: [] for label, _url in cases}
    facts = {}
    for _round in range(rounds):
        # A new content version: every download is built again, as after an edit.
        content_changed()
        for label, url in cases:
            seconds, queries, size = timed_get(client, url)
            firsts[label].append(seconds)
            facts[label] = {"first_queries": queries, "bytes": size}
            for _again in range(3):
                seconds, queries, _size = timed_get(client, url)
                repeats[label].append(seconds)
                facts[label]["repeat_queries"] = queries
    for label, _url in cases:
        rows.append(
            {
                "proposals": proposals,
                "download": label,
                "first_ms": statistics.median(firsts[label]) * 1000,
                "repeat_ms": statistics.median(repeats[label]) * 1000,
                **facts[label],
            }
        )
    return rows


def print_downloads(rows: list[dict], *, database: str, rounds: int) -> None:
    print()
    print(f"First and repeated download, in-process, {database}; median of {rounds} rounds.")
    print("| proposals | download | size | first: built | queries | again: kept file | queries | speed-up |")
    print("|---|---|---|---|---|---|---|---|")
    for row in rows:
        print(
            f"| {row['proposals']:,} | {row['download']} | {row['bytes'] / 1024:,.0f} KB "
            f"| {row['first_ms']:,.0f} ms | {row['first_queries']} | {row['repeat_ms']:,.1f} ms "
            f"| {row['repeat_queries']} | ×{row['first_ms'] / row['repeat_ms']:,.0f} |"
        )
    print()


# Part 2: the home page while readers download, under gunicorn ------------------------------


def fetch(port: int, path: str, client: str) -> tuple[int, float]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"X-Forwarded-For": client, "Accept-Language": "en"}
    )
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        error.read()
        status = error.code
    return status, time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run_scenario(port: int, *, clients: int, duration: float, paths) -> dict:
    """Home-page latency while ``clients`` readers download ``paths`` (an iterator shared by all)."""
    lock = threading.Lock()
    stop = time.monotonic() + duration
    statuses: dict[int, int] = {}
    download_seconds: list[float] = []
    home: list[float] = []

    def reader(number: int) -> None:
        address = f"198.51.100.{number + 1}"
        while time.monotonic() < stop:
            with lock:
                path = next(paths)
            status, seconds = fetch(port, path, address)
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
                if status == 200:
                    download_seconds.append(seconds)
            if status == 429:
                time.sleep(1)

    def home_reader() -> None:
        while time.monotonic() < stop:
            status, seconds = fetch(port, "/en/", "203.0.113.9")
            if status == 200:
                home.append(seconds)
            time.sleep(0.1)

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(clients)]
    threads.append(threading.Thread(target=home_reader))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "downloads": statuses.get(200, 0),
        "refused": statuses.get(429, 0),
        "errors": sum(count for status, count in statuses.items() if status not in (200, 429)),
        "download_p50": statistics.median(download_seconds) if download_seconds else None,
        "home_p50": statistics.median(home) if home else None,
        "home_p95": percentile(home, 0.95) if home else None,
        "home_max": max(home) if home else None,
    }


def distinct_downloads():
    """Download paths nobody asked for yet: a different filter every time."""
    for year, region, file_format, language in itertools.product(
        YEARS, REGIONS, ("xlsx", "csv"), ("en", "ru", "ky")
    ):
        yield f"/{language}/proposals/?format={file_format}&year={year}&region={region}"
    raise SystemExit("Ran out of distinct downloads: shorten --duration.")


def load_test(database_url: str, folder: Path, args) -> list[dict]:
    sys.path.insert(0, str(Path(__file__).parent))
    from pages import free_port, gunicorn, run, wait_until_idle

    base = production_env(database_url, folder)
    run([PYTHON, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"], env=base, timeout=600)
    shared = {**base, "DJANGO_SETTINGS_MODULE": "shared_cache_settings"}
    shared["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(Path(__file__).parent), os.environ.get("PYTHONPATH")])
    )
    run([PYTHON, str(ROOT / "manage.py"), "createcachetable"], env=shared, timeout=120)
    no_limits = {**base, "MAEK_DOWNLOADS_PER_CLIENT": "0", "MAEK_DOWNLOADS_AT_ONCE": "0"}
    everyone = itertools.repeat("/en/proposals/?format=xlsx")
    scenarios = [
        ("home page alone", base, None, 0),
        ("files nobody asked for, no limits", no_limits, distinct_downloads, args.clients),
        (
            "files nobody asked for, limits: locked files (local-memory cache)",
            base,
            distinct_downloads,
            args.clients,
        ),
        ("files nobody asked for, limits: keys of a shared cache", shared, distinct_downloads, args.clients),
        ("one file everyone asks for (kept)", base, lambda: everyone, args.clients),
    ]
    results = []
    for label, env, paths, clients in scenarios:
        shutil.rmtree(folder, ignore_errors=True)
        port = free_port()
        log(f"{label}: gunicorn with {WORKERS} workers on 127.0.0.1:{port}")
        with gunicorn(env=env, workers=WORKERS, port=port):
            fetch(port, "/en/", "203.0.113.9")  # the home page cached, as on a live site
            if paths is not None and label.startswith("one file"):
                fetch(port, next(everyone), "203.0.113.10")  # built once before the run
            result = run_scenario(
                port, clients=clients, duration=args.duration, paths=paths() if paths else iter(())
            )
            wait_until_idle(port)
        result["scenario"] = label
        results.append(result)
        log(f"  {result}")
    return results


def print_load(results: list[dict], *, database: str, proposals: int, args) -> None:
    def ms(value):
        return "" if value is None else f"{value * 1000:,.0f}"

    print(
        f"Home page while {args.clients} readers download, gunicorn {WORKERS} sync workers, {database}, "
        f"{proposals:,} proposals, {args.duration:.0f} s each; home page asked every 0.1 s."
    )
    print(
        "| readers download | files served | refused (429) | download p50 ms | home p50 ms | home p95 ms | home max ms |"
    )
    print("|---|---|---|---|---|---|---|")
    for row in results:
        served = "" if row["scenario"] == "home page alone" else f"{row['downloads']}"
        refused = "" if row["scenario"] == "home page alone" else f"{row['refused']}"
        print(
            f"| {row['scenario']} | {served} | {refused} | {ms(row['download_p50'])} "
            f"| {ms(row['home_p50'])} | {ms(row['home_p95'])} | {ms(row['home_max'])} |"
        )
        if row["errors"]:
            print(f"|   ({row['errors']} errors) | | | | | | |")
    print()


def machine() -> str:
    load = " / ".join(f"{value:.1f}" for value in os.getloadavg())
    return f"{os.cpu_count()} CPUs, load average {load} (1/5/15 min)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="Published proposals, comma-separated.")
    parser.add_argument("--rounds", type=int, default=3, help="Rounds of first + repeated downloads.")
    parser.add_argument(
        "--load", action="store_true", help="Also the home page under gunicorn while readers download."
    )
    parser.add_argument("--load-size", type=int, default=10_000, help="Proposals for the load part.")
    parser.add_argument(
        "--clients", type=int, default=4, help="Readers downloading at once in the load part."
    )
    parser.add_argument("--duration", type=float, default=15, help="Seconds of each load scenario.")
    args = parser.parse_args()
    requested = sorted(int(size) for size in args.sizes.split(",") if size.strip())
    sizes = list(requested)

    started = machine()
    with throwaway_database() as database_url, tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "downloads"
        env = production_env(database_url, folder)
        setup_django(env)
        from django.core.management import call_command
        from django.db import connection

        if connection.vendor == "sqlite":
            database = f"SQLite {connection.Database.sqlite_version}"
        else:
            database = f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 10000}"
        call_command("migrate", verbosity=0)
        rows = []
        load = None
        if args.load and not any(size >= args.load_size for size in sizes):
            sizes.append(args.load_size)
        for seed, size in enumerate(sizes, start=1):
            proposals = grow_to(size, seed=seed)
            if size in requested:
                log(f"{proposals:,} published proposals: measuring")
                rows.extend(measure_downloads(proposals, args.rounds))
            if args.load and load is None and size >= args.load_size:
                connection.close()
                load = (proposals, load_test(database_url, folder, args))
        print()
        print(f"Machine at the start: {started}")
        print(f"Machine at the end:   {machine()}")
        print_downloads(rows, database=database, rounds=args.rounds)
        if load:
            print_load(load[1], database=database, proposals=load[0], args=args)


if __name__ == "__main__":
    main()
