"""The user's cache folder, and tables that libraries rebuild in every process, kept there.

Two libraries spend most of a worker's warm-up rebuilding the same table each
time: py3langid unpacks its LZMA-compressed model (about 0.5 s) and countrynames
transliterates its 27,000 aliases (about 0.4 s). `cached` keeps such a table as a
pickle named after the library versions that made it, so a new version builds
its own. Files are written once, in one step, and read back only when this
user owns them (loading a pickle runs code). A missing, unreadable, damaged or
foreign file is built again, and so is a table whose libraries' versions are
unknown, each time; a cache folder that cannot be written only costs the time
saved.
"""

from __future__ import annotations

import contextlib
import os
import pickle
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Callable, TypeVar

T = TypeVar("T")


def cache_folder() -> Path:
    """Return dateline's cache folder: $DATELINE_CACHE, else ~/.cache/dateline (or $XDG_CACHE_HOME)."""
    base = os.environ.get("DATELINE_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "dateline")
    return Path(base)


def cached(name: str, packages: tuple, build: Callable[[], T]) -> T:
    """Return `build()`, read from the cache folder when these packages' versions made it before."""
    try:
        versions = [version(package) for package in packages]
    except PackageNotFoundError:  # nothing to name the file after: build it each time
        return build()
    path = cache_folder() / f"{name}-{'-'.join(versions)}.pickle"
    try:
        with open(path, "rb") as stored:
            if _owned(stored):  # a pickle runs code as it loads: only this user's own files
                return pickle.load(stored)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError):
        pass  # not there yet, or not readable: build it again
    value = build()
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(partial, "wb") as out:
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, path)
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink()
    return value


def _owned(file) -> bool:
    """True when this user owns the open file (always, where there are no user ids)."""
    return not hasattr(os, "getuid") or os.fstat(file.fileno()).st_uid == os.getuid()
