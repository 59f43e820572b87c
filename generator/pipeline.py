"""The build as its table of contents: read, decide, report, emit, inspect and publish."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from generator.core.config import Config
from generator.decide import Decision, decide
from generator.decide.articles import Articles, decide_articles
from generator.decide.departments import load_directory
from generator.decide.holidays import load_holidays
from generator.decide.rules import Rules, load_rules
from generator.decide.workdays import OFFICIAL, Calendar
from generator.ingest import ingest
from generator.ingest.limits import read_limits
from generator.ops.progress import Stages
from generator.ops.report import write_report
from generator.publish import Manifest, publish
from generator.publish.csp import CspCollector
from generator.publish.gate import PrivacyGate
from generator.publish.handover import hand_over
from generator.publish.inspect import looker
from generator.publish.state import BuildState
from generator.publish.theme_scripts import portal_theme
from generator.site import build_editorial_site, emit, index_site
from generator.site.emitters.editorial import EditorialError, markdown_renderer


@dataclass(frozen=True, slots=True)
class BuildContext:
    """What one build reads: the configuration, the folders, the day, the city's rules and
    holiday calendar."""

    config: Config
    data_dir: Path
    work_dir: Path
    day: date
    rules: Rules
    calendar: Calendar = OFFICIAL
    stages: Stages = field(default_factory=lambda: Stages(show=False))
    """The stages' clock (and progress bars on a terminal); timings.json is written from it."""

    @classmethod
    def of(
        cls, config: Config, data_dir: Path, work_dir: Path, day: date, stages: Stages | None = None
    ) -> BuildContext:
        """Return the context of a build: the policy, department directory and holidays named."""
        named = config.portal.get("departments")
        directory = load_directory(config.path.parent / str(named) if named else None)
        rules = replace(load_rules(config.policy_path), directory=directory)
        calendar = load_holidays(config.holidays_path)
        return cls(config, data_dir, work_dir, day, rules, calendar, stages or Stages(show=False))

    @property
    def salt(self) -> bytes:
        """Return the city's secret that record keys (and the state's digests) are keyed with."""
        return self.config.key_salt.encode()


@dataclass(frozen=True, slots=True)
class Checked:
    """What a check found: the decision (as the public sees it) and the editors' articles."""

    decision: Decision
    articles: Articles


def check(ctx: BuildContext) -> Checked:
    """Read and validate every export, decide what is published today, write the report."""
    with ctx.stages.stage("读取与校验", unit="行") as tick:
        limits = read_limits(ctx.config.portal)
        ingested = ingest(ctx.data_dir, ctx.salt, limits=limits, progress=tick)
    decision = ctx.stages.run("公示判定", decide, ingested, ctx.rules, ctx.day, ctx.calendar)
    articles = decide_articles(ctx.config.docs_dir, ctx.day, markdown_renderer(ctx.config))
    write_report(ctx.work_dir, decision, articles)
    return Checked(decision, articles)


def build(ctx: BuildContext, out: Path) -> Manifest:
    """Check, then emit the site and publish it only if every inspector passes it."""
    checked = check(ctx)  # the report is written before anything can fail
    decision, articles = checked.decision, checked.articles
    if articles.blocking:  # a page the site links to cannot simply be left out
        raise EditorialError(
            "编辑页面含有不允许的内容，未发布（详见 report/rejected.csv）：\n"
            + "\n".join(
                f"{p.file} 第 {p.row or '?'} 行：{p.reason}：{p.value}" for p in articles.blocking
            )
        )
    editorial = ctx.stages.run(
        "编辑页面", build_editorial_site, ctx.config, articles.published, ctx.day
    )
    if editorial.problems:  # mkdocs' warnings about the editors' pages join the report
        write_report(ctx.work_dir, decision, articles, editorial.problems)
    site = ctx.stages.run(
        "站点索引", index_site, decision.published, articles.published, ctx.day, decision.monitor
    )
    with BuildState.open(ctx.work_dir, out, ctx.salt) as state:
        gate = PrivacyGate.for_decision(decision, state)
        csp = CspCollector.from_state(state, portal_theme(editorial.theme_dirs))
        artifacts = emit(site, editorial, ctx.config, state.reuse(), looker((gate, csp)))
        manifest = publish(
            ctx.stages.counted("生成与发布", artifacts),
            out,
            (gate, csp),
            state,
            # Written before the switch, so a full disk cannot leave them behind a new site.
            lambda made: hand_over(ctx.work_dir, out, made, ctx.config, csp.sources()),
        )
    return manifest
