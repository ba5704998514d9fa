"""The events stage (not built yet: returns no records)."""


def run(ctx) -> list:
    """Return the events of the article."""
    return []
