"""Signed content packs: build, sign, verify and install course content as one checked zip.

No Qt here: the admin panel runs ``import_pack`` on a worker thread (kiosk/ui/pack_worker.py) and
the CLI calls it directly (kiosk/cli/packs.py).
"""

from kiosk.core.content.swap import previous_dir, recover_interrupted
from kiosk.core.packs.build import build, default_version
from kiosk.core.packs.install import (
    ImportResult,
    Installed,
    import_pack,
    read_installed,
    rollback,
)
from kiosk.core.packs.manifest import Manifest, PackFile, unsafe_name_reason
from kiosk.core.packs.signing import (
    Progress,
    Verified,
    keygen,
    load_private_key,
    parse_trusted_keys,
    public_key_text,
    sign,
    signature_path,
    verify,
)
from kiosk.core.packs.unpack import Limits, PackReader

__all__ = [
    "ImportResult", "Installed", "Limits", "Manifest", "PackFile", "PackReader", "Progress", "Verified",
    "build", "default_version", "import_pack", "keygen", "load_private_key", "parse_trusted_keys",
    "previous_dir", "public_key_text", "read_installed", "recover_interrupted", "rollback", "sign",
    "signature_path", "unsafe_name_reason", "verify",
]
