"""One way to replace a private file: write beside it, then rename over it."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_bytes_atomically(target: Path, data: bytes) -> None:
    """Replace `target` with `data` so that a reader sees the old file or the new, never half."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)
    except BaseException as exc:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError) and exc.filename is None:
            exc.filename = str(target)  # write(2) names no file: say which one did not fit
        raise


def write_text_atomically(target: Path, text: str) -> None:
    """Replace `target` with UTF-8 `text`, atomically."""
    write_bytes_atomically(target, text.encode("utf-8"))
