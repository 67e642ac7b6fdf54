"""The command line: the only module that knows argv and the terminal.

stdout carries only cleaned text or diffs (so pipes stay clean); messages and
the summary go to stderr. Exit codes: 0 success, 1 ``check`` found something
to change, 2 usage error or an input that could not be processed (after all
the other inputs were processed).
"""

from __future__ import annotations

import contextlib
import fnmatch
import json
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePath
from typing import IO, Any, TypeVar

import click
from rich.console import Console
from rich.markup import escape

from cleandoc import __version__, formats
from cleandoc.config import Config, ConfigError, find_config_file, from_mapping, load_file
from cleandoc.filediff import source_diff
from cleandoc.model import Outcome
from cleandoc.reader import InputError, Source, iter_sources, printable
from cleandoc.report import (
    REPORT_SUFFIXES,
    ReportFile,
    RunSummary,
    change_json,
    explain_line,
    print_diffs,
    summary_table,
    visible,
    write_diff,
)
from cleandoc.review import Review, ReviewError, load_review
from cleandoc.rules import all_rules, enabled_codes
from cleandoc.runner import STOP, Job, SourceReport, default_jobs, read_stdin, run, tune_gc
from cleandoc.writer import output_path, remove_stale_temp

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
            "--force-exclude",
            is_flag=True,
            help="Apply --exclude to files named on the command line too (for pre-commit).",
        ),
        click.option(
            "--stdin-filename",
            metavar="NAME",
            help="Name standard input (-) in messages; its ending picks the format (e.g. .md).",
        ),
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
            type=click.Choice(["auto", "plain", "markdown"]),
            help="Heading rendering (default auto: Markdown for a .md source, plain otherwise).",
        ),
        click.option(
            "--paren-style",
            type=click.Choice(["standard", "house"]),
            help="standard (default): GB/T 15834 full-width () in Chinese text; house: keep a document "
            "that writes every parenthesis half-width as it is.",
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
            help="Worker processes (default and most: the number of cores).",
        ),
        click.option(
            "--follow-links",
            is_flag=True,
            help="Also clean symlinked files in folders that point outside the folder (default: skipped).",
        ),
        click.option(
            "--format",
            "input_format",
            type=click.Choice(formats.FORMATS),
            help="Read every input as this format (default: by extension; needed for - with records).",
        ),
        click.option(
            "--text-field",
            default="text",
            show_default=True,
            metavar="NAME",
            help="The field of each JSONL/Parquet record that is cleaned.",
        ),
        click.option(
            "--changes-field",
            metavar="NAME",
            help="Add to each record a field NAME with the rule codes applied and their counts.",
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
    for key in (
        "encoding",
        "output_encoding",
        "spacing",
        "indent",
        "heading_style",
        "paren_style",
        "dedupe_threshold",
    ):
        if opts.get(key) is not None:
            flags[key] = opts[key]
    for key in ("select", "ignore", "include", "exclude"):
        items = _split(opts.get(key) or ())
        if items:
            flags[key] = items
    if opts.get("no_dedupe"):
        flags["dedupe"] = False
    config = from_mapping(flags, "command line", base=config)
    if not enabled_codes(config):  # also: a selector that names no rule is a ConfigError
        raise ConfigError("--select/--ignore (or select/ignore in the settings) leave no rule to run")
    return config


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
        report_expected: bool = False,
    ) -> None:
        self.mode = mode
        self.quiet = quiet
        self.err = err
        self.errors: list[str] = []
        self.summary = RunSummary()
        self.report = report
        self.review = review
        self.reviewed: set[tuple[str, str]] = set()  # documents of the review seen in this run
        # what is recorded before the report file is opened (inputs that
        # could not be read, found while the paths are walked)
        self._early: list[Outcome] | None = [] if report_expected and report is None else None

    def open_report(self, report: ReportFile) -> None:
        """Start writing the report, with what was recorded before it."""
        self.report = report
        early, self._early = self._early or [], None
        for outcome in early:
            self._to_report(outcome)

    def error(self, message: str) -> None:
        self.errors.append(message)
        _print_error(self.err, message)

    def _record(self, outcome: Outcome) -> None:
        self.summary.add(outcome)
        if self.review is not None and (outcome.source, outcome.name) in self.review.documents:
            self.reviewed.add((outcome.source, outcome.name))
        if self._early is not None:
            self._early.append(outcome)
        self._to_report(outcome)

    def _to_report(self, outcome: Outcome) -> None:
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
        # Every failure was printed as an error when it happened (its message
        # names the file and line); the summary counts them, it does not
        # print them a second time.
        self.summary.failures.clear()
        if not self.quiet:
            summary_table(self.summary, self.mode, self.err)


def _print_error(err: Console, message: str) -> None:
    # printable: a file name with ESC, CR or a newline must not break the line
    err.print(f"[bold red]error:[/] {escape(printable(message))}", highlight=False, soft_wrap=True)


def _usage_error(err: Console, message: str) -> int:
    _print_error(err, message)
    return EXIT_ERROR


def _stderr_console() -> Console:
    err = Console(stderr=True, highlight=False)
    if not err.is_terminal:
        # A log or a CI job: no terminal width to fit, so never cut or wrap a
        # message (rich would use 80 columns and lose file names and line:col).
        err = Console(stderr=True, highlight=False, width=100_000)
    return err


def _forced_out(raw: str, exclude: Sequence[str]) -> bool:
    """Whether a path named on the command line matches ``exclude`` (as a
    whole, by its name, or by one of its folders, as folders are skipped in a walk)."""
    path = PurePath(raw)
    parts = [path.as_posix(), *path.parts]
    return any(fnmatch.fnmatch(part, pat) for part in parts for pat in exclude)


def _within(path: Path | None, folder: Path) -> bool:
    if path is None:
        return False
    try:
        path.resolve().relative_to(folder)
    except ValueError:
        return False
    return True


def _execute(mode: str, opts: dict[str, Any]) -> int:
    paths: tuple[str, ...] = opts["paths"]
    err = _stderr_console()
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
    reporter = Reporter(
        mode, bool(opts.get("quiet")), err, review=review, report_expected=report_path is not None
    )

    output_format: str = opts.get("output_format") or "text"
    stdin_name: str | None = opts.get("stdin_filename")
    if stdin_name is not None and not stdin_name.strip():
        return _usage_error(err, "--stdin-filename: an empty name")
    named = set(paths)
    skip_output = output_dir.resolve() if output_dir is not None else None
    in_place = mode == "fix" and output_dir is None

    def leftover(path: Path) -> None:
        """A temp file an interrupted run left: removed by an in-place fix."""
        if in_place and remove_stale_temp(path):
            note = f"removed {path}, a temp file left by an interrupted run"
        elif in_place:
            return  # in use by a run going on in the same folder
        else:
            note = f"{path}: a temp file left by an interrupted run (`cleandoc fix` in place removes it)"
        if not reporter.quiet:
            err.print(f"note: {escape(printable(note))}", highlight=False, soft_wrap=True)

    sources: list[Source] = []
    pass_stdin = False
    walked = iter_sources(
        paths,
        config.include,
        config.exclude,
        follow_links=bool(opts.get("follow_links")),
        on_leftover=leftover,
    )
    for item in walked:
        if isinstance(item, InputError):
            reporter.failed_input(str(item))
            continue
        if item.is_stdin and stdin_name is not None:
            item = replace(item, display=stdin_name, rel=Path(PurePath(stdin_name).name))
        forced = opts.get("force_exclude") and item.display in named | {stdin_name}
        if forced and _forced_out(item.display, config.exclude):
            # named by a tool (pre-commit) that does not know our settings;
            # excluded stdin still flows through a pipe, unchanged
            pass_stdin = pass_stdin or (item.is_stdin and mode == "fix")
            continue
        if skip_output is not None and item.display not in named and _within(item.path, skip_output):
            continue  # our own earlier output, found because -o lies inside an input folder
        sources.append(item)
    stdin_count = sum(1 for s in sources if s.is_stdin)
    if stdin_count > 1:
        return _usage_error(err, "'-' (stdin) can be given only once")
    if stdin_count and mode == "fix" and (show_diff or explain):
        # stdout carries the cleaned text of stdin: a diff or explanation would corrupt it.
        return _usage_error(err, "--diff/--explain cannot be combined with '-' when fixing")
    if stdin_count and output_dir is not None:
        return _usage_error(err, "--output cannot be combined with '-': stdin is cleaned to stdout")
    if report_path is not None:
        refused = _report_refusal(report_path, sources, output_dir)
        if refused:
            return _usage_error(err, refused)
    if (show_diff or explain) and not _can_show_text(stdout):
        return _usage_error(
            err,
            f"stdout's encoding ({stdout.encoding}) cannot show Chinese text for the diff/explanation; "
            "set PYTHONIOENCODING=utf-8 or a UTF-8 locale",
        )
    if report_path is not None:
        # opened once nothing can refuse the run any more: an early return
        # would leave its temp file behind
        try:
            reporter.open_report(ReportFile(report_path, settings_for_report(config, mode)))
        except OSError as exc:
            return _usage_error(err, f"{report_path}: cannot write report: {exc.strerror or exc}")
    stdin_data = read_stdin() if stdin_count else None
    if pass_stdin:
        sys.stdout.buffer.write(read_stdin())
        sys.stdout.buffer.flush()

    keep_texts = show_diff or explain or report_path is not None or output_format != "text"
    # more workers than cores only costs memory (512 on 2 cores took 6.8 GB)
    jobs = min(opts.get("jobs") or default_jobs(), default_jobs())
    job = Job(
        config,
        write=not dry_run,
        output_dir=output_dir,
        keep_texts=keep_texts,
        input_format=opts.get("input_format"),
        text_field=opts.get("text_field") or "text",
        changes_field=opts.get("changes_field"),
        jobs=jobs,
        review=reporter.review,
    )
    color = opts.get("color")
    use_color = stdout.isatty() if color is None else bool(color)

    # On Ctrl-C the exception unwinds through run() (it waits on its workers
    # there) or, caught between two reports, closes it when this frame goes:
    # either way run() kills its workers rather than waiting for them.
    for rep in _with_progress(run(sources, job, jobs, stdin_data), len(sources), err, reporter.quiet):
        reporter.add(rep)
        if rep.output is not None and mode == "fix":
            stdout.flush()
            sys.stdout.buffer.write(rep.output)
            sys.stdout.buffer.flush()
        if show_diff:
            _print_diff(rep.outcomes, stdout, use_color)
        if explain:
            for o in rep.outcomes:
                for line in _explain_in_order(o):
                    stdout.write(printable(line) + "\n")  # one change per line, whatever the names
        if output_format != "text":
            for o in rep.outcomes:
                _write_findings(o, output_format, stdout)
    stdout.flush()
    reporter.close_report()
    reporter.finish()
    return reporter.exit_code()


def _print_diff(outcomes: Sequence[Outcome], stream: IO[str], color: bool) -> None:
    """The diff of one source: a bundle's as one diff of the file (``patch``
    applies it), a plain file's as before."""
    if not any(o.name != o.source for o in outcomes) or not _is_text(outcomes[0].source):
        # one document, or a PDF's text (named as the .txt it is written to)
        print_diffs(outcomes, stream, color)
        return
    write_diff(source_diff(outcomes), stream, color)


def _is_text(name: str) -> bool:
    """Whether a source of this name is a text file or bundle (not a PDF or records)."""
    try:
        return formats.format_of(name) == formats.TEXT
    except formats.UnsupportedFormat:
        return False


def _explain_in_order(outcome: Outcome) -> Iterator[str]:
    """``--explain`` lines in reading order (line, then column); changes at
    the same place stay in the order they were made."""
    if outcome.result is None:
        return
    for change in sorted(outcome.result.changes, key=lambda c: (c.line, c.col)):
        yield explain_line(outcome.where(change.line, change.col), change)


def _gh_escape(text: str, prop: bool = False) -> str:
    """Escape a GitHub workflow command's message (``prop``: a property value)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def _write_findings(outcome: Outcome, fmt: str, stream: IO[str]) -> None:
    """The changes (and warnings) of one document as GitHub annotations or
    JSON lines, for ``--output-format``; ordered by place in the file."""
    result = outcome.result
    if result is None:
        return
    if fmt == "json-lines":
        for c in sorted(result.changes, key=lambda c: (c.line, c.col)):
            # line in the file (a bundle member's line counted from the bundle's top)
            obj = {"path": outcome.source, "document": outcome.name, **change_json(c)}
            obj["line"] = outcome.first_line + c.line - 1
            stream.write(json.dumps(obj, ensure_ascii=False) + "\n")
        return
    found = [
        ("error", c.line, c.col, c.code, f"{c.name}: {visible(c.old)} → {visible(c.new)}", c.note)
        for c in result.changes
    ]
    found += [("warning", w.line, w.col, w.code, w.name, w.message) for w in result.warnings]
    for level, line, col, code, what, note in sorted(found, key=lambda f: (f[1], f[2])):
        file_line = outcome.first_line + line - 1
        message = f"{code} {what}" + (f"  [{note}]" if note else "")
        title, file = _gh_escape(f"cleandoc ({code})", True), _gh_escape(outcome.source, True)
        stream.write(
            f"::{level} title={title},file={file},line={file_line},col={col}::{_gh_escape(message)}\n"
        )


def _can_show_text(stream: Any) -> bool:
    """Whether ``stream`` can take Chinese text (not under LANG=C or
    PYTHONIOENCODING=ascii); rarer characters it cannot encode are escaped."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        "中文，。“”".encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    with contextlib.suppress(AttributeError, ValueError):
        stream.reconfigure(errors="backslashreplace")
    return True


def _report_refusal(report: Path, sources: Sequence[Source], output_dir: Path | None) -> str | None:
    """Why ``--report`` cannot be written where it points (checked before the
    run, so nothing is cleaned only to lose the report): a missing folder, an
    input (the report would replace it) or an output of the run. (Names that
    are not UTF-8 reach the report escaped: ``Source.display`` is printable.)"""
    folder = report.parent
    if not folder.is_dir():
        return f"--report {report}: no folder {folder} to write it in"
    if report.exists():
        st = report.stat()
        for s in sources:
            if s.path is not None and s.path.exists() and _same_file(s.path.stat(), st):
                return f"--report {report}: is the input {s.display}; the report would replace it"
    if output_dir is not None:
        where = report.resolve()
        for s in sources:
            if not s.is_stdin and _same_target(output_dir, s, where):
                return f"--report {report}: is where --output writes {s.display}"
    return None


def _same_file(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def _same_target(output_dir: Path, source: Source, where: Path) -> bool:
    try:
        return output_path(output_dir, source.rel) == where
    except InputError:
        return False


def settings_for_report(config: Config, mode: str) -> dict[str, Any]:
    return {
        "mode": mode,
        "spacing": config.spacing,
        "indent": config.indent,
        "heading_style": config.heading_style,
        "paren_style": config.paren_style,
        "dedupe": config.dedupe,
        "dedupe_threshold": config.dedupe_threshold,
        "select": sorted(config.select),
        "ignore": sorted(config.ignore),
        "encoding": config.encoding,
        "output_encoding": config.output_encoding,
    }


# Without a terminal (a CI log), a plain progress line at most this often.
PLAIN_PROGRESS_SECONDS = 10.0


def _with_progress(reports: Any, total: int, err: Console, quiet: bool) -> Any:
    """A progress bar on stderr for long runs when stderr is a terminal; else
    a plain line now and then (``cleandoc: 1200/3000 files``), so a long CI
    job shows it is alive. Nothing under ``--quiet``."""
    if quiet:
        yield from reports
        return
    if not err.is_terminal:
        last = time.monotonic()
        for done, rep in enumerate(reports, 1):
            yield rep
            now = time.monotonic()
            if now - last >= PLAIN_PROGRESS_SECONDS and done < total:
                last = now
                err.print(f"cleandoc: {done}/{total} files", highlight=False, markup=False)
        return
    if total < 50:
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
@click.option(
    "--output-format",
    type=click.Choice(["text", "github", "json-lines"]),
    default="text",
    help="How to list what would change on stdout: nothing (text: the summary on stderr), GitHub "
    "annotations (github), or one JSON object per change (json-lines).",
)
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


def _interrupted(signum: int, frame: object) -> None:
    """SIGINT and SIGTERM: unwind like Ctrl-C, so the writer removes its temp
    file and the runner stops its workers; a second signal during that
    clean-up is ignored rather than cutting it short (it takes well under a
    second: workers are killed, not waited for)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    STOP.set()  # in case this exception is swallowed (see runner.STOP)
    raise KeyboardInterrupt


def _unraisable(hook: Callable[[Any], object]) -> Callable[[Any], None]:
    """``sys.unraisablehook`` without the KeyboardInterrupt of a signal that
    landed in a callback whose exceptions Python drops (an at-fork handler
    as a worker starts): STOP carries that interrupt, its traceback is noise."""

    def quiet(unraisable: Any) -> None:
        if not isinstance(unraisable.exc_value, KeyboardInterrupt):
            hook(unraisable)

    return quiet


def entry() -> None:
    """Console-script entry point."""
    signal.signal(signal.SIGTERM, _interrupted)
    signal.signal(signal.SIGINT, _interrupted)
    sys.unraisablehook = _unraisable(sys.unraisablehook)
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
    except (click.exceptions.Abort, KeyboardInterrupt):
        sys.stderr.write("cleandoc: interrupted; files being written were left as they were\n")
        return EXIT_INTERRUPTED
    except MemoryError:
        sys.stderr.write("error: out of memory; use fewer --jobs or split the largest inputs\n")
        return EXIT_ERROR
    return EXIT_OK
