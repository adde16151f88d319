"""API operations described once: the same schemas validate requests, shape responses
and generate the OpenAPI document served at /apispec.json (Swagger UI at /docs).

    @bp.post("/api/v1/auth/register")
    @operation("Create a recruiter account", tags=["auth"], body=RegisterSchema,
               responses={201: UserSchema}, errors=[409])
    def register(body): ...
"""

import copy
import re
from functools import wraps

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Flask, Response, jsonify, request
from marshmallow import Schema
from marshmallow import ValidationError as SchemaValidationError

from app.errors import MAX_RECORD_ID, InvalidRequest, ValidationError
from app.schemas import ErrorSchema, Trimmed

# Every JSON endpoint lives under this prefix.
API_PREFIX = "/api/v1"
SUCCESS_DESCRIPTIONS = {200: "OK", 201: "Created", 202: "Accepted", 204: "No content"}
ERROR_DESCRIPTIONS = {
    400: "Malformed request",
    401: "Missing, invalid, expired or revoked token",
    403: "Signed in, but not allowed",
    404: "No such record (or not yours)",
    409: "Conflicts with existing data",
    410: "No longer available",
    422: "Validation failed; `details` maps each field to its messages",
    429: "Rate limited; see Retry-After",
}
_PATH_PARAM = re.compile(r"<(?:(?P<converter>\w+)(?:\([^)]*\))?:)?(?P<name>\w+)>")


def load_json_body(schema: type[Schema]) -> dict:
    """Parse and validate the JSON request body with a schema, or raise the envelope."""
    data = request.get_json(silent=True)
    if data is None:
        if request.get_data(cache=True):
            raise InvalidRequest("Request body must be valid JSON")
        data = {}
    if not isinstance(data, dict):
        raise InvalidRequest("Request body must be a JSON object")
    return load_data(schema, data)


NUL_MESSAGE = "Must not contain the NUL character."
NUL_FREE_PATTERN = "^[^\\u0000]*$"


def _nul_errors(value):
    """Per-field errors for strings holding NUL, which PostgreSQL text cannot store."""
    if isinstance(value, str):
        return [NUL_MESSAGE] if "\x00" in value else None
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None
    errors = {str(key): e for key, item in items if (e := _nul_errors(item))}
    return errors or None


def load_data(schema: type[Schema], data) -> dict:
    """Validate a mapping with a schema; failure becomes 422 with per-field details."""
    nul = _nul_errors(data)
    if nul:
        raise ValidationError(details=nul if isinstance(nul, dict) else {"_": nul})
    try:
        return schema().load(data)
    except SchemaValidationError as exc:
        messages = (
            exc.messages if isinstance(exc.messages, dict) else {"_": exc.messages}
        )
        raise ValidationError(details=_string_keys(messages)) from exc


def _string_keys(messages):
    """List errors are keyed by int index; mixed with str keys, sorted JSON breaks."""
    if isinstance(messages, dict):
        return {str(key): _string_keys(value) for key, value in messages.items()}
    return messages


def _render(result, responses: dict[int, type[Schema] | None]):
    if isinstance(result, Response):
        return result
    status, headers = 200, {}
    if isinstance(result, tuple):
        result, status, *rest = result
        headers = rest[0] if rest else {}
    schema = responses.get(status)
    if schema is None:
        return Response(status=status, headers=headers)
    return jsonify(schema().dump(result)), status, headers


def operation(
    summary: str,
    *,
    tags: list[str],
    body: type[Schema] | None = None,
    query: type[Schema] | None = None,
    responses: dict[int, type[Schema] | str | None],
    errors: tuple[int, ...] = (),
    description: str = "",
    body_doc: dict | None = None,
    multipart: dict | None = None,
):
    """Declare an API operation: validate its body/query, dump its result, document it.

    body_doc documents the JSON body when the `body` schema alone cannot (e.g. a oneOf
    of schema classes); `body` still validates it. A response given as a media type
    ("text/csv") is a file the view returns as a Response itself. multipart documents a
    multipart/form-data body (file uploads) that the view reads from request.files.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if query is not None:
                kwargs["query"] = load_data(query, request.args.to_dict())
            if body is not None:
                kwargs["body"] = load_json_body(body)
            return _render(view(*args, **kwargs), responses)

        wrapper.openapi = {
            "summary": summary,
            "description": description or (view.__doc__ or "").strip(),
            "tags": tags,
            "body": body,
            "query": query,
            "responses": responses,
            "errors": set(errors),
            "body_doc": body_doc,
            "multipart": multipart,
        }
        return wrapper

    return decorator


def _path_and_params(rule_text: str) -> tuple[str, list[dict]]:
    params = []
    for match in _PATH_PARAM.finditer(rule_text):
        is_int = match.group("converter") == "int"
        schema = (
            {"type": "integer", "minimum": 1, "maximum": MAX_RECORD_ID}
            if is_int
            else {"type": "string"}
        )
        params.append(
            {
                "in": "path",
                "name": match.group("name"),
                "required": True,
                "schema": schema,
            }
        )
    return _PATH_PARAM.sub(r"{\g<name>}", rule_text), params


def _operation_dict(meta: dict, roles, path_params: list[dict]) -> dict:
    op = {
        "summary": meta["summary"],
        "tags": meta["tags"],
        "operationId": None,
        "responses": {},
    }
    if meta["description"]:
        op["description"] = meta["description"]
    params = list(path_params)
    if meta["query"] is not None:
        params.append({"in": "query", "schema": meta["query"]})
    if params:
        op["parameters"] = params
    if meta["body"] is not None:
        # An omitted body is read as {}: it is optional when {} is valid.
        fields = meta["body"]._declared_fields.values()
        required = any(field.required for field in fields)
        schema = meta["body"]
        if meta.get("body_doc") is not None:
            schema = copy.deepcopy(meta["body_doc"])
            required = required or "oneOf" in schema  # each variant has its own fields
        op["requestBody"] = {
            "required": required,
            "content": {"application/json": {"schema": schema}},
        }
    elif meta.get("multipart") is not None:
        schema = copy.deepcopy(meta["multipart"])
        op["requestBody"] = {
            "required": True,
            "content": {"multipart/form-data": {"schema": schema}},
        }
    for status, schema in meta["responses"].items():
        response = {"description": SUCCESS_DESCRIPTIONS.get(status, "OK")}
        if isinstance(schema, str):  # a media type, e.g. "text/csv": a file
            response["content"] = {schema: {"schema": {"type": "string"}}}
        elif schema is not None:
            response["content"] = {"application/json": {"schema": schema}}
        op["responses"][str(status)] = response
    error_codes = set(meta["errors"])
    if roles is not None:
        op["security"] = [{"bearerAuth": []}]
        error_codes |= {401}
        if roles:
            error_codes |= {403}
            op["description"] = (
                op.get("description", "") + f"\n\nRequires role: {', '.join(roles)}."
            ).strip()
    else:
        op["security"] = []
    if meta["body"] is not None or meta.get("multipart") is not None:
        error_codes |= {400, 422}
    if meta["query"] is not None:
        error_codes |= {422}
    if path_params:
        error_codes |= {404}
    for status in sorted(error_codes):
        op["responses"][str(status)] = {
            "description": ERROR_DESCRIPTIONS.get(status, "Error"),
            "content": {"application/json": {"schema": ErrorSchema}},
        }
    return op


# What str.strip() removes, spelled out: \s in JSON Schema (ECMA-262) is another set.
WHITESPACE = (
    r"\t-\r\u001c-\u0020\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
)
SPACE, NOT_SPACE = f"[{WHITESPACE}]", f"[^{WHITESPACE}]"


def trimmed_string_properties(self, field, ret: dict, **kwargs) -> dict:
    """Document a Trimmed field as the server checks it.

    maxLength holds for the value as sent (Trimmed checks both); a minimum length or a
    pattern holds once surrounding whitespace is gone, which only a pattern can say.
    """
    if not isinstance(field, Trimmed):
        return {}
    if "pattern" in ret:  # a Regexp validator's ^...$, matched after trimming
        core = ret["pattern"].removeprefix("^").removesuffix("$")
        pattern = f"^{SPACE}*(?:{core}){SPACE}*$"
        rule = "then matched against the pattern"
    elif ret.get("minLength", 0) >= 1:
        # At least `low` characters from the first to the last non-whitespace one.
        low = ret.pop("minLength")
        pattern = NOT_SPACE
        if low >= 2:
            # NUL is refused anywhere (see _forbid_nul), so no class here admits it.
            nul_free = r"[^\u0000]"
            between = f"{nul_free}*" if low == 2 else f"{nul_free}{{{low - 2},}}"
            pattern = f"[^{WHITESPACE}\\u0000]{between}{NOT_SPACE}"
        rule = f"at least {low} character{'s' if low > 1 else ''} must remain"
    else:
        return {}
    note = f"Surrounding whitespace is removed; {rule}."
    description = ret.get("description", "").rstrip(".")
    return {"pattern": pattern, "description": f"{description}. {note}".lstrip(". ")}


def build_spec(app: Flask) -> dict:
    """The OpenAPI 3 document for every operation registered on the app."""
    marshmallow_plugin = MarshmallowPlugin()
    spec = APISpec(
        title=f"{app.config['APP_NAME']} API",
        version=app.config["APP_VERSION"],
        openapi_version="3.0.3",
        plugins=[marshmallow_plugin],
        info={
            "description": "Log in with POST /api/v1/auth/login, press Authorize and "
            "paste the access_token. Errors use one envelope: "
            '{"error": {"code", "message", "details"}}.'
        },
    )
    marshmallow_plugin.converter.add_attribute_function(trimmed_string_properties)
    spec.components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
    )
    spec.components.schema("Error", schema=ErrorSchema)
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        view = app.view_functions[rule.endpoint]
        meta = getattr(view, "openapi", None)
        if meta is None:
            continue
        path, path_params = _path_and_params(rule.rule)
        roles = getattr(view, "required_roles", None)
        operations = {}
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            op = _operation_dict(meta, roles, path_params)
            op["operationId"] = f"{rule.endpoint}.{method.lower()}"
            operations[method.lower()] = op
        spec.path(path=path, operations=operations)
    document = spec.to_dict()
    _forbid_nul(document)
    return document


def _forbid_nul(node) -> None:
    """Say in the document what load_data enforces: no string may hold NUL."""
    if isinstance(node, dict):
        if node.get("type") == "string" and not {"enum", "format"} & node.keys():
            pattern = node.get("pattern")
            if pattern is None:
                node["pattern"] = NUL_FREE_PATTERN
            elif pattern.startswith("[^") and pattern.endswith("]"):
                # "some character outside this class" (Trimmed's "not blank"): the
                # same, with NUL outside it too and nowhere else.
                node["pattern"] = f"^[^\\u0000]*{pattern[:-1]}\\u0000][^\\u0000]*$"
        for value in node.values():
            _forbid_nul(value)
    elif isinstance(node, list):
        for value in node:
            _forbid_nul(value)
