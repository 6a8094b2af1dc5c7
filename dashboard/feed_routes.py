"""The Atom feeds, served beside the API: the changes (``/feeds/changes.atom``) the API's
``/api/v1/changes`` lists, with the same parameters, and the alerts that hold on a day
(``/feeds/alerts.atom``); each entry links to the map at its date."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response

from dashboard.http_answers import Built, answer, page_url, routes
from dashboard.state import CROSSING, DATE, REGION
from geo import open_data
from geo.atlas import Atlas
from geo.atom import ATOM_MEDIA_TYPE, alert_entry, atom_feed, changes_feed
from geo.settings import load_settings


def _map_link(base: str, day: date | None, crossing_id: str | None, region: str | None) -> str:
    """The map at ``day`` with ``crossing_id`` picked, as the map page reads its link (the map is the
    default page: the server's root, which a named path would not reach)."""
    shown = {DATE: day.isoformat() if day else None, REGION: region, CROSSING: crossing_id}
    query = urlencode({key: value for key, value in shown.items() if value})
    return base + (f"?{query}" if query else "")


def changes(request: Request) -> Response:
    query = dict(request.query_params)
    base = str(request.base_url)

    def build(data: Atlas) -> Built:
        page = open_data.changes(data, query, path="/feeds/changes.atom")
        region, crossing_id = query.get("region"), query.get("crossing")
        span = data.report_span(region)
        named = data.crossings.loc[data.crossings["crossing_id"] == crossing_id, "name"]
        where = str(named.iloc[0]) if len(named) else data.region_title(region)
        feed = changes_feed(
            page["changes"],
            title=f"Borderwatch: changes, {where}",
            self_url=str(request.url),
            map_url=_map_link(base, None, crossing_id, region),
            next_url=page_url(request, page["next_offset"]),
            last_day=span[1] if span else date.today(),
            permalink=lambda day, cid, in_region: _map_link(base, day, cid, in_region),
        )
        return Built(feed, page["next_offset"])

    return answer(request, build, media_type=ATOM_MEDIA_TYPE)


def alerts(request: Request) -> Response:
    query = dict(request.query_params)
    base = str(request.base_url)
    within = load_settings().expiring_within_days

    def build(data: Atlas) -> Built:
        day, found = open_data.alerts(data, query, expiring_within=within)
        region = query.get("region")
        feed = atom_feed(
            [alert_entry(alert, lambda d, cid, r: _map_link(base, d, cid, r)) for alert in found],
            title=f"Borderwatch: alerts on {day.isoformat()}, {data.region_title(region)}",
            self_url=str(request.url),
            map_url=_map_link(base, day, None, region),
            next_url=None,
            last_day=day,
        )
        return Built(feed)

    return answer(request, build, media_type=ATOM_MEDIA_TYPE)


ROUTES = [*routes("/feeds/changes.atom", changes), *routes("/feeds/alerts.atom", alerts)]
