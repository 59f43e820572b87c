"""Write the golden tree's tiny export (run once; the files are committed beside this script).

One or two rows of every kind, chosen for what they exercise: a company with a profile, a
natural person (masked, no profile), a lapsed licence, a hostile 违法事实, a list entry.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from conftest import BASE_ROWS, person_penalty, row, write_rows

HOSTILE = '<script>alert("x")</script>"><img src=x onerror=alert(1)>当事人未按规定公示。'


def main(data: Path) -> None:
    write_rows(
        data / "penalties" / "penalties.csv",
        [
            row("penalties", 处罚决定日期="2025-05-20", 处罚有效期="2026-05-19"),
            row(
                "penalties",
                行政处罚决定书文号="九市监罚〔2025〕30号",
                违法事实=HOSTILE,
                处罚决定日期="2025-05-10",
            ),
            person_penalty(
                "欧阳建国", 行政处罚决定书文号="九市监罚〔2025〕31号", 处罚决定日期="2025-05-01"
            ),
        ],
    )
    write_rows(
        data / "licensing" / "licensing.csv",
        [
            row("licensing"),
            row(
                "licensing",
                行政许可决定文书号="九市监许〔2020〕3号",
                许可决定日期="2020-01-06",
                有效期自="2020-01-06",
                有效期至="2025-01-05",
            ),
        ],
    )
    for kind in ("redlist", "blacklist", "watchlist", "commitments"):
        write_rows(data / kind / f"{kind}.csv", [BASE_ROWS[kind]])
    write_rows(data / "cases" / "cases.csv", [row("cases", 发布日期="2025-05-15")])
    write_rows(data / "warnings" / "warnings.csv", [row("warnings", 发布日期="2025-05-16")])


if __name__ == "__main__":
    main(Path(__file__).parent / "data")
