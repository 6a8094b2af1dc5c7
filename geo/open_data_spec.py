"""The API's own description, served at ``/api/v1/openapi.json`` (OpenAPI 3.1), built from the same
parameter list and fields as the answers (:mod:`geo.open_data`), so it cannot drift from them."""

from __future__ import annotations

from typing import Any, Final

from geo.open_data import CROSSING_RECORD_FIELDS, HISTORY_FIELDS, STATE_FORMATS, STATE_PARAMETERS
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


def openapi() -> dict[str, Any]:
    """The OpenAPI document of every route under ``/api/v1/``."""
    state_parameters = [
        {"name": name, "in": "query", "required": False, "description": meaning, "schema": {"type": "string"}}
        for name, meaning in STATE_PARAMETERS.items()
    ]
    state_parameters[-1]["schema"] = {"type": "string", "enum": list(STATE_FORMATS)}
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
        },
        "components": {
            "schemas": {
                "State": _object(STATUS_FILE_FIELDS),
                "Crossing": _object(CROSSING_RECORD_FIELDS),
                "Report": _object(HISTORY_FIELDS),
                "Error": {"type": "object", "properties": {"error": {"type": "object"}}},
            }
        },
    }
