"""``tip-kiosk certificate verify CODE``: which module or pathway, and which day, a completion
certificate's code belongs to (never who)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from kiosk.cli.common import Commands, add_common, settings_from, share_config

if TYPE_CHECKING:
    from kiosk.core.config import Settings


def register(commands: Commands) -> None:
    cert = commands.add_parser("certificate", help="check a completion certificate")
    add_common(cert)
    cert.set_defaults(handler=run)
    cert_cmds = cert.add_subparsers(dest="certificate_command", metavar="ACTION", required=True)
    verify = cert_cmds.add_parser("verify", help="find the completion a verification code belongs to")
    add_common(verify)
    verify.add_argument("code", metavar="CODE", help="the code printed on the certificate, e.g. 7KQ2-M9XD-3FHA")


def run(args: argparse.Namespace) -> int:
    share_config(args)
    return verify_certificate(settings_from(args), args.code)


def verify_certificate(settings: Settings, code: str) -> int:
    """Say which module and day a certificate code belongs to (never who)."""
    from kiosk.core.certificates import find, find_pathway, normalise_code
    from kiosk.core.content import load_programme
    from kiosk.core.keystore import installation_key
    from kiosk.core.store import DB_NAME, open_store

    if not (settings.data_dir / DB_NAME).exists():
        print(f"There is no learner database in {settings.data_dir}; give the kiosk's --data-dir.")
        return 2
    store, _ = open_store(settings.data_dir)
    try:
        row = find(store, installation_key(settings), code)
        pathway_row = None if row else find_pathway(store, installation_key(settings), code)
    finally:
        store.close()
    if pathway_row is not None:
        pathway = load_programme(settings.content_dir).pathway(pathway_row.pathway_id)
        title = pathway.title if pathway else pathway_row.pathway_id
        print(f"{normalise_code(code)}: a genuine completion of the pathway '{title}' (pathway "
              f"{pathway_row.pathway_id}, level {pathway_row.level}) on {pathway_row.completed_at[:10]}.")
        return 0
    if row is None:
        print(f"{normalise_code(code)}: no completion with this code on this computer. Check the code; "
              "a code can only be checked on the computer where the module was completed.")
        return 1
    module = load_programme(settings.content_dir).module(row.module_id)
    title = module.title if module else row.module_id
    print(f"{normalise_code(code)}: a genuine completion of '{title}' (module {row.module_id}, "
          f"version {row.module_version}) on {row.completed_at[:10]}.")
    return 0
