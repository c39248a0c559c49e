"""Bulk import of documents (services): a job per uploaded CSV/XLSX file, run by a
Celery task.

Rows are matched to existing documents by 文号 (any variant), then 索引号, then title
+ 成文日期, so importing the same file twice creates no duplicates. New documents are
drafts of the importing unit, with the importer's 编辑 review event: they become public
only through 三审三校 like any other document. Each bad row is reported with its line
number and a Chinese reason, and nothing is stored for it.

- :mod:`.parsing` checks rows against the file and the look-up tables;
- :mod:`.sheet` reads the first sheet of an XLSX file;
- :mod:`.bulk` writes a chunk with a constant number of statements;
- :mod:`.one_by_one` is the row-at-a-time path through the services;
- :mod:`.jobs` runs a job chunk by chunk.
"""

from policies.importing.jobs import (
    MAX_IMPORT_BYTES,
    MAX_IMPORT_UNCOMPRESSED_BYTES,
    create_import_job,
    detect_format,
    run_import,
)

__all__ = [
    "MAX_IMPORT_BYTES",
    "MAX_IMPORT_UNCOMPRESSED_BYTES",
    "create_import_job",
    "detect_format",
    "run_import",
]
