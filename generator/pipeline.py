"""The build as a list of stages: read, decide, report, emit, check, write."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from generator.core.config import Config
from generator.core.problems import Problem
from generator.core.records import Licence, Penalty, Record
from generator.decide.articles import Article, article_withheld_reason, read_articles
from generator.decide.monitor import Monitor, compute_monitor
from generator.decide.policy import (
    Decision,
    Rules,
    apply_policy,
    licence_state,
    load_rules,
    penalty_publicity_end,
)
from generator.decide.privacy import public_view, published_identifiers, secret_values
from generator.ingest import ingest
from generator.ingest.results import KindResult
from generator.ops.report import KindCounts, render_monitor, write_report
from generator.publish.gate import Gate, Watch
from generator.publish.nginx import inline_by_page, merge_inline, write_nginx_conf
from generator.publish.state import load_state, purge_urls, save_state, write_purge
from generator.publish.writer import Manifest, publish
from generator.site.emit import emit_site
from generator.site.render import Reuse


@dataclass(frozen=True, slots=True)
class Checked:
    """What a check found: the policy's decision, the articles, counts and every problem."""

    decision: Decision
    articles: tuple[Article, ...]
    counts: dict[str, KindCounts]
    problems: list[Problem]
    secrets: frozenset[str]
    rules: Rules
    monitor: Monitor


def check(
    config: Config, data_dir: Path, work_dir: Path, today: date, site_src: Path | None = None
) -> Checked:
    """Read and validate every export, decide what is published today, write the private report."""
    rules = config_rules(config)
    ingested = ingest(data_dir, today, config.key_salt.encode())
    decision = apply_policy(ingested, rules, today)
    all_articles, article_problems = read_articles(site_src or Path(config.docs_dir))
    article_reasons = [article_withheld_reason(a, today) for a in all_articles]
    articles = tuple(
        a for a, reason in zip(all_articles, article_reasons, strict=True) if not reason
    )
    counts = {kind: count_kind(kind, ingested.kinds[kind], decision) for kind in ingested.kinds}
    counts["articles"] = KindCounts(
        len(all_articles) + len(article_problems),
        len(article_problems),
        len(articles),
        dict(Counter(reason for reason in article_reasons if reason)),
    )
    monitor = compute_monitor(ingested, decision, today)
    problems = [*ingested.problems, *decision.problems, *monitor.problems, *article_problems]
    write_report(work_dir, today, counts, problems, {"monitor.csv": render_monitor(monitor)})
    every_record = [r for result in ingested.kinds.values() for r in result.records]
    every_record += [
        r for result in ingested.kinds.values() for group in result.conflicts for r in group
    ]
    secrets = frozenset(secret_values(every_record))
    return Checked(decision, articles, counts, problems, secrets, rules, monitor)


def build(config: Config, data_dir: Path, out: Path, work_dir: Path, today: date) -> Manifest:
    """Check, then emit the public site and publish it only if the privacy gate finds nothing."""
    checked = check(config, data_dir, work_dir, today)
    public = {
        kind: tuple(public_record(r, checked.rules, today) for r in records)
        for kind, records in checked.decision.published.items()
    }
    previous = load_state(work_dir, out)
    allowed = published_identifiers(r for records in public.values() for r in records)
    gate = Gate(checked.secrets, allowed)
    key = config.key_salt.encode()
    watch = Watch(gate, key, previous.memo if previous else None)
    # Pages are kept only where the last gate's memo can vouch for them.
    reuse = (
        Reuse(out.resolve(), previous.files, previous.keys)
        if previous is not None and previous.memo is not None
        else None
    )
    emitted = emit_site(config, public, checked.articles, today, checked.monitor, reuse, gate)
    manifest = publish(
        watch.stream(emitted.artifacts),
        out,
        watch.verdict,
        previous=previous.files if previous else None,
        spare=previous.spare if previous else None,
    )
    # Inline scripts and styles, which the CSP must hash: only pages written anew are read.
    inline = inline_by_page(
        out,
        manifest.written,
        previous.inline if previous else None,
        manifest.paths,
    )
    # Only after the switch: a failed publish leaves the state and the purge list as they were.
    # The tree that was live is now the spare, and the state's files are its digests.
    save_state(
        work_dir,
        out,
        today.isoformat(),
        manifest.digests,
        manifest.keys,
        watch.next_memo(),
        spare=previous.files if previous else None,
        inline=inline,
    )
    write_purge(work_dir, purge_urls(manifest, config.site_url))
    write_nginx_conf(
        work_dir / "deploy" / "nginx.conf",
        out,
        config.frame_origins,
        sources=merge_inline(inline.values()),
    )
    if emitted.problems:  # mkdocs' warnings about the editors' pages join the private report
        problems = [*checked.problems, *emitted.problems]
        monitor_csv = {"monitor.csv": render_monitor(checked.monitor)}
        write_report(work_dir, today, checked.counts, problems, monitor_csv)
    return manifest


def public_record(record: Record, rules: Rules, today: date) -> Record:
    """Return a record as the public sees it: personal data masked, a lapsed licence 已失效."""
    public = public_view(record, rules.mask_person_names, rules.scrub)
    if isinstance(public, Licence):
        return replace(public, status=licence_state(public, today))
    if isinstance(public, Penalty):  # the public sees until when a penalty stays shown
        return replace(public, publicity_end=penalty_publicity_end(public, rules))
    return public


def config_rules(config: Config) -> Rules:
    """Load the policy named by the configuration (the shipped defaults when none is named)."""
    return load_rules(config.policy_path)


def count_kind(kind: str, result: KindResult, decision: Decision) -> KindCounts:
    """Count where every row of a kind went: read = rejected + published + Σ withheld."""
    withheld: Counter[str] = Counter(reason for _, reason in decision.withheld.get(kind, ()))
    if result.duplicates:
        withheld["duplicate"] += result.duplicates
    return KindCounts(
        read=result.read,
        rejected=result.rejected + decision.rejected.get(kind, 0),
        published=len(decision.published.get(kind, ())),
        withheld=dict(withheld),
    )
