"""OpenAPI descriptions of what routes answer beyond their main model: other formats, and every error status.

Declared so that clients (and schemathesis) can rely on the schema: each status a route may
answer is listed with its media types.
"""

ERROR_SCHEMA = {"type": "object", "properties": {"detail": {}}, "required": ["detail"]}
OBJECT = {"type": "object"}
TEXT = {"type": "string"}

WHY = {
    303: "The resource is shown on another page (a clause within its document)",
    400: "The query is malformed; the message is the parser's",
    403: "Refused: the endpoint is read-only and SERVICE federation is off",
    404: "Not found",
    406: "None of the formats the Accept header (or format=) asks for",
    413: "The request body or query is over the size limit",
    415: "The body's media type is not one this route reads",
    422: "A parameter is out of range or missing",
    500: "The query's worker process stopped unexpectedly and was replaced; try again",
    502: "The external SPARQL store could not be reached or failed",
    503: "Busy, or the query ran past its time limit; try again later",
}


def content(*media_types: str, schema: dict | None = None) -> dict:
    """A response ``content`` map: each media type with ``schema`` (a string for text formats)."""
    return {m: {"schema": schema or (OBJECT if "json" in m else TEXT)} for m in media_types}


def errors(*statuses: int, html: bool = False) -> dict:
    """Error responses: JSON ``{"detail": ...}``, and an HTML page too where a browser may get one."""
    body = {"application/json": {"schema": ERROR_SCHEMA}}
    if html:
        body["text/html"] = {"schema": TEXT}
    return {status: {"description": WHY[status], "content": body} for status in statuses}


def ok(*media_types: str, description: str = "Success", schema: dict | None = None) -> dict:
    return {200: {"description": description, "content": content(*media_types, schema=schema)}}
