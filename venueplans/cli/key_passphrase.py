"""Where the CLI gets the signing key's passphrase: `--key-passphrase-file FILE`, else
$VENUEPLANS_KEY_PASSPHRASE, else (on a terminal) a prompt; a new one is typed twice."""

from __future__ import annotations

import os
import sys

from venueplans.errors import UserError
from venueplans.i18n import tr

KEY_PASSPHRASE_ENV = "VENUEPLANS_KEY_PASSPHRASE"
NEW_KEY_PASSPHRASE_ENV = "VENUEPLANS_NEW_KEY_PASSPHRASE"


def add_option(parser) -> None:
    parser.add_argument("--key-passphrase-file", metavar="FILE",
                        help=tr("the signing key's passphrase, first line of FILE (else {env} or a prompt)").format(
                            env=KEY_PASSPHRASE_ENV))


def _given(args, file_option: str, env: str) -> str | None:
    from venueplans.cli.protect_cmds import _read_passphrase_file

    path = getattr(args, file_option, None)
    if path:
        return _read_passphrase_file(path)
    return os.environ.get(env) or None


def _prompt_twice(question: str, env: str, option: str) -> str:
    if not sys.stdin.isatty():
        raise UserError(tr("no passphrase for the signing key: set {env} or use {option}").format(
            env=env, option=option))
    import getpass

    first = getpass.getpass(question)
    if getpass.getpass(tr("Repeat it: ")) != first:
        raise UserError(tr("the two passphrases differ: nothing was changed"))
    return first


def current(args) -> str | None:
    """The passphrase that unlocks the key (None for a key from before passphrases)."""
    from venueplans import keys

    if keys.key_state() != "protected":
        return None
    given = _given(args, "key_passphrase_file", KEY_PASSPHRASE_ENV)
    if given:
        return given
    if not sys.stdin.isatty():
        raise UserError(tr("the signing key is protected by a passphrase: set {env} or use --key-passphrase-file"
                           ).format(env=KEY_PASSPHRASE_ENV))
    import getpass

    return getpass.getpass(tr("Passphrase of the signing key: "))


def new(args, *, file_option: str = "key_passphrase_file", env: str = KEY_PASSPHRASE_ENV,
        option: str = "--key-passphrase-file") -> str:
    """A passphrase for a key being made or protected."""
    from venueplans import keys

    given = _given(args, file_option, env)
    if given:
        return keys.check_new_passphrase(given)
    return keys.check_new_passphrase(
        _prompt_twice(tr("New passphrase for the signing key: "), env, option))


def for_signing(args) -> str | None:
    """The passphrase an export signs with: the current one, a new one when there is no key yet (the
    export makes it), None for an unprotected key, with a warning to protect it."""
    from venueplans import keys

    state = keys.key_state()
    if state == "none":
        print(tr("this installation has no signing key yet: making one, protected by a passphrase"), file=sys.stderr)
        return new(args)
    if state == "clear":
        warn_unprotected()
        return None
    return current(args)


def warn_unprotected() -> None:
    print(tr("warning: the signing key is stored without a passphrase: protect it with `venueplans keys protect`"),
          file=sys.stderr)
