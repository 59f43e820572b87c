"""What a publish hands over to deploying: the CDN purge list and the nginx server block.

Both are private (under `--work`) and written once the new tree passed every check, just
before the switch, so a build that fails before (a leak, a full disk) leaves them as they were
and a new site never goes live without them.
"""

from __future__ import annotations

from pathlib import Path

from generator.core.atomic import write_text_atomically
from generator.core.config import Config
from generator.core.urls import BASE, absolute, file_url, wholly_changed_folders
from generator.publish.csp import InlineSources
from generator.publish.nginx import write_nginx_conf
from generator.publish.writer import Manifest

PURGE = Path("deploy") / "purge.txt"
PURGE_DIRS = Path("deploy") / "purge-dirs.txt"
PURGE_FILES = Path("deploy") / "purge-files.txt"
NGINX = Path("deploy") / "nginx.conf"


def purge_urls(manifest: Manifest, site_url: str) -> list[str]:
    """Return the absolute URLs a CDN must forget: every file added, changed or removed."""
    paths = {*manifest.written, *manifest.removed}
    return sorted(absolute(site_url, file_url(path)) for path in paths)


def write_purge(work_dir: Path, urls: list[str]) -> Path:
    """Write the purge list, one URL a line (empty when nothing changed)."""
    target = work_dir / PURGE
    write_text_atomically(target, "".join(f"{url}\n" for url in urls))
    return target


def compact_purge(manifest: Manifest, site_url: str) -> tuple[list[str], list[str]]:
    """Return the purge as a CDN takes it: whole folders to refresh, and the other URLs."""
    changed = {*manifest.written, *manifest.removed}
    folders, files = wholly_changed_folders(changed, (*manifest.paths, *manifest.removed))
    return (
        [absolute(site_url, BASE + folder) for folder in folders],
        sorted(absolute(site_url, file_url(path)) for path in files),
    )


def hand_over(
    work_dir: Path, out: Path, manifest: Manifest, config: Config, sources: InlineSources
) -> None:
    """Write the purge lists of what this publish changed and nginx.conf for the new tree.

    `purge.txt` names every URL (the contract); `purge-dirs.txt` and `purge-files.txt` say the
    same in fewer lines, folders where every file changed and the URLs outside them.
    """
    write_purge(work_dir, purge_urls(manifest, config.site_url))
    folders, files = compact_purge(manifest, config.site_url)
    write_text_atomically(work_dir / PURGE_DIRS, "".join(f"{url}\n" for url in folders))
    write_text_atomically(work_dir / PURGE_FILES, "".join(f"{url}\n" for url in files))
    write_nginx_conf(work_dir / NGINX, out, sources, config.frame_origins)
