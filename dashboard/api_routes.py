"""The read-only API under ``/api/v1/``, served by the dashboard's own server (:mod:`dashboard.serve`).

Each route is a thin front over :mod:`geo.open_data`, reading the same cached public atlas as the
pages (verified records only). Every answer carries an ETag made of the data's version and the
request, so a client that polls with ``If-None-Match`` gets a bodiless 304 until something is
written. A parameter that cannot be read is a 400 naming it; an unknown crossing a 404. Only GET
(and HEAD) is routed: there is no write path, and any other method is a 405.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from dashboard.data import atlas, data_version
from geo import open_data
from geo.atlas import Atlas
from geo.errors import BadParameterError, UnknownCrossingError
from geo.open_data_spec import openapi

#: The media type of each kind of answer.
JSON = "application/json"
GEOJSON = "application/geo+json"


#: Answers already built, by data version and request: clients polling one state read it from here
#: until something is written (a new version), instead of each building it again.
CACHED_ANSWERS = 64
_built: OrderedDict[str, bytes] = OrderedDict()
_building = threading.Lock()


def _body(tag: str, build: Callable[[Atlas], dict[str, Any]]) -> bytes:
    """The answer of ``tag``: from memory when built already (never waiting on another build), else
    built once, however many clients ask for it at the same moment."""
    cached = _built.get(tag)
    if cached is not None:
        return cached
    with _building:
        if tag not in _built:
            _built[tag] = json.dumps(build(atlas()), ensure_ascii=False).encode("utf-8")
            if len(_built) > CACHED_ANSWERS:
                _built.popitem(last=False)
        return _built[tag]


def _etag(request: Request) -> str:
    """The data's version and the request, digested: a new one after any write, or for any other query."""
    asked = repr((data_version(), request.url.path, sorted(request.query_params.multi_items())))
    return '"' + hashlib.sha256(asked.encode()).hexdigest()[:32] + '"'


def _answer(request: Request, build: Callable[[Atlas], dict[str, Any]], *, media_type: str = JSON) -> Response:
    tag = _etag(request)
    headers = {"ETag": tag, "Cache-Control": "no-cache"}
    if request.headers.get("if-none-match") == tag:
        return Response(status_code=304, headers=headers)
    try:
        body = _body(tag, build)
    except BadParameterError as error:
        problem = {"parameter": error.parameter, "value": error.value, "message": str(error)}
        return JSONResponse({"error": problem}, status_code=400)
    except UnknownCrossingError as error:
        return JSONResponse({"error": {"crossing_id": error.crossing_id, "message": str(error)}}, status_code=404)
    return Response(body, media_type=media_type, headers=headers)


def state(request: Request) -> Response:
    query = dict(request.query_params)
    media_type = GEOJSON if query.get("format") == "geojson" else JSON
    return _answer(request, lambda data: open_data.state(data, query), media_type=media_type)


def crossings(request: Request) -> Response:
    return _answer(request, open_data.crossings)


def crossing(request: Request) -> Response:
    crossing_id = str(request.path_params["crossing_id"])
    return _answer(request, lambda data: open_data.crossing(data, crossing_id))


def history(request: Request) -> Response:
    crossing_id = str(request.path_params["crossing_id"])
    return _answer(request, lambda data: open_data.history(data, crossing_id))


def description(request: Request) -> Response:
    return _answer(request, lambda _: openapi())


ROUTES = [
    Route("/api/v1/openapi.json", description, methods=["GET"]),
    Route("/api/v1/state", state, methods=["GET"]),
    Route("/api/v1/crossings", crossings, methods=["GET"]),
    Route("/api/v1/crossings/{crossing_id}", crossing, methods=["GET"]),
    Route("/api/v1/crossings/{crossing_id}/history", history, methods=["GET"]),
]
