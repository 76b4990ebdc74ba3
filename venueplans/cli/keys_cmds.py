"""`keys show|list|export|trust|revoke|rename|create|protect`: the signing key of this installation (kept
under a passphrase) and the keys it trusts."""

from __future__ import annotations

from venueplans.cli import key_passphrase
from venueplans.i18n import tr


def register(sub) -> None:
    p = sub.add_parser("keys", help=tr("signing keys: this installation's and the ones it trusts"))
    ks = p.add_subparsers(dest="keys_command", metavar="ACTION", required=True)
    s = ks.add_parser("show", help=tr("this installation's public key"))
    s.set_defaults(func=cmd_show)
    s = ks.add_parser("list", help=tr("keys whose packages are accepted"))
    s.set_defaults(func=cmd_list)
    s = ks.add_parser("export", help=tr("write this installation's public key, to give to the receiving side"))
    s.add_argument("-o", "--output", required=True, metavar="FILE")
    s.set_defaults(func=cmd_export)
    s = ks.add_parser("trust", help=tr("accept packages signed by the key in FILE"))
    s.add_argument("file", metavar="FILE")
    s.add_argument("--name", help=tr("name shown for this key (default: the name in the file)"))
    s.set_defaults(func=cmd_trust)
    s = ks.add_parser("revoke", help=tr("stop accepting packages signed by key ID"))
    s.add_argument("key_id", metavar="ID")
    s.set_defaults(func=cmd_revoke)
    s = ks.add_parser("rename", help=tr("name this installation's key (shown to whoever imports its packages)"))
    s.add_argument("name")
    s.set_defaults(func=cmd_rename)
    s = ks.add_parser("create", help=tr("make this installation's signing key, protected by a passphrase"))
    key_passphrase.add_option(s)
    s.set_defaults(func=cmd_create)
    s = ks.add_parser("protect", help=tr("protect the signing key with a passphrase, or change its passphrase"))
    key_passphrase.add_option(s)
    s.add_argument("--new-passphrase-file", metavar="FILE",
                   help=tr("changing the passphrase: the new one, first line of FILE (else {env} or a prompt)"
                           ).format(env=key_passphrase.NEW_KEY_PASSPHRASE_ENV))
    s.set_defaults(func=cmd_protect)


def _line(key) -> str:
    return f"{key.fingerprint}  {key.name}"


def _protection_line() -> str:
    from venueplans import keys

    if keys.key_state() == "protected":
        return tr("the signing key is protected by a passphrase")
    return tr("the signing key is stored WITHOUT a passphrase: protect it with `venueplans keys protect`")


def cmd_show(args) -> int:
    from venueplans import keys

    key = keys.own_key_or_none()
    if key is None:
        print(tr("this installation has no signing key yet: `venueplans keys create` or the first export makes one"))
        return 0
    print(tr("this installation signs with key '{name}', {fingerprint}").format(name=key.name,
                                                                                 fingerprint=key.fingerprint))
    print(_protection_line())
    return 0


def cmd_list(args) -> int:
    from venueplans import keys

    own = keys.own_key_or_none()
    for key in keys.list_trusted():
        if own is not None and key.key_id == own.key_id:
            print(_line(own) + "  " + tr("(this installation)"))
            continue
        print(_line(key) + ("  (" + tr("trusted on {date}").format(date=key.added) + ")" if key.added else ""))
    return 0


def cmd_export(args) -> int:
    from venueplans import keys

    key = keys.export_public_key(args.output)
    print(tr("wrote public key '{name}', {fingerprint} to {path}").format(
        name=key.name, fingerprint=key.fingerprint, path=args.output))
    return 0


def cmd_trust(args) -> int:
    from venueplans import keys

    key = keys.trust(args.file, name=args.name)
    print(tr("now trusting key '{name}', {fingerprint}: check this id with its owner").format(
        name=key.name, fingerprint=key.fingerprint))
    return 0


def cmd_revoke(args) -> int:
    from venueplans import keys

    key = keys.revoke(args.key_id)
    print(tr("revoked key '{name}', {fingerprint}: its packages are refused from now on").format(
        name=key.name, fingerprint=key.fingerprint))
    return 0


def cmd_rename(args) -> int:
    from venueplans import keys

    key = keys.rename_own_key(args.name)
    if key is None:
        print(tr("the signing key made later will be named '{name}'").format(name=args.name.strip()))
        return 0
    print(tr("this installation signs with key '{name}', {fingerprint}").format(name=key.name,
                                                                                 fingerprint=key.fingerprint))
    return 0


def cmd_create(args) -> int:
    from venueplans import keys

    if keys.key_state() != "none":
        key = keys.own_key()
        print(tr("this installation already signs with key '{name}', {fingerprint}").format(
            name=key.name, fingerprint=key.fingerprint))
        print(_protection_line())
        return 0
    key = keys.create_key(key_passphrase.new(args))
    print(tr("made signing key '{name}', {fingerprint}, protected by a passphrase: keep it safe, without it no "
             "package can be signed").format(name=key.name, fingerprint=key.fingerprint))
    return 0


def cmd_protect(args) -> int:
    from venueplans import keys

    state = keys.key_state()
    if state == "none":
        return cmd_create(args)
    if state == "clear":
        key = keys.protect(key_passphrase.new(args))
        print(tr("signing key '{name}', {fingerprint} is now protected by a passphrase; the clear copy was "
                 "overwritten").format(name=key.name, fingerprint=key.fingerprint))
        return 0
    current = key_passphrase.current(args)
    keys.unlock(current)  # a wrong current passphrase is refused before a new one is asked
    new = key_passphrase.new(args, file_option="new_passphrase_file", env=key_passphrase.NEW_KEY_PASSPHRASE_ENV,
                             option="--new-passphrase-file")
    key = keys.protect(new, passphrase=current)
    print(tr("signing key '{name}', {fingerprint}: passphrase changed").format(name=key.name,
                                                                              fingerprint=key.fingerprint))
    return 0
