"""Exception classes. Each message names the input and what to do about it."""


class DatelineError(Exception):
    """Base class: the CLI prints these as one line `Error: ...` and exits 1."""


class ReadError(DatelineError):
    """An input could not be read as an article (missing, binary, empty, ...)."""

    def __init__(self, path: str, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class ModelError(DatelineError):
    """No spaCy English model could be loaded."""


class ClusterError(DatelineError):
    """The Dask cluster cannot be reached or started, or a run on it failed."""


class StoreError(DatelineError):
    """The store cannot be opened, created or written (bad URL, newer schema, ...)."""


class GazetteerError(DatelineError):
    """The offline gazetteer index cannot be built or opened."""


class ArticleTimeout(BaseException):
    """One article's stages ran past settings.time_limit (raised by dateline.limits).

    A BaseException, like KeyboardInterrupt, so that a stage's own
    `except Exception` cannot swallow it; the pipeline catches it and records
    the article as skipped.
    """
