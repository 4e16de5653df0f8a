"""JSON Schemas of ``podcast.yaml`` and ``episode.yaml``, generated from :mod:`.config`.

The generated files are shipped in the package (``spotlight_feed/schemas/``) and
referenced from the sample YAML with a ``yaml-language-server`` comment, so
editors complete and check both files. A test keeps the shipped copies equal to
what the models generate.
"""

from __future__ import annotations

import ast
import inspect
import json
import sys
from functools import cache
from typing import Any

from pydantic import BaseModel

from .config import EpisodeConfig, ShowConfig

SCHEMA_FILES: dict[str, type[BaseModel]] = {
    "podcast.schema.json": ShowConfig,
    "episode.schema.json": EpisodeConfig,
}


def render_schemas() -> dict[str, str]:
    """File name -> JSON Schema text (draft 2020-12), stable key order."""
    out = {}
    for name, model in SCHEMA_FILES.items():
        schema = _described(model, model.model_json_schema())
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"https://spotlight-feed.example/schemas/{name}",
            **schema,
        }
        out[name] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return out


def _described(model: type[BaseModel], schema: dict[str, Any]) -> dict[str, Any]:
    """*schema* with each field's docstring as its ``description``.

    The models document their fields with attribute docstrings (a string right after the
    annotated field, PEP 257 "attribute docstrings"). Pydantic's
    ``use_attribute_docstrings`` reads them when each class is created, from the source
    text, which cost every build about 35 ms of its imports (issue #11: no benchmark may
    get slower); the schemas are the only place they are shown, so they are read here,
    the same way (:func:`_class_docs`), and put where pydantic puts them: on the field's
    property, unless the field has an explicit ``Field(description=...)``.
    """
    models = {m.__name__: m for m in _models(model)}
    for name, part in [(model.__name__, schema), *schema.get("$defs", {}).items()]:
        cls = models.get(name)
        props = part.get("properties", {})
        if cls is None:
            continue
        for field, info in cls.model_fields.items():
            doc = _field_doc(cls, field)
            if info.description is None and doc is not None and field in props:
                props[field]["description"] = doc
    return schema


def _models(model: type[BaseModel]) -> set[type[BaseModel]]:
    """*model* and every model its fields use, at any depth."""
    seen: set[type[BaseModel]] = set()
    todo = [model]
    while todo:
        m = todo.pop()
        if m in seen:
            continue
        seen.add(m)
        for info in m.model_fields.values():
            todo += [t for t in _types(info.annotation) if issubclass(t, BaseModel)]
    return seen


def _types(annotation: object) -> list[type]:
    """The classes named anywhere in *annotation* (``list[X]``, ``X | None``, ...)."""
    out: list[type] = []
    todo = [annotation]
    while todo:
        t = todo.pop()
        if isinstance(t, type) and not getattr(t, "__args__", None):
            out.append(t)
        todo += list(getattr(t, "__args__", ()) or ())
        origin = getattr(t, "__origin__", None)
        if isinstance(origin, type):
            out.append(origin)
    return out


def _field_doc(cls: type[BaseModel], field: str) -> str | None:
    """The docstring of *field* in the nearest class of *cls*'s bases that declares it."""
    for base in cls.__mro__:
        if field in inspect.get_annotations(base):
            return _class_docs(base).get(field)
    return None


def _class_docs(cls: type) -> dict[str, str]:
    """Field name -> docstring of the fields *cls* declares, as pydantic reads them.

    Pydantic's ``_docs_extraction.DocstringVisitor``: an ``AnnAssign`` to a plain name
    followed at once by a string expression; the text ``inspect.cleandoc``-ed; nested
    classes and functions not looked into.
    """
    for node in _module_tree(cls.__module__).body:
        if isinstance(node, ast.ClassDef) and node.name == cls.__name__:
            docs: dict[str, str] = {}
            previous: ast.stmt | None = None
            for stmt in node.body:
                if (
                    isinstance(previous, ast.AnnAssign)
                    and isinstance(previous.target, ast.Name)
                    and isinstance(stmt, ast.Expr)
                    and isinstance(stmt.value, ast.Constant)
                    and isinstance(stmt.value.value, str)
                ):
                    docs[previous.target.id] = inspect.cleandoc(stmt.value.value)
                previous = stmt
            return docs
    return {}


@cache
def _module_tree(name: str) -> ast.Module:
    return ast.parse(inspect.getsource(sys.modules[name]))
