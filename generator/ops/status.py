"""The build's status: the handshake between `build` (which records it) and `deploy`.

`build` keeps the previous site when it fails, so `--out` alone cannot tell a fresh site from
a stale one: `build` writes `running` when it starts and `published` or `failed` at the end,
and `deploy` refuses a build that did not say `published`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path

from generator.core.atomic import write_text_atomically

STATUS_FILE = Path("report") / "status.json"
"""Under --work: written by `build` when it starts and ends, read by `deploy`."""
UNREADABLE = "unreadable"


def build_refusal(out: Path, status: Mapping[str, str] | None) -> str | None:
    """Return why a build must not be deployed, or None when it may be."""
    if not out.is_dir():
        return f"构建输出目录不存在：{out}"
    if not any(out.iterdir()):
        return f"构建输出目录为空：{out}"
    if not (out / "index.html").is_file():
        return f"构建输出缺少首页 index.html：{out}（构建未完成？）"
    if status and status.get("state") == UNREADABLE:
        return f"无法读取构建状态 {status.get('message')}，不能部署；请重新构建"
    # The status names the --out it was about; a build into another folder says nothing here.
    if status and status.get("out") == os.path.abspath(out):
        if status.get("state") == "running":
            return "上次构建尚未结束或中途退出，不能部署；请重新构建"
        if status.get("state") == "failed":
            reason = status.get("message") or ""
            return f"上次构建失败，不能部署（{reason}）；请修正后重新构建"
    return None


def record_build_status(work: Path, state: str, out: Path, message: str = "") -> None:
    """Write work/report/status.json: `running` when a build starts, then `published` or `failed`.

    `build` keeps the previous site when it fails, so `--out` alone cannot tell a fresh site
    from a stale one; a CI job that deploys despite a failed build is stopped by this file.
    """
    path = work / STATUS_FILE
    data = {"state": state, "out": os.path.abspath(out), "message": message}
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    try:
        write_text_atomically(path, text)
    except OSError:
        # A full disk has no room for a new file, but the last status' own blocks are still
        # there: overwrite them, so a failed build says `failed` rather than staying `running`.
        # A reader catching it half-written finds it unreadable, and deploy refuses that too.
        # A build that cannot record its start stops there, before changing anything.
        if state == "running" or not _overwrite(path, text.encode()):
            raise


def _overwrite(path: Path, data: bytes) -> bool:
    """Write `data` over an existing file in place; tell whether it worked."""
    try:
        with path.open("r+b") as handle:
            handle.write(data)
            handle.truncate()
    except OSError:
        return False
    return True


def read_build_status(work: Path) -> dict[str, str] | None:
    """Return the last build's status, or None when no build recorded one (an older build).

    A status file that is there but cannot be read as one is `unreadable`, which deploy
    refuses: it may be a failed build's, caught half-written.
    """
    path = work / STATUS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {"state": UNREADABLE, "message": str(path)}
    if not isinstance(data, dict):
        return {"state": UNREADABLE, "message": str(path)}
    return {str(k): str(v) for k, v in data.items()}
