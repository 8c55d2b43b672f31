"""The published OpenAPI schema, made to say what the API really answers."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError


def document_error_shapes(app: FastAPI) -> None:
    """A 422's ``detail`` is a list of field errors when the request does not parse, and a
    sentence when it parses but cannot be honoured (an unknown strategy, an invalid test).
    FastAPI's generated schema only knows the list; clients and the fuzz tests read this one."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = generate()
            error = schema.get("components", {}).get("schemas", {}).get("HTTPValidationError")
            if error is not None:
                listed = error["properties"]["detail"]
                error["properties"]["detail"] = {
                    "anyOf": [listed, {"type": "string"}],
                    "title": "Detail",
                }
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def field_errors(error: RequestValidationError) -> list[dict[str, Any]]:
    """A 422's field errors without the rejected input: it may be what JSON cannot carry
    (NaN, Infinity), or large, or a secret pasted in the wrong field."""
    return [
        {key: value for key, value in detail.items() if key in ("type", "loc", "msg")}
        for detail in error.errors()
    ]
