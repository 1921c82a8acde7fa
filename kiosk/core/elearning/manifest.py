"""Read a SCORM package's ``imsmanifest.xml`` (SCORM 1.2, SCORM 2004 2nd/3rd/4th edition) into a
``Package``, checking that every file it names is inside the package; and ``read_package``, which
tells SCORM from H5P.

Elements and attributes are matched by local name, case-insensitively where the two SCORM versions
differ only in case (``adlcp:scormtype`` / ``adlcp:scormType``), because real manifests mix
namespace prefixes and versions freely.
"""

from __future__ import annotations

import logging
import posixpath
import xml.etree.ElementTree as ET
import xml.parsers.expat as expat
from collections.abc import Iterable
from pathlib import Path
from typing import Any, cast

from kiosk.core.elearning import Package, PackageProblem, Sco, ScormType, Standard
from kiosk.core.elearning.references import Resolver, http_warnings
from kiosk.core.errors import PackageError

log = logging.getLogger(__name__)

MANIFEST = "imsmanifest.xml"
MAX_MANIFEST_BYTES = 16 * 1024 * 1024
_EDITIONS = (("4th", "4th"), ("3rd", "3rd"), ("2nd", "2nd"), ("cam 1.3", "2nd"))


def read_package(root: Path, standard: Standard | None = None, scan: bool = True) -> Package:
    """Read the package unpacked in ``root``: SCORM (``imsmanifest.xml``) or H5P (``h5p.json``).

    Args:
        standard: what the module says it is; a package of another kind is refused.
        scan: look for internet addresses in its text files (``Package.warnings``); the module
            loader leaves this out, so a kiosk does not read every file of every package at start.

    Raises:
        PackageError: listing every problem, each naming the file inside the package.
    """
    root = Path(root)
    if (root / MANIFEST).is_file():
        package = read_scorm(root, scan)
    elif (root / "h5p.json").is_file():
        from kiosk.core.elearning.h5p import read_h5p

        package = read_h5p(root, scan)
    elif (root / "cmi5.xml").is_file():
        from kiosk.core.elearning.cmi5pkg import read_cmi5_package

        package = read_cmi5_package(root, scan)
    elif not root.is_dir():
        raise PackageError([PackageProblem("", f"the folder {root} is missing")], "missing")
    else:
        raise PackageError([PackageProblem("", "has neither imsmanifest.xml (SCORM) nor h5p.json (H5P) at "
                                               "its top level, so it is not a package the kiosk can "
                                               "play")], "unsupported")
    if standard is not None and package.standard != standard:
        raise PackageError([PackageProblem({"h5p": "h5p.json", "cmi5": "cmi5.xml"}.get(package.standard, MANIFEST),
                                           f"is a {package.standard} package, but the module says "
                                           f"'standard: {standard}'")], "manifest")
    return package


class _Tree:
    """The parsed manifest with each element's line, for messages. Parsed with expat directly
    because ElementTree's own parser does not say where an element starts."""

    def __init__(self, raw: bytes):
        self.lines: dict[ET.Element, int] = {}
        builder = ET.TreeBuilder()
        parser = expat.ParserCreate(namespace_separator="}")
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

        def start(tag: str, attrs: dict[str, Any]) -> None:
            attrs = {_clark(key): value for key, value in attrs.items()}
            self.lines[builder.start(_clark(tag), attrs)] = parser.CurrentLineNumber

        parser.StartElementHandler = start
        parser.EndElementHandler = lambda tag: builder.end(_clark(tag))
        parser.CharacterDataHandler = builder.data
        parser.Parse(raw, True)
        self.root = builder.close()

    def line(self, element: ET.Element) -> int | None:
        return self.lines.get(element)


def _clark(name: str) -> str:
    """expat's 'uri}local' as ElementTree writes it, '{uri}local'."""
    return "{" + name if "}" in name else name


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if _local(child.tag) == name]


def _child(element: ET.Element, name: str) -> ET.Element | None:
    return next(iter(_children(element, name)), None)


def _attr(element: ET.Element, name: str, default: str = "") -> str:
    for key, value in element.attrib.items():
        if _local(key) == name:
            return value.strip()
    return default


def _text(element: ET.Element | None) -> str:
    return "".join(element.itertext()).strip() if element is not None else ""


def _parse(root: Path) -> _Tree:
    path = root / MANIFEST
    size = path.stat().st_size
    if size > MAX_MANIFEST_BYTES:
        raise _refused(f"is {size / 1e6:,.0f} MB; a manifest may be at most {MAX_MANIFEST_BYTES // 10**6} MB")
    raw = path.read_bytes()
    if b"<!ENTITY" in raw:
        # Entities are how XML bombs expand; no SCORM manifest needs them.
        raise _refused("declares XML entities (<!ENTITY>), which the kiosk does not accept",
                       raw[: raw.index(b"<!ENTITY")].count(b"\n") + 1)
    try:
        return _Tree(raw)
    except expat.ExpatError as exc:
        message = expat.ErrorString(exc.code)
        raise _refused(f"is not well-formed XML ({message}); fix the manifest or re-export the package",
                       exc.lineno) from None


def _refused(message: str, line: int | None = None) -> PackageError:
    return PackageError([PackageProblem(MANIFEST, message, line)], "manifest")


def _version(tree: _Tree) -> tuple[Standard, str]:
    """The standard and edition: metadata/schemaversion when given, else the namespaces used."""
    metadata = _child(tree.root, "metadata")
    schema = _text(_child(metadata, "schemaversion")).lower() if metadata is not None else ""
    namespaces = " ".join({e.tag.split("}")[0] for e in tree.root.iter() if isinstance(e.tag, str)}
                          | {k.split("}")[0] for e in tree.root.iter() for k in e.attrib}).lower()
    if schema == "1.2":
        return "scorm_1.2", "1.2"
    for marker, edition in _EDITIONS:
        if marker in schema:
            return "scorm_2004", edition
    if not schema and ("adlcp_v1p3" in namespaces or "imsss" in namespaces):
        return "scorm_2004", "3rd" if "adlnav" in namespaces else "2nd"
    return "scorm_1.2", "1.2"


def read_scorm(root: Path, scan: bool = True) -> Package:
    """Read ``root/imsmanifest.xml`` (SCORM 1.2 or 2004) and check every file it names; with
    ``scan``, list internet addresses in its text files as warnings.

    Raises:
        PackageError: every problem found, each naming ``imsmanifest.xml`` and its line (or the
            file at fault).
    """
    root = Path(root)
    tree = _parse(root)
    standard, version = _version(tree)
    problems: list[PackageProblem] = []
    resources = _resources(tree, root, problems)
    organization = _organization(tree, problems)
    scos: list[Sco] = []
    if organization is not None:
        for item in _leaves(organization):
            sco = _sco(item, tree, resources, standard, problems)
            if sco is not None:
                scos.append(sco)
    else:  # a package of resources only: each launchable resource in order
        scos = [Sco(id=ident, title=ident, href=href, scorm_type=kind)
                for ident, (href, kind, _) in resources.items() if href]
    if not scos and not problems:
        problems.append(PackageProblem(MANIFEST, "has no item that launches anything (no <item> with an "
                                                 "identifierref to a resource with an href)"))
    if problems:
        raise PackageError(problems, "manifest")
    title = _text(_child(organization, "title")) if organization is not None else ""
    # A package without an organisation title is named by its first item, else its identifier.
    title = title or (scos[0].title if scos[0].title != scos[0].id else "") or _attr(tree.root, "identifier")
    return Package(standard=standard, root=root, title=title or root.name, scos=tuple(scos), version=version,
                   sequencing=_sequencing(tree, organization) if standard == "scorm_2004" else None,
                   warnings=tuple(http_warnings(root)) if scan else ())


def _base(*elements: ET.Element | None) -> str:
    """The xml:base of these elements joined (manifest, resources, resource), as a folder path."""
    base = ""
    for element in elements:
        if element is not None and _attr(element, "base"):
            base = posixpath.join(base, _attr(element, "base"))
    return base


def _resources(tree: _Tree, root: Path,
               problems: list[PackageProblem]) -> dict[str, tuple[str, ScormType, ET.Element]]:
    """identifier -> (launch href with xml:base, scorm type, element); checks every file named."""
    found: dict[str, tuple[str, ScormType, ET.Element]] = {}
    checked: set[str] = set()  # a launch file is usually listed again as a <file>: say it once
    resolver = Resolver(root)

    def check(href: str, element: ET.Element) -> None:
        if href not in checked:
            checked.add(href)
            _, why = resolver.resolve(href)
            if why:
                problems.append(PackageProblem(MANIFEST, f"names a file that cannot be used: {why}",
                                               tree.line(element)))

    for group in _children(tree.root, "resources"):
        for resource in _children(group, "resource"):
            ident = _attr(resource, "identifier")
            base = _base(tree.root, group, resource)
            href = _attr(resource, "href")
            kind = _attr(resource, "scormtype", "sco").lower()
            if href:
                href = posixpath.join(base, href) if base and not href.startswith("/") else href
                check(href, resource)
            for file in _children(resource, "file"):
                name = _attr(file, "href")
                if name:
                    check(posixpath.join(base, name) if base else name, file)
            found[ident] = (href, cast(ScormType, kind) if kind in ("sco", "asset") else "sco", resource)
    for ident, (_, _, resource) in found.items():
        for dependency in _children(resource, "dependency"):
            ref = _attr(dependency, "identifierref")
            if ref not in found:
                problems.append(PackageProblem(MANIFEST, f"resource '{ident}' depends on '{ref}', which is not "
                                                         "a resource in the manifest", tree.line(dependency)))
    return found


def _organization(tree: _Tree, problems: list[PackageProblem]) -> ET.Element | None:
    organizations = _child(tree.root, "organizations")
    if organizations is None:
        return None
    choices = _children(organizations, "organization")
    default = _attr(organizations, "default")
    chosen = next((o for o in choices if _attr(o, "identifier") == default), None)
    if default and chosen is None and choices:
        problems.append(PackageProblem(MANIFEST, f"the default organization '{default}' does not exist",
                                       tree.line(organizations)))
    return chosen or (choices[0] if choices else None)


def _leaves(element: ET.Element) -> Iterable[ET.Element]:
    for item in _children(element, "item"):
        if _children(item, "item"):
            yield from _leaves(item)
        else:
            yield item


def _sco(item: ET.Element, tree: _Tree, resources: dict[str, tuple[str, ScormType, ET.Element]], standard: Standard,
         problems: list[PackageProblem]) -> Sco | None:
    ident = _attr(item, "identifier")
    ref = _attr(item, "identifierref")
    if not ref:
        return None  # an empty leaf launches nothing
    if ref not in resources:
        problems.append(PackageProblem(MANIFEST, f"item '{ident}' refers to the resource '{ref}', which is not in "
                                                 "the manifest", tree.line(item)))
        return None
    href, kind, resource = resources[ref]
    if not href:
        problems.append(PackageProblem(MANIFEST, f"item '{ident}' launches the resource '{ref}', which has no "
                                                 "href (no file to open)", tree.line(resource)))
        return None
    parameters = _attr(item, "parameters")
    if parameters:
        # SCORM's rule: "?" or "#" parameters join an href that has none; more query joins with "&".
        joiner = "&" if "?" in href and parameters.startswith("?") else ""
        href += joiner + (parameters[1:] if joiner else
                          parameters if parameters[0] in "?#" else "?" + parameters)
    return Sco(id=ident, title=_text(_child(item, "title")) or ident, href=href, scorm_type=kind,
               mastery_score=_mastery(item, tree, standard, problems),
               launch_data=_text(_child(item, "datafromlms")),
               time_limit_action=_text(_child(item, "timelimitaction")))


def _mastery(item: ET.Element, tree: _Tree, standard: Standard, problems: list[PackageProblem]) -> float | None:
    if standard == "scorm_1.2":
        element = _child(item, "masteryscore")
        text, scale = _text(element), 100
    else:
        element = _primary_objective(item, tree)
        if element is None or _attr(element, "satisfiedbymeasure").lower() not in ("true", "1"):
            return None
        text, scale = _text(_child(element, "minnormalizedmeasure")) or "1.0", 1
    if element is None or not text:
        return None
    try:
        value = float(text) / scale
    except ValueError:
        value = -1
    if not 0 <= value <= 1:
        problems.append(PackageProblem(MANIFEST, f"item '{_attr(item, 'identifier')}' has a mastery score "
                                                 f"'{text}' that is not a number from 0 to {scale}",
                                       tree.line(element)))
        return None
    return value


def _primary_objective(item: ET.Element, tree: _Tree) -> ET.Element | None:
    sequencing = _child(item, "sequencing")
    if sequencing is None:
        return None
    objectives = _child(sequencing, "objectives")
    if objectives is None and _attr(sequencing, "idref"):
        shared = next((s for c in _children(tree.root, "sequencingcollection") for s in _children(c, "sequencing")
                       if _attr(s, "id") == _attr(sequencing, "idref")), None)
        objectives = _child(shared, "objectives") if shared is not None else None
    return _child(objectives, "primaryobjective") if objectives is not None else None


def _sequencing(tree: _Tree, organization: ET.Element | None) -> object | None:
    """The activity tree from kiosk.core.elearning.sequencing, when that part is installed."""
    if organization is None:
        return None
    try:
        from kiosk.core.elearning import sequencing
    except ImportError:
        return None
    build = getattr(sequencing, "tree_from_manifest", None)
    if build is None:
        return None
    try:
        activities: object | None = build(tree.root, organization)
        return activities
    except PackageError:
        raise
    except Exception as exc:  # its rules are the package's, not ours: say so rather than crash
        log.exception("sequencing rules of %s could not be read", organization)
        raise _refused(f"its sequencing rules could not be read ({exc})", tree.line(organization)) from None
