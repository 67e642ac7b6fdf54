"""cleandoc as a step of the engines corpus builders already run.

- :mod:`cleandoc.integrations.datatrove`: a datatrove ``PipelineStep``
  (``pip install "cleandoc[datatrove]"``).
- :mod:`cleandoc.integrations.ray`: Ray Data's task-based ``map_batches``
  with :func:`cleandoc.clean_batch`.

Each imports its engine only when it is imported itself; ``import cleandoc``
never needs any of them. Spark, Dask and ``datasets.map`` need no module of
their own: :func:`cleandoc.clean_batch` is the function they map (see
docs/records.md).
"""
