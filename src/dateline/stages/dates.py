"""The dates stage (not built yet: returns no records)."""


def run(ctx) -> list:
    """Return the dates of the article."""
    return []
