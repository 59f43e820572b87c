"""The privacy gate: scan every output file for personal data before anything is published."""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .privacy import compact_number, find_id_numbers, find_mobile_numbers

_TOKEN = re.compile(r"[0-9A-Za-z]{6,}")


@dataclass(frozen=True, slots=True)
class Leak:
    """Personal data found in an output file: which file, what kind of data, and where."""

    file: str
    what: str
    offset: int

    def __str__(self) -> str:
        return f"{self.file}: 含有{self.what}（第 {self.offset} 个字符处）"


def scan_text(
    name: str, text: str, secrets: frozenset[str], allowed: frozenset[str] = frozenset()
) -> Iterator[Leak]:
    """Yield every ID number, mobile number or never-published value in one file's text.

    `allowed` holds published identifiers (credit codes, 许可编号 …) that happen to pass the
    ID check digit: one 18-digit number in eleven does, and a 许可编号 with a date in it often.
    """
    for match in find_id_numbers(text):
        if compact_number(match.group()) not in allowed:
            yield Leak(name, "身份证号", match.start())
    for match in find_mobile_numbers(text):
        yield Leak(name, "手机号码", match.start())
    if secrets:
        lengths = sorted({len(s) for s in secrets})
        for match in _TOKEN.finditer(text):
            token = match.group().upper()
            for size in lengths:
                for start in range(len(token) - size + 1):
                    if token[start : start + size] in secrets:
                        yield Leak(
                            name,
                            "不得公开的证件号码（证件号码 / 法定代表人证件号码 / 承诺人代码）",
                            match.start() + start,
                        )


def file_text(path: Path) -> str | None:
    """Return a file's text (a .gz file's, unpacked), or None for binary files such as images."""
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def scan_tree(root: Path, secrets: Iterable[str] = (), allowed: Iterable[str] = ()) -> list[Leak]:
    """Scan every file under root; return the leaks found (an empty list lets the build publish)."""
    frozen = frozenset(s.upper() for s in secrets)
    allowed_ids = frozenset(a.upper() for a in allowed) - frozen  # a secret is never allowed
    leaks: list[Leak] = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        text = file_text(path)
        if text is not None:
            leaks.extend(scan_text(path.relative_to(root).as_posix(), text, frozen, allowed_ids))
    return leaks
