"""Protecting the catalogue: `init [--encrypt]`, `passphrase change`, `backup -o FILE`, `restore FILE`,
and the global options `--read-only` and `--passphrase-file FILE`.

A passphrase comes from `--passphrase-file`, else $VENUEPLANS_PASSPHRASE, else (on a terminal) a prompt.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from venueplans.errors import UserError
from venueplans.i18n import tr

NEW_PASSPHRASE_ENV = "VENUEPLANS_NEW_PASSPHRASE"
MAX_PASSPHRASE_FILE = 4096


def add_global_options(parser) -> None:
    parser.add_argument("--read-only", action="store_true",
                        help=tr("open the catalogue read-only: every change is refused"))
    parser.add_argument("--passphrase-file", metavar="FILE",
                        help=tr("encrypted catalogue: read its passphrase from FILE (first line)"))


def _read_passphrase_file(path: str) -> str:
    try:
        if Path(path).stat().st_size > MAX_PASSPHRASE_FILE:
            raise UserError(tr("{path}: not a passphrase file (too large)").format(path=path))
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise UserError(f"{path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise UserError(tr("{path}: not a passphrase file (not UTF-8 text)").format(path=path)) from None
    lines = text.splitlines()
    if not lines or not lines[0]:
        raise UserError(tr("{path}: the passphrase file is empty").format(path=path))
    return lines[0]


def apply_global_options(args) -> None:
    """Make `--passphrase-file` the session's passphrase (every catalogue opened later uses it)."""
    from venueplans.catalogue.db import use_session_passphrase

    given = getattr(args, "passphrase_file", None)
    use_session_passphrase(_read_passphrase_file(given) if given else None)


def register(sub) -> None:
    p = sub.add_parser("init", help=tr("create the catalogue (optionally encrypted), or encrypt an existing one "
                                       "(close the desktop app first)"))
    p.add_argument("--encrypt", action="store_true",
                   help=tr("encrypt the whole catalogue with a passphrase (VENUEPLANS_PASSPHRASE, "
                           "--passphrase-file or a prompt)"))
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("passphrase", help=tr("encrypted catalogue: change its passphrase (close the desktop app "
                                             "first)"))
    ps = p.add_subparsers(dest="passphrase_command", metavar="ACTION", required=True)
    s = ps.add_parser("change", help=tr("new passphrase from VENUEPLANS_NEW_PASSPHRASE, --new-passphrase-file "
                                        "or a prompt"))
    s.add_argument("--new-passphrase-file", metavar="FILE")
    s.set_defaults(func=cmd_passphrase_change)

    p = sub.add_parser("backup", help=tr("copy the catalogue to FILE (consistent even while the app runs)"))
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help=tr("replace the catalogue by the backup FILE (the current one is kept "
                                          "in the backups folder)"))
    p.add_argument("file", metavar="FILE")
    p.set_defaults(func=cmd_restore)


def _catalogue_path(args) -> Path:
    from venueplans.catalogue.db import default_catalogue_path

    return Path(args.catalogue) if args.catalogue else default_catalogue_path()


def _prompt_new(what: str) -> str:
    if not sys.stdin.isatty():
        raise UserError(tr("no passphrase given: set {env} or use --passphrase-file").format(env=what))
    import getpass

    first = getpass.getpass(tr("New passphrase: "))
    if getpass.getpass(tr("Repeat it: ")) != first:
        raise UserError(tr("the two passphrases differ: nothing was changed"))
    return first


def _current_passphrase(path: Path) -> str | None:
    from venueplans.catalogue.db import is_encrypted, session_passphrase

    given = session_passphrase()
    if given or not is_encrypted(path) or not sys.stdin.isatty():
        return given
    import getpass

    return getpass.getpass(tr("Passphrase of {path}: ").format(path=path))


def cmd_init(args) -> int:
    from venueplans.catalogue import crypt
    from venueplans.catalogue.db import is_encrypted, open_catalogue, session_passphrase

    path = _catalogue_path(args)
    exists = path.exists() and path.stat().st_size > 0
    if not args.encrypt:
        open_catalogue(path).close()
        print(tr("{path}: ready").format(path=path))
        return 0
    if exists and is_encrypted(path):
        open_catalogue(path, passphrase=_current_passphrase(path)).close()
        print(tr("{path}: already encrypted").format(path=path))
        return 0
    passphrase = crypt.check_new_passphrase(session_passphrase() or _prompt_new("VENUEPLANS_PASSPHRASE"))
    if not exists:
        open_catalogue(path, passphrase=passphrase, encrypt=True).close()
        print(tr("{path}: new encrypted catalogue").format(path=path))
        return 0
    open_catalogue(path).close()  # migrated and sound before it is copied
    crypt.rewrite(path, old_passphrase=None, new_passphrase=passphrase)
    print(tr("{path}: encrypted; keep the passphrase safe: without it the catalogue cannot be read").format(
        path=path))
    from venueplans.catalogue.backup import backups_dir

    plain = sorted(backups_dir().glob(f"{path.stem}-*.sqlite")) if backups_dir().is_dir() else []
    plain = [p for p in plain if not is_encrypted(p)]
    if plain:
        print(tr("warning: {n} earlier backups in {folder} are not encrypted: delete them").format(
            n=len(plain), folder=backups_dir()), file=sys.stderr)
    return 0


def cmd_passphrase_change(args) -> int:
    from venueplans.catalogue import crypt
    from venueplans.catalogue.db import PassphraseError, is_encrypted

    path = _catalogue_path(args)
    if not is_encrypted(path):
        raise PassphraseError(tr("{path}: the catalogue is not encrypted (use `venueplans init --encrypt`)").format(
            path=path))
    old = _current_passphrase(path)
    if args.new_passphrase_file:
        new = _read_passphrase_file(args.new_passphrase_file)
    else:
        new = os.environ.get(NEW_PASSPHRASE_ENV) or _prompt_new(NEW_PASSPHRASE_ENV)
    crypt.rewrite(path, old_passphrase=old, new_passphrase=new)
    print(tr("{path}: passphrase changed").format(path=path))
    return 0


def cmd_backup(args) -> int:
    from venueplans.catalogue.backup import backup_to
    from venueplans.catalogue.db import open_catalogue

    with open_catalogue(_catalogue_path(args), create=False, read_only=True) as cat:
        target = backup_to(cat, args.output)
    print(tr("{path}: backup of {catalogue}").format(path=target, catalogue=cat.path))
    return 0


def cmd_restore(args) -> int:
    from venueplans.catalogue.backup import restore_from, restore_unopenable
    from venueplans.catalogue.db import CatalogueError, PassphraseError, damage_marker, open_catalogue

    path = _catalogue_path(args)
    try:
        cat = open_catalogue(path)
    except PassphraseError:
        raise
    except CatalogueError:  # too damaged to open: replace the file itself
        cat = None
    if cat is None:
        kept = restore_unopenable(path, args.file)
    else:
        with cat:
            kept = restore_from(cat, args.file)
    damage_marker(path).unlink(missing_ok=True)
    open_catalogue(path, backup_before_migrate=False).close()  # an older backup is migrated now
    print(tr("{path}: restored from {file}; the previous content is kept in {kept}").format(
        path=path, file=args.file, kept=kept))
    return 0
