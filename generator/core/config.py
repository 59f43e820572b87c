"""The portal's configuration: one typed object read once from mkdocs.yml."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

TIMEZONE = ZoneInfo("Asia/Shanghai")
DEFAULT_SALT = "xinyong-portal-demo"


class ConfigError(Exception):
    """The configuration cannot be used; the message says which option and why."""


class _TolerantLoader(yaml.SafeLoader):
    """Read mkdocs.yml safely even where it uses mkdocs' `!!python/name:` and `!ENV` tags."""


def _construct_tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_TolerantLoader.add_multi_constructor("!", _construct_tagged)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)


@dataclass(frozen=True, slots=True)
class Config:
    """What the build needs to know about the city and its portal."""

    site_name: str
    site_url: str
    city: str
    key_salt: str = DEFAULT_SALT
    """Secret mixed into record keys so a URL cannot be traced back to an ID number."""
    frame_origins: tuple[str, ...] = ()
    """Origins (departments' sites) allowed to frame /embed/ pages."""
    docs_dir: Path = Path("site_src")
    """The editors' Markdown (mkdocs' docs_dir)."""
    policy_path: Path | None = None
    """The city's publication policy laid over the shipped one (extra.portal.policy)."""
    portal: dict[str, Any] = field(default_factory=dict)
    """The whole `extra.portal` table, for options later stages read."""
    nav: tuple[tuple[str, str], ...] = ()
    """The portal's columns (title, URL) from mkdocs.yml's `nav`, shared by every page."""
    path: Path = Path("mkdocs.yml")
    """The configuration file itself (mkdocs reads it again for the editorial site)."""


def load_config(path: Path) -> Config:
    """Read the portal configuration from mkdocs.yml (`site_name`, `site_url`, `extra.portal`)."""
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: 无法读取配置：{exc}") from exc
    extra = raw.get("extra") or {}
    portal = extra.get("portal") or {}
    if not isinstance(portal, dict):
        raise ConfigError(f"{path}: extra.portal 应为映射")
    site_name = raw.get("site_name")
    if not site_name:
        raise ConfigError(f"{path}: 缺少 site_name")
    return Config(
        site_name=str(site_name),
        site_url=str(raw.get("site_url") or "http://127.0.0.1:8000/"),
        city=str(portal.get("city") or ""),
        key_salt=str(os.environ.get("PORTAL_KEY_SALT") or portal.get("key_salt") or DEFAULT_SALT),
        frame_origins=tuple(frame_origin(str(o)) for o in portal.get("frame_origins") or ()),
        docs_dir=path.parent / str(raw.get("docs_dir") or "docs"),
        policy_path=path.parent / str(portal["policy"]) if portal.get("policy") else None,
        portal=portal,
        nav=nav_links(raw.get("nav") or []),
        path=path,
    )


def frame_origin(origin: str) -> str:
    """Return an origin allowed to frame /embed/ as `scheme://host[:port]`, or refuse it.

    It is written into the CSP header of nginx.conf, where a quote, `;` or path would break
    or widen the policy, so anything else is a configuration error, not something to escape.
    """
    cleaned = origin.strip().rstrip("/")
    if not re.fullmatch(r"https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?", cleaned):
        raise ConfigError(
            f"extra.portal.frame_origins 中的来源应为 https://主机[:端口]：{origin!r}"
        )
    return cleaned


def nav_links(nav: list[Any]) -> tuple[tuple[str, str], ...]:
    """Return (title, URL) of each top-level nav entry; a section links to its first page."""
    links = []
    for entry in nav:
        if not isinstance(entry, dict) or len(entry) != 1:
            raise ConfigError(f"nav 的每一项应为“标题: 目标”：{entry!r}")
        ((title, target),) = entry.items()
        while isinstance(target, list) and target:
            first = target[0]
            target = next(iter(first.values())) if isinstance(first, dict) else first
        links.append((str(title), target_url(str(target))))
    return tuple(links)


def target_url(target: str) -> str:
    """Return the URL of a nav target: links as written, a Markdown page as its directory URL."""
    if target.startswith(("/", "http://", "https://")):
        return target
    path = target.removesuffix(".md")
    path = path.removesuffix("index").rstrip("/")
    return f"/{path}/" if path else "/"


def build_day(today: str | None, environ: dict[str, str] | None = None) -> date:
    """Return the build day: --today, else SOURCE_DATE_EPOCH, else today in Asia/Shanghai."""
    if today:
        try:
            return date.fromisoformat(today)
        except ValueError as exc:
            raise ConfigError(f"--today 应为 YYYY-MM-DD：{today}") from exc
    epoch = (environ if environ is not None else os.environ).get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), UTC).astimezone(TIMEZONE).date()
        except ValueError as exc:
            raise ConfigError(f"SOURCE_DATE_EPOCH 应为整数秒：{epoch}") from exc
    return datetime.now(TIMEZONE).date()
