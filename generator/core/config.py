"""The portal's configuration: one typed object read once from mkdocs.yml."""

from __future__ import annotations

import contextlib
import ipaddress
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
DEFAULT_SITE_URL = "http://127.0.0.1:8000/"  # where `serve` previews the portal
PURGE_TIMEOUT = 300.0  # seconds: a CDN purge API answers in seconds, or has hung


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
    holidays_path: Path | None = None
    """The city's holiday calendar for years the library lacks (extra.portal.holidays)."""
    portal: dict[str, Any] = field(default_factory=dict)
    """The whole `extra.portal` table, for options later stages read."""
    nav: tuple[tuple[str, str], ...] = ()
    """The portal's columns (title, URL) from mkdocs.yml's `nav`, shared by every page."""
    path: Path = Path("mkdocs.yml")
    """The configuration file itself (mkdocs reads it again for the editorial site)."""
    purge_timeout: float = PURGE_TIMEOUT
    """Seconds `deploy` lets the purge command run before stopping it (extra.portal.purge_timeout)."""


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
        site_url=valid_site_url(str(raw.get("site_url") or DEFAULT_SITE_URL)),
        city=str(portal.get("city") or ""),
        key_salt=str(os.environ.get("PORTAL_KEY_SALT") or portal.get("key_salt") or DEFAULT_SALT),
        frame_origins=tuple(frame_origin(str(o)) for o in portal.get("frame_origins") or ()),
        docs_dir=path.parent / str(raw.get("docs_dir") or "docs"),
        policy_path=path.parent / str(portal["policy"]) if portal.get("policy") else None,
        holidays_path=path.parent / str(portal["holidays"]) if portal.get("holidays") else None,
        portal=portal,
        nav=nav_links(raw.get("nav") or []),
        path=path,
        purge_timeout=seconds(
            portal.get("purge_timeout", PURGE_TIMEOUT), "extra.portal.purge_timeout"
        ),
    )


def seconds(value: object, option: str) -> float:
    """Return a positive number of seconds, or refuse it naming the option."""
    try:
        number = float("nan") if isinstance(value, bool) else float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        number = float("nan")
    if not 0 < number < float("inf"):
        raise ConfigError(f"{option} 应为正的秒数：{value!r}")
    return number


# A host name's labels (RFC 1123): letters, digits and inner hyphens, at most 63 characters.
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
# scheme://authority[path]: the authority stops at the first character that ends it in a URL.
_URL = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?P<authority>[^/?#]*)(?P<path>.*)", re.S)
_PORT = re.compile(r"(?P<host>.*?)(?::(?P<port>[0-9]{1,5}))?")
# What a path may hold, as written in RFC 3986 (pchar and "/"), less the quote, which no
# attribute or header it is written into could hold safely.
_PATH = re.compile(r"(?:/[A-Za-z0-9._~!$&()*+,;=:@%-]*)*")
_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
LOOPBACK_NAMES = frozenset({"localhost"})


def host_name(host: str) -> str:
    """Return a URL's host in the form a browser matches (lower case, IDNA), or raise ValueError.

    A host is a DNS name whose labels are letters, digits and inner hyphens (a Chinese name is
    written in its IDNA form), an IPv4 address, or an IPv6 address in brackets.
    """
    if not host:
        raise ValueError("缺少主机名")
    if host.startswith("[") and host.endswith("]"):
        return f"[{ipaddress.IPv6Address(host[1:-1]).compressed}]"
    with contextlib.suppress(ValueError):
        return str(ipaddress.IPv4Address(host))
    try:
        encoded = host.encode("idna").decode("ascii").lower()
    except UnicodeError as exc:
        raise ValueError(f"主机名无法按 IDNA 编码：{host!r}") from exc
    labels = encoded.split(".")
    if len(encoded) > 253 or not all(_LABEL.fullmatch(label) for label in labels):
        raise ValueError(f"主机名的每一段应为字母、数字和中间的连字符：{host!r}")
    if labels[-1].isdigit():  # 1.2.3 or 999.1.1.1: a broken address, not a name
        raise ValueError(f"不是有效的 IP 地址：{host!r}")
    return encoded


def is_loopback(host: str) -> bool:
    """Tell whether a host (as host_name returns it) is this machine: 127.0.0.0/8, ::1, localhost."""
    if host in LOOPBACK_NAMES:
        return True
    with contextlib.suppress(ValueError):
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    return False


def _authority(authority: str) -> tuple[str, str]:
    """Return the host and `:port` (or "") of an authority; raise ValueError when either is bad."""
    if "@" in authority:
        raise ValueError("网址不得含用户名或密码（@）")
    parts = _PORT.fullmatch(authority)
    assert parts is not None  # the pattern matches any text
    host, port = host_name(parts["host"]), parts["port"]
    if port is None:
        return host, ""
    if not 1 <= int(port) <= 65535:
        raise ValueError(f"端口应在 1–65535 之间：{port}")
    return host, f":{int(port)}"


def frame_origin(origin: str) -> str:
    """Return an origin allowed to frame /embed/ as `https://host[:port]`, or refuse it.

    It is written into the CSP header of nginx.conf, where a quote, `;` or path would break
    or widen the policy, so anything else is a configuration error, not something to escape.
    Plain http is refused (a department's page framing ours over http can be altered on the
    way); only a loopback host may use it, for previews and tests on this machine.
    """
    cleaned = origin.strip().rstrip("/")
    message = f"extra.portal.frame_origins 中的来源应为 https://主机[:端口]：{origin!r}"
    parts = _URL.fullmatch(cleaned)
    if parts is None or parts["path"] or parts["scheme"].lower() not in ("https", "http"):
        raise ConfigError(message)
    try:
        host, port = _authority(parts["authority"])
    except ValueError as exc:
        raise ConfigError(f"{message}（{exc}）") from exc
    scheme = parts["scheme"].lower()
    if scheme == "http" and not is_loopback(host):
        raise ConfigError(f"{message}（只允许 https；http 仅限本机 127.0.0.1 预览）")
    return f"{scheme}://{host}{port}"


def valid_site_url(value: str) -> str:
    """Return `site_url` normalised, or refuse it: an absolute http(s) URL of a valid host.

    It is written into every page, feed, sitemap and purge list, inside attributes and XML,
    so a quote, angle bracket, space or control character is refused rather than escaped,
    and so are a query and a fragment, which no URL joined onto it could keep.
    """
    message = f"site_url 应为 http(s)://主机[:端口][/路径]：{value!r}"
    if re.search(r"[\s\x00-\x1f\x7f\"'<>\\`{}|^]", value):
        raise ConfigError(f"{message}（含空白、引号、尖括号或控制字符）")
    parts = _URL.fullmatch(value)
    if parts is None or parts["scheme"].lower() not in ("https", "http"):
        raise ConfigError(message)
    if not _PATH.fullmatch(parts["path"]) or _PERCENT.search(parts["path"]):
        raise ConfigError(f"{message}（路径只能含网址允许的字符，不能带 ? 或 #）")
    try:
        host, port = _authority(parts["authority"])
    except ValueError as exc:
        raise ConfigError(f"{message}（{exc}）") from exc
    return f"{parts['scheme'].lower()}://{host}{port}{parts['path']}"


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
