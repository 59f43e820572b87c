"""The data folder as found: links, pipes and undecodable names are refused or escaped, aloud."""

from __future__ import annotations

import os
import socket
import stat
from pathlib import Path

import pytest
from conftest import row, write_rows

from generator.core.problems import Problem
from generator.ingest import ingest
from generator.ingest.listing import display_name
from generator.ingest.results import Ingested
from generator.ops.report import render_rejected

SALT = b"test-salt"


def reasons(result: Ingested) -> dict[str, str]:
    return {p.file: p.reason for p in result.problems}


def test_file_name_not_utf8_is_read_and_reported_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "penalties"
    folder.mkdir()
    # "处罚.csv" in GBK, as a Windows zip unpacked on Linux leaves it.
    raw = os.fsencode(folder) + b"/" + "处罚".encode("gbk") + b".csv"
    write_rows(Path(os.fsdecode(raw)), [row("penalties", 处罚决定日期="2025/13/01")])
    result = ingest(tmp_path, SALT)
    assert result.kinds["penalties"].read == 1
    (problem,) = result.problems
    assert problem.file == "penalties/\\xb4\\xa6\\xb7\\xa3.csv"
    report = render_rejected(result.problems).decode("utf-8")  # no UnicodeEncodeError
    assert "penalties/\\xb4\\xa6\\xb7\\xa3.csv" in report


def test_report_escapes_a_lone_surrogate_from_anywhere() -> None:
    report = render_rejected([Problem("a\udcff.csv", None, "", "x", "")])
    assert "a\\udcff.csv" in report.decode("utf-8")


def test_control_characters_in_names_are_escaped() -> None:
    assert display_name("penalties/a\x1b[31mb\n.csv") == "penalties/a\\x1b[31mb\\x0a.csv"
    assert display_name("penalties/处罚 2025.csv") == "penalties/处罚 2025.csv"


def test_symlink_outside_the_data_folder_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "outside" / "shadow.csv"
    write_rows(secret, [row("penalties")])
    data = tmp_path / "data"
    write_rows(data / "penalties" / "ok.csv", [row("penalties", 行政处罚决定书文号="X1")])
    (data / "penalties" / "shadow.csv").symlink_to(secret)
    (data / "penalties" / "elsewhere").symlink_to(secret.parent, target_is_directory=True)
    (data / "licensing").symlink_to(secret.parent, target_is_directory=True)
    (data / "penalties" / "dangling.csv").symlink_to(tmp_path / "nowhere.csv")
    result = ingest(data, SALT)
    assert result.kinds["penalties"].read == 1 and result.kinds["licensing"].read == 0
    found = reasons(result)
    assert "数据目录之外" in found["penalties/shadow.csv"]
    assert "数据目录之外" in found["penalties/elsewhere/"]
    assert "数据目录之外" in found["licensing/"]
    assert "目标不存在" in found["penalties/dangling.csv"]


def test_symlink_inside_the_data_folder_is_read_once(tmp_path: Path) -> None:
    write_rows(tmp_path / "penalties" / "2025" / "a.csv", [row("penalties")])
    (tmp_path / "penalties" / "latest.csv").symlink_to(Path("2025") / "a.csv")
    (tmp_path / "penalties" / "current").symlink_to("2025", target_is_directory=True)
    (tmp_path / "penalties" / "2025" / "loop").symlink_to("..", target_is_directory=True)
    os.link(tmp_path / "penalties" / "2025" / "a.csv", tmp_path / "penalties" / "hard.csv")
    # A link from another kind's folder does not move the file into that kind.
    (tmp_path / "licensing").mkdir()
    (tmp_path / "licensing" / "p.csv").symlink_to(Path("..") / "penalties" / "2025" / "a.csv")
    result = ingest(tmp_path, SALT)
    penalties = result.kinds["penalties"]
    assert (penalties.read, penalties.duplicates) == (1, 0)
    assert penalties.records[0].source.file == "penalties/2025/a.csv"
    assert result.kinds["licensing"].read == 0
    assert result.problems == ()


def test_link_only_file_is_read_under_the_links_name(tmp_path: Path) -> None:
    write_rows(tmp_path / "archive" / "a.csv", [row("penalties")])
    (tmp_path / "penalties").mkdir()
    (tmp_path / "penalties" / "a.csv").symlink_to(Path("..") / "archive" / "a.csv")
    result = ingest(tmp_path, SALT)
    assert result.kinds["penalties"].records[0].source.file == "penalties/a.csv"


def test_fifo_and_socket_are_refused_without_blocking(tmp_path: Path) -> None:
    write_rows(tmp_path / "penalties" / "ok.csv", [row("penalties")])
    os.mkfifo(tmp_path / "penalties" / "pipe.csv")
    (tmp_path / "penalties" / "to_pipe.csv").symlink_to("pipe.csv")
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(tmp_path / "penalties" / "sock.csv"))
        result = ingest(tmp_path, SALT)
    assert result.kinds["penalties"].read == 1
    found = reasons(result)
    assert "命名管道" in found["penalties/pipe.csv"]
    assert "命名管道" in found["penalties/to_pipe.csv"]
    assert "套接字" in found["penalties/sock.csv"]


def test_device_is_refused(tmp_path: Path) -> None:
    (tmp_path / "penalties").mkdir()
    (tmp_path / "penalties" / "null.csv").symlink_to("/dev/null")  # outside --data
    try:
        os.mknod(tmp_path / "penalties" / "zero.csv", stat.S_IFCHR | 0o600, os.makedev(1, 5))
    except PermissionError:
        pytest.skip("this machine does not let the tests make a device node")
    result = ingest(tmp_path, SALT)
    assert "数据目录之外" in reasons(result)["penalties/null.csv"]
    assert "字符设备" in reasons(result)["penalties/zero.csv"]
