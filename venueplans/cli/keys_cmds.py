"""`keys show|list|export|trust|revoke|rename`: the signing key of this installation and the keys it trusts."""

from __future__ import annotations

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


def _line(key) -> str:
    return f"{key.fingerprint}  {key.name}"


def cmd_show(args) -> int:
    from venueplans import keys

    key = keys.own_key()
    print(tr("this installation signs with key '{name}', {fingerprint}").format(name=key.name,
                                                                                 fingerprint=key.fingerprint))
    return 0


def cmd_list(args) -> int:
    from venueplans import keys

    own, *others = keys.list_trusted()
    print(_line(own) + "  " + tr("(this installation)"))
    for key in others:
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
    print(tr("this installation signs with key '{name}', {fingerprint}").format(name=key.name,
                                                                                 fingerprint=key.fingerprint))
    return 0
