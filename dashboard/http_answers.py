"""How the dashboard's own server answers outside the pages (the API, the feeds, the embed): once built,
an answer is kept by data version and request; every answer carries an ETag and a Last-Modified, so a
client polling with ``If-None-Match`` (or ``If-Modified-Since``) gets a bodiless 304 until something is
written; a parameter that cannot be read is a
400 naming it, an unknown crossing a 404; and pages of the origins a setting lists may read it (CORS).
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from dashboard.data import atlas, data_version
from geo.atlas import Atlas
from geo.errors import BadParameterError, UnknownCrossingError
from geo.settings import load_settings


class _RoutesNeedNoScriptContext(logging.Filter):
    """Streamlit warns when its caches are read outside a page's run; the routes read the same cached
    atlas as the pages on Starlette's worker threads, where no page runs by design, so on those
    threads the warning says nothing and would be logged on every request."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.threadName == "AnyIO worker thread" and "missing ScriptRunContext" in record.getMessage())


logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(_RoutesNeedNoScriptContext())

#: The media types of the answers.
JSON = "application/json"
GEOJSON = "application/geo+json"


@dataclass(frozen=True)
class Built:
    """An answer's body, and the offset of its next page when it is one page of a longer list."""

    body: bytes
    next_offset: int | None = None


Builder = Callable[[Atlas], Built]

#: Answers already built, by data version and request: clients polling one state read it from here
#: until something is written (a new version), instead of each building it again.
CACHED_ANSWERS = 64
_built: OrderedDict[str, Built] = OrderedDict()
_building = threading.Lock()


def _body(tag: str, build: Builder) -> Built:
    """The answer of ``tag``: from memory when built already (never waiting on another build), else
    built once, however many clients ask for it at the same moment."""
    cached = _built.get(tag)
    if cached is not None:
        return cached
    with _building:
        if tag not in _built:
            _built[tag] = build(atlas())
            if len(_built) > CACHED_ANSWERS:
                _built.popitem(last=False)
        return _built[tag]


def etag(request: Request) -> str:
    """The data's version and the request, digested: a new one after any write, or for any other query
    (or address the server is asked at, which the links in an answer are made of)."""
    asked = repr((data_version(), str(request.base_url), request.url.path, sorted(request.query_params.multi_items())))
    return '"' + hashlib.sha256(asked.encode()).hexdigest()[:32] + '"'


def last_modified() -> datetime | None:
    """When anything was last written (a batch or a review decision), to the second HTTP dates have."""
    written = data_version()[2]
    return datetime.fromisoformat(written).replace(microsecond=0) if written else None


def _unchanged_since(request: Request, modified: datetime | None) -> bool:
    """Whether the client's ``If-Modified-Since`` is no older than the last write (read only when it
    sends no ``If-None-Match``, which RFC 9110 puts first)."""
    since = request.headers.get("if-modified-since")
    if modified is None or since is None or "if-none-match" in request.headers:
        return False
    try:
        asked = parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False
    return asked.tzinfo is not None and modified <= asked


def cors_headers(request: Request) -> dict[str, str]:
    """What lets a page of an origin the setting lists (``BORDERWATCH_API_ORIGINS``) read the answer."""
    allowed = load_settings().api_origins
    origin = request.headers.get("origin", "")
    if not allowed:
        return {}
    if "*" in allowed:
        return {"Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": "ETag, Link"}
    headers = {"Vary": "Origin"}
    if origin.lower() in allowed:
        headers |= {"Access-Control-Allow-Origin": origin, "Access-Control-Expose-Headers": "ETag, Link"}
    return headers


def preflight(request: Request) -> Response:
    """A browser's question before it sends a poll with ``If-None-Match``: yes for a listed origin."""
    headers = cors_headers(request)
    if "Access-Control-Allow-Origin" in headers:
        headers |= {"Access-Control-Allow-Methods": "GET", "Access-Control-Allow-Headers": "If-None-Match"}
    return Response(status_code=204, headers=headers)


def problem(error: BadParameterError | UnknownCrossingError) -> JSONResponse:
    """A 400 naming the parameter, or a 404 naming the crossing, as JSON."""
    if isinstance(error, BadParameterError):
        said = {"parameter": error.parameter, "value": error.value, "message": str(error)}
        return JSONResponse({"error": said}, status_code=400)
    return JSONResponse({"error": {"crossing_id": error.crossing_id, "message": str(error)}}, status_code=404)


def answer(request: Request, build: Builder, *, media_type: str, headers: Mapping[str, str] | None = None) -> Response:
    """The answer ``build`` makes of the public atlas, with its ETag (a 304 when the client has it),
    and a Link header to the next page when there is one."""
    tag, modified = etag(request), last_modified()
    sent = {"ETag": tag, "Cache-Control": "no-cache", **cors_headers(request), **(headers or {})}
    if modified is not None:
        sent["Last-Modified"] = format_datetime(modified, usegmt=True)
    if request.headers.get("if-none-match") == tag or _unchanged_since(request, modified):
        return Response(status_code=304, headers=sent)
    try:
        built = _body(tag, build)
    except (BadParameterError, UnknownCrossingError) as error:
        refused = problem(error)
        refused.headers.update(cors_headers(request))
        return refused
    following = page_url(request, built.next_offset)
    if following is not None:
        sent["Link"] = f'<{following}>; rel="next"'
    return Response(built.body, media_type=media_type, headers=sent)


def as_json(make: Callable[[Atlas], dict[str, Any]]) -> Builder:
    """A builder of a JSON answer from a builder of JSON-ready values (with their ``next_offset``, if any)."""

    def build(data: Atlas) -> Built:
        made = make(data)
        return Built(json.dumps(made, ensure_ascii=False).encode("utf-8"), made.get("next_offset"))

    return build


def page_url(request: Request, offset: int | None) -> str | None:
    """The address of the same request at another ``offset`` (None when there is no such page)."""
    if offset is None:
        return None
    return str(request.url.include_query_params(offset=offset))


def routes(path: str, endpoint: Callable[[Request], Response]) -> list[Route]:
    """The GET route of ``path``, and its answer to a browser's CORS preflight."""
    return [Route(path, endpoint, methods=["GET"]), Route(path, preflight, methods=["OPTIONS"])]
