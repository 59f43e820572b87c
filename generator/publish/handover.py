"""What a publish hands over to deploying: the CDN purge list and the nginx server block.

Both are private (under `--work`) and written once the new tree passed every check, just
before the switch, so a build that fails before (a leak, a full disk) leaves them as they were
and a new site never goes live without them.
"""

from __future__ import annotations

from pathlib import Path

from generator.core.atomic import write_text_atomically
from generator.core.config import Config
from generator.core.urls import absolute, file_url
from generator.publish.csp import InlineSources
from generator.publish.nginx import write_nginx_conf
from generator.publish.writer import Manifest

PURGE = Path("deploy") / "purge.txt"
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


def hand_over(
    work_dir: Path, out: Path, manifest: Manifest, config: Config, sources: InlineSources
) -> None:
    """Write the purge list of what this publish changed and nginx.conf for the new tree."""
    write_purge(work_dir, purge_urls(manifest, config.site_url))
    write_nginx_conf(work_dir / NGINX, out, sources, config.frame_origins)
