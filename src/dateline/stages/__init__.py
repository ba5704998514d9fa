"""The extraction stages, in pipeline order. Each is `run(ctx) -> list` and fills
the record field of the same name; adding a stage means one line here and one file.
A later step may refine an earlier field (entities get their places' countries)."""

from . import dates, entities, events, places, quotes

STAGES = (
    ("entities", entities.run),
    ("quotes", quotes.run),
    ("dates", dates.run),
    ("places", places.run),
    ("entities", entities.add_place_countries),
    ("events", events.run),
)
