"""The claims data model: crossings, parties and dated reports.

The column lists here are the single definition of the CSV format that data staff
upload and that ``seeds/`` is written in; the README's column tables are checked
against them by a test.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

#: Days after its latest report that a crossing's state counts as stale (BORDERWATCH_STALE_AFTER_DAYS).
STALE_AFTER_DAYS: Final = 30


class Status(StrEnum):
    """Whether a crossing lets people and goods through."""

    OPEN = "open"
    RESTRICTED = "restricted"
    SEALED = "sealed"
    UNKNOWN = "unknown"


#: How restrictive each status is; on a day whose reports disagree the highest wins.
#: ``unknown`` ranks lowest: it says nothing, so it never outweighs a stated status.
STATUS_SEVERITY: Final[dict[str, int]] = {
    Status.UNKNOWN.value: 0,
    Status.OPEN.value: 1,
    Status.RESTRICTED.value: 2,
    Status.SEALED.value: 3,
}

CONFIDENCE_LEVELS: Final[tuple[str, ...]] = ("high", "medium", "low")
PARTY_KINDS: Final[tuple[str, ...]] = ("state", "armed-group", "international", "media", "other")
#: What an authorisation does to the traffic it names.
EFFECTS: Final[tuple[str, ...]] = ("permits", "forbids")
#: The kinds of traffic a status can be stated for; a status with none speaks for all of them.
TRAFFIC_KINDS: Final[tuple[str, ...]] = ("people", "goods", "aid")


@dataclass(frozen=True)
class Column:
    """One CSV column: its name, whether a value is required, and what it means."""

    name: str
    required: bool
    description: str
    example: str


CROSSING_COLUMNS: Final[tuple[Column, ...]] = (
    Column("crossing_id", True, "Lowercase slug naming the crossing", "spin-boldak-chaman"),
    Column("name", True, "Display name", "Spin Boldak-Chaman"),
    Column("country_a", True, "ISO 3166-1 alpha-3 of one side", "AFG"),
    Column("country_b", True, "ISO 3166-1 alpha-3 of the other side", "PAK"),
    Column("name_a", False, "The crossing's name on side A, any script", "Spin Boldak (Wesh)"),
    Column("name_b", False, "The crossing's name on side B, any script", "Chaman"),
    Column(
        "lat",
        False,
        "Latitude, WGS 84 decimal degrees; empty, with lon, where no source places the crossing "
        "(listed and reported, not drawn)",
        "30.92222",
    ),
    Column("lon", False, "Longitude, WGS 84 decimal degrees; empty together with lat", "66.44472"),
    Column("region", True, "Grouping for the region selector (slug)", "afghanistan-2021"),
    Column("note", False, "Free text, e.g. where the coordinate comes from", "Gate coordinate"),
)

PARTY_COLUMNS: Final[tuple[Column, ...]] = (
    Column("party_id", True, "Lowercase slug naming the party", "taliban"),
    Column("name", True, "Display name", "Taliban"),
    Column("color", False, "Map colour as #rrggbb; empty takes the default palette", "#e69f00"),
    Column("kind", True, "One of: " + ", ".join(PARTY_KINDS), "armed-group"),
    Column(
        "country",
        False,
        "For a state: alpha-3 of its own country, whose side of a crossing it is presumed to hold "
        "where no report names a holder",
        "PAK",
    ),
    Column(
        "aliases",
        False,
        "Other names reports give it, separated by |: how an article is read for who claims what",
        "Islamic Emirate|Taliban fighters",
    ),
)

REPORT_COLUMNS: Final[tuple[Column, ...]] = (
    Column("crossing_id", True, "The crossing the report is about", "spin-boldak-chaman"),
    Column("date", True, "Day the claim or observation refers to, YYYY-MM-DD", "2021-07-14"),
    Column("claimant", False, "Party making the claim; empty for an independent observer", "taliban"),
    Column("controller", False, "Party said to hold the crossing; empty = not stated", "taliban"),
    Column(
        "status",
        False,
        "One of: open, restricted, sealed, unknown; empty = not stated",
        "sealed",
    ),
    Column("side", False, "Alpha-3 of the side the report is about", "AFG"),
    Column(
        "traffic",
        False,
        "The kind of traffic the status is for, one of: " + ", ".join(TRAFFIC_KINDS) + "; empty = all",
        "goods",
    ),
    Column(
        "direction",
        False,
        "Alpha-3 of the country the traffic goes towards; empty = both ways",
        "PAK",
    ),
    Column("source", True, "Outlet or agency that published the claim", "AFP"),
    Column("attribution", False, "Who said it", "Taliban spokesman Zabihullah Mujahid"),
    Column("url", False, "Link to the publisher's own page (http or https)", "https://example.org/a"),
    Column("confidence", True, "One of: " + ", ".join(CONFIDENCE_LEVELS), "high"),
    Column("note", False, "Free text", "Claim made minutes after the attack"),
    Column(
        "credibility",
        False,
        "How credible the information is, 1 (confirmed by other sources) to 6 (cannot be judged); "
        "empty = from confidence (high 2, medium 3, low 4)",
        "3",
    ),
    Column(
        "origin",
        False,
        "The agency that first reported it, when the source republishes; empty = the source itself",
        "AFP",
    ),
    Column(
        "date_latest",
        False,
        "Last day the event may have been on, when the date is uncertain, YYYY-MM-DD; empty = date is certain",
        "2021-07-15",
    ),
)

#: Outlets, agencies and named speakers, each with its reliability (see :mod:`geo.grading`).
SOURCE_COLUMNS: Final[tuple[Column, ...]] = (
    Column("source_id", True, "Lowercase slug naming the source", "afp"),
    Column("name", True, "Display name, as reports name it", "AFP"),
    Column("aliases", False, "Other names reports give it, separated by |", "Agence France-Presse|AFP (timeline)"),
    Column("reliability", True, "One of: A, B, C, D, E, F (A completely reliable ... F cannot be judged)", "B"),
    Column("party", False, "The party whose own voice it is (its official media or spokesman)", ""),
    Column("reason", False, "Why it has this grade", "Wire agency with its own correspondents"),
    Column("note", False, "Free text", "French news agency"),
)

#: Permission apart from control: who lets which traffic through which crossings, from when until when.
#: A renewal, a lapse or a revocation is a new record, never an edit (see :mod:`geo.mandates`).
AUTHORISATION_COLUMNS: Final[tuple[Column, ...]] = (
    Column("issuer", True, "Party that grants or withholds the permission", "un-security-council"),
    Column("crossings", True, "The crossings it names, ids separated by |", "bab-al-hawa|bab-al-salam"),
    Column(
        "traffic",
        False,
        "The kind of traffic it is for, one of: " + ", ".join(TRAFFIC_KINDS) + "; empty = all",
        "aid",
    ),
    Column("effect", True, "One of: " + ", ".join(EFFECTS), "permits"),
    Column("start_date", True, "First day in force, YYYY-MM-DD", "2014-07-14"),
    Column("end_date", False, "Last day in force, YYYY-MM-DD; empty = open-ended", "2015-01-10"),
    Column("title", False, "What it is called", "UN Security Council resolution 2165"),
    Column("source", True, "Outlet or agency that published it", "UN press release SC/11473"),
    Column("attribution", False, "Who said it", "UN Security Council"),
    Column(
        "url", False, "Link to the publisher's own page (http or https)", "https://press.un.org/en/2014/sc11473.doc.htm"
    ),
    Column("confidence", True, "One of: " + ", ".join(CONFIDENCE_LEVELS), "high"),
    Column("note", False, "Free text", "Adopted unanimously; 180 days"),
)

#: The regions crossings are grouped in, by the slug their ``region`` names: how a region reads.
REGION_COLUMNS: Final[tuple[Column, ...]] = (
    Column("region_id", True, "Lowercase slug, as crossings name it in their region column", "syria-2014-2024"),
    Column("name", True, "Display name", "Syria: UN cross-border aid, 2014-2024"),
    Column("note", False, "What the region holds, in a sentence", "Six crossings from Turkey, Iraq and Jordan"),
)

#: The gazetteer: the world's border crossings as reference places, whether or not any report names
#: them (see :mod:`geo.gazetteer`). A place whose id is a crossing's is that crossing.
PLACE_COLUMNS: Final[tuple[Column, ...]] = (
    Column("place_id", True, "Lowercase slug naming the place; a crossing's own id where it is one", "kerem-shalom"),
    Column("name", True, "Display name", "Kerem Shalom"),
    Column("aliases", False, "Other names and spellings, any script, separated by |", "Karem Abu Salem|כרם שלום"),
    Column("country_a", True, "ISO 3166-1 alpha-3 of one side", "ISR"),
    Column("country_b", True, "ISO 3166-1 alpha-3 of the other side", "PSE"),
    Column("lat", True, "Latitude, WGS 84 decimal degrees", "31.220833"),
    Column("lon", True, "Longitude, WGS 84 decimal degrees", "34.270556"),
    Column("located_by", True, "Where the coordinate comes from, and how close it is", "Arabic Wikipedia infobox"),
    Column("source", True, "The list or file the place comes from", "Borderwatch crossings (seeds/crossings.csv)"),
    Column("note", False, "Free text", ""),
)

#: What separates the ids of a cell naming several crossings (an authorisation's ``crossings``).
ID_SEPARATOR: Final = "|"


def listed_ids(value: str) -> list[str]:
    """The ids of a cell naming several, spaces aside, empty ones dropped.

    >>> listed_ids("bab-al-hawa | bab-al-salam|")
    ['bab-al-hawa', 'bab-al-salam']
    """
    return [part.strip() for part in value.split(ID_SEPARATOR) if part.strip()]


#: The CSV files of a dataset folder such as ``seeds/``, with their columns.
DATASET_FILES: Final[dict[str, tuple[Column, ...]]] = {
    "regions.csv": REGION_COLUMNS,
    "crossings.csv": CROSSING_COLUMNS,
    "parties.csv": PARTY_COLUMNS,
    "sources.csv": SOURCE_COLUMNS,
    "reports.csv": REPORT_COLUMNS,
    "authorisations.csv": AUTHORISATION_COLUMNS,
    "gazetteer.csv": PLACE_COLUMNS,
}


def column_names(columns: tuple[Column, ...]) -> list[str]:
    """The names of ``columns`` in file order."""
    return [c.name for c in columns]


#: Okabe-Ito colours, distinguishable with the common forms of colour blindness, then six of Paul Tol's
#: muted scheme for regions with more parties than that (Syria's map may show thirteen).
#: Black is left out: it is the outline and text colour of the map.
DEFAULT_PALETTE: Final[tuple[str, ...]] = (
    "#e69f00",
    "#56b4e9",
    "#009e73",
    "#0072b2",
    "#d55e00",
    "#cc79a7",
    "#f0e442",
    "#882255",
    "#44aa99",
    "#999933",
    "#332288",
    "#aa4499",
    "#117733",
)

#: Fill for a crossing whose controller is unknown.
UNKNOWN_COLOR: Final[str] = "#ffffff"


def assign_colors(
    party_ids: list[str], explicit: dict[str, str], together: Iterable[Collection[str]] = ()
) -> dict[str, str]:
    """Give each party its explicit colour, or a palette colour that no party seen with it has.

    ``together`` groups the parties one map shows side by side (those of one region). In id order,
    each party without a colour takes the palette colour fewest of the parties seen with it have,
    then one no party was given explicitly, then the one fewest parties have at all, then the first:
    so two parties of one region differ while the palette lasts.

    >>> assign_colors(["b", "a", "c"], {"b": "#e69f00"})
    {'a': '#56b4e9', 'b': '#e69f00', 'c': '#009e73'}
    >>> assign_colors(["a", "b", "c", "d"], {}, together=[{"a", "c"}, {"b", "d"}, {"c", "d"}])
    {'a': '#e69f00', 'b': '#56b4e9', 'c': '#009e73', 'd': '#0072b2'}
    """
    taken = {c.lower() for c in explicit.values() if c}
    seen_with: dict[str, set[str]] = {p: set() for p in party_ids}
    for group in together:
        for party_id in group:
            seen_with.setdefault(party_id, set()).update(group)
    colors = {p: explicit[p] for p in party_ids if explicit.get(p)}
    used = Counter(c.lower() for c in colors.values())
    for party_id in sorted(party_ids):
        if party_id in colors:
            continue
        near = Counter(colors[p].lower() for p in seen_with[party_id] if p in colors and p != party_id)
        colors[party_id] = min(DEFAULT_PALETTE, key=lambda c: (near[c], c in taken, used[c], DEFAULT_PALETTE.index(c)))
        used[colors[party_id]] += 1
    return dict(sorted(colors.items()))
