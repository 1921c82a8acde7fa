"""A vendor package travels to kiosks inside the organisation's signed content pack: added to the
authoring copy with `content add`, built and signed as usual, installed and listed on the kiosk."""

from __future__ import annotations

from kiosk.core.content import PackageStep, load_programme
from kiosk.core.elearning.importer import add_package
from kiosk.core.packs import build, import_pack, sign
from tests.elearning_fixtures import h5p_package, scorm2004_two_sco_package
from tests.helpers import write_programme


def test_packages_added_to_the_authoring_copy_arrive_through_a_signed_pack(installed, packs, key, trusted):
    source = packs / "authoring"
    write_programme(source)
    scorm = add_package(scorm2004_two_sco_package(packs / "two.zip"), source)
    h5p = add_package(h5p_package(packs / "quiz.h5p"), source)
    pack = packs / "with-packages.zip"
    build(source, pack, version=2)
    sign(pack, key)

    import_pack(pack, installed, trusted)

    programme = load_programme(installed)
    assert not programme.problems and len(programme.available) == len(programme.modules)
    added = {m.id: m for m in programme.available if isinstance(m.steps[0], PackageStep)}
    assert set(added) == {scorm.module_id, h5p.module_id}
    two = added[scorm.module_id]
    package = two.packages[two.steps[0].id]
    assert package.standard == "scorm_2004" and len(package.scos) == 2
    assert package.root.is_relative_to(installed)  # read from the installed copy, not the source
    assert added[h5p.module_id].packages[added[h5p.module_id].steps[0].id].h5p_main_library
