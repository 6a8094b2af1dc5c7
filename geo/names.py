"""Names for readers: countries by their ISO 3166-1 alpha-3 code, regions by their slug.

Codes and slugs are for files and links; every page, legend and caption shows these names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Final

import pycountry

#: ISO's names that put the noun after a comma, or that no reader uses, in the form news reports use.
SHORT_NAMES: Final = {
    "COD": "DR Congo",
    "COG": "Republic of the Congo",
    "PSE": "Palestine",
    "RUS": "Russia",
    "PRK": "North Korea",
    "FSM": "Micronesia",
    "VAT": "Vatican City",
}

#: How reports name a country's side of a crossing: "the Pakistani side". A country not listed
#: is named in full ("the Moldova side"), which reads as well if less smoothly.
SIDE_ADJECTIVES: Final = {
    "AFG": "Afghan",
    "BGD": "Bangladeshi",
    "CHN": "Chinese",
    "COD": "Congolese",
    "EGY": "Egyptian",
    "IND": "Indian",
    "IRN": "Iranian",
    "IRQ": "Iraqi",
    "ISR": "Israeli",
    "JOR": "Jordanian",
    "LBN": "Lebanese",
    "LBY": "Libyan",
    "MMR": "Myanmar",
    "PAK": "Pakistani",
    "PSE": "Palestinian",
    "RUS": "Russian",
    "RWA": "Rwandan",
    "SDN": "Sudanese",
    "SYR": "Syrian",
    "TCD": "Chadian",
    "THA": "Thai",
    "TJK": "Tajik",
    "TKM": "Turkmen",
    "TUN": "Tunisian",
    "TUR": "Turkish",
    "UGA": "Ugandan",
    "UKR": "Ukrainian",
    "UZB": "Uzbek",
    "DZA": "Algerian",
    "AGO": "Angolan",
    "ARM": "Armenian",
    "AZE": "Azerbaijani",
    "BLR": "Belarusian",
    "BDI": "Burundian",
    "KHM": "Cambodian",
    "CMR": "Cameroonian",
    "CAF": "Central African",
    "COL": "Colombian",
    "ERI": "Eritrean",
    "EST": "Estonian",
    "ETH": "Ethiopian",
    "FIN": "Finnish",
    "GEO": "Georgian",
    "HUN": "Hungarian",
    "KAZ": "Kazakh",
    "KEN": "Kenyan",
    "KGZ": "Kyrgyz",
    "LAO": "Lao",
    "LVA": "Latvian",
    "LTU": "Lithuanian",
    "MLI": "Malian",
    "MEX": "Mexican",
    "MDA": "Moldovan",
    "MNG": "Mongolian",
    "MAR": "Moroccan",
    "NPL": "Nepalese",
    "NER": "Nigerien",
    "NGA": "Nigerian",
    "NOR": "Norwegian",
    "POL": "Polish",
    "ROU": "Romanian",
    "SAU": "Saudi",
    "SRB": "Serbian",
    "SOM": "Somali",
    "SSD": "South Sudanese",
    "TZA": "Tanzanian",
    "USA": "American",
    "VEN": "Venezuelan",
    "VNM": "Vietnamese",
    "YEM": "Yemeni",
    "ZMB": "Zambian",
}

_YEARS = re.compile(r"^(?P<place>.+?)-(?P<first>\d{4})(?:-(?P<last>\d{4}))?$")


#: Territories wire copy names for one side of a crossing, by the country they are of (ISO 3166):
#: "patients leaving Gaza" go from the Palestinian side.
TERRITORIES: Final[dict[str, tuple[str, ...]]] = {"PSE": ("Gaza", "the Gaza Strip", "Gaza Strip", "the West Bank")}


def is_place_name(text: str) -> bool:
    """Whether ``text`` names a country or one of its :data:`TERRITORIES` (so is no party's short name).

    >>> is_place_name("Gaza"), is_place_name("Pakistan"), is_place_name("RSF")
    (True, True, False)
    """
    wanted = text.strip().casefold()
    if any(wanted == name.casefold() for names in TERRITORIES.values() for name in names):
        return True
    try:
        pycountry.countries.lookup(text.strip())
    except LookupError:
        return False
    return True


@cache
def country_name(code: str) -> str:
    """The name of the country with alpha-3 ``code``; the code itself when ISO has no such country.

    >>> country_name("PAK"), country_name("IRN"), country_name("COD"), country_name("XXX")
    ('Pakistan', 'Iran', 'DR Congo', 'XXX')
    """
    if code in SHORT_NAMES:
        return SHORT_NAMES[code]
    country = pycountry.countries.get(alpha_3=code.upper()) if len(code) == 3 else None
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)


@cache
def is_country_code(code: str) -> bool:
    """Whether ``code`` is an assigned ISO 3166-1 alpha-3 code (``AFG`` yes; ``ZZZ`` and ``afg`` no).

    >>> is_country_code("AFG"), is_country_code("ZZZ")
    (True, False)
    """
    return len(code) == 3 and code.isupper() and pycountry.countries.get(alpha_3=code) is not None


def side_label(code: str) -> str:
    """A country's side of a crossing, as a label names it.

    >>> side_label("PAK"), side_label("BTN")
    ('Pakistani side', 'Bhutan side')
    """
    return f"{SIDE_ADJECTIVES.get(code) or country_name(code)} side"


def side_name(code: str) -> str:
    """A country's side of a crossing, as running text names it: ``'the Pakistani side'``."""
    return f"the {side_label(code)}"


def pair_name(code_a: str, code_b: str) -> str:
    """The two countries a crossing joins, as a reader writes them: ``Afghanistan–Pakistan``."""
    return f"{country_name(code_a)}–{country_name(code_b)}"


def listed(items: Sequence[str]) -> str:
    """Names in running text: "a", "a and b", "a, b and c".

    >>> listed(["people", "goods", "aid"])
    'people, goods and aid'
    """
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


#: How the view of every region at once reads, wherever a region's name would.
ALL_REGIONS: Final = "All regions"


@cache
def region_name(slug: str) -> str:
    """A region's slug read as a name: its places capitalised, its years after a comma.

    Places that are countries are written as countries and joined by a dash.

    >>> region_name("afghanistan-2021"), region_name("myanmar-thailand-2024"), region_name("gaza-2023-2025")
    ('Afghanistan, 2021', 'Myanmar–Thailand, 2024', 'Gaza, 2023–2025')
    >>> region_name("texas-mexico-bridges")
    'Texas Mexico bridges'
    """
    match = _YEARS.match(slug)
    place, years = (
        (match["place"], match["first"] + (f"–{match['last']}" if match["last"] else ""))
        if match
        else (
            slug,
            "",
        )
    )
    words = [w for w in place.split("-") if w]
    countries = [_country_called(w) for w in words]
    if words and all(countries):
        text = "–".join(c for c in countries if c)
    else:
        text = " ".join(c or w for c, w in zip(countries, words, strict=True)) if words else slug
        text = text[:1].upper() + text[1:]
    return f"{text}, {years}" if years else text


def _country_called(word: str) -> str | None:
    """The country whose name is the one word ``word`` (``"afghanistan"``), else None."""
    try:
        country = pycountry.countries.lookup(word)
    except LookupError:
        return None
    return country_name(country.alpha_3) if country_name(country.alpha_3).casefold() == word.casefold() else None
