"""Excel benchmark: the reporting workbook against raw openpyxl, and the batch import.

    .venv/bin/python bench/excel.py                     # N = 10,000 and 100,000; import 10,000
    .venv/bin/python bench/excel.py --export 2000 --import 1000 --stock
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/maek_excel .venv/bin/python bench/excel.py

It generates proposals across events (ten per event, translated, realistic
lengths, five speakers each) in a throwaway database — a temporary SQLite file,
or ``test_<name>`` next to the PostgreSQL database of DATABASE_URL — and prints
a table. Every case runs in its own process, so its peak memory (max RSS) is its
own:

- *workbook*: ``reports.workbook.write_workbook`` (XlsxWriter, constant memory)
  writing the three sheets for the events holding N proposals;
- *openpyxl*: the same rows from the same queries, written cell by cell with
  openpyxl in write-only mode — the baseline; the ratio workbook / openpyxl is
  what counts (target <= 1.0, peak memory < 200 MB at 100,000);
- *stock*: (with ``--stock``) django-import-export's tablib export of the
  proposals to .xlsx, and its row-by-row import, for comparison;
- *import*: reading an .xlsx of new proposals and importing it through
  ``core.spreadsheets.imports`` with full validation, as a dry run and for real (rolled
  back afterwards). Target: >= 1,500 rows/s.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROPOSALS_PER_EVENT = 10
SPEAKERS_PER_EVENT = 5


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    import django

    django.setup()


def peak_rss_mb() -> float:
    """This process's peak resident memory. VmHWM on Linux: ru_maxrss would carry over
    the parent's peak through fork and exec."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, kilobytes elsewhere
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / (1024 * 1024)


# Data --------------------------------------------------------------------------------------

KY = [
    "Баткен облусунун чек ара аймактарындагы жашоочулардын турмуш-шартын жакшыртуу зарыл",
    "эмгек миграциясынын себептерин изилдеп, жергиликтүү жумуш орундарын түзүү керек",
    "жергиликтүү өз алдынча башкаруу органдарынын коомдук кеңештер менен өз ара аракеттенүүсүн күчөтүү",
    "мектептерде жана ооруканаларда кадр маселесин чечүү үчүн жөлөкпулдарды жогорулатуу",
    "маалымат каражаттарынын эркин иштөөсүнө шарт түзүү жана сөз эркиндигин сактоо",
]
RU = [
    "необходимо улучшить условия жизни жителей приграничных территорий Баткенской области",
    "изучить причины трудовой миграции и создать рабочие места на местах",
    "усилить взаимодействие органов местного самоуправления с общественными советами",
    "решить кадровый вопрос в школах и больницах за счёт повышения надбавок",
    "создать условия для свободной работы средств массовой информации и сохранить свободу слова",
]
EN = [
    "improve the living conditions of the people of the border areas of Batken region",
    "study the causes of labour migration and create local jobs",
    "strengthen the cooperation of local self-government bodies with public councils",
    "solve the shortage of qualified staff in schools and hospitals by raising allowances",
    "create conditions for the free work of the media and keep the freedom of speech",
]


def sentence(rng: random.Random, pool: list[str], parts: int) -> str:
    text = "; ".join(rng.choice(pool) for _ in range(parts))
    return text[0].upper() + text[1:] + "."


def generate(total_proposals: int, *, seed: int = 1) -> None:
    """Events holding ``total_proposals`` proposals, with speakers, in bulk."""
    from django.db import transaction

    from core.text import search_document
    from dialogues.models import Event, EventFormat, Organization, Participation, Person, Region, Topic
    from proposals.models import REFERENCE_ALPHABET, Proposal

    rng = random.Random(seed)
    regions = list(Region.objects.all())
    formats = list(EventFormat.objects.all())
    topics = list(Topic.objects.all())
    events_count = -(-total_proposals // PROPOSALS_PER_EVENT)
    with transaction.atomic():
        organisations = Organization.objects.bulk_create(
            Organization(
                name_ky=f"Уюм №{i}",
                name_ru=f"Организация №{i}",
                name_en=f"Organisation No. {i}",
                kind=Organization.Kind.STATE_BODY,
            )
            for i in range(300)
        )
        people = Person.objects.bulk_create(
            Person(
                full_name_ky=f"Адам Аманов {i}",
                full_name_ru=f"Адам Аманов {i}",
                full_name_en=f"Adam Amanov {i}",
            )
            for i in range(2000)
        )
        start = datetime.date(2016, 1, 1)
        events = Event.objects.bulk_create(
            (
                Event(
                    slug=f"bench-event-{i}",
                    title_ky=f"Ачык маектешүү аянтчасы №{i}: {sentence(rng, KY, 1)}",
                    title_ru=f"Открытая диалоговая площадка №{i}: {sentence(rng, RU, 1)}",
                    title_en=f"Open dialogue platform No. {i}: {sentence(rng, EN, 1)}",
                    locality_ky="Баткен шаары",
                    locality_ru="город Баткен",
                    venue_ru="конференц-зал гостиницы «Айгуль-Тоо»",
                    format=rng.choice(formats),
                    region=rng.choice(regions),
                    date=start + datetime.timedelta(days=rng.randrange(3650)),
                    attendance_total=50,
                    attendance_women=22,
                    attendance_men=28,
                    status=Event.Status.PUBLISHED,
                    published_at=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC),
                )
                for i in range(events_count)
            ),
            batch_size=1000,
        )
        EventTopics = Event.topics.through
        EventTopics.objects.bulk_create(
            (EventTopics(event_id=e.pk, topic_id=t.pk) for e in events for t in rng.sample(topics, 2)),
            batch_size=5000,
        )
        Participation.objects.bulk_create(
            (
                Participation(
                    event_id=e.pk,
                    person_id=rng.choice(people).pk,
                    role=Participation.Role.SPEAKER if n else Participation.Role.MODERATOR,
                    position_ky=sentence(rng, KY, 1),
                    position_ru=sentence(rng, RU, 1),
                    organization_id=rng.choice(organisations).pk,
                    order=n,
                )
                for e in events
                for n in range(SPEAKERS_PER_EVENT)
            ),
            batch_size=5000,
            ignore_conflicts=True,
        )
        counter = iter(range(10**7))

        def reference(year):
            n, digits = next(counter), []
            for _ in range(5):
                n, d = divmod(n, 32)
                digits.append(REFERENCE_ALPHABET[d])
            return f"MK-{year}-{''.join(digits)}"

        made = 0
        for e in events:
            batch = []
            for number in range(1, PROPOSALS_PER_EVENT + 1):
                if made >= total_proposals:
                    break
                parts = rng.randint(1, 4)
                batch.append(
                    Proposal(
                        event_id=e.pk,
                        number=number,
                        reference=reference(e.date.year),
                        text_ky=sentence(rng, KY, parts),
                        text_ru=sentence(rng, RU, parts),
                        text_en=sentence(rng, EN, parts),
                        status=Proposal.Status.RECEIVED,
                        status_changed_on=e.date,
                    )
                )
                made += 1
            for proposal in batch:
                # As save() fills it: the trigram index then holds what it holds in use.
                proposal.search_text = search_document(proposal, ("text",))
            Proposal.objects.bulk_create(batch)
        ProposalTopics = Proposal.topics.through
        ProposalTopics.objects.bulk_create(
            (
                ProposalTopics(proposal_id=pk, topic_id=rng.choice(topics).pk)
                for pk in Proposal.objects.values_list("pk", flat=True).iterator()
            ),
            batch_size=5000,
        )
        Addressees = Proposal.addressees.through
        Addressees.objects.bulk_create(
            (
                Addressees(proposal_id=pk, organization_id=rng.choice(organisations).pk)
                for pk in Proposal.objects.values_list("pk", flat=True).iterator()
            ),
            batch_size=5000,
        )


# Cases (each runs in a child process) --------------------------------------------------------


class Clock:
    """Wall and CPU time of the measured part of a case."""

    def __init__(self):
        self.wall = time.perf_counter()
        self.cpu = time.process_time()

    def result(self, **extra) -> dict:
        return {
            "seconds": time.perf_counter() - self.wall,
            "cpu_seconds": time.process_time() - self.cpu,
            **extra,
        }


def events_for(n: int):
    from dialogues.models import Event

    count = -(-n // PROPOSALS_PER_EVENT)
    ids = list(Event.objects.order_by("pk").values_list("pk", flat=True)[:count])
    return Event.objects.filter(pk__in=ids) if count < 5000 else Event.objects.filter(pk__lte=ids[-1])


def case_workbook(n: int, path: str) -> dict:
    from reports.workbook import Report, write_workbook

    report = Report.for_events(events_for(n), published_only=True, language="en")
    clock = Clock()
    write_workbook(report, path)
    return clock.result()


def case_openpyxl(n: int, path: str) -> dict:
    from django.utils import translation
    from openpyxl import Workbook

    from reports.workbook import Report

    report = Report.for_events(events_for(n), published_only=True, language="en")
    clock = Clock()
    with translation.override("en"):
        book = Workbook(write_only=True)
        for sheet in report.sheets():
            worksheet = book.create_sheet(sheet.title())
            worksheet.append([column.header() for column in sheet.columns])
            for row in sheet.rows():
                worksheet.append(row)
        book.save(path)
    return clock.result()


def case_stock_export(n: int, path: str) -> dict:
    from import_export.formats.base_formats import XLSX

    from proposals.models import Proposal
    from proposals.resources import ProposalResource

    queryset = Proposal.objects.filter(event__in=events_for(n))
    clock = Clock()
    data = XLSX().export_data(ProposalResource().export(queryset=queryset))
    Path(path).write_bytes(data)
    return clock.result()


def import_rows(n: int):
    """``n`` new proposals (numbers after the existing ones) as an .xlsx file's bytes."""
    import io

    from openpyxl import Workbook

    from dialogues.models import Event
    from proposals.resources import ProposalResource

    rng = random.Random(2)
    slugs = list(Event.objects.order_by("pk").values_list("slug", flat=True)[: max(1, n // 10)])
    headers = ProposalResource().column_names()
    book = Workbook(write_only=True)
    sheet = book.create_sheet("proposals")
    sheet.append(headers)
    for i in range(n):
        parts = rng.randint(1, 4)
        values = {
            "event": slugs[i % len(slugs)],
            "number": PROPOSALS_PER_EVENT + 1 + i // len(slugs),
            "text_ky": sentence(rng, KY, parts),
            "text_ru": sentence(rng, RU, parts),
            "text_en": sentence(rng, EN, parts),
            "topics": "migration; economy",
            "addressees": f"Уюм №{rng.randrange(300)}",
            "status": "received",
            "status_changed_on": datetime.date(2022, 5, 1),
        }
        sheet.append([values.get(h) for h in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def case_import(n: int, path: str, *, dry_run: bool, stock: bool = False) -> dict:
    from django.db import transaction

    from core.spreadsheets.imports import import_dataset
    from core.spreadsheets.reading import read_spreadsheet
    from proposals.resources import ProposalResource

    data = import_rows(n)
    clock = Clock()
    dataset = read_spreadsheet(data, name="proposals.xlsx")
    read_seconds = clock.result()["seconds"]
    clock = Clock()
    with transaction.atomic():
        if stock:
            resource = ProposalResource()
            resource.fast_import = False
            result = resource.import_data(dataset, dry_run=dry_run)
            # Proposal.save() draws a random reference and does not retry when it
            # is taken; among 100,000 generated ones a row of 500 can hit one.
            failed = len(result.row_errors()) + len(result.invalid_rows)
        else:
            report = import_dataset(resource=ProposalResource(), dataset=dataset, dry_run=dry_run)
            if not report.ok or report.new != n:
                raise SystemExit(f"the import reported errors: {report.file_error or report.errors[:3]}")
            failed = 0
        measured = clock.result(read_seconds=read_seconds, failed=failed)
        transaction.set_rollback(True)  # leave the benchmark database as it was
    return measured


CASES = {
    "workbook": case_workbook,
    "openpyxl": case_openpyxl,
    "stock-export": case_stock_export,
    "import-dry": lambda n, path: case_import(n, path, dry_run=True),
    "import-real": lambda n, path: case_import(n, path, dry_run=False),
    "stock-import-dry": lambda n, path: case_import(n, path, dry_run=True, stock=True),
}


def child(case: str, n: int) -> None:
    setup_django()
    from django.db import connection

    connection.ensure_connection()
    before = peak_rss_mb()
    with tempfile.TemporaryDirectory() as directory:
        result = CASES[case](n, os.path.join(directory, "out.xlsx"))
    result.update({"peak_rss_mb": peak_rss_mb(), "rss_before_mb": before})
    print(json.dumps(result))


def run_once(case: str, n: int, env: dict) -> dict:
    completed = subprocess.run(
        [sys.executable, __file__, "--child", case, "--n", str(n)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise SystemExit(f"{case} N={n} failed:\n{completed.stderr[-3000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def run_cases(cases: list[str], n: int, env: dict, repeat: int = 1) -> list[dict]:
    """The best of ``repeat`` runs of each case, each run in a fresh process.

    The cases take turns, so that whatever else the machine (or the database
    server, vacuuming) does at the time falls on all of them alike.
    """
    runs = {case: [] for case in cases}
    for _ in range(max(1, repeat)):
        for case in cases:
            runs[case].append(run_once(case, n, env))
    best = []
    for case in cases:
        result = min(runs[case], key=lambda r: r["seconds"])
        result["peak_rss_mb"] = max(r["peak_rss_mb"] for r in runs[case])
        best.append(result)
    return best


# Main ------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--export", type=int, nargs="+", default=[10_000, 100_000], help="N for the export cases"
    )
    parser.add_argument(
        "--import", dest="import_n", type=int, default=10_000, help="rows for the import cases"
    )
    parser.add_argument("--stock", action="store_true", help="also time django-import-export's stock paths")
    parser.add_argument("--repeat", type=int, default=3, help="runs per case; the best time is shown")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--n", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.n)
        return

    url = os.environ.get("DATABASE_URL", "")
    cleanup = None
    if not url or url.startswith("sqlite"):
        handle, path = tempfile.mkstemp(prefix="maek-bench-", suffix=".sqlite3")
        os.close(handle)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
        setup_django()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)

        def cleanup():
            os.remove(path)

    else:
        setup_django()
        from django.db import connection

        old_name = connection.settings_dict["NAME"]
        test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        os.environ["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + test_name

        def cleanup():
            connection.creation.destroy_test_db(old_name, verbosity=0)

    from django.db import connection

    try:
        largest = max([*args.export, args.import_n])
        started = time.perf_counter()
        generate(largest)
        # Planner statistics, as autovacuum (PostgreSQL) or a routine ANALYZE would
        # have them for tables of this size; without them PostgreSQL guesses one
        # row per freshly filled table and picks nested loops.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        generated = time.perf_counter() - started
        if connection.vendor == "sqlite":
            version = connection.Database.sqlite_version
        else:
            version = f"{connection.pg_version // 10000}.{connection.pg_version % 10000}"
        database = f"{connection.vendor} {version}"
        print(f"Maek Excel benchmark — {database}, Python {platform.python_version()}, {platform.machine()}")
        print(
            f"generated {largest:,} proposals in {largest // PROPOSALS_PER_EVENT:,} events in {generated:.1f} s"
        )
        print()
        print(f"{'case':<44}{'rows':>10}{'seconds':>10}{'rows/s':>10}{'peak MB':>10}{'CPU s':>8}")
        print("-" * 92)
        env = dict(os.environ)

        def line(label, n, result):
            rate = n / result["seconds"] if result["seconds"] else float("inf")
            print(
                f"{label:<44}{n:>10,}{result['seconds']:>10.2f}{rate:>10,.0f}"
                f"{result['peak_rss_mb']:>10.0f}{result['cpu_seconds']:>8.1f}"
            )

        for n in args.export:
            ours, base = run_cases(["workbook", "openpyxl"], n, env, args.repeat)
            line("export: Maek workbook (XlsxWriter)", n, ours)
            line("export: same cells, openpyxl write-only", n, base)
            print(f"{'  ratio Maek / openpyxl':<44}{'':>10}{ours['seconds'] / base['seconds']:>10.2f}")
            if args.stock and n <= 20_000:
                line("export: stock tablib .xlsx (proposals only)", n, run_cases(["stock-export"], n, env)[0])
        n = args.import_n
        dry, real = run_cases(["import-dry", "import-real"], n, env, args.repeat)
        line("import: batch, dry run (validate all)", n, dry)
        line("import: batch, for real (validate + write)", n, real)
        print(f"{'  reading the .xlsx (not in the above)':<44}{n:>10,}{real['read_seconds']:>10.2f}")
        if args.stock:
            sample = min(n, 500)
            stock = run_cases(["stock-import-dry"], sample, env)[0]
            line("import: stock row-by-row, dry run", sample, stock)
            if stock.get("failed"):
                print(f"  ({stock['failed']} rows drew a reference already taken; see case_import)")
        print()
        print("peak MB is the max RSS of the case's own process (Python, Django and the data);")
        print("CPU s is the CPU time of the measured part in that process: all of the work on SQLite,")
        print("all but the server's on PostgreSQL. On a busy machine it is the steadier figure")
        print(f"(load average at the end: {os.getloadavg()[0]:.1f}).")
    finally:
        if cleanup is not None:
            cleanup()


if __name__ == "__main__":
    main()
