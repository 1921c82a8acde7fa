"""Read a cmi5 course structure (``cmi5.xml``, cmi5 spec section 13) into frozen dataclasses,
checking every AU's launch URL is a file inside the package.

Elements are matched by local name (the namespace is ``https://w3id.org/xapi/profiles/cmi5/v1/
CourseStructure.xsd`` but real files vary). Every refusal is a ``PackageError`` naming
``cmi5.xml`` and, where it helps, the line.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
import xml.parsers.expat as expat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

from kiosk.core.elearning import PackageProblem
from kiosk.core.elearning.manifest import _Tree  # the manifest reader's expat tree, which keeps lines
from kiosk.core.elearning.references import Resolver
from kiosk.core.errors import PackageError

COURSE_FILE = "cmi5.xml"
MAX_BYTES = 4 * 1024 * 1024
MOVE_ON = ("Passed", "Completed", "CompletedAndPassed", "CompletedOrPassed", "NotApplicable")
MoveOn = Literal["Passed", "Completed", "CompletedAndPassed", "CompletedOrPassed", "NotApplicable"]
LaunchMethod = Literal["AnyWindow", "OwnWindow"]


@dataclass(frozen=True)
class LangText:
    """A cmi5 ``langstring`` set: text by language tag."""

    texts: tuple[tuple[str, str], ...] = ()

    def get(self, lang: str = "en") -> str:
        """The text in ``lang`` (or its primary language), else the first one given."""
        wanted = lang.lower()
        for tag, text in self.texts:
            if tag.lower() == wanted:
                return text
        for tag, text in self.texts:
            if tag.lower().split("-")[0] == wanted.split("-")[0]:
                return text
        return self.texts[0][1] if self.texts else ""

    def as_langmap(self) -> dict[str, str]:
        return {tag or "und": text for tag, text in self.texts}

    def __str__(self) -> str:
        return self.get()


@dataclass(frozen=True)
class Cmi5Au:
    id: str
    title: LangText
    description: LangText
    url: str
    """Relative to the package root, with the AU's own query string if it has one."""
    move_on: MoveOn = "NotApplicable"
    mastery_score: float | None = None
    launch_method: LaunchMethod = "AnyWindow"
    activity_type: str = ""
    launch_parameters: str = ""
    entitlement_key: str = ""
    parents: tuple[str, ...] = ()
    """The ids of the blocks that hold this AU, outermost first."""


@dataclass(frozen=True)
class Cmi5Block:
    id: str
    title: LangText
    description: LangText
    children: tuple[Cmi5Block | Cmi5Au, ...] = ()
    parents: tuple[str, ...] = ()


@dataclass(frozen=True)
class Cmi5Course:
    id: str
    title: LangText
    description: LangText
    root: Path
    children: tuple[Cmi5Block | Cmi5Au, ...]
    aus: tuple[Cmi5Au, ...] = ()
    """Every AU in document order."""
    blocks: tuple[Cmi5Block, ...] = field(default=())
    """Every block in document order (outer before inner)."""

    def au(self, au_id: str) -> Cmi5Au:
        for au in self.aus:
            if au.id == au_id:
                return au
        raise KeyError(au_id)


def read_cmi5(root: Path) -> Cmi5Course:
    """Read ``root/cmi5.xml``.

    Raises:
        PackageError: not well-formed, not a course structure, a remote or missing AU, a bad
            moveOn or masteryScore; every problem found is listed, each naming cmi5.xml.
    """
    root = Path(root)
    path = root / COURSE_FILE
    if not path.is_file():
        raise PackageError([PackageProblem(COURSE_FILE, "is missing")], "missing")
    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        raise _refused(f"is {len(raw) / 1e6:,.1f} MB; a course structure may be at most {MAX_BYTES // 10**6} MB")
    if b"<!ENTITY" in raw:
        raise _refused("declares XML entities (<!ENTITY>), which the kiosk does not accept",
                       raw[: raw.index(b"<!ENTITY")].count(b"\n") + 1)
    try:
        tree = _Tree(raw)
    except expat.ExpatError as exc:
        raise _refused(f"is not well-formed XML ({expat.ErrorString(exc.code)})", exc.lineno) from None
    reader = _Reader(root, tree)
    course = reader.course()
    if reader.problems:
        reason = "outside" if any("offline" in p.message for p in reader.problems) else "manifest"
        raise PackageError(reader.problems, reason)
    return course


class _Reader:
    def __init__(self, root: Path, tree: _Tree):
        self.root = root
        self.resolver = Resolver(root)
        self.tree = tree
        self.problems: list[PackageProblem] = []
        self.aus: list[Cmi5Au] = []
        self.blocks: list[Cmi5Block] = []
        self.ids: set[str] = set()

    def problem(self, element: ET.Element | None, message: str) -> None:
        self.problems.append(PackageProblem(COURSE_FILE, message, self.tree.line(element) if element is not None
                                            else None))

    def course(self) -> Cmi5Course:
        top = self.tree.root
        if _local(top.tag) != "courseStructure":
            raise _refused(f"has <{_local(top.tag)}> at its top, not <courseStructure>", self.tree.line(top))
        course = _child(top, "course")
        if course is None:
            raise _refused("has no <course> element", self.tree.line(top))
        course_id = self._id(course, "course")
        children = self._children(top, ())
        if not self.aus:
            self.problem(top, "names no AU (<au>), so there is nothing to play")
        return Cmi5Course(course_id, _langs(course, "title"), _langs(course, "description"), self.root,
                          children, tuple(self.aus), tuple(self.blocks))

    def _id(self, element: ET.Element, what: str) -> str:
        value = (element.get("id") or "").strip()
        if not value:
            self.problem(element, f"a <{what}> has no id")
        elif ":" not in value:
            self.problem(element, f"the {what} id '{value}' is not an IRI")
        elif value in self.ids:
            self.problem(element, f"the id '{value}' is used twice")
        self.ids.add(value)
        return value

    def _children(self, parent: ET.Element, parents: tuple[str, ...]) -> tuple[Any, ...]:
        found: list[Any] = []
        for element in parent:
            name = _local(element.tag)
            if name == "au":
                found.append(self._au(element, parents))
            elif name == "block":
                block_id = self._id(element, "block")
                block = Cmi5Block(block_id, _langs(element, "title"), _langs(element, "description"),
                                  (), parents)
                self.blocks.append(block)
                index = len(self.blocks) - 1
                kids = self._children(element, (*parents, block_id))
                if not kids:
                    self.problem(element, f"the block '{block_id}' holds no AU")
                block = Cmi5Block(block.id, block.title, block.description, kids, parents)
                self.blocks[index] = block
                found.append(block)
        return tuple(found)

    def _au(self, element: ET.Element, parents: tuple[str, ...]) -> Cmi5Au:
        au_id = self._id(element, "au")
        move_on = element.get("moveOn", "NotApplicable")
        if move_on not in MOVE_ON:
            self.problem(element, f"the AU '{au_id}' has moveOn '{move_on}'; it must be one of {', '.join(MOVE_ON)}")
            move_on = "NotApplicable"
        mastery = None
        if (score := element.get("masteryScore")) is not None:
            try:
                mastery = float(score)
            except ValueError:
                mastery = -1.0
            if not 0 <= mastery <= 1:
                self.problem(element, f"the AU '{au_id}' has masteryScore '{element.get('masteryScore')}'; "
                                      "it must be a number from 0 to 1")
                mastery = None
        method = element.get("launchMethod", "AnyWindow")
        if method not in ("AnyWindow", "OwnWindow"):
            self.problem(element, f"the AU '{au_id}' has launchMethod '{method}'; it must be AnyWindow or OwnWindow")
            method = "AnyWindow"
        url_el = _child(element, "url")
        url = (url_el.text or "").strip() if url_el is not None else ""
        if not url:
            self.problem(element, f"the AU '{au_id}' has no <url>")
        elif url.lower().startswith(("http://", "https://", "//")):
            self.problem(url_el, f"the AU '{au_id}' is at {url}, on the internet: the kiosk cannot play it "
                                 "offline (ask the publisher for a package with the AU inside)")
        else:
            target, why = self.resolver.resolve(url)
            if target is None:
                self.problem(url_el, f"the AU '{au_id}' url {why}")
        au = Cmi5Au(au_id, _langs(element, "title"), _langs(element, "description"), url, cast(MoveOn, move_on),
                    mastery, cast(LaunchMethod, method), element.get("activityType", ""),
                    _text(element, "launchParameters"), _text(element, "entitlementKey"), parents)
        self.aus.append(au)
        return au


def _refused(message: str, line: int | None = None) -> PackageError:
    return PackageError([PackageProblem(COURSE_FILE, message, line)], "manifest")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(element: ET.Element, name: str) -> ET.Element | None:
    for child in element:
        if _local(child.tag) == name:
            return child
    return None


def _text(element: ET.Element, name: str) -> str:
    child = _child(element, name)
    return (child.text or "").strip() if child is not None else ""


def _langs(element: ET.Element, name: str) -> LangText:
    holder = _child(element, name)
    if holder is None:
        return LangText()
    texts = []
    for string in holder:
        if _local(string.tag) == "langstring":
            lang = next((v for k, v in string.attrib.items() if _local(k) == "lang"), "")
            texts.append((lang, " ".join((string.text or "").split())))
    return LangText(tuple(texts))
