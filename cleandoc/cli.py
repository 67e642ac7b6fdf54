"""The command line: the only module that knows argv and the terminal.

stdout carries only cleaned text or diffs (so pipes stay clean); messages and
the summary go to stderr. Exit codes: 0 success, 1 ``check`` found something
to change, 2 usage error or an input that could not be processed (after all
the other inputs were processed).
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.markup import escape

from cleandoc import __version__
from cleandoc.config import Config, ConfigError, find_config_file, from_mapping, load_file
from cleandoc.model import Outcome
from cleandoc.reader import InputError, Source, iter_sources
from cleandoc.report import (
    REPORT_SUFFIXES,
    ReportFile,
    RunSummary,
    explain_lines,
    print_diffs,
    summary_table,
)
from cleandoc.review import Review, ReviewError, load_review
from cleandoc.rules import all_rules
from cleandoc.runner import Job, SourceReport, default_jobs, read_stdin, run, tune_gc

EXIT_OK, EXIT_CHANGES, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it

F = TypeVar("F", bound=Callable[..., Any])


def _split(values: Sequence[str]) -> list[str]:
    """``--select P101,S`` and repeated flags alike."""
    return [part.strip() for v in values for part in v.split(",") if part.strip()]


def common_options(fn: F) -> F:
    """Options shared by ``fix`` and ``check``."""
    options = [
        click.argument("paths", nargs=-1, required=True),
        click.option(
            "--select",
            multiple=True,
            metavar="RULES",
            help="Run only these rules: codes, prefixes, names or families (comma-separated or repeated).",
        ),
        click.option(
            "--ignore",
            multiple=True,
            metavar="RULES",
            help="Do not run these rules (same forms as --select).",
        ),
        click.option(
            "--include",
            multiple=True,
            metavar="GLOB",
            help="File names to take from folders (default: *.txt and *.md).",
        ),
        click.option("--exclude", multiple=True, metavar="GLOB", help="Paths or names to skip in folders."),
        click.option(
            "--encoding",
            metavar="NAME",
            help="Force the input encoding (default: detect UTF-8/UTF-16 BOM/GB18030).",
        ),
        click.option(
            "--output-encoding", metavar="NAME", help="Write in this encoding (default: the input's own)."
        ),
        click.option(
            "--spacing",
            type=click.Choice(["remove", "keep"]),
            help="Spaces between Han and digits/Latin (default remove).",
        ),
        click.option(
            "--indent",
            type=click.Choice(["drop", "keep"]),
            help="Leading indentation of lines (default drop).",
        ),
        click.option(
            "--heading-style",
            type=click.Choice(["plain", "markdown"]),
            help="Heading rendering (default plain).",
        ),
        click.option(
            "--dedupe-threshold",
            type=click.FloatRange(0, 100),
            help="Similarity (0-100) from which list items count as near-duplicates (default 90).",
        ),
        click.option("--no-dedupe", is_flag=True, help="Do not remove repeated items and paragraphs."),
        click.option(
            "--config",
            "config_path",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Read settings from this TOML file instead of the nearest one.",
        ),
        click.option(
            "--diff",
            "show_diff",
            is_flag=True,
            help="Print a unified diff of every changed document to stdout.",
        ),
        click.option(
            "--explain",
            is_flag=True,
            help="List every change as path:line:col CODE name: old → new (stdout).",
        ),
        click.option(
            "--report",
            "report_path",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Write a report of the run: .json, .jsonl or .html by extension.",
        ),
        click.option(
            "--jobs",
            "-j",
            type=click.IntRange(1, 512),
            help="Worker processes (default: the number of cores).",
        ),
        click.option("--quiet", "-q", is_flag=True, help="No summary on stderr (errors are still printed)."),
        click.option(
            "--color/--no-color",
            default=None,
            help="Force colored diffs on or off (default: when stdout is a terminal).",
        ),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


@dataclass(frozen=True)
class Settings:
    config: Config
    values: dict[str, Any]


def build_config(opts: dict[str, Any], paths: Sequence[str]) -> Config:
    """defaults < config file < flags."""
    config_path: Path | None = opts.get("config_path")
    if config_path is None:
        first = next((p for p in paths if p != "-"), ".")
        config_path = find_config_file(Path(first) if Path(first).exists() else Path("."))
    config = load_file(config_path) if config_path else Config()
    flags: dict[str, Any] = {}
    for key in ("encoding", "output_encoding", "spacing", "indent", "heading_style", "dedupe_threshold"):
        if opts.get(key) is not None:
            flags[key] = opts[key]
    for key in ("select", "ignore", "include", "exclude"):
        items = _split(opts.get(key) or ())
        if items:
            flags[key] = items
    if opts.get("no_dedupe"):
        flags["dedupe"] = False
    return from_mapping(flags, "command line", base=config)


class Reporter:
    """Owns the exit code and the summary; wording follows the mode.

    Totals are folded in as results arrive, and each outcome goes on to the
    report file (written as the run goes) and is then dropped, so memory
    does not grow with the corpus, with or without ``--report``.
    """

    def __init__(
        self,
        mode: str,
        quiet: bool,
        err: Console,
        report: ReportFile | None = None,
        review: Review | None = None,
    ) -> None:
        self.mode = mode
        self.quiet = quiet
        self.err = err
        self.errors: list[str] = []
        self.summary = RunSummary()
        self.report = report
        self.review = review
        self.reviewed: set[tuple[str, str]] = set()  # documents of the review seen in this run

    def error(self, message: str) -> None:
        self.errors.append(message)
        _print_error(self.err, message)

    def _record(self, outcome: Outcome) -> None:
        self.summary.add(outcome)
        if self.review is not None and (outcome.source, outcome.name) in self.review.documents:
            self.reviewed.add((outcome.source, outcome.name))
        if self.report is not None:
            try:
                self.report.add(outcome)
            except OSError as exc:
                self._report_failed(exc)

    def _report_failed(self, exc: OSError) -> None:
        assert self.report is not None
        self.report.abort()
        self.error(f"{self.report.path}: cannot write report: {exc.strerror or exc}")
        self.report = None

    def failed_input(self, message: str, name: str | None = None) -> None:
        """An input that could not be processed: an error, and a failed
        document in the reports. Messages start with the path."""
        self.error(message)
        name = name or message.split(":", 1)[0]
        self._record(Outcome(name, name, "", None, message))

    def add(self, report: SourceReport) -> None:
        if report.error:
            self.failed_input(report.error, report.source.display)
        for outcome in report.outcomes:
            self._record(outcome)

    @property
    def any_changed(self) -> bool:
        return self.summary.totals.changed > 0

    def exit_code(self) -> int:
        if self.errors:
            return EXIT_ERROR
        if self.mode == "check" and self.any_changed:
            return EXIT_CHANGES
        return EXIT_OK

    def close_report(self) -> None:
        """Finish the report file and put it in place (once the run is done)."""
        if self.report is not None:
            try:
                self.report.commit()
            except OSError as exc:
                self.error(f"{self.report.path}: cannot write report: {exc.strerror or exc}")
            self.report = None

    def finish(self) -> None:
        if self.review is not None:
            for key, doc in self.review.documents.items():
                if key not in self.reviewed and doc.reject:
                    self.error(
                        f"{self.review.path}: {doc.describe()} is not in this run; "
                        "nothing of its review was applied"
                    )
        if not self.quiet:
            summary_table(self.summary, self.mode, self.err)


def _print_error(err: Console, message: str) -> None:
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)


def _usage_error(err: Console, message: str) -> int:
    _print_error(err, message)
    return EXIT_ERROR


def _execute(mode: str, opts: dict[str, Any]) -> int:
    paths: tuple[str, ...] = opts["paths"]
    err = Console(stderr=True, highlight=False)
    try:
        config = build_config(opts, paths)
    except ConfigError as exc:
        return _usage_error(err, str(exc))
    dry_run = bool(opts.get("dry_run")) or mode == "check"
    output_dir: Path | None = opts.get("output")
    stdout = sys.stdout
    show_diff = bool(opts.get("show_diff")) or (mode == "dry-run")
    explain = bool(opts.get("explain"))
    report_path: Path | None = opts.get("report_path")
    if report_path is not None and report_path.suffix.lower() not in REPORT_SUFFIXES:
        return _usage_error(err, f"--report {report_path}: unknown format; use {', '.join(REPORT_SUFFIXES)}")
    review_path: Path | None = opts.get("review_path")
    review = None
    if review_path is not None:
        try:
            review = load_review(review_path)
        except ReviewError as exc:
            return _usage_error(err, str(exc))
    report = None
    if report_path is not None:
        try:
            report = ReportFile(report_path, settings_for_report(config, mode))
        except OSError as exc:
            return _usage_error(err, f"{report_path}: cannot write report: {exc.strerror or exc}")
    reporter = Reporter(mode, bool(opts.get("quiet")), err, report, review)

    sources: list[Source] = []
    for item in iter_sources(paths, config.include, config.exclude):
        if isinstance(item, InputError):
            reporter.failed_input(str(item))
        else:
            sources.append(item)
    stdin_count = sum(1 for s in sources if s.is_stdin)
    if stdin_count > 1:
        return _usage_error(err, "'-' (stdin) can be given only once")
    if stdin_count and mode == "fix" and (show_diff or explain):
        # stdout carries the cleaned text of stdin: a diff or explanation would corrupt it.
        return _usage_error(err, "--diff/--explain cannot be combined with '-' when fixing")
    stdin_data = read_stdin() if stdin_count else None

    keep_texts = show_diff or explain or report_path is not None
    job = Job(config, write=not dry_run, output_dir=output_dir, keep_texts=keep_texts, review=reporter.review)
    color = opts.get("color")
    use_color = stdout.isatty() if color is None else bool(color)
    jobs = opts.get("jobs") or default_jobs()

    for rep in _with_progress(run(sources, job, jobs, stdin_data), len(sources), err, reporter.quiet):
        reporter.add(rep)
        if rep.output is not None and mode == "fix":
            stdout.flush()
            sys.stdout.buffer.write(rep.output)
            sys.stdout.buffer.flush()
        if show_diff:
            print_diffs(rep.outcomes, stdout, use_color)
        if explain:
            for o in rep.outcomes:
                for line in explain_lines(o):
                    stdout.write(line + "\n")
    stdout.flush()
    reporter.close_report()
    reporter.finish()
    return reporter.exit_code()


def settings_for_report(config: Config, mode: str) -> dict[str, Any]:
    return {
        "mode": mode,
        "spacing": config.spacing,
        "indent": config.indent,
        "heading_style": config.heading_style,
        "dedupe": config.dedupe,
        "dedupe_threshold": config.dedupe_threshold,
        "select": sorted(config.select),
        "ignore": sorted(config.ignore),
        "encoding": config.encoding,
        "output_encoding": config.output_encoding,
    }


def _with_progress(reports: Any, total: int, err: Console, quiet: bool) -> Any:
    """A progress bar on stderr for long runs, only when stderr is a terminal."""
    if quiet or total < 50 or not err.is_terminal:
        yield from reports
        return
    from rich.progress import Progress

    with Progress(console=err, transient=True) as progress:
        task = progress.add_task("cleaning", total=total)
        for rep in reports:
            progress.advance(task)
            yield rep


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cleandoc")
def main() -> None:
    """Clean Chinese official documents (公文) damaged by PDF extraction, OCR or LLMs."""


@main.command()
@common_options
@click.option(
    "--dry-run", is_flag=True, help="Write nothing; print the diff of what would change and a summary."
)
@click.option(
    "--output",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write cleaned files into this folder (mirroring the input tree) instead of in place.",
)
@click.option(
    "--apply-review",
    "review_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Do not make the changes rejected in this review file (exported from the HTML report).",
)
def fix(**opts: Any) -> None:
    """Clean PATHS (files, folders, or - for stdin) in place."""
    mode = "dry-run" if opts.get("dry_run") else "fix"
    sys.exit(_execute(mode, opts))


@main.command()
@common_options
def check(**opts: Any) -> None:
    """Exit 1 if cleaning PATHS would change anything; write nothing."""
    sys.exit(_execute("check", opts))


@main.command(name="rules")
def rules_cmd() -> None:
    """List every rule: code, name, family, summary and a before/after example."""
    rules = all_rules()
    if not sys.stdout.isatty():
        # One rule per line, tab-separated, for grep and cut.
        for r in rules:
            sys.stdout.write(f"{r.code}\t{r.name}\t{r.family}\t{r.summary}\t{r.before!r} → {r.after!r}\n")
        return
    from rich.table import Table

    table = Table(show_lines=True)
    for col in ("code", "name", "family", "summary", "before → after"):
        table.add_column(col, overflow="fold")
    for r in rules:
        table.add_row(r.code, r.name, r.family, r.summary, f"{r.before!r}\n→ {r.after!r}")
    Console().print(table)


def _terminate(signum: int, frame: object) -> None:
    # Unwind like Ctrl-C so the writer removes its temporary file.
    raise KeyboardInterrupt


def entry() -> None:
    """Console-script entry point."""
    signal.signal(signal.SIGTERM, _terminate)
    tune_gc()  # before any worker is forked: they inherit it
    sys.exit(run_cli(sys.argv[1:]))


def run_cli(argv: Sequence[str]) -> int:
    """Run the CLI in-process (for tests and embedding); return the exit code."""
    try:
        main.main(args=list(argv), prog_name="cleandoc", standalone_mode=False)
    except SystemExit as exc:
        return int(exc.code or 0)
    except click.ClickException as exc:
        exc.show()
        return EXIT_ERROR
    except click.exceptions.Abort:
        sys.stderr.write("cleandoc: interrupted; files being written were left as they were\n")
        return EXIT_INTERRUPTED
    return EXIT_OK
