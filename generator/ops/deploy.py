"""Publish a built site as a release: link what is unchanged, write what changed, switch atomically.

Layout under the target folder (the web server's root is `current`):

    releases/<id>/          one complete site per release, id = UTC time + content digest
    releases/<id>.sha256    its checksums (`sha256sum -c` format), so the next deploy need not
                            read the live release again to know what it holds
    current -> releases/<id>    the live release (switched with one rename)
    previous -> releases/<id>   the one before, the target of `--rollback`
    purge.txt               the URLs the last switch changed, handed to the purge command

Planning (which files to write, link, remove; ids; pruning; URLs) is pure; the functions at the
bottom do the file operations.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import shlex
import shutil
import signal
import subprocess
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from generator.core.atomic import write_text_atomically
from generator.core.config import PURGE_TIMEOUT
from generator.core.locks import Busy, all_of, out_lock
from generator.core.urls import absolute, file_url
from generator.ops.status import build_refusal

RELEASES = "releases"
CURRENT = "current"
PREVIOUS = "previous"
PURGE_LIST = "purge.txt"
LOCK = ".deploy.lock"
STAGING_PREFIX = ".staging-"
KILL_GRACE = 5.0  # seconds between asking the purge command to stop and killing it

ID_TIME = "%Y%m%dT%H%M%SZ"
RELEASE_ID = re.compile(r"^(\d{8}T\d{6}Z)-([0-9a-f]{10})$")


class DeployError(Exception):
    """Nothing was switched: the live release is as it was. The message says why."""


@dataclass(frozen=True, slots=True)
class Entry:
    """What a file holds, as far as deciding whether to rewrite it goes."""

    size: int
    sha256: str


@dataclass(frozen=True, slots=True)
class SyncPlan:
    """How to make a release from the previous one: every path lands in exactly one bucket."""

    write: tuple[str, ...]
    """New or changed: copied from the build."""
    link: tuple[str, ...]
    """Same bytes as in the previous release: hard-linked (same inode, same mtime)."""
    remove: tuple[str, ...]
    """In the previous release, no longer in the build: simply not carried over."""


@dataclass(frozen=True, slots=True)
class DeployResult:
    """What a deploy did, for the summary line."""

    release: str | None
    """The new live release; None when the build equals the live release (nothing switched)."""
    written: int
    linked: int
    copied: int
    """Unchanged files that had to be copied because the file system refused a hard link."""
    removed: int
    pruned: tuple[str, ...]
    purge_urls: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RollbackResult:
    """The releases a rollback swapped."""

    current: str
    previous: str
    purge_urls: tuple[str, ...]


# --- pure planning -------------------------------------------------------------------------


def plan_sync(build: Mapping[str, Entry], previous: Mapping[str, Entry]) -> SyncPlan:
    """Return which build files to write and which to link from the previous release."""
    write = [path for path, entry in build.items() if previous.get(path) != entry]
    link = [path for path, entry in build.items() if previous.get(path) == entry]
    remove = [path for path in previous if path not in build]
    return SyncPlan(tuple(sorted(write)), tuple(sorted(link)), tuple(sorted(remove)))


def tree_digest(entries: Mapping[str, Entry]) -> str:
    """Return a short digest of a whole tree: paths and contents, independent of walk order."""
    digest = hashlib.sha256()
    for path in sorted(entries):
        digest.update(f"{entries[path].sha256}  {path}\n".encode())
    return digest.hexdigest()[:10]


def next_release_id(now: datetime, digest: str, existing: Iterable[str]) -> str:
    """Return a release id that sorts after every existing one, even if the clock went back.

    Ids sort by time so that pruning can keep "the newest N" by name alone; two deploys in one
    second (or a clock set back) take the second after the newest release instead.
    """
    stamp = now.astimezone(UTC).replace(microsecond=0, tzinfo=None)
    times = [datetime.strptime(m[1], ID_TIME) for m in map(RELEASE_ID.match, existing) if m]
    if times and stamp <= max(times):
        stamp = max(times) + timedelta(seconds=1)
    return f"{stamp.strftime(ID_TIME)}-{digest}"


def releases_to_prune(existing: Iterable[str], keep: int, protected: Iterable[str]) -> list[str]:
    """Return the releases beyond the newest `keep`, never one that `current` or `previous` names."""
    releases = sorted((name for name in existing if RELEASE_ID.match(name)), reverse=True)
    kept = set(releases[:keep]) | set(protected)
    return sorted(name for name in releases if name not in kept)


def purge_list(
    changed: Iterable[str], build_list: Iterable[str], site_url: str = ""
) -> tuple[str, ...]:
    """Return the URLs to purge: the files this switch changed, plus the build's own list.

    The switch's own difference is exact for what the CDN may hold from the live release, even
    when builds were made and not deployed in between; the build's list is merged because it
    may name URLs in the absolute form a city's purge script expects. With `site_url` the
    switch's URLs take that form too, so one URL is never listed twice in two forms.
    """
    urls = {absolute(site_url, file_url(path)) if site_url else file_url(path) for path in changed}
    urls.update(line.strip() for line in build_list if line.strip())
    return tuple(sorted(urls))


def purge_shell_command(command: str, list_path: Path) -> str:
    """Return the command with `{purge}` replaced by the (shell-quoted) path of the purge list."""
    return command.replace("{purge}", shlex.quote(str(list_path)))


# --- file operations ------------------------------------------------------------------------


def scan(root: Path) -> dict[str, Entry]:
    """Return every file under root (posix relative path → size and SHA-256), reading it whole."""
    entries: dict[str, Entry] = {}
    for directory, _dirs, files in os.walk(root):
        for name in files:
            path = Path(directory, name)
            relative = path.relative_to(root).as_posix()
            if "\n" in relative or "\\" in relative:  # the checksum file is line-based
                raise DeployError(f"文件名含换行或反斜杠，无法部署：{relative!r}")
            with path.open("rb") as handle:
                sha = hashlib.file_digest(handle, "sha256").hexdigest()
            entries[relative] = Entry(path.stat().st_size, sha)
    return entries


def read_checksums(target: Path, release: str) -> dict[str, Entry]:
    """Return a release's files from its checksum file, or by reading the release if it has none."""
    sums = target / RELEASES / f"{release}.sha256"
    if not sums.is_file():
        return scan(target / RELEASES / release)
    folder = target / RELEASES / release
    entries = {}
    for line in sums.read_text(encoding="utf-8").splitlines():
        sha, _, path = line.partition("  ")
        # The size is read from the live file: a file someone truncated in place is rewritten.
        with contextlib.suppress(FileNotFoundError):
            entries[path] = Entry((folder / path).stat().st_size, sha)
    return entries


def write_checksums(target: Path, release: str, entries: Mapping[str, Entry]) -> None:
    """Write releases/<id>.sha256, checkable with `cd releases/<id> && sha256sum -c ../<id>.sha256`."""
    lines = "".join(f"{entries[path].sha256}  {path}\n" for path in sorted(entries))
    write_text_atomically(target / RELEASES / f"{release}.sha256", lines)


def live_release(target: Path, name: str) -> str | None:
    """Return the release a link (`current` or `previous`) points to, or None if there is none."""
    link = target / name
    if not link.is_symlink():
        if link.exists():
            raise DeployError(f"{link} 不是符号链接；请把网站根目录交给部署命令管理")
        return None
    release = Path(os.readlink(link)).name
    return release if (target / RELEASES / release).is_dir() else None


def point(target: Path, name: str, release: str) -> None:
    """Point `current` or `previous` at a release in one step: a new link renamed over the old.

    rename(2) replaces the link atomically, so a request sees the old release or the new one,
    never a missing root. The link is relative so the folder can be mounted elsewhere.
    """
    temporary = target / f".{name}.tmp-{os.getpid()}"
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()
    temporary.symlink_to(Path(RELEASES) / release)
    os.replace(temporary, target / name)


@contextlib.contextmanager
def locked(target: Path, out: Path | None = None) -> Iterator[None]:
    """Hold the target's lock for one deploy or rollback, and the lock of the `out` it reads.

    A second deploy into the target is refused at once, and so is a deploy while a build
    writes `out` (the build would switch the tree under the scan); a build started during
    the deploy is refused in turn, by the same lock.
    """
    target.mkdir(parents=True, exist_ok=True)
    locks = [(target / LOCK, f"另一个部署正在进行：{target}")]
    if out is not None:
        locks.append(out_lock(out))
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(all_of(*locks))
        except Busy as exc:
            raise DeployError(str(exc)) from exc
        yield


def deploy(
    out: Path,
    target: Path,
    *,
    keep: int = 3,
    status: Mapping[str, str] | None = None,
    build_list: Iterable[str] = (),
    now: datetime | None = None,
    site_url: str = "",
) -> DeployResult:
    """Make a release of `out` beside the live one, switch `current` to it, prune old releases.

    `status` is the build's recorded status (read_build_status) and `build_list` the lines of
    its purge.txt, both optional.
    """
    refusal = build_refusal(out, status)
    if refusal:
        raise DeployError(refusal)
    if keep < 1:
        raise DeployError(f"--keep 至少为 1：{keep}")
    if target.resolve().is_relative_to(out.resolve()):
        raise DeployError(f"部署目录不能位于构建输出目录之内：{target}")
    with locked(target, out):
        releases = target / RELEASES
        releases.mkdir(exist_ok=True)
        for stale in releases.glob(f"{STAGING_PREFIX}*"):  # left by a deploy that crashed
            shutil.rmtree(stale, ignore_errors=True)
        live = live_release(target, CURRENT)
        build = scan(out)
        before = read_checksums(target, live) if live else {}
        plan = plan_sync(build, before)
        if live and not plan.write and not plan.remove:
            # A new release with the same bytes would push the real rollback target out of
            # `previous`; a nightly build that changed nothing leaves everything as it is.
            return DeployResult(None, 0, len(plan.link), 0, 0, (), ())
        staging = releases / f"{STAGING_PREFIX}{os.getpid()}"
        try:
            copied = assemble(plan, out, releases / live if live else None, staging)
            release = next_release_id(
                now or datetime.now(UTC), tree_digest(build), _names(releases)
            )
            write_checksums(target, release, build)
            staging.rename(releases / release)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        point(target, CURRENT, release)
        if live:
            point(target, PREVIOUS, live)
        # The first release replaces nothing this target served, so only the build's list counts.
        urls = purge_list((*plan.write, *plan.remove) if live else (), build_list, site_url)
        write_text_atomically(target / PURGE_LIST, "".join(f"{url}\n" for url in urls))
        pruned = prune(target, keep)
    return DeployResult(
        release, len(plan.write), len(plan.link) - copied, copied, len(plan.remove), pruned, urls
    )


def assemble(plan: SyncPlan, out: Path, previous: Path | None, staging: Path) -> int:
    """Fill a fresh staging folder per the plan; return how many unchanged files were copied.

    Every file is created anew in `staging`, never opened for writing over a link: a linked
    file shares its inode with the live release, so writing into it would change the live site.
    """
    staging.mkdir()
    made: set[Path] = set()
    copied = 0
    for path in plan.link:
        assert previous is not None  # only a previous release yields links
        destination = _prepared(staging / path, made)
        try:
            os.link(previous / path, destination)
        except OSError as exc:
            if exc.errno not in {errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP}:
                raise
            shutil.copy2(previous / path, destination)  # no hard links here: copy, keep mtime
            copied += 1
    for path in plan.write:
        shutil.copy2(out / path, _prepared(staging / path, made))
    return copied


def prune(target: Path, keep: int) -> tuple[str, ...]:
    """Delete releases beyond the newest `keep`, sparing those `current` and `previous` name."""
    protected = [r for r in (live_release(target, CURRENT), live_release(target, PREVIOUS)) if r]
    doomed = releases_to_prune(_names(target / RELEASES), keep, protected)
    for release in doomed:
        shutil.rmtree(target / RELEASES / release)
        (target / RELEASES / f"{release}.sha256").unlink(missing_ok=True)
    return tuple(doomed)


def rollback(target: Path, site_url: str = "") -> RollbackResult:
    """Swap `current` and `previous`: the site goes back one release; a second call goes forward."""
    with locked(target):
        current = live_release(target, CURRENT)
        previous = live_release(target, PREVIOUS)
        if not current or not previous:
            raise DeployError(f"没有可回滚的上一版本：{target / PREVIOUS}")
        plan = plan_sync(read_checksums(target, previous), read_checksums(target, current))
        point(target, CURRENT, previous)
        point(target, PREVIOUS, current)
        urls = purge_list((*plan.write, *plan.remove), (), site_url)
        write_text_atomically(target / PURGE_LIST, "".join(f"{url}\n" for url in urls))
    return RollbackResult(previous, current, urls)


def run_purge(
    command: str, target: Path, timeout: float = PURGE_TIMEOUT, grace: float = KILL_GRACE
) -> str | None:
    """Run the purge command on the last switch's list; return why it failed, or None.

    `{purge}` in the command becomes the list's path, and the list is also on standard input,
    so a script can use either. The command runs in a process group of its own: after
    `timeout` seconds (a CDN API that never answers) the whole group is stopped, the shell's
    children included, with SIGTERM and, `grace` seconds later, SIGKILL.
    """
    path = target / PURGE_LIST
    listing = path.read_bytes()
    try:
        process = subprocess.Popen(
            purge_shell_command(command, path),
            shell=True,
            stdin=subprocess.PIPE,
            start_new_session=True,  # its own group, so everything it started can be stopped
        )
    except OSError as exc:
        return f"无法运行刷新命令：{exc}"
    try:
        process.communicate(listing, timeout=timeout)
    except subprocess.TimeoutExpired:
        stop_group(process, grace)
        return f"刷新命令 {timeout:g} 秒内未结束，已终止（进程组 {process.pid}）"
    except BaseException:  # deploy interrupted: its own group no longer reaches the command's
        stop_group(process, grace)
        raise
    return f"刷新命令退出状态 {process.returncode}" if process.returncode else None


def stop_group(process: subprocess.Popen[bytes], grace: float = KILL_GRACE) -> None:
    """Stop a process and every process in its group: SIGTERM, then SIGKILL after `grace` s."""
    with contextlib.suppress(ProcessLookupError):  # the whole group has ended already
        os.killpg(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(grace)
    with contextlib.suppress(ProcessLookupError):  # what is left, the shell's children included
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def _names(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.is_dir()] if folder.is_dir() else []


def _prepared(path: Path, made: set[Path]) -> Path:
    if path.parent not in made:
        path.parent.mkdir(parents=True, exist_ok=True)
        made.add(path.parent)
    return path
