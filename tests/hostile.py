"""Hand-made hostile workbooks: each a few kilobytes on disk, whatever they claim to hold."""

from __future__ import annotations

import os
import struct
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from conftest import row, write_rows

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/></Types>'
    ),
    "_rels/.rels": (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS}">'
        f'<Relationship Id="rId1" Type="{OFFICE}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
}


def cells_xml(rows: list[list[str]], first_row: int = 1) -> str:
    """Return <row> elements holding `rows` as inline strings from row `first_row`."""
    out = []
    for number, cells in enumerate(rows, start=first_row):
        items = "".join(
            f'<c r="{column(i)}{number}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'
            for i, v in enumerate(cells)
        )
        out.append(f'<row r="{number}">{items}</row>')
    return "".join(out)


def column(index: int) -> str:
    letters, n = "", index + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def sheet_xml(body: str, prolog: str = "", dimension: str = "") -> str:
    """Return a worksheet part around `body` (its <row> elements)."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet xmlns="{MAIN}">'
        f"{dim}<sheetData>{body}</sheetData></worksheet>"
    )


def write_xlsx(path: Path, sheets: dict[str, str]) -> Path:
    """Write a minimal .xlsx whose sheets (title -> worksheet XML) calamine reads."""
    entries = "".join(
        f'<sheet name="{escape(title)}" sheetId="{i}" r:id="rId{i}"/>'
        for i, title in enumerate(sheets, start=1)
    )
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{OFFICE}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text)
        archive.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" '
            f'xmlns:r="{OFFICE}"><sheets>{entries}</sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS}">{rels}'
            "</Relationships>",
        )
        for i, text in enumerate(sheets.values(), start=1):
            archive.writestr(f"xl/worksheets/sheet{i}.xml", text)
    return path


def table_xlsx(path: Path, rows: list[dict[str, str]], **more_sheets: str) -> Path:
    """Write dict rows (header = union of keys) as the first sheet of an .xlsx."""
    headers = list(dict.fromkeys(h for r in rows for h in r))
    grid = [headers, *([r.get(h, "") for h in headers] for r in rows)]
    return write_xlsx(path, {"Sheet1": sheet_xml(cells_xml(grid)), **more_sheets})


def claim_unpacked_size(path: Path, part: str, size: int) -> None:
    """Rewrite the sizes a zip declares for `part` (local header and central directory)."""
    data = bytearray(path.read_bytes())
    name = part.encode()
    local = data.find(b"PK\x03\x04")
    while local >= 0:
        (name_len,) = struct.unpack_from("<H", data, local + 26)
        if data[local + 30 : local + 30 + name_len] == name:
            struct.pack_into("<I", data, local + 22, size)
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        (name_len,) = struct.unpack_from("<H", data, central + 28)
        if data[central + 46 : central + 46 + name_len] == name:
            struct.pack_into("<I", data, central + 24, size)
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))


def encrypted_workbook(path: Path) -> Path:
    """Write the start of what Excel saves with a password: an OLE file, EncryptedPackage."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(header + "EncryptedPackage".encode("utf-16-le") + bytes(1024))
    return path


def licences(prefix: str, n: int) -> list[dict[str, str]]:
    return [row("licensing", 行政许可决定文书号=f"{prefix}许〔2026〕{i}号") for i in range(n)]


def plant(data: Path, outside: Path) -> tuple[int, set[tuple[str, str]]]:
    """Add the bad files to an export; return the valid rows they hold and the lines expected."""
    folder = data / "licensing"
    header = [["行政相对人名称", "行政许可决定文书号"], ["甲", "1"]]
    # An oversized cell in row 6, valid rows after it; an unclosed quote at the end.
    rows = licences("长", 10)
    rows[4] = {**rows[4], "许可内容": "长" * 131_073}
    write_rows(folder / "long.csv", rows)
    quoted = write_rows(folder / "quote.csv", licences("引", 3))
    with quoted.open("a", encoding="utf-8", newline="") as handle:
        handle.write('"未闭合\n' + "x,y\n" * 5)
    # A file name that is not UTF-8, holding valid rows and one bad one.
    raw = os.fsencode(folder) + b"/" + "许可".encode("gbk") + b".csv"
    write_rows(Path(os.fsdecode(raw)), [*licences("名", 2), row("licensing", 许可决定日期="x")])
    # Workbooks: a good sheet beside a malformed one, then the refused kinds.
    broken = sheet_xml(cells_xml(header)).replace("</sheetData>", "<sheetData>")
    table_xlsx(folder / "two_sheets.xlsx", licences("表", 2), 坏表=broken)
    dtd = '<!DOCTYPE worksheet [<!ENTITY a "aaaa">]>'
    write_xlsx(folder / "dtd.xlsx", {"S": sheet_xml(cells_xml(header), dtd)})
    bomb = write_xlsx(folder / "bomb.xlsx", {"S": sheet_xml(cells_xml(header))})
    claim_unpacked_size(bomb, "xl/worksheets/sheet1.xml", 1_200_000_000)
    far = cells_xml(header) + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    write_xlsx(folder / "far.xlsx", {"S": sheet_xml(far)})
    encrypted_workbook(folder / "secret.xlsx")
    cut = table_xlsx(folder / "cut.xlsx", licences("断", 1))
    cut.write_bytes(cut.read_bytes()[:-100])
    # Links, a pipe.
    write_rows(outside / "shadow.csv", licences("外", 1))
    (folder / "shadow.csv").symlink_to(outside / "shadow.csv")
    (folder / "again.csv").symlink_to("long.csv")
    os.mkfifo(folder / "pipe.csv")
    valid = 9 + 3 + 2 + 2  # long.csv, quote.csv, the GBK-named file, two_sheets.xlsx
    expected = {
        ("licensing/long.csv", "6"),
        ("licensing/quote.csv", "5"),
        ("licensing/\\xd0\\xed\\xbf\\xc9.csv", "4"),
        ("licensing/two_sheets.xlsx#坏表", ""),
        *((f"licensing/{name}", "") for name in ("dtd.xlsx", "bomb.xlsx", "far.xlsx")),
        *((f"licensing/{name}", "") for name in ("secret.xlsx", "cut.xlsx", "shadow.csv")),
        ("licensing/pipe.csv", ""),
    }
    return valid, expected
