"""The published OpenAPI schema, made to say what the API really answers."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from starlette.routing import Match, Mount

# Answers an operation can give beyond what its route declares, by why they happen.
ERRORS = {
    401: "No X-API-Key, and this operation needs one (keys are configured)",
    403: "The X-API-Key is not a key of a scope this operation accepts",
    404: "What the path (or the body) names does not exist",
    409: "It exists already (the first one is kept), or the test is not in a state for this",
    413: "The request body is larger than MAX_BODY_BYTES",
    429: "Too many writes with this key (WRITE_RATE_LIMIT); see Retry-After",
    503: "The storage is unreachable right now; retry after Retry-After seconds",
}
# 404s and 409s of operations whose path does not show them.
NAMED_ELSEWHERE = {
    ("post", "/interactions"): (404,),
    ("post", "/interactions/batch"): (404,),
    ("post", "/items"): (409,),
    ("post", "/items/batch"): (409,),
    ("get", "/recommendations"): (404,),
    ("post", "/ab_tests"): (409,),
}


def document_error_shapes(app: FastAPI) -> None:
    """Publish every answer the service can give, so clients (and the fuzz tests) can rely on
    the document: a 422's ``detail`` is a list of field errors when the request does not parse,
    and a sentence when it parses but cannot be honoured (an unknown strategy, an invalid test);
    the other errors (``ERRORS``) are ``{"detail": sentence}``."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = generate()
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            error = components.get("HTTPValidationError")
            if error is not None:
                listed = error["properties"]["detail"]
                error["properties"]["detail"] = {
                    "anyOf": [listed, {"type": "string"}],
                    "title": "Detail",
                }
            components["Error"] = {
                "type": "object",
                "title": "Error",
                "properties": {"detail": {"type": "string", "title": "Detail"}},
                "required": ["detail"],
            }
            for path, operations in schema.get("paths", {}).items():
                for method, operation in operations.items():
                    _declare_errors(path, method, operation)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _declare_errors(path: str, method: str, operation: dict[str, Any]) -> None:
    headers = {parameter["name"].lower() for parameter in operation.get("parameters", [])}
    codes: set[int] = set(NAMED_ELSEWHERE.get((method, path), ()))
    if path != "/health/live":
        codes.add(503)
    if "x-api-key" in headers:
        codes |= {401, 403}
        if method != "get":
            codes.add(429)
    if "requestBody" in operation:
        codes.add(413)
    if "{" in path:
        codes.add(404)
    if path.startswith("/ab_tests/") and method != "get":
        codes.add(409)
    responses = operation.setdefault("responses", {})
    for code in sorted(codes):
        responses.setdefault(
            str(code),
            {
                "description": ERRORS[code],
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
            },
        )


def field_errors(error: RequestValidationError) -> list[dict[str, Any]]:
    """A 422's field errors without the rejected input: it may be what JSON cannot carry
    (NaN, Infinity), or large, or a secret pasted in the wrong field."""
    return [
        {key: value for key, value in detail.items() if key in ("type", "loc", "msg")}
        for detail in error.errors()
    ]


def answer_options(app: FastAPI) -> None:
    """``OPTIONS`` on any API path answers 204 with ``Allow`` (RFC 9110), not 405; browsers'
    CORS preflights never get here (the CORS middleware answers them)."""

    @app.options("/{path:path}", include_in_schema=False, status_code=204)
    async def options(request: Request, path: str) -> Response:
        methods = {"OPTIONS"} | {
            method
            for method in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
            if any(
                route.matches({**request.scope, "method": method})[0] == Match.FULL
                and not (isinstance(route, Mount) and route.path == "")
                for route in app.router.routes
            )
        }
        if methods == {"OPTIONS"}:
            return Response(status_code=404)
        return Response(status_code=204, headers={"Allow": ", ".join(sorted(methods))})
