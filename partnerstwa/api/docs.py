"""The documentation page's content, read from the OpenAPI schema itself: the page cannot say
anything the contract does not."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from partnerstwa.api.api import api

PREFIX = "/api/v1/"
# The schema's tags (English, part of the contract) as the page names them.
TAGS = {
    "registry": _("Registry"),
    "partnerships": _("Partnerships"),
    "events": _("Events"),
    "contests": _("Contest"),
    "indicators": _("Indicators"),
    "library": _("Documents"),
    "content": _("News"),
    "advocacy": _("Legal barriers"),
    "staff integrations": _("Staff integrations"),
}


@dataclass
class Parameter:
    name: str
    where: str
    type: str
    required: bool
    description: str


@dataclass
class Operation:
    method: str
    path: str
    summary: str
    needs_token: bool
    parameters: list[Parameter] = field(default_factory=list)
    fields: list[Parameter] = field(default_factory=list)
    paged: bool = False

    @property
    def anchor(self) -> str:
        return (self.method + self.path).replace("/", "-").replace("{", "").replace("}", "")


def _type(schema: dict, components: dict) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        kinds = [_type(option, components) for option in schema["anyOf"]]
        return " | ".join(dict.fromkeys(kinds))
    if schema.get("type") == "array":
        return f"list[{_type(schema.get('items', {}), components)}]"
    kind = schema.get("format") or schema.get("type", "")
    if "pattern" in schema:
        kind += f" ({schema['pattern']})"
    if "minimum" in schema or "maximum" in schema:
        kind += f" ({schema.get('minimum', '')}…{schema.get('maximum', '')})"
    return kind


def _fields(schema: dict, components: dict) -> tuple[list[Parameter], bool]:
    if "$ref" not in schema:
        return [], False
    resolved = components[schema["$ref"].rsplit("/", 1)[-1]]
    properties = resolved.get("properties", {})
    if set(properties) == {"items", "next_cursor", "next"}:
        return _fields(properties["items"]["items"], components)[0], True
    required = set(resolved.get("required", ()))
    return [
        Parameter(
            name,
            "",
            _type(value, components),
            name in required,
            value.get("description", ""),
        )
        for name, value in properties.items()
    ], False


def operations() -> list[tuple[str, str, list[Operation]]]:
    schema = api.get_openapi_schema(path_prefix=PREFIX)
    components = schema.get("components", {}).get("schemas", {})
    groups: dict[str, list[Operation]] = {}
    for path, methods in schema["paths"].items():
        for method, spec in methods.items():
            ok = spec["responses"].get("200", {}).get("content", {})
            body = next(iter(ok.values()), {}).get("schema", {})
            fields, paged = _fields(body, components)
            operation = Operation(
                method=method.upper(),
                path=path,
                summary=spec.get("summary", ""),
                needs_token=bool(spec.get("security")),
                parameters=[
                    Parameter(
                        p["name"],
                        p["in"],
                        _type(p.get("schema", {}), components),
                        p.get("required", False),
                        p.get("description", ""),
                    )
                    for p in spec.get("parameters", [])
                ],
                fields=fields,
                paged=paged,
            )
            tag = (spec.get("tags") or ["other"])[0]
            groups.setdefault(tag, []).append(operation)
    return [(tag, TAGS.get(tag, tag), group) for tag, group in groups.items()]
