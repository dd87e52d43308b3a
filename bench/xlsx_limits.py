"""Reading .xlsx files: what their parts cost to read, and the limits of core.spreadsheets.xlsx.

    .venv/bin/python bench/xlsx_limits.py                  # everything; the exports take ~2 min
    .venv/bin/python bench/xlsx_limits.py --exports 0      # without our own exports
    .venv/bin/python bench/xlsx_limits.py --exports 10000 --sizes 2 8

Three tables, every case in its own process so that its peak memory is its own:

1. *shared strings*: a workbook whose shared-strings part holds many tiny
   texts, short words or long texts, of a few sizes, read by openpyxl in
   read-only mode (as Maek did until then) and by ``read_spreadsheet``;
2. *limits*: crafted files at and past each limit of core.spreadsheets.xlsx and
   core.spreadsheets.imports, read by ``read_spreadsheet``: the worst files still
   allowed (how long, how much memory) and the refusals (how soon);
3. *our exports* (``--exports N``, generated in a throwaway SQLite database):
   the admin's export of N proposals (django-import-export through tablib and
   openpyxl), the import file of bench/excel.py and the reporting workbook
   (XlsxWriter): the size and ratio of each part, and the time and memory to
   read them both ways.

Seconds are wall time; CPU s is the reading process's CPU time, the steadier
figure on a busy machine. Peak MB is the process's peak resident memory; +MB is
what reading added to it (Python, Django and the file's bytes come first).
"""

from __future__ import annotations

import argparse
import io
import itertools
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.xlsx_files import MAIN, workbook  # noqa: E402  (the same files as the tests)

MB = 1024 * 1024
WORDS = (
    "Баткен облусунун чек ара аймактарындагы жашоочулардын турмуш шартын жакшыртуу зарыл эмгек "
    "миграциясынын себептерин изилдеп жергиликтүү жумуш орундарын түзүү керек необходимо улучшить "
    "условия жизни жителей приграничных территорий изучить причины трудовой миграции improve the "
    "living conditions of the people of the border areas study the causes of labour migration"
).split()


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    import django

    django.setup()


def peak_rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


# Building workbooks -------------------------------------------------------------------------


def sheet(rows, header=('<c r="A1" t="inlineStr"><is><t>text_ky</t></is></c>',)):
    """A worksheet part: a header row, then ``rows`` (XML text of whole rows)."""
    yield f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">{"".join(header)}</row>'.encode()
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == 5000:
            yield "".join(batch).encode()
            batch = []
    yield "".join(batch).encode()
    yield b"</sheetData></worksheet>"


def shared_strings(texts):
    yield f'<sst xmlns="{MAIN}">'.encode()
    batch = []
    for text in texts:
        batch.append(f"<si><t>{text}</t></si>")
        if len(batch) == 5000:
            yield "".join(batch).encode()
            batch = []
    yield "".join(batch).encode()
    yield b"</sst>"


def texts_of(shape: str, size: int):
    """Distinct texts whose shared-strings XML adds up to about ``size`` bytes."""
    rng = random.Random(1)
    made = i = 0
    while made < size:
        if shape == "tiny":  # "7", "8", … as short as distinct texts get
            text = str(i)
        elif shape == "words":  # a word and a number, like a name or a topic
            text = f"{rng.choice(WORDS)} {i}"
        else:  # about 2,000 letters of text, like a long proposal
            text = " ".join(rng.choice(WORDS) for _ in range(200))
        made += len(text.encode()) + 17
        i += 1
        yield text


def rows_using_strings(count: int):
    """Rows whose cell A refers to shared strings 0…count-1, so all of them are used."""
    return (f'<row r="{n + 2}"><c r="A{n + 2}" t="s"><v>{n}</v></c></row>' for n in range(count))


def lying_header(data: bytes, member: str, declared: int) -> bytes:
    """``data`` with ``member``'s unpacked size rewritten as ``declared`` in the local header
    and in the central directory (its CRC still that of the real data)."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = archive.getinfo(member)
    patched = bytearray(data)
    patched[info.header_offset + 22 : info.header_offset + 26] = declared.to_bytes(4, "little")
    name = member.encode()
    position = archive.start_dir
    while True:
        name_length = int.from_bytes(data[position + 28 : position + 30], "little")
        if data[position + 46 : position + 46 + name_length] == name:
            patched[position + 24 : position + 28] = declared.to_bytes(4, "little")
            return bytes(patched)
        extra = int.from_bytes(data[position + 30 : position + 32], "little")
        comment = int.from_bytes(data[position + 32 : position + 34], "little")
        position += 46 + name_length + extra + comment


# Cases, each read in a child process ----------------------------------------------------------


def child(reader: str, path: str) -> None:
    setup_django()
    data = Path(path).read_bytes()
    before = peak_rss_mb()
    wall, cpu = time.perf_counter(), time.process_time()
    if reader == "openpyxl":
        import openpyxl

        # As Maek read them until then: every row kept, the first one being the header.
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        rows = list(book.worksheets[0].iter_rows(values_only=True))
        book.close()
        outcome = f"{len(rows) - 1:,} rows"
    else:
        from django.utils import translation

        from core.spreadsheets.reading import ImportFileError, read_spreadsheet

        with translation.override("en"):
            try:
                outcome = f"{len(read_spreadsheet(data, name='bench.xlsx')):,} rows"
            except ImportFileError as error:
                outcome = f"refused: {error}"
    print(
        json.dumps(
            {
                "seconds": time.perf_counter() - wall,
                "cpu": time.process_time() - cpu,
                "peak": peak_rss_mb(),
                "added": peak_rss_mb() - before,
                "outcome": outcome,
            }
        )
    )


def measure(reader: str, data: bytes, timeout: int = 600) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as file:
        file.write(data)
        file.flush()
        try:
            done = subprocess.run(
                [sys.executable, __file__, "--child", reader, file.name],
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return {
                "seconds": timeout,
                "cpu": float("nan"),
                "peak": float("nan"),
                "added": float("nan"),
                "outcome": f"stopped after {timeout} s",
            }
    if done.returncode != 0:
        raise SystemExit(f"{reader} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def part_table(data: bytes) -> list[tuple[str, int, int]]:
    return [(m.filename, m.file_size, m.compress_size) for m in zipfile.ZipFile(io.BytesIO(data)).infolist()]


def largest_part(data: bytes) -> tuple[str, int, int]:
    return max(part_table(data), key=lambda part: part[1])


def line(label: str, data: bytes, result: dict) -> None:
    name, size, packed = largest_part(data)
    print(
        f"{label:<44}{len(data) / MB:>7.1f}{size / MB:>8.1f}{size / max(packed, 1):>7.0f}"
        f"{result['seconds']:>8.2f}{result['cpu']:>7.2f}{result['peak']:>7.0f}{result['added']:>6.0f}  "
        f"{result['outcome'][:70]}"
    )


def header(title: str) -> None:
    print()
    print(title)
    print(
        f"{'case':<44}{'file MB':>7}{'part MB':>8}{'ratio':>7}{'seconds':>8}{'CPU s':>7}{'peak':>7}{'+MB':>6}  outcome"
    )
    print("-" * 140)


# The three tables ---------------------------------------------------------------------------------


def table_shared_strings(sizes: list[float], openpyxl_up_to: float) -> None:
    header("1. Shared strings: openpyxl (read-only) against read_spreadsheet")
    for shape in ("tiny", "words", "long"):
        for size in sizes:
            texts = list(texts_of(shape, int(size * MB)))
            data = workbook(sheet(rows_using_strings(min(len(texts), 1000))), shared_strings(texts))
            label = f"{shape:<5} {size:>4g} MB, {len(texts):>9,} texts"
            if shape == "long" or size <= openpyxl_up_to:
                line(f"{label}, openpyxl", data, measure("openpyxl", data))
            line(f"{label}, Maek", data, measure("maek", data))


def table_exports(n: int) -> None:
    """Needs the throwaway database that ``main`` sets up."""
    sys.path.insert(0, str(ROOT / "bench"))
    setup_django()
    import excel
    from django.core.management import call_command
    from import_export.formats.base_formats import XLSX

    from dialogues.models import Event
    from proposals.models import Proposal
    from proposals.resources import ProposalResource
    from reports.workbook import Report, write_workbook

    call_command("migrate", verbosity=0)
    excel.generate(n)
    files = {
        f"admin export of {n:,} proposals": XLSX().export_data(
            ProposalResource().export(queryset=Proposal.objects.all())
        ),
        f"bench/excel.py import file, {n:,} rows": excel.import_rows(n),
    }
    with tempfile.TemporaryDirectory() as directory:
        report = os.path.join(directory, "report.xlsx")
        write_workbook(Report.for_events(Event.objects.all(), published_only=True, language="en"), report)
        files[f"reporting workbook, {n:,} proposals"] = Path(report).read_bytes()
    print()
    print("3. Our exports: parts (unpacked MB, packed MB, ratio)")
    for label, data in files.items():
        parts = ", ".join(
            f"{name} {size / MB:.2f}/{packed / MB:.2f} ({size / max(packed, 1):.1f})"
            for name, size, packed in sorted(part_table(data), key=lambda p: -p[1])
        )
        print(
            f"  {label}: {len(part_table(data))} parts, {sum(p[1] for p in part_table(data)) / MB:.1f} MB in all"
        )
        print(f"    {parts}")
    header("3. Our exports: reading them")
    for label, data in files.items():
        line(f"{label}, openpyxl", data, measure("openpyxl", data))
        line(f"{label}, Maek", data, measure("maek", data))


def long_texts(size: int, seed: int = 2):
    """Texts of about 2,000 letters, 20 sentences drawn from 40, adding up to ``size``
    bytes with their markup: they pack about as well as our exports (ratio ~20)."""
    rng = random.Random(seed)
    sentences = [" ".join(rng.choice(WORDS) for _ in range(12)) for _ in range(40)]
    made = 0
    while made < size:
        text = ". ".join(rng.choice(sentences) for _ in range(20))
        made += len(text.encode()) + 80
        yield text


def table_limits() -> None:
    setup_django()
    from core.spreadsheets.reading import MAX_COLUMNS, MAX_ROWS
    from core.spreadsheets.xlsx_limits import (
        MAX_CELLS,
        MAX_ELEMENTS,
        MAX_PART_BYTES,
        MAX_SHARED_STRINGS,
        MAX_UNPACKED_BYTES,
    )

    header("2. Limits: the worst files allowed, and refusals (read_spreadsheet)")
    rng = random.Random(3)

    # The file of the issue: 238 MB of shared strings in a 570 KB file.
    bomb = workbook(sheet(rows_using_strings(10)), shared_strings("" for _ in range(238 * MB // 17)), level=9)
    line("zip bomb: 238 MB of empty shared strings", bomb, measure("maek", bomb))

    # A part over the size limit, packed no better than spreadsheets are (ratio < 100).
    over = workbook(
        sheet(rows_using_strings(10)),
        shared_strings(
            f"{rng.getrandbits(24):06x} " + "Баткен " * 20 for _ in range(MAX_PART_BYTES // 283 + 1000)
        ),
    )
    line("one part just over the part limit", over, measure("maek", over))

    # A header that declares 1 MB for a sheet of 40 MB.
    real = workbook(
        sheet(f'<row r="{n}"><c t="inlineStr"><is><t>x{n}</t></is></c></row>' for n in range(2, 800_000))
    )
    liar = lying_header(real, "xl/worksheets/sheet1.xml", MB)
    line("lying header: 1 MB declared, 40 MB inside", liar, measure("maek", liar))

    columns = workbook(
        sheet([], header=[f'<c t="inlineStr"><is><t>c{n}</t></is></c>' for n in range(16_384)])
    )
    line("a first row of 16,384 columns", columns, measure("maek", columns))

    too_many_rows = workbook(sheet(f'<row r="{n}"><c><v>{n}</v></c></row>' for n in range(2, 1_000_000)))
    line(f"1,000,000 rows (the limit is {MAX_ROWS:,})", too_many_rows, measure("maek", too_many_rows))

    width = MAX_CELLS // MAX_ROWS + 1  # enough cells per row to pass the cell limit before the rows'
    cells = workbook(
        sheet(
            f'<row r="{n}">'
            + "".join(f"<c><v>{rng.randrange(10**6)}</v></c>" for _ in range(width))
            + "</row>"
            for n in range(2, MAX_ROWS)
        )
    )
    line(f"{width} numbers a row: past {MAX_CELLS:,} cells", cells, measure("maek", cells))

    strings = workbook(
        sheet(rows_using_strings(10)), shared_strings(str(n) for n in range(MAX_SHARED_STRINGS + 1))
    )
    line(f"{MAX_SHARED_STRINGS + 1:,} tiny shared strings", strings, measure("maek", strings))

    # The worst allowed: as many elements as the budget allows, with random attribute
    # values so that they pack no better than a spreadsheet.
    junk = workbook(
        sheet(
            "".join(f'<x a="{rng.getrandbits(4):x}"/>' for _ in range(1000))
            for _ in range((MAX_ELEMENTS - 1000) // 1000)
        )
    )
    line(f"{MAX_ELEMENTS - 1000:,} elements (allowed)", junk, measure("maek", junk))

    strings = workbook(
        sheet(rows_using_strings(MAX_ROWS)), shared_strings(str(n) for n in range(MAX_SHARED_STRINGS))
    )
    line(f"{MAX_SHARED_STRINGS:,} tiny shared strings (allowed)", strings, measure("maek", strings))

    # Cells are the dearest elements: as many as allowed, the rest of the budget in junk.
    rows = (MAX_CELLS - MAX_COLUMNS) // MAX_COLUMNS
    left = MAX_ELEMENTS - 3 * MAX_COLUMNS - rows * (2 * MAX_COLUMNS + 1) - 1000
    cells = workbook(
        sheet(
            itertools.chain(
                (
                    f'<row r="{n}">'
                    + "".join(f"<c><v>{rng.randrange(10**6)}</v></c>" for _ in range(MAX_COLUMNS))
                    + "</row>"
                    for n in range(2, rows + 2)
                ),
                (
                    "".join(f'<x a="{rng.getrandbits(4):x}"/>' for _ in range(1000))
                    for _ in range(left // 1000)
                ),
            ),
            header=[f'<c t="inlineStr"><is><t>c{n}</t></is></c>' for n in range(MAX_COLUMNS)],
        )
    )
    line(f"{rows * MAX_COLUMNS:,} numbers, then elements (allowed)", cells, measure("maek", cells))

    # As much text as the limits allow: long texts in shared strings up to the part
    # limit, the rest of the total as inline texts in the sheet.
    text_parts = workbook(
        sheet(
            f'<row r="{n + 2}"><c t="s"><v>{n}</v></c><c t="inlineStr"><is><t>{text}</t></is></c></row>'
            for n, text in enumerate(long_texts(MAX_UNPACKED_BYTES - MAX_PART_BYTES - MB, seed=5))
        ),
        shared_strings(long_texts(MAX_PART_BYTES - MB)),
        level=9,
    )
    line("text up to the part and total limits (allowed)", text_parts, measure("maek", text_parts))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--exports", type=int, default=50_000, help="proposals in our exports; 0 to skip them"
    )
    parser.add_argument("--sizes", type=float, nargs="+", default=[2, 8, 32], help="MB of shared strings")
    parser.add_argument(
        "--openpyxl-up-to", type=float, default=8, help="largest tiny/words part given to openpyxl"
    )
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    # A throwaway SQLite database for the exports, set before anything sets Django up:
    # never the database of DATABASE_URL or the development one.
    handle, path = tempfile.mkstemp(prefix="maek-bench-", suffix=".sqlite3")
    os.close(handle)
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    try:
        print(
            f"Maek .xlsx limits benchmark — Python {sys.version.split()[0]},"
            f" load average {os.getloadavg()[0]:.1f}"
        )
        table_shared_strings(args.sizes, args.openpyxl_up_to)
        table_limits()
        if args.exports:
            table_exports(args.exports)
        print()
        print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    finally:
        os.remove(path)


if __name__ == "__main__":
    main()
