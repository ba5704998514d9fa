"""`python -m dateline ...` runs the same command line as `dateline ...`."""

from .cli import main

raise SystemExit(main())
