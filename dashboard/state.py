"""The dashboard's session state in one place: every key the pages keep, the day they share, and
what each page starts from (:func:`page_context`).

Streamlit keeps a widget's value under its key only while its page draws it, so the day the
reader chose lives in the link (``?date=``) and in :mod:`dashboard.url_state`'s kept copy.
Each page seeds its own control for it from there (:func:`restore_day`) and hands the value
back (:func:`share_day`): no page keeps a copy of another's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Final

import streamlit as st

from dashboard import url_state
from dashboard.data import atlas
from dashboard.held import Held
from geo.atlas import Atlas
from geo.dates import parse_day
from geo.filters import CrossingFilter
from geo.grading import GradeFilter

# Keys that are both a link's query parameter and the widget showing it.
#: The shared day: in links, in the kept copy, and the map page's slider.
DATE: Final = "date"
#: The crossing whose story the map page tells.
CROSSING: Final = "crossing"
#: A map's centre and zoom, ``(lat, lon, zoom)``, as the reader left it.
VIEW: Final = "view"
#: How fast the map page plays through the changes.
SPEED: Final = "speed"
#: The region the sidebar shows, and its filters (the flags' keys are ``controls.FLAGS``).
REGION: Final = "region"
#: The region choice (and the link's ``region=``) that shows every region at once.
ALL_REGIONS_CHOICE: Final = "all"
SEARCH: Final = "q"
COUNTRIES: Final = "countries"
PARTIES: Final = "parties"
STATUSES: Final = "statuses"
#: The kind of traffic the status filter is about ("" for all).
TRAFFIC: Final = "traffic"
#: The expiry filter: authorisations ending within this many days.
EXPIRING: Final = "expiring"
#: The worst source reliability (A-F) and information credibility (1-6) the pages read; empty: any.
RELIABILITY: Final = "reliability"
#: An editor's switch to read the reports still under review too (never in the link).
WITH_PENDING: Final = "with_pending"
CREDIBILITY: Final = "credibility"
#: The compare page's two days.
COMPARE_FROM: Final = "a"
COMPARE_TO: Final = "b"
#: The presentation's title and subtitle.
TITLE: Final = "title"
SUBTITLE: Final = "subtitle"
#: The map components of the map and presentation pages (their value: centre, zoom, last click).
MAP: Final = "map"
PRESENT_MAP: Final = "present_map"

#: The map page's day and crossing, which both the reader and the page move (a step, a click on
#: the map, a jump from the story): :mod:`dashboard.held` keeps a quick move from being undone.
MAP_DAY: Final = Held(DATE, DATE, parse_day)
MAP_CROSSING: Final = Held(CROSSING, CROSSING, str)

# Keys of the session only.
#: The sidebar's region and filters on this run (see :func:`set_controls`).
CONTROLS: Final = "crossing_filter"
#: Whether the map page is playing, and when it last stepped (``time.monotonic()``).
PLAYING: Final = "playing"
LAST_STEP: Final = "last_step"
#: The region the map page's view belongs to: a new region starts from its own view.
VIEW_REGION: Final = "view_region"
#: The view the live map opened at, fixed so the browser keeps its map while in use.
OPENING_VIEW: Final = "opening_view"
#: The last map click acted on: a click stays in the map's value across reruns.
HANDLED_CLICK: Final = "handled_click"
#: The presentation page's own control for the shared day.
PRESENT_DATE: Final = "present_date"
#: The paper the presentation's print files are made for.
PRESENT_PAGE: Final = "present_page"
#: Where the reports page reads the shared day (it draws no control for it).
REPORTS_DAY: Final = "reports_day"


def present_opening_view(region: str | None) -> str:
    """The key of the view the presentation's map opened at for ``region``."""
    return f"present_opening_view:{region}"


@dataclass(frozen=True)
class Controls:
    """What the sidebar chose on this run: the region, the filter (which includes the region), and
    the grades of the reports the pages read."""

    #: None shows every region at once.
    region: str | None
    crossing_filter: CrossingFilter
    grades: GradeFilter = field(default_factory=GradeFilter)
    #: An editor's choice to see the reports still under review too, marked as such.
    with_pending: bool = False


def set_controls(
    region: str | None,
    crossing_filter: CrossingFilter,
    grades: GradeFilter | None = None,
    *,
    with_pending: bool = False,
) -> None:
    """Keep the sidebar's choices for the page about to run (``dashboard/app.py`` draws the sidebar)."""
    st.session_state[CONTROLS] = Controls(region, crossing_filter, grades or GradeFilter(), with_pending)


@dataclass(frozen=True)
class PageContext:
    """What every data page starts from: the atlas, the sidebar's region and filter, and the
    first and last report days of the region (else of all data; else today), for date controls."""

    atlas: Atlas
    #: None shows every region at once.
    region: str | None
    crossing_filter: CrossingFilter
    first_day: date
    last_day: date


def page_context() -> PageContext:
    """The page's :class:`PageContext`, from the cached atlas and the sidebar drawn on this run."""
    controls: Controls = st.session_state[CONTROLS]
    data = atlas(controls.grades, with_pending=controls.with_pending)
    span = data.report_span(controls.region) or data.report_span() or (date.today(), date.today())
    return PageContext(data, controls.region, controls.crossing_filter, *span)


def restore_day(context: PageContext, key: str) -> tuple[date, date]:
    """Seed the page's control ``key`` with the shared day once per visit (the link's, else the
    reader's last, else the last report day), and return the days a control for it spans: the
    region's, widened to take the day in.

    Each page holds the day under its own key: a value one page's control leaves under another
    page's key would come back as that control's value (a date input's under the slider's key
    reads as the slider's first day).
    """
    in_data = url_state.day_between(context.first_day, context.last_day)
    url_state.restore({DATE: context.last_day}, {DATE: in_data}, state_keys={DATE: key})
    day: date = st.session_state[key]
    return min(context.first_day, day), max(context.last_day, day)


def share_day(day: date) -> None:
    """Make ``day`` the shared day: in the link, and for the next page."""
    url_state.publish({DATE: day})


def read_day(context: PageContext) -> date:
    """The shared day, for a page that shows it without a control of its own."""
    restore_day(context, REPORTS_DAY)
    day: date = st.session_state.pop(REPORTS_DAY)
    share_day(day)
    return day


def move_map_to(day: date) -> None:
    """Move the map page to ``day`` (from a widget callback, so before the slider is drawn again)."""
    MAP_DAY.set(day)
