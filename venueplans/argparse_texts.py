"""The texts argparse writes itself (usage, headings, parse errors), through the app's catalogue.

argparse translates with the stdlib's global gettext domain, which the app does not use (its catalogue is
loaded from .po sources in a checkout): pointing argparse's `_`/`ngettext` at `tr`/`tr_n` makes
`venueplans --help` and its error lines French too. The texts are argparse's own (Python 3.11).
"""

from __future__ import annotations

import argparse

from venueplans.i18n import N_, tr, tr_n

ARGPARSE_TEXTS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
)


def translate_argparse() -> None:
    """From now on argparse speaks the current language (set by `i18n.setup_language`)."""
    argparse._ = tr  # type: ignore[attr-defined]
    argparse.ngettext = tr_n  # type: ignore[attr-defined]
