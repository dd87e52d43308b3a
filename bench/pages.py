"""Page benchmark: public pages under load at 1,000 and 10,000 events on PostgreSQL.

    .venv/bin/python bench/pages.py                       # sizes 1000 and 10000, 10 s a page
    .venv/bin/python bench/pages.py --sizes 1000 --duration 5
    .venv/bin/python bench/pages.py --reuse               # keep databases loaded by an earlier run
    .venv/bin/python bench/pages.py --reuse --no-page-cache   # every request rendered afresh
    .venv/bin/python bench/pages.py --reuse --rounds 3    # median of three rounds on a busy machine

Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth) and ``wrk``
(``apt-get install wrk``). For each size it:

1. loads a database of its own, ``maek_bench_<size>`` (dropped and created again unless
   ``--reuse`` finds it loaded): migrations, ``generate_data --events <size>`` and two
   showcase events (30 proposals; 100 proposals and 30 participations);
2. counts the SQL queries of one uncached render of every page, in-process with
   Django's test client (bench/pages_django.py), and its render time — for the public
   pages and for the admin's event list and change page (100 proposals, 30 people);
3. starts gunicorn (2 sync workers) on 127.0.0.1 with production settings (DEBUG off,
   SECRET_KEY and ALLOWED_HOSTS set, manifest static files) and drives every public page with
   wrk for ``--duration`` seconds after a short warm-up, each right after a run of
   ``/healthz`` — a trivial Django view through the same middleware, the ceiling —
   so that the page's share of the ceiling compares runs under the same conditions.

Requests carry ``X-Forwarded-Proto: https`` as from the TLS proxy in front of a real
deployment (production settings redirect plain HTTP). Everything listens on loopback
only, and every step has a time limit. The budget (issue 6): p95 < 100 ms for every
public page, throughput >= 25 % of the ceiling (event detail >= 40 %), <= 15 queries
per page and the same number at both sizes.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HELPER = ROOT / "bench" / "pages_django.py"
LUA = ROOT / "bench" / "wrk_report.lua"
HEALTH = "/healthz"
PROXY_HEADER = "X-Forwarded-Proto: https"

P95_BUDGET_MS = 100
RATIO_BUDGET = 0.25
DETAIL_RATIO_BUDGET = 0.40
QUERY_BUDGET = 15


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run(command: list[str], *, env: dict[str, str], timeout: float) -> str:
    result = subprocess.run(
        command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-4000:] + result.stderr[-4000:])
        raise SystemExit(f"Failed ({result.returncode}): {' '.join(command)}")
    return result.stdout


def last_json(output: str) -> dict:
    for line in reversed(output.splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise SystemExit(f"No JSON result in:\n{output[-2000:]}")


def django_env(database_url: str) -> dict[str, str]:
    """Production-like settings: what a deployment sets, nothing a test relaxes."""
    env = {key: value for key, value in os.environ.items() if key not in {"MAEK_TESTING", "DEBUG"}}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=database_url,
        DEBUG="0",
        SECRET_KEY="bench-only-secret-key-not-for-production-0123456789abcdef",
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return env


def psql(server_url: str, sql: str) -> str:
    result = subprocess.run(
        ["psql", f"{server_url}/postgres", "-v", "ON_ERROR_STOP=1", "-tAc", sql],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"psql failed: {result.stderr.strip()}")
    return result.stdout.strip()


def loaded_events(database_url: str) -> int | None:
    result = subprocess.run(
        ["psql", database_url, "-tAc", "SELECT count(*) FROM dialogues_event"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return int(result.stdout.strip()) if result.returncode == 0 and result.stdout.strip() else None


def prepare_database(*, server_url: str, name: str, size: int, reuse: bool, history: bool) -> str:
    database_url = f"{server_url}/{name}"
    env = django_env(database_url)
    if reuse and loaded_events(database_url) == size + 2:
        log(f"{name}: reusing {size:,} events")
        run([PYTHON, str(ROOT / "manage.py"), "migrate", "-v0"], env=env, timeout=600)
        return database_url
    log(f"{name}: creating the database and loading {size:,} events")
    psql(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    psql(server_url, f'CREATE DATABASE "{name}"')
    command = [PYTHON, str(HELPER), "load", "--events", str(size)]
    if not history:
        command.append("--no-history")
    result = last_json(run(command, env=env, timeout=900))
    log(f"{name}: loaded in {result['generate_seconds']} s (migrations {result['migrate_seconds']} s)")
    run(
        ["psql", database_url, "-qc", "VACUUM ANALYZE"],
        env=env,
        timeout=600,
    )
    return database_url


def collect_static(env: dict[str, str]) -> None:
    log("collectstatic (manifest storage, as in production)")
    run([PYTHON, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"], env=env, timeout=600)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(*, env: dict[str, str], workers: int, port: int):
    gunicorn_bin = str(Path(PYTHON).with_name("gunicorn"))
    process = subprocess.Popen(
        [
            gunicorn_bin,
            "config.wsgi:application",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "--timeout",
            "60",
        ],
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                request = urllib.request.Request(
                    f"http://127.0.0.1:{port}{HEALTH}", headers={"X-Forwarded-Proto": "https"}
                )
                with urllib.request.urlopen(request, timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("gunicorn did not start.")
            time.sleep(0.3)
        yield process
    finally:
        # Only the server this script started, by its own process group.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def wrk(url: str, *, seconds: int, connections: int, threads: int, headers: list[str]) -> dict:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(LUA)]
    for header in headers:
        command += ["-H", header]
    result = subprocess.run(
        [*command, url], capture_output=True, text=True, timeout=seconds + 60, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"wrk failed: {result.stderr.strip()}")
    data = last_json(result.stdout)
    data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
    data["errors"] = sum(
        data[key] for key in ("status_errors", "connect_errors", "read_errors", "write_errors", "timeouts")
    )
    return data


def wait_until_idle(port: int, *, limit: float = 120) -> None:
    """Let the workers finish requests still queued from the last run before the next one."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        started = time.monotonic()
        try:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}{HEALTH}", headers={"X-Forwarded-Proto": "https"}
            )
            with urllib.request.urlopen(request, timeout=10):
                pass
        except OSError:
            continue
        if time.monotonic() - started < 0.05:
            return
        time.sleep(0.2)
    raise SystemExit("The server stayed busy after a load run.")


def load_test(*, port: int, paths: list[tuple[str, str]], args: argparse.Namespace) -> dict:
    """wrk results by page label, each beside the ceiling measured just before it.

    Every page is paired with a run of the trivial view immediately before it, so
    that its share of the ceiling compares two runs under the same conditions even
    when the machine is busy with other work. With ``--rounds`` > 1 the whole set
    runs again and each page keeps its median round (by share of the ceiling).
    """
    options = {"connections": args.connections, "threads": args.threads, "headers": [PROXY_HEADER]}

    def drive(path: str) -> dict:
        url = f"http://127.0.0.1:{port}{path}"
        wait_until_idle(port)
        wrk(url, seconds=args.warmup, **options)
        wait_until_idle(port)
        return wrk(url, seconds=args.duration, **options)

    rounds: dict[str, list[dict]] = {label: [] for label, _path in paths}
    for round_number in range(1, args.rounds + 1):
        for label, path in paths:
            ceiling = drive(HEALTH)
            result = drive(path)
            result["ceiling_rps"] = ceiling["rps"]
            result["share"] = result["rps"] / ceiling["rps"]
            rounds[label].append(result)
            log(
                f"  [{round_number}/{args.rounds}] {label}: {result['rps']:.0f} req/s "
                f"({result['share']:.0%} of {ceiling['rps']:.0f}), p95 {result['p95_us'] / 1000:.1f} ms"
            )
    return {label: sorted(runs, key=lambda r: r["share"])[len(runs) // 2] for label, runs in rounds.items()}


def verdict(row: dict, same_queries: bool | None) -> str:
    if row["kind"] != "public":
        return ""
    problems = []
    if row["queries"] > QUERY_BUDGET:
        problems.append("queries")
    if same_queries is False:
        problems.append("queries grow")
    if "rps" in row:
        if row["p95_us"] / 1000 >= P95_BUDGET_MS:
            problems.append("p95")
        needed = DETAIL_RATIO_BUDGET if row["page"].startswith("event detail") else RATIO_BUDGET
        if row["share"] < needed:
            problems.append(f"< {needed:.0%}")
        if row["errors"]:
            problems.append("errors")
    return "ok" if not problems else "FAIL: " + ", ".join(problems)


def machine() -> str:
    server = psql_version()
    load = " / ".join(f"{value:.1f}" for value in os.getloadavg())
    return f"{os.cpu_count()} CPUs, load average {load} (1/5/15 min), {server}"


def psql_version() -> str:
    result = subprocess.run(["psql", "--version"], capture_output=True, text=True, check=False, timeout=30)
    return result.stdout.strip() or "psql ?"


def print_table(results: dict[int, dict], *, cached: bool, cold: bool = False, started: str) -> None:
    sizes = sorted(results)
    queries = {size: {row["page"]: row["queries"] for row in results[size]} for size in sizes}
    print()
    print(f"Machine at the start: {started}")
    print(f"Machine at the end:   {machine()}")
    caching = (
        "page cache on" if cached else "nothing cached" if cold else "page cache off, shared data cached"
    )
    print(f"Caching: {caching}. Queries and render ms: one render with an empty cache, in-process.")
    header = "| events | page | queries | render ms | req/s | ceiling req/s | % of ceiling | p50 ms | p95 ms | budget |"
    print(header)
    print("|" + "|".join("---" for _ in range(header.count("|") - 1)) + "|")
    for size in sizes:
        for row in results[size]:
            counts = {queries[s].get(row["page"]) for s in sizes}
            same = None if len(sizes) < 2 else len(counts) == 1
            measured = ["", "", "", "", ""]
            if "rps" in row:
                measured = [
                    f"{row['rps']:.0f}",
                    f"{row['ceiling_rps']:.0f}",
                    f"{row['share']:.0%}",
                    f"{row['p50_us'] / 1000:.1f}",
                    f"{row['p95_us'] / 1000:.1f}",
                ]
            cells = [f"{size:,}", row["page"], str(row["queries"]), str(row["render_ms"]), *measured]
            print("| " + " | ".join(cells) + f" | {verdict(row, same)} |")
    print()


def main() -> None:
    # A SIGTERM (timeout, CI) unwinds like Ctrl-C, so the gunicorn this run started is stopped.
    signal.signal(signal.SIGTERM, lambda *_args: sys.exit("Stopped."))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="Event counts, comma-separated.")
    parser.add_argument(
        "--server", default="postgres://postgres@127.0.0.1:5432", help="PostgreSQL server URL."
    )
    parser.add_argument("--database-prefix", default="maek_bench", help="Databases are <prefix>_<size>.")
    parser.add_argument("--reuse", action="store_true", help="Keep a database already loaded with the size.")
    parser.add_argument(
        "--no-history", action="store_false", dest="history", help="Load without history rows."
    )
    parser.add_argument("--duration", type=int, default=10, help="Seconds of load per page.")
    parser.add_argument("--warmup", type=int, default=2, help="Seconds of warm-up per page.")
    parser.add_argument("--connections", type=int, default=4, help="Concurrent connections (wrk -c).")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads.")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers.")
    parser.add_argument(
        "--rounds", type=int, default=1, help="Repeat the load runs; keep each page's median."
    )
    parser.add_argument(
        "--no-page-cache",
        action="store_false",
        dest="page_cache",
        help=(
            "Render every request (MAEK_PAGE_CACHE_SECONDS=0), to see the cost of a page miss "
            "such as a new search word; data shared by pages stays cached."
        ),
    )
    parser.add_argument(
        "--cold",
        action="store_true",
        help=(
            "Cache nothing at all (MAEK_PAGE_CACHE_SECONDS=0 and MAEK_DATA_CACHE_SECONDS=0): "
            "the first request after a change, every time."
        ),
    )
    parser.add_argument("--no-load", action="store_false", dest="load", help="Only count queries, no wrk.")
    parser.add_argument("--json", type=Path, help="Also write the raw results to this file.")
    args = parser.parse_args()

    if args.load and shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk (or run with --no-load).")
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    started = machine()
    results: dict[int, dict] = {}
    static_collected = False
    for size in sizes:
        name = f"{args.database_prefix}_{size}"
        database_url = prepare_database(
            server_url=args.server, name=name, size=size, reuse=args.reuse, history=args.history
        )
        env = django_env(database_url)
        if not args.page_cache or args.cold:
            env["MAEK_PAGE_CACHE_SECONDS"] = "0"
        if args.cold:
            env["MAEK_DATA_CACHE_SECONDS"] = "0"
        if not static_collected:
            collect_static(env)
            static_collected = True
        log(f"{name}: counting queries in-process")
        inspected = last_json(run([PYTHON, str(HELPER), "inspect"], env=env, timeout=600))
        rows = inspected["pages"]
        if args.load:
            port = free_port()
            log(f"{name}: gunicorn with {args.workers} workers on 127.0.0.1:{port}")
            with gunicorn(env=env, workers=args.workers, port=port):
                measured = load_test(
                    port=port,
                    paths=[(row["page"], row["path"]) for row in rows if row["kind"] == "public"],
                    args=args,
                )
            for row in rows:
                row.update(measured.get(row["page"], {}))
        results[size] = rows

    print_table(results, cached=args.page_cache and not args.cold, cold=args.cold, started=started)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps({str(k): v for k, v in results.items()}, indent=2, ensure_ascii=False)
        )


if __name__ == "__main__":
    main()
