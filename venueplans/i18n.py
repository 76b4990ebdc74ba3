"""Translation of every string a user reads (GUI, command line, printed plans): French first.

One system for every layer: gettext catalogues (`venueplans/locale/<lang>/LC_MESSAGES/venueplans.po`),
because the command line and the printed briefing may not import Qt and must speak French too. The GUI
uses the same `tr()`; Qt's own stock texts (standard buttons) come from Qt's translations, loaded by ui/.

Use:
    from venueplans.i18n import tr, tr_n, N_
    tr("Exit {number}").format(number=4)          # translate where the text is shown, named fields only
    tr_n("{n} storey", "{n} storeys", n).format(n=n)
    KINDS = {"exit": N_("Emergency exit")}         # module-level tables: mark with N_, tr() when shown

Like errors.py and paths.py this module sits outside the layers: every layer may import it.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path

DOMAIN = "venueplans"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("fr", "en")  # French first: the default when the system asks for neither
DEFAULT_LANGUAGE = "fr"

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def tr(message: str) -> str:
    """*message* (English source text) in the current language."""
    return _translations.gettext(message)


def tr_n(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for *n*, in the current language."""
    return _translations.ngettext(singular, plural, n)


def tr_c(context: str, message: str) -> str:
    """*message* in the current language, told apart from the same English text elsewhere by *context*."""
    return _translations.pgettext(context, message)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Marks *message* for translation without translating it now (module-level tables)."""
    return message


def system_language() -> str:
    """The language the system asks for (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), among LANGUAGES."""
    for var in ("VENUEPLANS_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        for value in os.environ.get(var, "").split(":"):
            code = value.split(".")[0].split("_")[0].lower()
            if code in LANGUAGES:
                return code
            if code in ("c", "posix"):
                return "en"
    return DEFAULT_LANGUAGE


def set_language(language: str | None = None) -> str:
    """Switch every later `tr()` to *language* (None: the system's); returns the language in force."""
    global _translations, _language
    lang = language if language in LANGUAGES else system_language()
    if lang == "en":
        _translations = gettext.NullTranslations()
    else:
        _translations = gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)
    _language = lang
    return lang


def language() -> str:
    """The language `tr()` translates into."""
    return _language
