"""The Jinja2 environment of the pages: project templates first, then the packaged ones.

A project's ``templates/`` folder overrides a packaged template, or one block of it with
``{% extends "default/episode.html" %}``; ``StrictUndefined`` makes a misspelt variable a build
error that names the template file and line (:func:`template_problem`).
"""

from __future__ import annotations

import dataclasses
import traceback
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from ...errors import InputError, Problem
from ...timefmt import player_clock as clock
from .turnshtml import turns_html

TEMPLATES_DIR = "templates"
"""The project folder whose templates override the packaged ones."""


PACKAGE_TEMPLATES = "templates/default"


DEFAULT_PREFIX = "default"


_PLAIN = frozenset({str, Markup, int, float, bool, type(None), tuple, list, dict})
"""Value types the sandbox lets a template read from any object's public attribute."""


class _Sandbox(SandboxedEnvironment):
    """Jinja2's sandbox, with a short path for the page views' own data.

    A template reads about ten attributes of every transcript turn; the sandbox
    checks each (:meth:`SandboxedEnvironment.getattr`: ``str.format`` wrapping,
    :func:`jinja2.sandbox.is_internal_attribute`), a third of a page's rendering
    (issue #18). For an instance of one of the view dataclasses
    (:mod:`.views`, plain data) and an attribute without a leading underscore whose
    value is plain data or another view, those checks cannot refuse (the object is
    no function, method, type, code, frame or generator, and the value is no
    ``str.format``), so the value is returned at once; everything else takes the
    sandbox's own path.
    """

    trusted: frozenset[type] = frozenset()

    def getattr(self, obj: Any, attribute: str) -> Any:
        """``obj.attribute`` in a template (see the class docstring)."""
        if type(obj) in self.trusted and not attribute.startswith("_"):
            value = getattr(obj, attribute, _Sandbox)
            kind = type(value)
            if kind in _PLAIN or kind in self.trusted:
                return value
        return super().getattr(obj, attribute)


def _view_types() -> frozenset[type]:
    from . import views

    return frozenset(
        t for t in vars(views).values() if isinstance(t, type) and dataclasses.is_dataclass(t)
    )


def make_environment(project_root: Path) -> jinja2.Environment:
    """The Jinja2 environment: project ``templates/`` first, then the packaged ones.

    ``episode.html`` resolves to the project's file when it exists, else to the
    packaged one; ``default/episode.html`` is always the packaged one, so an
    override can extend it and replace single blocks.

    Sandboxed (Jinja2's ``SandboxedEnvironment``,
    https://jinja.palletsprojects.com/en/3.1.x/sandbox/): a show folder may come
    from anyone, and its templates must not reach Python internals
    (``cycler.__init__.__globals__.os.popen``), only the values handed to them.
    """
    package = jinja2.PackageLoader("spotlight_feed", PACKAGE_TEMPLATES)
    env = _Sandbox(
        loader=jinja2.ChoiceLoader(
            [
                jinja2.FileSystemLoader(project_root / TEMPLATES_DIR),
                package,
                jinja2.PrefixLoader({DEFAULT_PREFIX: package}),
            ]
        ),
        autoescape=jinja2.select_autoescape(["html", "htm", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.trusted = _view_types()
    env.filters["clock"] = clock
    env.filters["turns_html"] = turns_html  # the packaged episode page's transcript turns
    return env


def render(env: jinja2.Environment, name: str, context: Mapping[str, Any], root: Path) -> str:
    """Render template *name*; an error in a template becomes a problem naming file and line.

    Besides Jinja's own errors (syntax, undefined variables, missing templates),
    any exception raised by an expression in a template (``{{ n + "x" }}``) is
    reported at its template line; an exception from outside the templates is a bug
    and propagates.
    """
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateError as exc:
        raise InputError([template_problem(exc, root)]) from exc
    except Exception as exc:
        where = _template_frame(exc, root)
        if where is None:
            raise
        raise InputError([Problem(_display(where[0], root), where[1], "", str(exc))]) from exc


def template_problem(exc: jinja2.TemplateError, root: Path) -> Problem:
    """Where a template error happened (``templates/episode.html:12``) and what it was.

    Syntax errors carry their file and line; errors raised while rendering (an
    undefined variable, a missing template) are located through the traceback,
    whose frames Jinja rewrites to point at template lines.
    """
    filename: str | None = None
    line: int | None = None
    if isinstance(exc, jinja2.TemplateSyntaxError):
        filename, line = exc.filename, exc.lineno
    elif where := _template_frame(exc, root):
        filename, line = where
    message = exc.message or type(exc).__name__
    if isinstance(exc, jinja2.TemplateNotFound):
        message = f"template not found: {exc.name}"
    elif isinstance(exc, jinja2.UndefinedError):
        message = f"undefined: {message}"
    return Problem(_display(filename, root), line, "", message)


def _template_dirs(root: Path) -> list[Path]:
    package = Path(str(resources.files("spotlight_feed"))) / PACKAGE_TEMPLATES
    return [(root / TEMPLATES_DIR).resolve(), package.resolve()]


def _template_frame(exc: BaseException, root: Path) -> tuple[str, int | None] | None:
    """The innermost traceback frame in a template file (Jinja rewrites them to template lines)."""
    dirs = _template_dirs(root)
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if not frame.filename or frame.filename.startswith("<"):
            continue
        path = Path(frame.filename).resolve()
        if any(path.is_relative_to(d) for d in dirs):
            return frame.filename, frame.lineno
    return None


def _display(filename: str | None, root: Path) -> str:
    """A template's path as the user knows it: project-relative, or inside the package."""
    if not filename:
        return TEMPLATES_DIR
    path = Path(filename).resolve()
    if path.is_relative_to(root.resolve()):
        return path.relative_to(root.resolve()).as_posix()
    package = Path(str(resources.files("spotlight_feed"))).resolve()
    if path.is_relative_to(package):
        return "spotlight_feed/" + path.relative_to(package).as_posix()
    return filename


def stylesheet() -> bytes:
    """The packaged stylesheet."""
    return (resources.files("spotlight_feed") / "static" / "style.css").read_bytes()
