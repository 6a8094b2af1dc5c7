"""What an upload would do, worked out before anything is written.

New rows, rows that exactly repeat stored ones or an earlier line of the same file
(skipped and counted), and every crossing whose state would change, on which day,
from what to what.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from geo.asof import Timeline
from geo.atlas import Atlas
from geo.dates import day_from_number, iso_days
from geo.describe import side_change, state_cell_text
from geo.grading import OWNER_COLUMNS, SourceBook, graded_reports
from geo.ingest.columns import KIND_COLUMNS, PLACED_KINDS
from geo.ingest.rules import decimals
from geo.ingest.upload import Known, Upload
from geo.mandates import Mandates
from geo.model import Status, column_names, listed_ids
from geo.permission_text import authorisations_text
from geo.sides import SIDES, crossing_countries, presumed_holders

#: Columns of :attr:`Preview.changes`.
#: ``side`` is the country of the one side that changes ("" when both do, or the crossing has no
#: sides), and then ``before`` and ``after`` are that side's, in the words of :func:`geo.describe.side_change`.
CHANGE_COLUMNS = ("crossing_id", "name", "date", "side", "before", "after")
_STATE = ("controllers", "confirmed", "status", "status_disputed", "status_side", "country_a", "country_b")
#: Each side's columns the wording reads, so a change on one side reads as one.
_SIDE_STATE = tuple(
    f"{side}_{field}" for side in SIDES for field in ("controllers", "confirmed", "presumed", "status", "parts")
)
_WORDED = (*_STATE, *_SIDE_STATE)
#: The report columns the as-of rule reads.
_RULE_COLUMNS = ("crossing_id", "date", "claimant", "controller", "status", "side", "traffic", "direction")
#: What says whose voice a report is (:func:`geo.grading.graded_reports`).
_VOICE_COLUMNS = ("source", "attribution", "origin")


@dataclass(frozen=True)
class Preview:
    """An upload checked against the store: what committing it would add and change."""

    upload: Upload
    new_rows: pd.DataFrame
    #: Every line skipped as an exact duplicate, of a stored row or of an earlier line of the file.
    duplicate_lines: tuple[int, ...]
    changes: pd.DataFrame
    #: The lines among ``duplicate_lines`` that repeat an earlier line of the same file.
    repeated_lines: tuple[int, ...] = ()

    @property
    def kind(self) -> str:
        return self.upload.kind

    @property
    def notices(self) -> tuple[str, ...]:
        """What was read other than as written (a party named by its display name...), for the editor to confirm."""
        return tuple(self.upload.notices)

    def summary(self) -> str:
        """One line for the command line and the page."""
        changed = self.changes["crossing_id"].nunique()
        stored = len(self.duplicate_lines) - len(self.repeated_lines)
        repeated = len(self.repeated_lines)
        repeated_text = f", {repeated:,} repeating an earlier line of the file" if repeated else ""
        return (
            f"{len(self.new_rows):,} new {self.kind}, {stored:,} exact duplicate(s) of stored rows{repeated_text}"
            f" skipped; {changed:,} crossing(s) change state on {len(self.changes):,} day(s)"
        )

    @property
    def skipped_note(self) -> str | None:
        """What the batch records about the rows it skipped, or None when it skipped none."""
        if not self.duplicate_lines:
            return None
        stored = len(self.duplicate_lines) - len(self.repeated_lines)
        repeated = f", {len(self.repeated_lines)} repeating an earlier line of the file" if self.repeated_lines else ""
        return f"{stored} exact duplicate(s) of stored rows{repeated} skipped"


def known_in(atlas: Atlas) -> Known:
    """What ``atlas`` holds, for checking an upload: one snapshot for the checks and the preview."""
    return Known(
        crossings=atlas.crossings,
        parties=atlas.parties,
        sources=atlas.sources,
        places=atlas.places,
        regions=atlas.region_records,
    )


def _as_text(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Cells as the text an upload holds: dates ISO, missing as empty."""
    text = frame[columns].astype(object).where(frame[columns].notna(), "")
    if "date" in columns:
        text["date"] = iso_days(frame["date"])
    return text.astype(str)


def _stored_frame(atlas: Atlas, kind: str) -> pd.DataFrame:
    frames = {
        "reports": atlas.reports,
        "crossings": atlas.crossings,
        "parties": atlas.parties,
        "sources": atlas.sources,
        "gazetteer": atlas.places,
        "regions": atlas.region_records,
    }
    return atlas.authorisations if kind == "authorisations" else frames[kind]


def _duplicates(upload: Upload, uploaded: pd.DataFrame, stored: pd.DataFrame) -> np.ndarray:
    """Which uploaded rows (``uploaded``, the upload as a frame) repeat a stored row in every column."""
    columns = column_names(KIND_COLUMNS[upload.kind])
    if upload.kind in PLACED_KINDS:
        # Coordinates compare as numbers: "30.90" and 30.9 are the same place.
        uploaded = uploaded.assign(lat=decimals(uploaded["lat"]), lon=decimals(uploaded["lon"]))
    if stored.empty:
        return np.zeros(len(uploaded), dtype=bool)
    if upload.kind == "parties":
        # A stored party's colour may be filled from the palette; only the id and name must match.
        columns = ["party_id", "name", "kind"]
    numeric = {"lat", "lon"} if upload.kind in PLACED_KINDS else set()
    candidates = np.ones(len(uploaded), dtype=bool)
    if upload.kind == "reports":
        # Only rows sharing a crossing and a day with a stored row can repeat one; compare just those.
        stored_days = pd.MultiIndex.from_arrays([stored["crossing_id"], iso_days(stored["date"])])
        candidates = pd.MultiIndex.from_arrays([uploaded["crossing_id"], uploaded["date"]]).isin(stored_days)
    duplicate = np.zeros(len(uploaded), dtype=bool)
    if not candidates.any():
        return duplicate
    uploaded = uploaded[candidates]
    left = uploaded[columns].copy()
    right = stored[columns].copy()
    for frame in (left, right):
        for column in columns:
            if column in numeric:
                frame[column] = pd.to_numeric(frame[column]).round(9).astype(str)
    left = _as_text(left, columns)
    right = _as_text(right, columns)
    stored_hashes = set(pd.util.hash_pandas_object(right, index=False))
    duplicate[candidates] = np.asarray(pd.util.hash_pandas_object(left, index=False).isin(stored_hashes))
    return duplicate


def repeats_earlier_line(upload: Upload, uploaded: pd.DataFrame) -> np.ndarray:
    """Which uploaded rows repeat an earlier row of the same file in every column."""
    frame = uploaded[column_names(KIND_COLUMNS[upload.kind])]
    if upload.kind in PLACED_KINDS:
        # As for stored rows, coordinates compare as numbers.
        frame = frame.assign(**{c: decimals(frame[c]).round(9) for c in ("lat", "lon")})
    return np.asarray(frame.duplicated(keep="first"))


def _readable(name: str, values: np.ndarray) -> list[object]:
    """One column of steps' states (of :data:`_STATE` and :data:`_SIDE_STATE`) as
    :func:`geo.describe.state_cell_text` reads it; a missing step (no report yet) reads as unknown.

    A column at a time: one branch per column, not per cell, over tens of thousands of states.
    """
    if name.endswith("controllers"):
        return [v if isinstance(v, tuple) else () for v in values]
    if name.endswith(("confirmed", "disputed")):
        return [v is True or v is np.True_ for v in values]
    if name.endswith("status"):
        return [v if isinstance(v, str) else Status.UNKNOWN.value for v in values]
    if name.endswith("parts"):
        # A side's traffic, packed (geo.traffic); missing before the side's first status.
        return [int(v) if isinstance(v, int | float | np.integer) and v == v else None for v in values]
    return [v if isinstance(v, str) else "" for v in values]


class _Descriptions:
    """States described once each, and numbered: equal numbers, equal descriptions.

    Few distinct states recur over a million steps; comparing and shifting their numbers
    is quicker than comparing the texts, and two million-row text columns are never made.
    """

    def __init__(self, names: dict[str, str]) -> None:
        self._names = self.names = names
        self._by_state: dict[tuple[object, ...], int] = {}
        self._by_text: dict[str, int] = {}
        self.texts: list[str] = []
        #: One state worded as each text, for what a change between two of them says.
        self.examples: list[dict[str, object]] = []

    def numbers(self, states: pd.DataFrame) -> np.ndarray:
        """Each row's state (the :data:`_STATE` columns) as the number of its description."""
        # The rows' distinct states found by array steps: each column's values as codes, combined
        # column by column (numbered again after each, so the combined codes stay below the row count).
        # A missing value (NaN, None) is one code, however many float objects stand for it.
        state = np.zeros(len(states), dtype=np.int64)
        for column in _WORDED:
            codes, distinct = pd.factorize(states[column])
            state = pd.factorize(state * (len(distinct) + 1) + (codes + 1))[0]
        _, first = np.unique(state, return_index=True)
        examples = [_readable(column, states[column].iloc[first].to_numpy(dtype=object)) for column in _WORDED]
        numbers = [self._number_of(dict(zip(_WORDED, example, strict=True))) for example in zip(*examples, strict=True)]
        return np.asarray(numbers, dtype=np.int64)[state]

    def _number_of(self, state: dict[str, object]) -> int:
        key = tuple(state.values())
        number = self._by_state.get(key)
        if number is None:
            text = state_cell_text(state, self._names)
            # Keyed by text too: two states that read the same are no change.
            number = self._by_state[key] = self._by_text.setdefault(text, len(self.texts))
            if number == len(self.texts):
                self.texts.append(text)
                self.examples.append(state)
        return number


def database_values_of_authorisations(rows: pd.DataFrame) -> pd.DataFrame:
    """Uploaded authorisations with their days as dates, as the atlas holds stored ones."""
    converted = rows.copy()
    for name in ("start_date", "end_date"):
        converted[name] = pd.Series([date.fromisoformat(v) if v else None for v in rows[name]], dtype=object)
    return converted


def authorisation_changes(atlas: Atlas, new_rows: pd.DataFrame) -> pd.DataFrame:
    """Each (crossing, day) on which the authorisations in force would read otherwise after the upload:
    the first day of each new record, and the day after its last."""
    names = atlas.party_names()
    crossing_ids = list(atlas.crossings["crossing_id"])
    before = Mandates(atlas.authorisations, crossing_ids)
    new_rows = new_rows.assign(authorisation_id=np.arange(len(new_rows)) + 1 + _top_id(atlas.authorisations))
    after = Mandates(pd.concat([atlas.authorisations, new_rows], ignore_index=True), crossing_ids)
    named = atlas.crossings.set_index("crossing_id")["name"]
    found: set[tuple[date, str, str, str, str]] = set()
    for record in new_rows.to_dict("records"):
        days = [record["start_date"]] + ([record["end_date"] + timedelta(days=1)] if record["end_date"] else [])
        for crossing_id in listed_ids(str(record["crossings"])):
            for day in days:
                was = authorisations_text(before.at(day, crossing_id), names)
                now = authorisations_text(after.at(day, crossing_id), names)
                if was != now:
                    found.add((day, crossing_id, str(named.get(crossing_id, crossing_id)), was, now))
    ordered = sorted(found)
    return pd.DataFrame(
        {
            "crossing_id": [r[1] for r in ordered],
            "name": [r[2] for r in ordered],
            "date": [r[0] for r in ordered],
            "side": [""] * len(ordered),
            "before": [r[3] for r in ordered],
            "after": [r[4] for r in ordered],
        },
        columns=list(CHANGE_COLUMNS),
    )


def _top_id(stored: pd.DataFrame) -> int:
    ids = stored.get("authorisation_id")
    return int(ids.max()) if ids is not None and len(ids) else 0


def state_changes(before: Timeline, after: Timeline, atlas: Atlas) -> pd.DataFrame:
    """Each (crossing, day) from which the state after an upload differs from the state before it.

    Both timelines must answer for the same crossings in the same order; crossings are
    matched by position, which keeps the million-row merges on integers.
    """
    # Only what the description reads: the steps' other columns (each side's) would be sorted
    # and merged too, a million rows each.
    columns = ["code", "day", *_WORDED]
    old, new = before.steps()[columns], after.steps()[columns]
    keys = pd.concat([old[["code", "day"]], new[["code", "day"]]]).drop_duplicates()
    keys = keys.sort_values(["day", "code"], ignore_index=True)
    if keys.empty:
        return pd.DataFrame(columns=list(CHANGE_COLUMNS))
    descriptions = _Descriptions(atlas.party_names())
    was = pd.merge_asof(keys, old.sort_values("day"), on="day", by="code")
    before_numbers = descriptions.numbers(was)
    del was, old
    now = pd.merge_asof(keys, new.sort_values("day"), on="day", by="code")
    after_numbers = descriptions.numbers(now)
    del now, new
    frame = keys.assign(before=before_numbers, after=after_numbers).sort_values(["code", "day"], ignore_index=True)
    differs = frame["before"] != frame["after"]
    by_crossing = frame.groupby("code")
    new_pair = (frame["before"] != by_crossing["before"].shift(1)) | (frame["after"] != by_crossing["after"].shift(1))
    result = frame[differs & new_pair]
    codes = result["code"].to_numpy()
    crossing_names = dict(zip(atlas.crossings["crossing_id"], atlas.crossings["name"], strict=True))
    texts = np.asarray(descriptions.texts, dtype=object)
    before_numbers, after_numbers = result["before"].to_numpy(), result["after"].to_numpy()
    side, before_words, after_words = _change_words(descriptions, before_numbers, after_numbers)
    # A million-row upload changes nearly every step it adds: names and days are looked up
    # once per crossing and once per distinct day, then spread by position.
    names = np.asarray([crossing_names.get(i) for i in after.crossing_ids], dtype=object)
    day_codes, distinct_days = pd.factorize(result["day"].to_numpy())
    days = np.asarray([day_from_number(int(d)) for d in distinct_days], dtype=object)
    return pd.DataFrame(
        {
            "crossing_id": np.asarray(after.crossing_ids, dtype=object)[codes],
            "name": names[codes],
            "date": days[day_codes],
            "side": side,
            "before": np.where(side != "", before_words, texts[result["before"].to_numpy()]),
            "after": np.where(side != "", after_words, texts[result["after"].to_numpy()]),
        },
        columns=list(CHANGE_COLUMNS),
    )


def _change_words(
    descriptions: _Descriptions, before: np.ndarray, after: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per change (a pair of description numbers): the side that alone changes, and its words
    (:func:`geo.describe.side_change`), worked out once per distinct pair."""
    pairs, where = (
        np.unique(np.stack([before, after], axis=1), axis=0, return_inverse=True)
        if len(before)
        else (
            np.zeros((0, 2), dtype=np.int64),
            np.zeros(0, dtype=np.int64),
        )
    )
    worded = [
        side_change(descriptions.examples[b], descriptions.examples[a], descriptions.names) or ("", "", "")
        for b, a in pairs.tolist()
    ]
    columns = [np.asarray([w[i] for w in worded], dtype=object) for i in range(3)]
    flat = np.asarray(where).reshape(-1)
    return columns[0][flat], columns[1][flat], columns[2][flat]


def build_preview(atlas: Atlas, upload: Upload) -> Preview:
    """What committing ``upload`` over the data in ``atlas`` would add and change."""
    uploaded = upload.frame()
    of_stored = _duplicates(upload, uploaded, _stored_frame(atlas, upload.kind))
    repeated = repeats_earlier_line(upload, uploaded) & ~of_stored
    duplicate = of_stored | repeated
    # Without duplicates the frame is the new rows as it is: no copy of a million rows.
    new_rows = uploaded[~duplicate].reset_index(drop=True) if duplicate.any() else uploaded
    lines = np.asarray(upload.lines, dtype=np.int64)
    duplicate_lines = tuple(lines[duplicate].tolist())
    repeated_lines = tuple(lines[repeated].tolist())
    changes = pd.DataFrame(columns=list(CHANGE_COLUMNS))
    if upload.kind == "reports" and not new_rows.empty:
        affected = sorted(set(new_rows["crossing_id"]))
        # Only what the as-of rule reads, with days as datetime64: copies of a million rows add up.
        # The stored days come from the atlas's own day numbers: read once when it loaded, not parsed again.
        mine = atlas.reports["crossing_id"].isin(affected).to_numpy(dtype=bool)
        days = atlas.report_days[mine].astype("datetime64[D]")
        # Reports stored before a column existed have none of it.
        rule = [column for column in (*_RULE_COLUMNS, *OWNER_COLUMNS) if column in atlas.reports.columns]
        stored = atlas.reports.loc[mine, rule].assign(date=days)
        # Graded as the atlas grades its own: whose voice a report is decides whether it confirms a holder.
        voices = new_rows[[*_RULE_COLUMNS, *_VOICE_COLUMNS]]
        incoming = graded_reports(voices, SourceBook.of(atlas.sources))[[*_RULE_COLUMNS, *OWNER_COLUMNS]]
        incoming = incoming.assign(date=pd.to_datetime(new_rows["date"], format="%Y-%m-%d"))
        sides = crossing_countries(atlas.crossings.set_index("crossing_id").loc[affected])
        presumed = presumed_holders(sides, atlas.parties)
        before = Timeline(stored, affected, sides, presumed)
        after = Timeline(pd.concat([stored, incoming], ignore_index=True), affected, sides, presumed)
        del incoming
        changes = state_changes(before, after, atlas)
    if upload.kind == "authorisations" and not new_rows.empty:
        changes = authorisation_changes(atlas, database_values_of_authorisations(new_rows))
    return Preview(
        upload=upload,
        new_rows=new_rows,
        duplicate_lines=duplicate_lines,
        changes=changes,
        repeated_lines=repeated_lines,
    )
