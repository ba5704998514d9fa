"""Scorers for the public gold sets. Each module has evaluate(**options) -> dict
and format_report(dict) -> str; floors are pinned in floors.toml."""
