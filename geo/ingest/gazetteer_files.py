"""Other lists of border crossings read as gazetteer rows: UN/LOCODE's border-crossing entries and
OpenStreetMap's ``barrier=border_control`` points.

Each is turned into the gazetteer's own CSV (:data:`geo.model.PLACE_COLUMNS`), which then goes
through the same checks, preview and batch as any upload. Neither list can be taken as it is:

- UN/LOCODE names one country per entry and its coordinates are often off (Afghan Torkham lies 41 km
  inside Pakistan; Islam Qal'eh is put at Kermanshah, 1,200 km away). An entry is kept only when it
  lies within :data:`BORDER_KM` of its own country and of another one, which is then its second
  country; the rest are dropped, each with the reason.
- An OpenStreetMap point names no country at all: its two countries are the two nearest, both within
  :data:`BORDER_KM`.

Distances are to Natural Earth's 1:110m outlines (:mod:`geo.reference`), which are too coarse to say
which side of a border a point is on, hence a tolerance rather than a point-in-polygon test.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd
import pycountry
import shapely

from geo.model import PLACE_COLUMNS, column_names
from geo.reference import KM_PER_DEGREE, country_polygons

#: How far (km) from a border a listed crossing may lie and still count as on it.
BORDER_KM: Final = 25.0
UNLOCODE_SOURCE: Final = "UN/LOCODE (via geoapify/un-locode)"
OSM_SOURCE: Final = "OpenStreetMap (© OpenStreetMap contributors, ODbL)"
#: The columns of geoapify's UN/LOCODE files that mark one.
UNLOCODE_HEADER: Final = frozenset({"country", "location", "name", "function", "lat", "lon"})


@dataclass(frozen=True)
class Dropped:
    """An entry left out of the gazetteer, and why."""

    entry: str
    name: str
    reason: str


@dataclass(frozen=True)
class Converted:
    """A foreign list as gazetteer rows (text, in our columns), and what was left out."""

    places: pd.DataFrame
    dropped: tuple[Dropped, ...]

    def csv_bytes(self) -> bytes:
        """The rows as a gazetteer CSV file, for the upload's checks."""
        buffer = io.StringIO()
        self.places.to_csv(buffer, index=False, lineterminator="\n")
        return buffer.getvalue().encode("utf-8")


def is_unlocode(header: list[str]) -> bool:
    """Whether a CSV header is that of a geoapify UN/LOCODE file."""
    return set(header) >= UNLOCODE_HEADER


def _distances_km(lat: np.ndarray, lon: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each country's code, and the rough distance (km) from every point to each (points x countries)."""
    codes, shapes = country_polygons()
    points = shapely.points(lon, lat)
    with np.errstate(invalid="ignore", over="ignore"):
        # An empty outline (a country Natural Earth draws no land for) is at no distance: NaN.
        degrees = np.nan_to_num(shapely.distance(points[:, None], shapes[None, :]), nan=np.inf)
        scale = KM_PER_DEGREE * np.maximum(np.cos(np.radians(lat)), 0.2)
        return codes, degrees * scale[:, None]


def _alpha3(alpha2: str) -> str | None:
    country = pycountry.countries.get(alpha_2=alpha2.upper())
    return str(country.alpha_3) if country else None


def _unquoted(name: str) -> str:
    """A name without the stray quotes some entries carry (``"Blazuj", Sarajevo"``)."""
    return " ".join(name.replace('"', "").split())


def _place_id(*parts: str) -> str:
    return "-".join(p.lower() for p in parts)


def from_unlocode(text: str) -> Converted:
    """Gazetteer rows from a UN/LOCODE file (geoapify's columns), keeping the entries on a border."""
    entries = list(csv.DictReader(io.StringIO(text)))
    dropped: list[Dropped] = []
    usable: list[dict[str, str]] = []
    for entry in entries:
        code = f"{entry['country']} {entry['location']}"
        if "B" not in entry.get("function", ""):
            dropped.append(Dropped(code, entry["name"], "not a border crossing (function has no B)"))
        elif not entry.get("lat") or not entry.get("lon"):
            dropped.append(Dropped(code, entry["name"], "no coordinates"))
        elif _alpha3(entry["country"]) is None:
            dropped.append(Dropped(code, entry["name"], f"unknown country code {entry['country']!r}"))
        else:
            usable.append(entry)
    rows: list[dict[str, str]] = []
    if usable:
        lat = np.array([float(e["lat"]) for e in usable])
        lon = np.array([float(e["lon"]) for e in usable])
        codes, km = _distances_km(lat, lon)
        index = {str(c): i for i, c in enumerate(codes)}
        for n, entry in enumerate(usable):
            code, own = f"{entry['country']} {entry['location']}", _alpha3(entry["country"]) or ""
            if own not in index:
                dropped.append(Dropped(code, entry["name"], f"{own} has no outline to check it against"))
                continue
            if (inside := km[n, index[own]]) > BORDER_KM:
                dropped.append(Dropped(code, entry["name"], f"{inside:,.0f} km outside {own}: the coordinate is off"))
                continue
            others = km[n].copy()
            others[index[own]] = np.inf
            nearest = int(np.argmin(others))
            if others[nearest] > BORDER_KM:
                reason = f"{others[nearest]:,.0f} km from another country ({codes[nearest]}): not on a land border"
                dropped.append(Dropped(code, entry["name"], reason))
                continue
            geocoded = entry.get("geocoded", "").strip().lower() == "true"
            located = (
                f"UN/LOCODE {code} has no coordinate; geocoded by Geoapify to the named place (town level)"
                if geocoded
                else f"UN/LOCODE {code}, to the minute (about 1-2 km)"
            )
            names = [_unquoted(entry["name"]), _unquoted(entry.get("nameWoDiacritics", ""))]
            # Some of the list's names lost a character on the way (U+FFFD); the plain spelling has it.
            names = [n for n in names if n and "\ufffd" not in n] or names
            rows.append(
                {
                    "place_id": _place_id("unlocode", entry["country"], entry["location"]),
                    "name": names[0],
                    "aliases": "|".join(dict.fromkeys(n for n in names[1:] if n != names[0])),
                    "country_a": own,
                    "country_b": str(codes[nearest]),
                    "lat": entry["lat"],
                    "lon": entry["lon"],
                    "located_by": located,
                    "source": UNLOCODE_SOURCE,
                    "note": f"UN/LOCODE status {entry.get('status', '')}, function {entry.get('function', '')}",
                }
            )
    return Converted(pd.DataFrame(rows, columns=column_names(PLACE_COLUMNS)), tuple(dropped))


#: OpenStreetMap tags that give a place another name.
_OSM_NAME_TAGS: Final = ("name:en", "official_name", "alt_name", "old_name", "short_name", "int_name")


def _osm_names(tags: dict[str, object]) -> list[str]:
    """A point's names: ``name`` first, then English and the other names, then every language's."""
    names = [tags.get("name"), *(tags.get(t) for t in _OSM_NAME_TAGS)]
    names += [v for k, v in sorted(tags.items()) if k.startswith("name:")]
    found: list[str] = []
    for value in names:
        if isinstance(value, str):
            found += [part.strip() for part in value.split(";") if part.strip()]
    return list(dict.fromkeys(found))


def _at(lat: float, lon: float) -> str:
    """A point as an id's part, to about a metre: ``5414110n-759570w``."""
    return f"{round(abs(lat) * 1e5)}{'n' if lat >= 0 else 's'}-{round(abs(lon) * 1e5)}{'e' if lon >= 0 else 'w'}"


def from_osm_geojson(text: str) -> Converted:
    """Gazetteer rows from a GeoJSON export of OpenStreetMap points (``barrier=border_control``),
    each placed between the two nearest countries."""
    features = [f for f in json.loads(text).get("features", []) if (f.get("geometry") or {}).get("type") == "Point"]
    dropped: list[Dropped] = []
    if not features:
        return Converted(pd.DataFrame(columns=column_names(PLACE_COLUMNS)), ())
    lon = np.array([float(f["geometry"]["coordinates"][0]) for f in features])
    lat = np.array([float(f["geometry"]["coordinates"][1]) for f in features])
    codes, km = _distances_km(lat, lon)
    rows: list[dict[str, str]] = []
    seen: set[str] = set()
    for n, feature in enumerate(features):
        tags = {str(k): v for k, v in (feature.get("properties") or {}).items()}
        osm_id = str(feature.get("id") or tags.get("@id") or "")
        where = f"{lat[n]:.5f},{lon[n]:.5f}"
        entry = osm_id or where
        if where in seen:
            dropped.append(Dropped(entry, "", "repeats an earlier point"))
            continue
        seen.add(where)
        if tags.get("barrier", "border_control") != "border_control":
            dropped.append(Dropped(entry, "", f"barrier={tags['barrier']}, not a border control"))
            continue
        first, second = np.argsort(km[n])[:2]
        if km[n, second] > BORDER_KM:
            reason = f"{km[n, second]:,.0f} km from a second country ({codes[second]}): not on a land border"
            dropped.append(Dropped(entry, "", reason))
            continue
        pair = sorted((str(codes[first]), str(codes[second])))
        names = _osm_names(tags)
        name = names[0] if names else f"Border control {pair[0]}-{pair[1]} at {where}"
        rows.append(
            {
                "place_id": _place_id("osm", *osm_id.split("/")) if osm_id else _place_id("osm", _at(lat[n], lon[n])),
                "name": name,
                "aliases": "|".join(names[1:]),
                "country_a": pair[0],
                "country_b": pair[1],
                "lat": f"{lat[n]:.7f}",
                "lon": f"{lon[n]:.7f}",
                "located_by": f"OpenStreetMap point {osm_id or where}",
                "source": OSM_SOURCE,
                "note": "Countries: the two nearest to the point (Natural Earth 1:110m)",
            }
        )
    return Converted(pd.DataFrame(rows, columns=column_names(PLACE_COLUMNS)), tuple(dropped))


#: How near (km) a listed place must be to a crossing of the same two countries to be that crossing.
SAME_PLACE_KM: Final = 15.0
#: The source of the gazetteer's places that are the dataset's own crossings.
CROSSING_SOURCE: Final = "Borderwatch crossings (seeds/crossings.csv)"


def crossing_places(crossings: pd.DataFrame, curated: pd.DataFrame) -> pd.DataFrame:
    """A place for every crossing a source places: its curated place where there is one (the same id),
    else one made from the crossing, its two sides' names as aliases. Curated places of no crossing
    stay as they are; a crossing with no coordinate is no place to list (it is found as a crossing)."""
    made = []
    curated_ids = set(curated["place_id"])
    for crossing in crossings.fillna("").to_dict("records"):
        if crossing["crossing_id"] in curated_ids or not crossing["lat"]:
            continue
        sides = [str(crossing[c]) for c in ("name_a", "name_b") if crossing[c] and crossing[c] != crossing["name"]]
        made.append(
            {
                "place_id": crossing["crossing_id"],
                "name": crossing["name"],
                "aliases": "|".join(dict.fromkeys(sides)),
                "country_a": crossing["country_a"],
                "country_b": crossing["country_b"],
                "lat": str(crossing["lat"]),
                "lon": str(crossing["lon"]),
                "located_by": crossing["note"] or "The crossing's own coordinate, with no note of where it comes from",
                "source": CROSSING_SOURCE,
                "note": "",
            }
        )
    return pd.concat([curated, pd.DataFrame(made, columns=curated.columns)], ignore_index=True)


def without_known_places(listed: Converted, places: pd.DataFrame) -> tuple[pd.DataFrame, Converted]:
    """``places`` with each listed place that is one of them (the same two countries, within
    :data:`SAME_PLACE_KM`) taken in as an alias, and the listed places left, with those dropped."""
    places = places.copy()
    kept, dropped = [], list(listed.dropped)
    lat, lon = pd.to_numeric(places["lat"]).to_numpy(), pd.to_numeric(places["lon"]).to_numpy()
    pairs = [frozenset(p) for p in zip(places["country_a"], places["country_b"], strict=True)]
    for row in listed.places.to_dict("records"):
        scale = KM_PER_DEGREE * max(np.cos(np.radians(float(row["lat"]))), 0.2)
        km = np.hypot(lat - float(row["lat"]), lon - float(row["lon"])) * scale
        pair = {row["country_a"], row["country_b"]}
        same = [i for i in np.argsort(km) if km[i] <= SAME_PLACE_KM and pairs[i] == pair]
        if not same:
            kept.append(row)
            continue
        at = int(same[0])
        names = [*str(places.at[at, "aliases"] or "").split("|"), row["name"], *str(row["aliases"] or "").split("|")]
        known = {places.at[at, "name"]}
        places.at[at, "aliases"] = "|".join(dict.fromkeys(n for n in names if n and n not in known))
        reason = f"the same crossing as {places.at[at, 'place_id']!s} ({km[at]:,.0f} km away): its name is an alias"
        dropped.append(Dropped(row["place_id"], row["name"], reason))
    return places, Converted(pd.DataFrame(kept, columns=listed.places.columns), tuple(dropped))
