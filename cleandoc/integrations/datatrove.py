"""A datatrove step that cleans ``doc.text`` of every document.

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from cleandoc.integrations.datatrove import CleandocStep

    LocalPipelineExecutor(
        [JsonlReader("in/"), CleandocStep(), JsonlWriter("out/")], tasks=4
    ).run()

The step adds to datatrove's stats, per rank: ``changed`` / ``unchanged`` /
``failed`` documents and, per rule code (``P103``...), the number of changes
it made; with ``changes_key`` each document's metadata gets its own
``{code: count}``. A document whose text cannot be cleaned is counted as
``failed``, logged and passed on unchanged, never dropped.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cleandoc.config import Config
from cleandoc.records import clean_text, rule_counts

try:
    from datatrove.pipeline.base import PipelineStep
    from datatrove.utils.logging import logger
except ImportError as err:  # pragma: no cover - depends on the environment
    raise ImportError(
        "cleandoc.integrations.datatrove needs datatrove: pip install 'cleandoc[datatrove]'"
    ) from err


class CleandocStep(PipelineStep):  # type: ignore[misc]  # datatrove has no type information
    """Clean each document's text with cleandoc (a datatrove ``PipelineStep``)."""

    name = "🧹 cleandoc"
    type = "✂️ - FORMAT"

    def __init__(self, config: Config | None = None, changes_key: str | None = None) -> None:
        """``config``: cleandoc's settings (default ``Config()``);
        ``changes_key``: a metadata key that receives ``{code: count}``."""
        super().__init__()
        self.config = config or Config()
        self.changes_key = changes_key

    def run(self, data: Any, rank: int = 0, world_size: int = 1) -> Iterator[Any]:
        if data is None:
            return
        for doc in data:
            with self.track_time():
                self._clean(doc)
            yield doc

    def _clean(self, doc: Any) -> None:
        text = doc.text
        if not isinstance(text, str):
            self.stat_update("failed")
            logger.warning(
                f"cleandoc: document {doc.id!r}: text is {type(text).__name__}, not a string; kept"
            )
            return
        try:
            result = clean_text(text, self.config)
        except Exception as err:  # a bug in a rule must not stop the pipeline
            self.stat_update("failed")
            logger.warning(
                f"cleandoc: document {doc.id!r}: internal error ({type(err).__name__}: {err}); kept"
            )
            return
        counts = rule_counts(result.changes)
        self.stat_update("changed" if result.text != text else "unchanged")
        for code, count in counts.items():
            self.stat_update(code, value=count)
        doc.text = result.text
        if self.changes_key is not None:
            doc.metadata[self.changes_key] = counts
