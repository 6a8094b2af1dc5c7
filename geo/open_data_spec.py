"""The API's own description, served at ``/api/v1/openapi.json`` (OpenAPI 3.1), built from the same
parameter list and fields as the answers (:mod:`geo.open_data`), so it cannot drift from them."""

from __future__ import annotations

from typing import Any, Final

from geo.change_records import CHANGE_RECORD_FIELDS, SOURCE_FIELDS
from geo.open_data import (
    ALERT_PARAMETERS,
    CHANGE_PARAMETERS,
    CROSSING_RECORD_FIELDS,
    HISTORY_FIELDS,
    REPORT_PARAMETERS,
    STATE_FORMATS,
    STATE_PARAMETERS,
)
from geo.status_records import STATUS_FILE_FIELDS

#: The API's version, as its paths carry it.
API_VERSION: Final = "1"


def _object(fields: tuple[str, ...]) -> dict[str, Any]:
    return {"type": "object", "properties": {name: {} for name in fields}}


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _crossing_id() -> dict[str, Any]:
    return {"name": "crossing_id", "in": "path", "required": True, "schema": {"type": "string"}}


def _query(parameters: dict[str, str]) -> list[dict[str, Any]]:
    return [
        {"name": name, "in": "query", "required": False, "description": meaning, "schema": {"type": "string"}}
        for name, meaning in parameters.items()
    ]


def _page_of(summary: str, parameters: dict[str, str], key: str, schema: str, *, counted: bool) -> dict[str, Any]:
    """A long list's path, one page at a time; a Link header with rel="next" points to the next page."""
    properties: dict[str, Any] = {
        "offset": {"type": "integer"},
        "next_offset": {"type": ["integer", "null"]},
        key: {"type": "array", "items": {"$ref": f"#/components/schemas/{schema}"}},
    }
    if counted:
        properties["total"] = {"type": "integer"}
    return {
        "get": {
            "summary": summary,
            "parameters": _query(parameters),
            "responses": {
                "200": {
                    "description": f"one page of the {key}; next_offset is null on the last",
                    "content": {"application/json": {"schema": {"type": "object", "properties": properties}}},
                },
                "304": {"description": "unchanged since the ETag given in If-None-Match"},
                "400": _error("a parameter that cannot be read, named"),
            },
        }
    }


def openapi() -> dict[str, Any]:
    """The OpenAPI document of every route under ``/api/v1/``."""
    state_parameters = _query(STATE_PARAMETERS)
    next(p for p in state_parameters if p["name"] == "format")["schema"] = {
        "type": "string",
        "enum": list(STATE_FORMATS),
    }
    not_modified = {"description": "unchanged since the ETag given in If-None-Match"}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Borderwatch open data",
            "version": API_VERSION,
            "description": "Who holds each border crossing and whether it is open, day by day, from verified records."
            " Read-only; every answer carries an ETag for polling with If-None-Match.",
        },
        "paths": {
            "/api/v1/state": {
                "get": {
                    "summary": "The state of every crossing shown at a date, as JSON or GeoJSON",
                    "parameters": state_parameters,
                    "responses": {
                        "200": {
                            "description": "each crossing's state",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "date": {"type": "string"},
                                            "region": {"type": ["string", "null"]},
                                            "crossings": {
                                                "type": "array",
                                                "items": {"$ref": "#/components/schemas/State"},
                                            },
                                        },
                                    }
                                },
                                "application/geo+json": {"schema": {"type": "object"}},
                            },
                        },
                        "304": not_modified,
                        "400": _error("a parameter that cannot be read, named"),
                    },
                }
            },
            "/api/v1/openapi.json": {
                "get": {
                    "summary": "This description",
                    "responses": {"200": {"description": "the OpenAPI document"}, "304": not_modified},
                }
            },
            "/api/v1/crossings": {
                "get": {
                    "summary": "Every crossing",
                    "responses": {
                        "200": {
                            "description": "the crossings",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "crossings": {
                                                "type": "array",
                                                "items": {"$ref": "#/components/schemas/Crossing"},
                                            }
                                        },
                                    }
                                }
                            },
                        },
                        "304": not_modified,
                    },
                }
            },
            "/api/v1/crossings/{crossing_id}": {
                "get": {
                    "summary": "One crossing",
                    "parameters": [_crossing_id()],
                    "responses": {
                        "200": {
                            "description": "the crossing",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Crossing"}}},
                        },
                        "304": not_modified,
                        "404": _error("no crossing of that id"),
                    },
                }
            },
            "/api/v1/crossings/{crossing_id}/history": {
                "get": {
                    "summary": "Every verified report about one crossing, oldest first",
                    "parameters": [_crossing_id()],
                    "responses": {
                        "200": {
                            "description": "the reports",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "crossing_id": {"type": "string"},
                                            "reports": {
                                                "type": "array",
                                                "items": {"$ref": "#/components/schemas/Report"},
                                            },
                                        },
                                    }
                                }
                            },
                        },
                        "304": not_modified,
                        "404": _error("no crossing of that id"),
                    },
                }
            },
            "/api/v1/reports": _page_of(
                "Every verified report about a day in a range, oldest first",
                REPORT_PARAMETERS,
                "reports",
                "Report",
                counted=True,
            ),
            "/api/v1/changes": _page_of(
                "Each change of a crossing's holder, status or authorisations, newest first",
                CHANGE_PARAMETERS,
                "changes",
                "Change",
                counted=False,
            ),
            "/feeds/changes.atom": {
                "get": {
                    "summary": "The changes of /api/v1/changes as an Atom feed, each entry linked to its map",
                    "parameters": _query(CHANGE_PARAMETERS),
                    "responses": {
                        "200": {"description": "an Atom feed", "content": {"application/atom+xml": {}}},
                        "304": not_modified,
                        "400": _error("a parameter that cannot be read, named"),
                    },
                }
            },
            "/feeds/alerts.atom": {
                "get": {
                    "summary": "The alerts that hold on a day (contested, about to lapse, stale) as an Atom feed",
                    "parameters": _query(ALERT_PARAMETERS),
                    "responses": {
                        "200": {"description": "an Atom feed", "content": {"application/atom+xml": {}}},
                        "304": not_modified,
                        "400": _error("a parameter that cannot be read, named"),
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "State": _object(STATUS_FILE_FIELDS),
                "Crossing": _object(CROSSING_RECORD_FIELDS),
                "Report": _object(HISTORY_FIELDS),
                "Change": _object(CHANGE_RECORD_FIELDS),
                "Source": _object(SOURCE_FIELDS),
                "Error": {"type": "object", "properties": {"error": {"type": "object"}}},
            }
        },
    }
