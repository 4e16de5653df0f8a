"""Read a YAML file into plain data plus a map from each field path to its line.

PyYAML's loaders forget where a value came from; we compose the node graph with
libyaml (``CSafeLoader``, about ten times faster than the pure-Python loader,
with a warning when it is missing), construct the data from it, and record the
1-based line of every mapping key and sequence item. Validation errors then point
at ``file:line`` (docs/sources.md §7.4). Duplicate keys, which PyYAML silently
overwrites, are reported as problems.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem
from .safeio import SpecialFileError, read_regular

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

    warnings.warn(
        "PyYAML was built without libyaml; loading episodes will be about 10x slower",
        stacklevel=1,
    )

Loc = tuple[str | int, ...]


@dataclass
class YamlDoc:
    """A parsed YAML document: its data and where each field path starts."""

    path: str
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)

    def line_of(self, loc: Loc) -> int:
        """The line of *loc*, or of its nearest recorded parent (1 for the document)."""
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), 1)


class DocRef:
    """A loaded file's data and line map, read again only when someone asks.

    The load stage keeps one of these per episode instead of the parsed
    :class:`YamlDoc`: after validation the build needs an episode's source lines
    only to word an error, so holding every document's data and line map (about
    half of a loaded episode's memory) would make memory grow with the catalogue
    for nothing. The first use of :attr:`data` or :meth:`line_of` parses the file
    again and keeps the result; pickling (the load cache) drops it.
    """

    __slots__ = ("_doc", "file", "path")

    def __init__(self, path: str, file: Path) -> None:
        self.path = path
        """Display path (relative to the project), as in messages."""
        self.file = file
        self._doc: YamlDoc | None = None

    def _load(self) -> YamlDoc:
        if self._doc is None:
            doc, _ = load_yaml_file(self.file, self.path)
            self._doc = doc if doc is not None else YamlDoc(self.path, None, {(): 1})
        return self._doc

    @property
    def data(self) -> Any:
        """The file's data (parsed now if it was not yet)."""
        return self._load().data

    def line_of(self, loc: Loc) -> int:
        """See :meth:`YamlDoc.line_of`."""
        return self._load().line_of(loc)

    def __getstate__(self) -> tuple[str, Path]:
        return (self.path, self.file)

    def __setstate__(self, state: tuple[str, Path]) -> None:
        self.path, self.file = state
        self._doc = None


def format_loc(loc: Loc) -> str:
    """Render ``('chapters', 2, 'start')`` as ``chapters[2].start``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def load_yaml(text: str, display_path: str) -> tuple[YamlDoc | None, list[Problem]]:
    """Parse *text*; return the document, or ``None`` and the syntax problem."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDoc(display_path, None, {(): 1}), []
        limit = check_limits(node)
        if limit is not None:
            return None, [Problem(display_path, limit[0], "", limit[1])]
        problems: list[Problem] = []
        lines: dict[Loc, int] = {(): node.start_mark.line + 1}
        data = _construct(loader, node, (), lines, problems, display_path)
        return YamlDoc(display_path, data, lines), problems
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = exc.problem or "invalid YAML"
        if exc.context:
            what = f"{exc.context}, {what}"
        tab = _tab_at(text, mark)
        if tab is not None:
            line, what = (
                tab,
                (
                    "a tab character indents this line; YAML allows only spaces for indentation "
                    "(YAML 1.2 §6.1), so replace the tab with spaces"
                ),
            )
        return None, [Problem(display_path, line, "", f"YAML syntax error: {what}")]
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        char = f"#x{exc.character:04x}" if isinstance(exc.character, int) else repr(exc.character)
        return None, [
            Problem(
                display_path,
                line,
                "",
                f"YAML syntax error: unacceptable character {char}: "
                "control characters are not allowed (write it as an escape in a "
                "double-quoted string if you really mean it)",
            )
        ]
    except yaml.YAMLError as exc:
        return None, [Problem(display_path, None, "", f"YAML error: {exc}")]
    finally:
        loader.dispose()


def _tab_at(text: str, mark: Any) -> int | None:
    """The 1-based line of the tab that caused a syntax error at *mark*, if a tab did.

    libyaml reports "found character that cannot start any token" (or a mapping
    error a line later) for a tab in indentation, which does not say "tab".
    """
    if mark is None:
        return None
    lines = text.splitlines()
    at: int = mark.line
    for n in (at, at - 1):
        if 0 <= n < len(lines):
            indent = lines[n][: len(lines[n]) - len(lines[n].lstrip(" \t"))]
            if "\t" in indent:
                return n + 1
    return None


def load_yaml_file(path: Path, display_path: str) -> tuple[YamlDoc | None, list[Problem]]:
    """Read and parse a YAML file; unreadable or non-UTF-8 files are problems."""
    try:
        text = read_regular(path).decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [Problem(display_path, None, "", f"not UTF-8 text ({exc.reason})")]
    except SpecialFileError as exc:
        return None, [Problem(display_path, None, "", str(exc))]
    except OSError as exc:
        return None, [Problem(display_path, None, "", f"cannot read: {exc.strerror}")]
    return load_yaml(text, display_path)


MAX_DEPTH = 50
"""Deepest nesting of mappings and sequences accepted (a show config needs about 5)."""
MAX_VALUES = 100_000
"""Most values a document may hold once its aliases are expanded.

A YAML alias repeats a whole subtree without repeating its text, so 1 KB of nested
aliases (the "billion laughs") expands to gigabytes; the node graph itself is small.
Sizes are computed on the graph, each node once, before a single object is built.
"""


def check_limits(root: yaml.Node) -> tuple[int, str] | None:
    """``(line, message)`` if *root* is recursive, too deep or expands too far, else ``None``.

    The YAML 1.1 merge key (``<<: *base``) is a mapping entry like any other here.
    """
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(node: yaml.Node, depth: int) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        line = node.start_mark.line + 1
        if key in active:
            raise _Limit(
                line,
                "an alias refers to the value that contains it (YAML data "
                "here cannot be recursive); write the value out",
            )
        if depth > MAX_DEPTH:
            raise _Limit(
                line,
                f"nested more than {MAX_DEPTH} levels deep; a show or "
                "episode file needs only a few",
            )
        if isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        else:
            sizes[key] = 1
            return 1
        active.add(key)
        total = 1
        for child in children:
            total += size(child, depth + 1)
            if total > MAX_VALUES:
                raise _Limit(
                    line,
                    f"holds more than {MAX_VALUES:,} values once its aliases "
                    "are expanded (an alias bomb?); write the values out",
                )
        active.discard(key)
        sizes[key] = total
        return total

    try:
        size(root, 0)
    except _Limit as exc:
        return exc.line, f"YAML too complex: {exc.message}"
    return None


class _Limit(Exception):
    def __init__(self, line: int, message: str) -> None:
        self.line, self.message = line, message


MERGE_TAG = "tag:yaml.org,2002:merge"


def _pairs(node: yaml.MappingNode) -> list[tuple[yaml.Node, yaml.Node]]:
    """The mapping's entries with YAML 1.1 merge keys (``<<: *base``) applied.

    https://yaml.org/type/merge.html: the merged mappings' keys come first, in order, and
    keys written in the mapping itself override them (so they are not duplicates).
    """
    own = [(k, v) for k, v in node.value if k.tag != MERGE_TAG]
    merged: list[tuple[yaml.Node, yaml.Node]] = []
    for k, v in node.value:
        if k.tag != MERGE_TAG:
            continue
        sources = v.value if isinstance(v, yaml.SequenceNode) else [v]
        for src in sources:
            if not isinstance(src, yaml.MappingNode):
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    "the merge key << takes a mapping or a list of mappings",
                    src.start_mark,
                )
            merged += _pairs(src)
    if not merged:
        return own
    own_keys = {k.value for k, _ in own if isinstance(k, yaml.ScalarNode)}
    seen: set[str] = set()
    out: list[tuple[yaml.Node, yaml.Node]] = []
    for k, v in merged:
        name = k.value if isinstance(k, yaml.ScalarNode) else None
        if name in own_keys or name in seen:
            continue
        if name is not None:
            seen.add(name)
        out.append((k, v))
    return out + own


def _construct(
    loader: Any,
    node: yaml.Node,
    loc: Loc,
    lines: dict[Loc, int],
    problems: list[Problem],
    path: str,
) -> Any:
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in _pairs(node):
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str | int | bool | float) or isinstance(key, bool):
                key = str(key)
            child = (*loc, key)
            if key in out:
                problems.append(
                    Problem(
                        path,
                        key_node.start_mark.line + 1,
                        format_loc(child),
                        f"duplicate key (first given on line {lines[child]})",
                    )
                )
                continue
            lines[child] = key_node.start_mark.line + 1
            out[key] = _construct(loader, value_node, child, lines, problems, path)
        return out
    if isinstance(node, yaml.SequenceNode):
        items = []
        for i, item in enumerate(node.value):
            lines[(*loc, i)] = item.start_mark.line + 1
            items.append(_construct(loader, item, (*loc, i), lines, problems, path))
        return items
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, OverflowError):
        # An impossible timestamp such as 2024-13-45T10:00:00Z matches YAML's
        # timestamp pattern but cannot be constructed: keep the text, so that
        # validation reports it against the field with its line.
        return node.value
