"""``tip-kiosk pack ...``: make, sign, check and install signed content packs (kiosk/core/packs)."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from kiosk import __version__
from kiosk.cli.common import Commands, add_common, settings_from, share_config
from kiosk.core.errors import PackError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


def register(commands: Commands) -> None:
    pack = commands.add_parser("pack", help="make, sign, check and install signed content packs")
    pack.set_defaults(handler=run)
    actions = pack.add_subparsers(dest="pack_command", metavar="ACTION", required=True)

    keygen = actions.add_parser("keygen", help="make a signing key pair (KEY and KEY.pub)")
    keygen.add_argument("--out", type=Path, required=True, metavar="KEY",
                        help="private key file to create (kept secret, mode 0600); KEY.pub is the public "
                             "key to put in [packs] trusted_keys")

    build = actions.add_parser("build", help="make a pack from a programme folder")
    build.add_argument("modules_dir", type=Path, metavar="MODULES_DIR", help="folder holding programme.yaml")
    build.add_argument("--out", type=Path, required=True, metavar="FILE", help="pack file to write (.zip)")
    build.add_argument("--pack-id", metavar="ID", help="default: the programme's id")
    build.add_argument("--version", type=int, metavar="N",
                       help="a whole number larger than the last pack's (default: build time, YYYYMMDDHHMMSS)")
    build.add_argument("--min-app-version", metavar="X", default=__version__,
                       help=f"oldest kiosk that may install it (default: {__version__})")

    sign = actions.add_parser("sign", help="sign a pack (writes FILE.sig)")
    sign.add_argument("file", type=Path, metavar="FILE")
    sign.add_argument("--key", type=Path, required=True, metavar="KEYFILE", help="private key (PEM)")

    verify = actions.add_parser("verify", help="check a pack's signature and contents without installing")
    verify.add_argument("file", type=Path, metavar="FILE")
    verify.add_argument("--sig", type=Path, metavar="SIG", help="signature file (default: FILE.sig)")
    verify.add_argument("--public-key", action="append", metavar="KEY",
                        help="trust this key (base64 text or a .pub file) instead of the configured ones")
    add_common(verify)

    imp = actions.add_parser("import", help="install a pack from a file, USB folder or network share")
    imp.add_argument("source", type=Path, metavar="FILE_OR_FOLDER",
                     help="a pack (.zip with its .zip.sig beside it) or a folder holding packs")
    add_common(imp)

    for name, text in (("status", "show which pack is installed"),
                       ("rollback", "go back to the content that was installed before the last import")):
        add_common(actions.add_parser(name, help=text))


def run(args: argparse.Namespace) -> int:
    """Run one ``pack`` action; a refused pack prints its reason to stderr and returns 1."""
    from kiosk.core import packs

    share_config(args)
    out = sys.stdout

    try:
        action = args.pack_command
        if action == "keygen":
            private, public = packs.keygen(args.out)
            print(f"Private key: {private} (keep it secret, off the kiosks)\nPublic key: {public}\n"
                  f"Put this in each kiosk's configuration under [packs] trusted_keys:\n"
                  f"  {public.read_text().strip()}", file=out)
        elif action == "build":
            manifest = packs.build(args.modules_dir, args.out, args.pack_id, args.version, args.min_app_version)
            print(f"Built {args.out}: pack '{manifest.pack_id}' version {manifest.version}, "
                  f"{len(manifest.files)} files, {manifest.total_size / 1e6:,.1f} MB.", file=out)
        elif action == "sign":
            sig = packs.sign(args.file, _private_key(args.key))
            print(f"Signed: {sig}", file=out)
        elif action == "verify":
            return _verify(args, out)
        elif action == "import":
            settings = settings_from(args)
            progress = ProgressLine(out)
            result = packs.import_pack(args.source, settings.content_dir, settings.packs_trusted_keys,
                                       progress=progress, limits=packs.Limits.from_settings(settings))
            progress.done()
            mb = result.bytes / 1e6
            print(f"Installed pack '{result.pack_id}' version {result.version} (was "
                  f"{result.previous_version or 'none'}) into {result.content_dir}: {result.files} files, "
                  f"{mb:,.1f} MB in {result.seconds:.1f} s."
                  + (f" The previous content is kept in {result.previous_dir}." if result.previous_dir else ""),
                  file=out)
        elif action == "status":
            settings = settings_from(args)
            installed = packs.read_installed(settings.content_dir)
            print(f"Content folder {settings.content_dir}: " + (
                f"pack '{installed.pack_id}' version {installed.version}, installed {installed.installed_at}."
                if installed.version else "not installed from a pack."), file=out)
        elif action == "rollback":
            settings = settings_from(args)
            installed = packs.rollback(settings.content_dir)
            print(f"Went back to the previous content in {settings.content_dir}: "
                  + (f"pack '{installed.pack_id}' version {installed.version}." if installed.version
                     else "content not installed from a pack."), file=out)
    except PackError as exc:
        print(f"tip-kiosk pack {args.pack_command}: {exc}", file=sys.stderr)
        return 1
    return 0


def _verify(args: argparse.Namespace, out: TextIO) -> int:
    from kiosk.core import packs

    keys = [_key_text(k) for k in args.public_key] if args.public_key else settings_from(args).packs_trusted_keys
    verified = packs.verify(args.file, args.sig, keys)
    with packs.PackReader(args.file) as reader:
        reader.unpack(None)
        manifest = reader.manifest
    if (manifest.pack_id, manifest.version) != (verified.statement.pack_id, verified.statement.version):
        raise PackError("The pack's manifest does not match its signature.", "manifest")
    print(f"{args.file}: signature good (key {verified.key_id}); pack '{manifest.pack_id}' version "
          f"{manifest.version} for TIP Kiosk {manifest.min_app_version} or newer; {len(manifest.files)} "
          f"files, {manifest.total_size / 1e6:,.1f} MB, all matching the manifest.", file=out)
    return 0


def _key_text(value: str) -> str:
    path = Path(value)
    return path.read_text(encoding="ascii").strip() if path.is_file() else value


def _private_key(path: Path) -> Ed25519PrivateKey:
    from kiosk.core.packs import load_private_key

    try:
        return load_private_key(path)
    except PackError as exc:
        if "encrypted" not in str(exc) or not sys.stdin.isatty():
            raise
        return load_private_key(path, getpass.getpass(f"Passphrase for {path}: ").encode("utf-8"))


class ProgressLine:
    """A one-line percentage on a terminal (redrawn in place), or a line per 10% in a log."""

    def __init__(self, out: TextIO):
        self.out = out
        self.tty = out.isatty()
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        percent = 100 * done // max(total, 1)
        step = 1 if self.tty else 10
        if percent // step == self.shown // step and self.shown >= 0:
            return
        self.shown = percent
        stage = "Checking" if percent < 50 else "Unpacking"
        line = f"{stage}: {percent:3d}% ({done / 1e6:,.1f} of {total / 1e6:,.1f} MB)"
        print(("\r" + line) if self.tty else line, end="" if self.tty else "\n", file=self.out, flush=True)

    def done(self) -> None:
        if self.tty and self.shown >= 0:
            print(file=self.out)
