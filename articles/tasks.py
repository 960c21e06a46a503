"""Where background work of the newsroom used to be defined.

Jobs queued before the import pipeline moved into `articles.importing` name
`articles.tasks.run_import_job`; this alias lets the worker still find them.
"""

from articles.importing.tasks import run_import_job

__all__ = ["run_import_job"]
