"""The shape of a YAML file, measured from libyaml's events before anything is built.

Two hostile shapes are refused here: nesting thousands of levels deep (Python's recursion gives
out building it, and a hundred thousand levels crash libyaml's C composer outright), and aliases
that expand a 1 KB file to a billion values (``*a`` naming a list of ten ``*b`` naming ...): the
loader shares one object per anchor, but validating walks every value and would never finish.
libyaml's parser keeps its own stack, so this pass cannot overflow.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from kiosk.core.content.model import ContentProblem

MAX_NESTING = 40
"""Lists and sets of fields nested deeper than this are refused; real content nests under ten."""
MAX_VALUES = 50_000
"""Values a file may hold once its aliases are expanded; the largest sample module has ~2,000."""

_OPENS = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSES = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


class _Node:
    __slots__ = ("anchor", "size", "depth")

    def __init__(self, anchor: str | None):
        self.anchor, self.size, self.depth = anchor, 1, 0


def shape_problem(text: str, path: Path, loader: type = yaml.SafeLoader) -> ContentProblem | None:
    """A problem when ``text`` nests deeper than MAX_NESTING or expands past MAX_VALUES; None
    otherwise, and None on a syntax error (reading the file properly names it with its line)."""
    open_nodes: list[_Node] = []
    anchors: dict[str, tuple[int, int]] = {}  # anchor -> (values, depth) of the node it names
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.ScalarEvent):
                if event.anchor:
                    anchors[event.anchor] = (1, 0)
                size, depth = 1, 0
            elif isinstance(event, yaml.AliasEvent):
                size, depth = anchors.get(event.anchor or "", (1, 0))
            elif isinstance(event, _OPENS):
                open_nodes.append(_Node(event.anchor))
                if len(open_nodes) > MAX_NESTING:
                    return _too_deep(path, event)
                continue
            elif isinstance(event, _CLOSES):
                node = open_nodes.pop()
                size, depth = node.size, node.depth + 1
                if node.anchor:
                    anchors[node.anchor] = (size, depth)
            else:
                continue
            if open_nodes:
                parent = open_nodes[-1]
                parent.size += size
                parent.depth = max(parent.depth, depth)
                if len(open_nodes) + depth > MAX_NESTING:
                    return _too_deep(path, event)
                if parent.size > MAX_VALUES:
                    return ContentProblem(path, f"expands to more than {MAX_VALUES:,} values through its "
                                                "aliases (*name); content never needs that (the file may be "
                                                "damaged)", line=_line(event))
    except yaml.YAMLError:
        return None
    return None


def _too_deep(path: Path, event: yaml.Event) -> ContentProblem:
    return ContentProblem(path, f"nests lists or fields more than {MAX_NESTING} levels deep; content "
                                "never needs that (the file may be damaged)", line=_line(event))


def _line(event: yaml.Event) -> int | None:
    return event.start_mark.line + 1 if event.start_mark else None
