"""Run a real nginx on a generated server block, on 127.0.0.1 and a free port, as this user.

Used by tests/test_nginx.py and tests/browser/test_nginx_csp.py. Without an nginx binary the
tests skip locally and fail when CI=true (.ci/run installs Debian's nginx).
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.publish.csp import site_inline_sources
from generator.publish.nginx import render_nginx_conf

LOOPBACK = "127.0.0.1"
# Debian puts nginx in /usr/sbin, which an ordinary user's PATH often lacks.
SBIN_NGINX = Path("/usr/sbin/nginx")


def nginx_binary() -> Path:
    """Return the nginx executable; fail in CI, where it must be installed, and skip elsewhere."""
    found = shutil.which("nginx")
    if found:
        return Path(found)
    if SBIN_NGINX.is_file() and os.access(SBIN_NGINX, os.X_OK):
        return SBIN_NGINX
    reason = "nginx is missing (apt-get install nginx)"
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"nginx tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(f"nginx tests skipped: {reason}")


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return int(probe.getsockname()[1])


def wrapper_conf(server_conf: Path, tmp: Path) -> str:
    """Return a whole nginx.conf that includes the server block and keeps every path in `tmp`."""
    # Started by root, nginx would run its workers as `nobody`, who cannot read pytest's
    # private temporary folders; any other user cannot switch and needs no `user` line.
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name};\n" if os.geteuid() == 0 else ""
    temp_paths = "".join(
        f"    {name}_temp_path {tmp / name};\n"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"{user}daemon off;\nworker_processes 1;\npid {tmp / 'nginx.pid'};\n"
        f"error_log {tmp / 'error.log'} warn;\n"
        "events { worker_connections 64; }\n"
        f"http {{\n    access_log off;\n{temp_paths}    include {server_conf};\n}}\n"
    )


@dataclass(frozen=True, slots=True)
class Nginx:
    """A running nginx: its base URL and the files it was started with."""

    url: str
    port: int
    server_conf: Path
    main_conf: Path


def nginx_test(binary: Path, main_conf: Path, tmp: Path) -> subprocess.CompletedProcess[str]:
    """Run `nginx -t` on a configuration and return the result (its verdict is on stderr)."""
    command = [str(binary), "-t", "-p", str(tmp), "-e", str(tmp / "error.log")]
    return subprocess.run(
        [*command, "-c", str(main_conf)], capture_output=True, text=True, timeout=30, check=False
    )


@contextmanager
def running_nginx(site: Path, tmp: Path, frame_origins: Sequence[str] = ()) -> Iterator[Nginx]:
    """Generate the server block for `site`, check it with `nginx -t`, serve it, stop it after."""
    binary = nginx_binary()
    tmp.mkdir(parents=True, exist_ok=True)
    port = free_port()
    server_conf = tmp / "server.conf"
    server_conf.write_text(
        render_nginx_conf(
            site.resolve(), f"{LOOPBACK}:{port}", frame_origins, site_inline_sources(site)
        ),
        encoding="utf-8",
    )
    main_conf = tmp / "nginx.conf"
    main_conf.write_text(wrapper_conf(server_conf, tmp), encoding="utf-8")
    checked = nginx_test(binary, main_conf, tmp)
    assert checked.returncode == 0, f"nginx -t refused the configuration:\n{checked.stderr}"
    log = (tmp / "nginx.stderr").open("w")
    process = subprocess.Popen(
        [str(binary), "-p", str(tmp), "-e", str(tmp / "error.log"), "-c", str(main_conf)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_for_port(port, process, tmp)
        yield Nginx(f"http://{LOOPBACK}:{port}", port, server_conf, main_conf)
    finally:
        process.terminate()  # SIGTERM: the master stops its workers and exits
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()


def _wait_for_port(port: int, process: subprocess.Popen[bytes], tmp: Path) -> None:
    """Wait until nginx accepts connections; fail with its error log if it exits first."""
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with socket.create_connection((LOOPBACK, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    errors = "".join(
        p.read_text(errors="replace")
        for p in (tmp / "error.log", tmp / "nginx.stderr")
        if p.exists()
    )
    raise AssertionError(f"nginx did not start on {LOOPBACK}:{port}:\n{errors}")
