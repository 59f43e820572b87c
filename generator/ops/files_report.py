"""The per-file part of the private report: how each export was read, and where its rows went."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from generator.core.kinds import KIND_NAMES
from generator.decide.files import FileSummary

FILE_COLUMNS = (
    "file", "sheet", "kind", "generation", "shape", "header_row", "read", "published",
    "withheld", "rejected", "skipped", "columns", "inferred", "absent", "detail", "ignored",
    "unknown", "hidden_ids", "by_directory", "unresolved_departments",
)  # fmt: skip


def _pairs(pairs: Iterable[tuple[str, object]], joiner: str = " ") -> str:
    return "；".join(f"{a}{joiner}{b}" for a, b in pairs)


def render_files(files: Iterable[FileSummary]) -> bytes:
    """Return files.csv: one line per table read (UTF-8 with BOM, for Excel)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FILE_COLUMNS)
    for f in files:
        t = f.table
        writer.writerow(
            (
                t.file,
                t.sheet or "",
                t.kind,
                t.generation,
                t.shape,
                t.header_row,
                f.read,
                f.published,
                _pairs(f.withheld.items()),
                f.rejected,
                _pairs(f.skipped.items()),
                _pairs(t.columns, "→"),
                _pairs(t.inferred, "："),
                "；".join(t.absent),
                "；".join(t.details),
                "；".join(t.ignored),
                "；".join(t.unknown),
                f.hidden_ids,
                f.by_directory,
                _pairs(f.unresolved),
            )
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def describe_files(files: Iterable[FileSummary]) -> str:
    """Return, per file, what `check` tells a person: its shape, its columns and its rows."""
    lines: list[str] = []
    for f in files:
        t = f.table
        sheet = f"（工作表 {t.sheet}）" if t.sheet else ""
        lines.append(f"{t.file}{sheet}")
        lines.append(
            f"  读作：{KIND_NAMES.get(t.kind, t.kind)} {t.shape}，表头在第 {t.header_row} 行"
        )
        lines.append(f"  识别的列：{_pairs(t.columns, '→')}")
        if t.inferred:
            lines.append(f"  推断：{_pairs(t.inferred, '：')}")
        if t.absent:
            lines.append(f"  来源未提供（照常公示，页面注明）：{'、'.join(t.absent)}")
        if t.details:
            lines.append(f"  并入备注：{'、'.join(t.details)}")
        if t.ignored:
            lines.append(f"  忽略：{'、'.join(t.ignored)}")
        if t.unknown:
            lines.append(f"  未知表头（未读取）：{'、'.join(t.unknown)}")
        if f.skipped:
            lines.append(f"  跳过（非数据行）：{_pairs(f.skipped.items())}")
        withheld = f"（{_pairs(f.withheld.items())}）" if f.withheld else ""
        lines.append(
            f"  读取 {f.read}：发布 {f.published}，暂不公示 {sum(f.withheld.values())}{withheld}，"
            f"拒收 {f.rejected}"
        )
        if f.by_directory:
            lines.append(f"  部门代码取自部门名录：{f.by_directory} 行")
        if f.unresolved:
            lines.append(f"  部门名录中没有的部门（无专栏链接）：{_pairs(f.unresolved)} 行")
        if f.hidden_ids:
            lines.append(f"  代码列中填写了居民身份证号（不公开）：{f.hidden_ids} 行")
    return "\n".join(lines)
