"""The places stage (not built yet: returns no records)."""


def run(ctx) -> list:
    """Return the places of the article."""
    return []
