"""Plain-language wording of states: who claims each holder and who vouches for it, and the state table."""

from __future__ import annotations

from datetime import date

import folium
import pandas as pd
import pytest

from geo.asof import Timeline
from geo.atlas import Atlas
from geo.corroboration import corroboration_text, holder_corroboration, party_mention
from geo.describe import (
    claim_text,
    claims_table,
    crossing_label,
    held_by_text,
    holder_text,
    passage_text,
    state_cell_text,
    state_sentence,
    status_text,
)
from geo.ingest.preview import state_changes
from geo.present.leaflet import build_crossing_layer
from geo.state_table import STATE_TABLE_COLUMNS, state_table

NAMES = {
    "taliban": "Taliban",
    "afghan-government": "Afghan government",
    "pakistan": "Pakistan",
    "iran": "Iran",
    "knu": "Karen National Union (KNLA)",
    "myanmar-military": "Myanmar military",
    "un": "The United Nations",
}
KINDS = {
    "taliban": "armed-group",
    "knu": "armed-group",
    "afghan-government": "state",
    "pakistan": "state",
    "iran": "state",
    "myanmar-military": "state",
    "un": "international",
}
SEED_DAY = date(2021, 7, 14)

MENTION_CASES = [
    ("an armed group takes the article", "taliban", KINDS, "the Taliban"),
    ("a name with a common noun takes the article", "afghan-government", KINDS, "the Afghan government"),
    ("a state's proper name stands alone", "pakistan", KINDS, "Pakistan"),
    ("a long armed group's name", "knu", KINDS, "the Karen National Union (KNLA)"),
    ("a name starting with The keeps it once", "un", KINDS, "The United Nations"),
    ("without kinds the common noun still counts", "myanmar-military", None, "the Myanmar military"),
    ("an unknown party is its id", "someone", KINDS, "someone"),
]


@pytest.mark.parametrize(("name", "party", "kinds", "expected"), MENTION_CASES, ids=[c[0] for c in MENTION_CASES])
def test_party_mention(name: str, party: str, kinds: dict[str, str] | None, expected: str) -> None:
    assert party_mention(party, NAMES, kinds) == expected


def voices(*rows: tuple[str, str, str]) -> pd.DataFrame:
    """Deciding reports naming one holder, as (claimant, grade, origin) with each origin's name its id in capitals."""
    return pd.DataFrame(
        {
            "claimant": [r[0] for r in rows],
            "grade": [r[1] for r in rows],
            "origin_key": [r[2] for r in rows],
            "origin_name": [r[2].upper() for r in rows],
        }
    )


HOLDER_CASES = [
    (
        "own claim confirmed by another party",
        "taliban",
        voices(("pakistan", "B2", "afp"), ("taliban", "C3", "afp")),
        "Taliban: claimed by the Taliban (C3); confirmed by one independent origin, Pakistan (B2)",
    ),
    (
        "own claim only, each grade once, strongest first",
        "afghan-government",
        voices(
            ("afghan-government", "C4", "afp"), ("afghan-government", "B4", "reuters"), ("afghan-government", "C4", "x")
        ),
        "Afghan government: its own claim only (B4, C4)",
    ),
    (
        "a report no party claims is its origin's own",
        "afghan-government",
        voices(("", "A2", "ocha")),
        "Afghan government: confirmed by one independent origin, OCHA (A2)",
    ),
    (
        "two outlets' own reporting are named apart",
        "taliban",
        voices(("", "C3", "reuters"), ("", "D3", "pajhwok")),
        "Taliban: confirmed by 2 independent origins, REUTERS (C3) and PAJHWOK (D3)",
    ),
    (
        "an origin without a name is an independent observer",
        "taliban",
        voices(("", "C3", "")),
        "Taliban: confirmed by one independent origin, an independent observer (C3)",
    ),
    (
        "ten pages of one wire story are one origin",
        "taliban",
        voices(*[("", "B2", "afp")] * 9, ("pakistan", "B3", "afp"), ("taliban", "C3", "tolo")),
        "Taliban: claimed by the Taliban (C3); confirmed by one independent origin in 10 reports, "
        "Pakistan and AFP (B2; 10 reports from AFP)",
    ),
    (
        "origins strongest first, pages counted beside them",
        "taliban",
        voices(("iran", "C2", "irna"), ("pakistan", "B2", "afp"), ("", "B3", "afp"), ("taliban", "C3", "tolo")),
        "Taliban: claimed by the Taliban (C3); confirmed by 2 independent origins in 3 reports, "
        "Pakistan and AFP (B2; 2 reports from AFP) and Iran (C2)",
    ),
    (
        "others confirm, no claim of its own",
        "taliban",
        voices(("pakistan", "B2", "afp"), ("iran", "C3", "irna")),
        "Taliban: confirmed by 2 independent origins, Pakistan (B2) and Iran (C3)",
    ),
    ("no report names it", "taliban", voices(), "Taliban: named by no report"),
]


@pytest.mark.parametrize(("name", "holder", "reports", "expected"), HOLDER_CASES, ids=[c[0] for c in HOLDER_CASES])
def test_holder_corroboration(name: str, holder: str, reports: pd.DataFrame, expected: str) -> None:
    assert holder_corroboration(holder, reports, NAMES, KINDS) == expected


def test_a_report_from_the_holders_own_speaker_or_media_is_its_own_claim_whoever_passes_it_on() -> None:
    reports = voices(("", "C3", "al-emarah"), ("pakistan", "B2", "afp"), ("", "D3", "sputnik")).assign(
        speaker_party=["", "", "taliban"], origin_party=["taliban", "", ""]
    )
    assert holder_corroboration("taliban", reports, NAMES, KINDS) == (
        "Taliban: claimed by the Taliban (C3, D3); confirmed by one independent origin, Pakistan (B2)"
    )


def deciding(*rows: tuple[str, str, str, str]) -> pd.DataFrame:
    """Deciding reports as (controller, claimant, grade, origin)."""
    frame = voices(*[(r[1], r[2], r[3]) for r in rows])
    return frame.assign(controller=[r[0] for r in rows])


STATE_CASES = [
    (
        "contested: the confirmed holder first",
        {"controllers": ("afghan-government", "taliban")},
        deciding(
            ("afghan-government", "afghan-government", "C4", "afp"),
            ("taliban", "pakistan", "B2", "afp"),
            ("taliban", "taliban", "C3", "afp"),
        ),
        "Taliban: claimed by the Taliban (C3); confirmed by one independent origin, Pakistan (B2); "
        "Afghan government: its own claim only (C4)",
    ),
    (
        "both confirmed: the strongest first",
        {"controllers": ("afghan-government", "taliban")},
        deciding(("afghan-government", "", "C2", "ocha"), ("taliban", "pakistan", "B2", "afp")),
        "Taliban: confirmed by one independent origin, Pakistan (B2); "
        "Afghan government: confirmed by one independent origin, OCHA (C2)",
    ),
    (
        "one holder",
        {"controllers": ("taliban",)},
        deciding(("taliban", "taliban", "C3", "afp")),
        "Taliban: its own claim only (C3)",
    ),
    ("no holder named", {"controllers": ()}, deciding(), ""),
]


@pytest.mark.parametrize(("name", "state", "reports", "expected"), STATE_CASES, ids=[c[0] for c in STATE_CASES])
def test_corroboration_text(name: str, state: dict[str, object], reports: pd.DataFrame, expected: str) -> None:
    assert corroboration_text(state, reports, NAMES, KINDS) == expected


def test_on_the_seed_day_pakistan_confirms_the_taliban_and_kabuls_claim_is_its_own(seed_atlas: Atlas) -> None:
    state = seed_atlas.state("spin-boldak-chaman", SEED_DAY)
    deciding = seed_atlas.deciding("spin-boldak-chaman", SEED_DAY)
    assert corroboration_text(state, deciding, seed_atlas.party_names(), seed_atlas.party_kinds()) == (
        "Taliban on the Afghan side: claimed by the Taliban (C3); confirmed by one independent origin, Pakistan (B2); "
        "Afghan government on the Afghan side: its own claim only (C4)"
    )


def test_the_day_after_the_foreign_office_alone_names_the_taliban(seed_atlas: Atlas) -> None:
    day = date(2021, 7, 15)
    state = seed_atlas.state("spin-boldak-chaman", day)
    deciding = seed_atlas.deciding("spin-boldak-chaman", day)
    assert corroboration_text(state, deciding, seed_atlas.party_names(), seed_atlas.party_kinds()) == (
        "Taliban on the Afghan side: confirmed by one independent origin, Pakistan (C2)"
    )


def test_the_state_table_has_one_sortable_row_per_crossing(seed_atlas: Atlas) -> None:
    states = seed_atlas.states(SEED_DAY)
    states = states[states["region"] == "afghanistan-2021"]
    table = state_table(
        states, seed_atlas.party_names(), kinds=seed_atlas.party_kinds(), deciding=seed_atlas.deciding_for(states)
    )
    assert list(table.columns) == list(STATE_TABLE_COLUMNS)
    assert list(table["crossing"]) == list(states["name"])
    spin = table.set_index("crossing").loc["Spin Boldak-Chaman"]
    assert spin["held by"] == (
        "Afghan side: contested: Afghan government and Taliban; Pakistani side: Pakistan (presumed)"
    )
    assert spin["status"] == "sealed from the Pakistani side"
    assert spin["corroboration"].startswith(
        "Taliban on the Afghan side: claimed by the Taliban (C3); confirmed by one independent origin, Pakistan (B2); "
    )
    assert spin["last report"] == SEED_DAY
    assert spin["sources"] == "AFP; Arab News; Reuters"
    # Dates stay dates, so the column sorts by time.
    assert all(isinstance(d, date) or d is None for d in table["last report"])


def test_the_state_table_marks_unconfirmed_and_stale_and_leaves_sources_empty_without_reports(
    seed_atlas: Atlas,
) -> None:
    states = seed_atlas.states(date(2021, 12, 31))
    table = state_table(states, seed_atlas.party_names())
    assert set(table["sources"]) == {""}
    stale = states["stale"].to_numpy()
    assert all(s.endswith("(stale)") for s in table["status"][stale])
    assert not any(s.endswith("(stale)") for s in table["status"][~stale])
    unconfirmed = (states["controllers"].map(len) == 1) & ~states["confirmed"].astype(bool)
    assert all(h.endswith("(unconfirmed)") for h in table["held by"][unconfirmed.to_numpy()])


def test_the_state_table_of_nothing_has_its_columns(seed_atlas: Atlas) -> None:
    assert list(state_table(seed_atlas.states(SEED_DAY).iloc[0:0], {}).columns) == list(STATE_TABLE_COLUMNS)


def test_the_claims_table_words_each_report_as_claim_text_does(seed_atlas: Atlas) -> None:
    reports = seed_atlas.reports
    names = seed_atlas.party_names()
    table = claims_table(reports, names)
    rows = reports.to_dict("records")
    # The table says each report's side in its own column, so its claim leaves the side out.
    assert list(table["claim"]) == [claim_text({**r, "side": ""}, names) for r in rows]
    assert list(table["side"]) == [r["side"] or "" for r in rows]
    assert list(table["claimant"]) == [
        names.get(r["claimant"], r["claimant"]) if r["claimant"] else "independent observer" for r in rows
    ]
    assert list(table["date"]) == list(reports["date"])
    assert list(table["link"]) == [r["url"] or None for r in rows]


def test_the_claims_table_reads_missing_cells_as_empty() -> None:
    reports = pd.DataFrame(
        {
            "date": [SEED_DAY, SEED_DAY],
            "claimant": [None, "taliban"],
            "controller": ["taliban", None],
            "status": [None, "sealed"],
            "side": [None, "AFG"],
            "source": ["AFP", "AFP"],
            "attribution": [None, "x"],
            "url": [None, ""],
            "confidence": ["high", "low"],
            "note": [None, "n"],
        }
    )
    table = claims_table(reports, NAMES)
    assert list(table["claimant"]) == ["independent observer", "Taliban"]
    assert list(table["claim"]) == ["held by Taliban", "sealed"]
    assert list(table["link"]) == [None, None]
    assert list(table["side"]) == ["", "AFG"] and list(table["speaker"]) == ["", "x"]


def test_the_claims_table_of_no_reports_is_empty(seed_atlas: Atlas) -> None:
    assert claims_table(seed_atlas.reports.iloc[0:0], {}).empty


# One wording of a state ----------------------------------------------------------------------

ONE_STATE = [
    (
        {"controllers": ("afghan-government", "taliban"), "confirmed": False},
        "contested between Afghan government and Taliban",
        "contested: Afghan government and Taliban",
    ),
    (
        {"controllers": ("taliban",), "confirmed": False},
        "held by Taliban (unconfirmed: only its own claim)",
        "Taliban (unconfirmed)",
    ),
    ({"controllers": ("taliban",), "confirmed": True}, "held by Taliban", "Taliban"),
    ({"controllers": (), "confirmed": False}, "holder unknown", "holder unknown"),
]


@pytest.mark.parametrize(("state", "sentence", "cell"), ONE_STATE)
def test_a_holder_has_a_sentence_form_and_a_table_cell_form_that_say_the_same(
    state: dict[str, object], sentence: str, cell: str
) -> None:
    assert holder_text(state, NAMES) == sentence
    assert held_by_text(state, NAMES) == cell


def test_the_upload_preview_words_a_state_as_the_state_table_does(seed_atlas: Atlas) -> None:
    crossing = "spin-boldak-chaman"
    reports = pd.DataFrame(
        {
            "crossing_id": [crossing] * 2,
            "date": [SEED_DAY] * 2,
            "claimant": ["taliban", "afghan-government"],
            "controller": ["taliban", "afghan-government"],
            "status": ["sealed", "open"],
        }
    )
    before = Timeline(reports.iloc[0:0], [crossing])
    after = Timeline(reports, [crossing])
    (change,) = state_changes(before, after, seed_atlas).to_dict("records")
    state = after.state_of(crossing, SEED_DAY)
    assert change["after"] == state_cell_text(state, seed_atlas.party_names())
    assert change["after"] == "contested: Afghan government and Taliban; sealed (disputed: reports that day disagree)"
    assert change["before"] == "holder unknown; unknown"


def test_the_map_hover_text_is_the_storys_holder_and_status(seed_atlas: Atlas) -> None:
    names = seed_atlas.party_names()
    shown = seed_atlas.view(SEED_DAY, region="afghanistan-2021").shown
    spin = shown[shown["crossing_id"] == "spin-boldak-chaman"].iloc[0].to_dict()
    assert crossing_label(spin, names) == (f"Spin Boldak-Chaman · {holder_text(spin, names)} · {status_text(spin)}")
    page = folium.Map()
    layer = build_crossing_layer(shown, day_label=SEED_DAY.isoformat(), names=names, colors=seed_atlas.party_colors())
    layer.add_to(page)
    assert "the Afghan side contested between Afghan government and Taliban, " in page.get_root().render()
    assert "held by Pakistan (presumed: its own side) · sealed from the Pakistani side" in page.get_root().render()


def test_on_the_seed_day_the_story_tells_each_side_and_a_traveller_cannot_cross(seed_atlas: Atlas) -> None:
    state = seed_atlas.state("spin-boldak-chaman", SEED_DAY)
    names = seed_atlas.party_names()
    assert state_sentence(state, names) == (
        "Spin Boldak-Chaman: the Afghan side contested between Afghan government and Taliban, "
        "the Pakistani side held by Pakistan (presumed: its own side); "
        "sealed from the Pakistani side; last report 2021-07-14."
    )
    assert passage_text(state) == "No: sealed from the Pakistani side."


PASSAGE_CASES = [
    ({"status": "open", "status_side": "", "status_disputed": False}, "Yes: open."),
    (
        {"status": "restricted", "status_side": "IRN", "status_disputed": False},
        "Only in part: restricted from the Iranian side.",
    ),
    (
        {"status": "sealed", "status_side": "", "status_disputed": True},
        "No: sealed (disputed: reports that day disagree).",
    ),
    (
        {"status": "unknown", "status_side": "", "status_disputed": False},
        "Not known: no report says whether it is open.",
    ),
]


@pytest.mark.parametrize(("state", "expected"), PASSAGE_CASES)
def test_a_travellers_answer_comes_from_the_most_restrictive_side(state: dict[str, object], expected: str) -> None:
    assert passage_text(state) == expected


def test_a_states_own_side_is_presumed_held_by_it_and_sides_that_agree_read_as_one_crossing(seed_atlas: Atlas) -> None:
    state = seed_atlas.state("spin-boldak-chaman", date(2021, 5, 1))
    assert state["a_controllers"] == ("afghan-government",) and state["b_controllers"] == ()
    assert holder_text(state, seed_atlas.party_names()) == (
        "the Afghan side held by Afghan government, the Pakistani side held by Pakistan (presumed: its own side)"
    )
    assert held_by_text(state, seed_atlas.party_names()) == (
        "Afghan side: Afghan government; Pakistani side: Pakistan (presumed)"
    )
    # No party gives Myanmar as its own country in the seeds (who governs it is what is fought over).
    myawaddy = seed_atlas.state("myawaddy-mae-sot", date(2024, 4, 11))
    assert myawaddy["a_presumed"] == "" and myawaddy["b_presumed"] == "thailand"
    torghundi = seed_atlas.state("torghundi", date(2021, 8, 27))
    assert torghundi["a_status"] == torghundi["b_status"] == "open"
    assert status_text(torghundi) == "open"
