"""The quotes stage (not built yet: returns no records)."""


def run(ctx) -> list:
    """Return the quotes of the article."""
    return []
