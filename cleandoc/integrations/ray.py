"""Ray Data: clean a dataset's text column with task-based ``map_batches``.

    import ray
    from cleandoc.integrations.ray import clean_dataset

    ds = ray.data.read_parquet("s3://corpus/shards/")
    clean_dataset(ds, changes_field="cleandoc").write_parquet("s3://corpus/clean/")

Tasks, not an actor pool: ``clean_batch`` is a plain function with nothing
to load, and an actor pool as large as the CPUs was measured to hang on a
2-CPU machine. Each batch is a pyarrow table, cleaned by
:func:`cleandoc.clean_batch` (bad values are kept as they are).
"""

from __future__ import annotations

from typing import Any

from cleandoc.config import Config
from cleandoc.records import TEXT_FIELD, clean_batch


def clean_dataset(
    dataset: Any,
    text_field: str = TEXT_FIELD,
    config: Config | None = None,
    changes_field: str | None = None,
    batch_size: int = 256,
    **map_batches_args: Any,
) -> Any:
    """``dataset`` (a ``ray.data.Dataset``) with ``text_field`` cleaned;
    other keyword arguments go to ``map_batches`` (``num_cpus``,
    ``concurrency``...). Lazy, like every Ray Data transform."""
    return dataset.map_batches(
        clean_batch,
        batch_format="pyarrow",
        batch_size=batch_size,
        fn_kwargs={"text_field": text_field, "config": config, "changes_field": changes_field},
        **map_batches_args,
    )
