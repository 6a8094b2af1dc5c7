"""Everything the views ask about, loaded once from the store: crossings, parties,
reports and their resolved timeline.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from geo.arrays import Coded, IntArray, coded
from geo.asof import Timeline
from geo.dates import NO_DAY, day_from_number, day_numbers, with_report_dates
from geo.day_view import DayView, placed_only
from geo.deciding import SideDays, deciding_mask, one_state_side_days, says, side_days
from geo.errors import UnknownRegionError
from geo.filters import CrossingFilter
from geo.grading import GradeFilter, SourceBook, with_grades
from geo.mandates import Mandates
from geo.model import (
    AUTHORISATION_COLUMNS,
    PLACE_COLUMNS,
    REGION_COLUMNS,
    SOURCE_COLUMNS,
    STALE_AFTER_DAYS,
    column_names,
)
from geo.names import ALL_REGIONS, region_name
from geo.party_colors import with_colors
from geo.records import RecordStore
from geo.review import PENDING
from geo.sides import crossing_countries, presumed_holders, side_bits
from geo.state_frame import state_frame
from geo.state_marks import marks_of_one, with_marks

#: Crossing columns carried into a state frame beside the state itself.
CROSSING_FIELDS = ("name", "name_a", "name_b", "country_a", "country_b", "lat", "lon", "region")


@dataclass(frozen=True)
class Atlas:
    """A read-only snapshot of the data with its as-of timeline."""

    crossings: pd.DataFrame
    parties: pd.DataFrame
    reports: pd.DataFrame
    timeline: Timeline
    stale_after_days: int = STALE_AFTER_DAYS
    #: Permission apart from control (:mod:`geo.mandates`); none unless given.
    authorisations: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=column_names(AUTHORISATION_COLUMNS), dtype=object)
    )
    #: The graded sources (:mod:`geo.grading`); none unless given, and then every report cannot be judged.
    sources: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=column_names(SOURCE_COLUMNS)))
    #: The gazetteer's places (:mod:`geo.gazetteer`): where a name not yet a crossing is looked up.
    places: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=column_names(PLACE_COLUMNS)))
    #: How regions read (:data:`geo.model.REGION_COLUMNS`); a region with no record reads as its slug.
    region_records: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=column_names(REGION_COLUMNS)))

    def __post_init__(self) -> None:
        # Report dates are read into dates once, here; every reader after this compares them
        # as they are, or as the day numbers the timeline worked out (see report_days). So are
        # their grades and origins.
        object.__setattr__(self, "reports", with_grades(with_report_dates(self.reports), SourceBook.of(self.sources)))

    @classmethod
    def load(cls, store: RecordStore, *, stale_after_days: int = STALE_AFTER_DAYS, with_pending: bool = False) -> Atlas:
        """Read everything from ``store`` in one snapshot and resolve the timeline: the public records, or
        ``with_pending`` those still under review too, each with its ``review`` (editors only).

        One snapshot, so a batch another app instance commits meanwhile is in all of
        the frames or in none of them.
        """
        with store.snapshot(with_pending=with_pending) as view:
            crossings, parties, reports = view.crossings(), view.parties(), view.reports()
            authorisations, sources = view.authorisations(), view.sources()
            reference = {"places": view.gazetteer(), "region_records": view.regions()}
        # Colours are chosen once, from every report: a grade filter narrows the reports, never the colours.
        parties = with_colors(parties, crossings, reports)
        atlas = cls.resolve(crossings, parties, reports, authorisations, sources, stale_after_days=stale_after_days)
        return atlas.with_reference(**reference)

    @classmethod
    def resolve(
        cls,
        crossings: pd.DataFrame,
        parties: pd.DataFrame,
        reports: pd.DataFrame,
        authorisations: pd.DataFrame,
        sources: pd.DataFrame,
        *,
        stale_after_days: int = STALE_AFTER_DAYS,
    ) -> Atlas:
        """The atlas of these records, its reports graded and its timeline resolved."""
        # Reports graded already (an atlas read through a grade filter) keep their grades.
        graded = with_grades(with_report_dates(reports), SourceBook.of(sources))
        countries = crossing_countries(crossings)
        timeline = Timeline(graded, list(crossings["crossing_id"]), countries, presumed_holders(countries, parties))
        atlas = cls(crossings, parties, graded, timeline, stale_after_days, authorisations, sources)
        atlas.index_reports()
        return atlas

    def graded(self, grades: GradeFilter) -> Atlas:
        """The atlas as the reports ``grades`` lets through tell it: a map of what well-graded sources
        say, resolved afresh (the same atlas when the filter reads every report)."""
        if grades.reads_everything:
            return self
        reports = self.reports[grades.mask(self.reports)].reset_index(drop=True)
        kept = (self.crossings, self.parties, reports, self.authorisations, self.sources)
        atlas = Atlas.resolve(*kept, stale_after_days=self.stale_after_days)
        return atlas.with_reference(places=self.places, region_records=self.region_records)

    def with_reference(self, *, places: pd.DataFrame, region_records: pd.DataFrame) -> Atlas:
        """This atlas with the gazetteer and the region records beside it: set in place, as neither
        bears on the timeline (a new atlas would grade and index its reports again)."""
        object.__setattr__(self, "places", places)
        object.__setattr__(self, "region_records", region_records)
        return self

    def index_reports(self) -> None:
        """Work out, once, where each crossing's reports are and what each report says, so the first
        story a reader opens is as quick as the next (otherwise done on first use)."""
        self._report_rows, self._report_facts  # noqa: B018 - computed for their cache

    def states(self, day: date) -> pd.DataFrame:
        """The state of every crossing as of ``day``, with the crossing's name and place."""
        columns = self.timeline.state_columns(day, stale_after_days=self.stale_after_days)
        # The places and the authorisations answer in the timeline's order: the frame is built once,
        # from every column, as a join, or a column at a time, would copy it.
        columns.update(self._places)
        columns.update(self.mandates.summary(day))
        return with_marks(self, state_frame(columns), day)

    @cached_property
    def _places(self) -> dict[str, np.ndarray | Coded]:
        """Each of the timeline's crossings' name and place (:data:`CROSSING_FIELDS`), in its order;
        text coded, so the few countries and regions are each one value however many crossings share it."""
        places = self.crossings.iloc[self._timeline_positions]
        values = {name: places[name].to_numpy() for name in CROSSING_FIELDS}
        return {name: coded(v.astype(object)) if v.dtype.kind != "f" else v for name, v in values.items()}

    @cached_property
    def _timeline_positions(self) -> npt.NDArray[np.intp]:
        """Where each of the timeline's crossings is in :attr:`crossings`."""
        positions: npt.NDArray[np.intp] = self._crossing_positions.get_indexer(pd.Index(self.timeline.crossing_ids))
        return positions

    @cached_property
    def mandates(self) -> Mandates:
        """The authorisations, resolved once for every crossing (see :mod:`geo.mandates`)."""
        return Mandates(self.authorisations, self.timeline.crossing_ids)

    def change_days(self, crossing_ids: list[str] | None = None) -> IntArray:
        """Day numbers on which the state or the authorisations of any of ``crossing_ids`` (default all)
        change, ascending: what "next change" steps through."""
        return np.union1d(self.timeline.change_days(crossing_ids), self.mandates.change_days(crossing_ids))

    def changed_on(self, day: date) -> list[str]:
        """The crossings whose state or authorisations change on ``day``."""
        return sorted(set(self.timeline.changed_on(day)) | set(self.mandates.changed_on(day)))

    def authorisations_at(self, day: date, crossing_id: str | None = None) -> pd.DataFrame:
        """The authorisations that count on ``day`` (in force, or lapsed and not replaced), of one
        crossing when ``crossing_id`` is given (:meth:`geo.mandates.Mandates.at`)."""
        return self.mandates.at(day, crossing_id)

    def view(self, day: date, *, region: str | None = None, crossing_filter: CrossingFilter | None = None) -> DayView:
        """What a map of ``region`` (every crossing without one) shows on ``day`` under ``crossing_filter``.

        The one answer to "which crossings are shown on day D", for the live map, the
        presentation and the static map alike.

        Raises
        ------
        UnknownRegionError
            When ``region`` is given and no crossing belongs to it.
        """
        framed = self.states(day)
        if region is not None:
            if region not in self.regions():
                raise UnknownRegionError(region, self.regions())
            framed = framed[framed["region"] == region].reset_index(drop=True)
        shown = crossing_filter.apply(framed) if crossing_filter is not None else framed
        return DayView(day, placed_only(framed), shown)

    def state(self, crossing_id: str, day: date) -> dict[str, Any]:
        """One crossing's state as of ``day`` (a row of :meth:`states`), without resolving the others.

        Raises
        ------
        KeyError
            When ``crossing_id`` is not a known crossing.
        """
        state = self.timeline.state_of(crossing_id, day, stale_after_days=self.stale_after_days)
        info = self.crossings.iloc[self._crossing_positions.get_loc(crossing_id)]
        mandates = self.mandates.summary_of(crossing_id, day)
        whole = {**state, **{name: info[name] for name in CROSSING_FIELDS}, **mandates}
        return {**whole, **marks_of_one(self, whole, day)}

    @cached_property
    def ranged_rows(self) -> IntArray:
        """Positions of the reports whose date is a range (a ``date_latest`` after ``date``)."""
        if "date_latest" not in self.reports.columns:
            return np.zeros(0, dtype=np.int64)
        latest = day_numbers(self.reports["date_latest"])
        rows: IntArray = np.flatnonzero((latest != NO_DAY) & (latest > self.report_days))
        return rows

    @cached_property
    def pending_rows(self) -> IntArray:
        """Positions of the reports still under review (read only when an editor asks for them)."""
        if "review" not in self.reports.columns:
            return np.zeros(0, dtype=np.int64)
        rows: IntArray = np.flatnonzero((self.reports["review"] == PENDING).to_numpy(dtype=bool))
        return rows

    def deciding_among(self, rows: IntArray, states: pd.DataFrame) -> tuple[IntArray, npt.NDArray[np.bool_]]:
        """For the reports at ``rows``: each one's position in ``states`` (-1 for none), and whether it decides."""
        reports = self.reports.iloc[rows]
        slots = pd.Index(states["crossing_id"]).get_indexer(pd.Index(reports["crossing_id"])).astype(np.int64)
        _, days, naming, stating = self._report_facts
        decided = deciding_mask(
            slots,
            self._report_sides[rows],
            days[rows],
            naming[rows],
            stating[rows],
            side_days(states, "control_date"),
            side_days(states, "status_date"),
        )
        return slots, decided

    def deciding(self, crossing_id: str, day: date, *, state: dict[str, Any] | None = None) -> pd.DataFrame:
        """The reports that decide ``crossing_id``'s state as of ``day`` (the rule of
        :func:`geo.deciding.deciding_mask`), found among that crossing's reports only; ``state``
        is that state, when the caller has it already.

        Raises
        ------
        KeyError
            When ``crossing_id`` is not a known crossing.
        """
        one = state if state is not None else self.state(crossing_id, day)
        rows = self._rows_of(self._position(crossing_id))
        _, days, naming, stating = self._report_facts
        mask = deciding_mask(
            np.zeros(len(rows), dtype=np.int64),
            self._report_sides[rows],
            days[rows],
            naming[rows],
            stating[rows],
            one_state_side_days(one, "control_date"),
            one_state_side_days(one, "status_date"),
        )
        return self.reports.iloc[rows[mask]]

    def history(self, crossing_id: str) -> pd.DataFrame:
        """Every visible report about ``crossing_id``, oldest first (in the order of :attr:`reports`)."""
        code = self._position(crossing_id)
        if code < 0:
            return self.reports[self.reports["crossing_id"] == crossing_id]
        return self.reports.iloc[self._rows_of(code)]

    def rows_about(self, crossing_ids: Collection[str]) -> IntArray:
        """Positions in :attr:`reports` of the reports about ``crossing_ids``, each crossing's in order."""
        positions = self._crossing_positions  # unique ids: each lookup is one position
        found = [self._rows_of(int(positions.get_loc(c))) for c in crossing_ids if c in positions]  # type: ignore[arg-type]
        return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)

    def _position(self, crossing_id: str) -> int:
        """The crossing's position in :attr:`crossings`, -1 for one not there."""
        return int(self._crossing_positions.get_indexer(pd.Index([crossing_id]))[0])

    def _rows_of(self, code: int) -> IntArray:
        """Positions in :attr:`reports` of the reports about the crossing at position ``code``, in order."""
        rows, bounds = self._report_rows
        mine: IntArray = rows[bounds[code] : bounds[code + 1]]
        return mine

    @cached_property
    def _crossing_positions(self) -> pd.Index:
        positions: pd.Index = pd.Index(self.crossings["crossing_id"])
        return positions

    def deciding_for(self, states: pd.DataFrame) -> pd.DataFrame:
        """The reports that decide every state in ``states`` (rows of :meth:`states`), in the reports' order.

        :meth:`deciding` for many crossings at once, as whole-array comparisons over
        facts about the reports worked out once per atlas.
        """
        codes, days, naming, stating = self._report_facts
        positions = self._crossing_positions.get_indexer(pd.Index(states["crossing_id"]))
        known = positions >= 0

        def by_crossing(column: str) -> SideDays:
            # Crossings not in ``states`` keep no day, so their reports decide nothing.
            filled = []
            for found in side_days(states[known], column):
                days_of = np.full(len(self.crossings), NO_DAY, dtype=np.int64)
                days_of[positions[known]] = found
                filled.append(days_of)
            return filled[0], filled[1]

        mask = deciding_mask(
            codes, self._report_sides, days, naming, stating, by_crossing("control_date"), by_crossing("status_date")
        )
        deciding: pd.DataFrame = self.reports[mask]
        return deciding

    @cached_property
    def _report_sides(self) -> IntArray:
        """Each report's side (see :meth:`geo.asof.Timeline.report_sides`), aligned with :attr:`reports`."""
        sides = self.timeline.report_sides()
        if len(sides) == len(self.reports) and self.timeline.crossing_ids == list(self.crossings["crossing_id"]):
            return sides
        # A timeline built from other reports (never from load): worked out afresh.
        return side_bits(self.reports.get("side"), self._report_codes, crossing_countries(self.crossings))

    @property
    def report_days(self) -> IntArray:
        """Each report's day number (see :func:`geo.dates.day_number`), aligned with :attr:`reports`."""
        return self._report_facts[1]

    @cached_property
    def _report_codes(self) -> IntArray:
        """Each report's crossing as its position in :attr:`crossings` (-1 for one not there)."""
        codes, _ = self.timeline.report_keys()
        if self.timeline.crossing_ids == list(self.crossings["crossing_id"]) and len(codes) == len(self.reports):
            return codes
        # A timeline over other crossings than the atlas's (never from load): look them up afresh.
        mine: IntArray = self._crossing_positions.get_indexer(pd.Index(self.reports["crossing_id"]))
        return mine

    @cached_property
    def _report_facts(self) -> tuple[IntArray, IntArray, npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
        """Per report: its crossing's position, its day number, whether it names a controller, states a status."""
        days = self.timeline.report_keys()[1]
        if len(days) != len(self.reports):
            # A timeline built from other reports (never from load): the days are worked out afresh.
            days = day_numbers(self.reports["date"])
        return self._report_codes, days, says(self.reports["controller"]), says(self.reports["status"])

    @cached_property
    def _report_rows(self) -> tuple[IntArray, IntArray]:
        """Report positions grouped by crossing (stable, so each keeps the reports' order), and where each
        crossing's group starts: one crossing's reports are a slice, not a scan of every report."""
        codes = self._report_codes
        rows: IntArray = np.argsort(codes, kind="stable")
        bounds: IntArray = np.searchsorted(codes[rows], np.arange(len(self.crossings) + 1), "left")
        return rows, bounds

    def report_span(self, region: str | None = None) -> tuple[date, date] | None:
        """The first and last report dates (in ``region`` if given), or None without reports."""
        days = self.report_days
        if region is not None:
            # By the crossing positions worked out at load, not by matching a million ids as text:
            # every page asks this on every run, the date steps included.
            in_region = (self.crossings["region"] == region).to_numpy(dtype=bool)
            codes = self._report_codes
            days = days[(codes >= 0) & in_region[codes]]
        if len(days) == 0:
            return None
        return day_from_number(int(days.min())), day_from_number(int(days.max()))

    def regions(self) -> list[str]:
        """Every region, sorted."""
        return sorted(self.crossings["region"].unique())

    def region_title(self, region: str | None) -> str:
        """How ``region`` reads: its record's name, else its slug read as a name; None, every region, reads as
        :data:`geo.names.ALL_REGIONS`."""
        if region is None:
            return ALL_REGIONS
        named = self.region_records[self.region_records["region_id"] == region]["name"]
        return str(named.iloc[0]) if len(named) else region_name(region)

    def party_names(self) -> dict[str, str]:
        """Party display names by id."""
        return dict(zip(self.parties["party_id"], self.parties["name"], strict=True))

    def party_kinds(self) -> dict[str, str]:
        """Party kinds (state, armed-group, ...) by id."""
        return dict(zip(self.parties["party_id"], self.parties["kind"], strict=True))

    def party_colors(self) -> dict[str, str]:
        """Party colours by id."""
        return dict(zip(self.parties["party_id"], self.parties["color"], strict=True))
