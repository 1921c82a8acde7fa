"""A cmi5 course (``cmi5.xml``) as a ``Package``: one ``Sco`` per AU, in course order, with the
course structure itself kept in ``Package.course`` so moveOn and blocks can be evaluated.

``kiosk.core.cmi5.course.read_cmi5`` does the reading and checking (every AU's launch URL a file
inside the package; a remote AU refused, since the kiosk is offline); this module only adapts
it to the shape the module loader, the importer and the web view share.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.core.elearning import Package, Sco
from kiosk.core.elearning.references import http_warnings


def read_cmi5_package(root: Path, scan: bool = True) -> Package:
    """Read ``root/cmi5.xml``.

    Raises:
        PackageError: every problem found, each naming ``cmi5.xml`` (and the line).
    """
    from kiosk.core.cmi5.course import read_cmi5  # the XML reader: only for cmi5 modules

    root = Path(root)
    course = read_cmi5(root)
    scos = tuple(Sco(id=au.id, title=au.title.get() or au.id, href=au.url,
                     mastery_score=au.mastery_score, launch_data=au.launch_parameters)
                 for au in course.aus)
    # cmi5.xml names activities by IRI (ids, never fetched): not worth a warning.
    warnings = tuple(w for w in http_warnings(root) if not w.startswith("cmi5.xml:")) if scan else ()
    return Package(standard="cmi5", root=root, title=course.title.get().strip() or root.name, scos=scos,
                   version="cmi5", course=course, warnings=warnings)
