"""The read-only API under ``/api/v1/``, served by the dashboard's own server (:mod:`dashboard.serve`).

Each route is a thin front over :mod:`geo.open_data`, reading the same cached public atlas as the
pages (verified records only), answered as :mod:`dashboard.http_answers` answers: cached, with an
ETag, bad parameters named. Only GET (and HEAD) is routed, with OPTIONS for a browser's CORS
question: there is no write path, and any other method is a 405.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from dashboard.data import atlas
from dashboard.http_answers import GEOJSON, JSON, answer, as_json, routes
from geo import open_data
from geo.open_data_spec import openapi


def state(request: Request) -> Response:
    query = dict(request.query_params)
    media_type = GEOJSON if query.get("format") == "geojson" else JSON

    # Graded as the query asks, the atlas is the same cached one the map reads at those grades.
    build = as_json(lambda data: open_data.state(data, query, graded=atlas))
    return answer(request, build, media_type=media_type)


def crossings(request: Request) -> Response:
    return answer(request, as_json(open_data.crossings), media_type=JSON)


def crossing(request: Request) -> Response:
    crossing_id = str(request.path_params["crossing_id"])
    return answer(request, as_json(lambda data: open_data.crossing(data, crossing_id)), media_type=JSON)


def history(request: Request) -> Response:
    crossing_id = str(request.path_params["crossing_id"])
    return answer(request, as_json(lambda data: open_data.history(data, crossing_id)), media_type=JSON)


def reports(request: Request) -> Response:
    query = dict(request.query_params)
    return answer(request, as_json(lambda data: open_data.reports(data, query)), media_type=JSON)


def changes(request: Request) -> Response:
    query = dict(request.query_params)
    return answer(request, as_json(lambda data: open_data.changes(data, query)), media_type=JSON)


def description(request: Request) -> Response:
    return answer(request, as_json(lambda _: openapi()), media_type=JSON)


ROUTES = [
    *routes("/api/v1/openapi.json", description),
    *routes("/api/v1/state", state),
    *routes("/api/v1/crossings", crossings),
    *routes("/api/v1/crossings/{crossing_id}", crossing),
    *routes("/api/v1/crossings/{crossing_id}/history", history),
    *routes("/api/v1/reports", reports),
    *routes("/api/v1/changes", changes),
]
