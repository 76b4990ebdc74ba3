"""Translation of every string a user reads (GUI, command line, printed plans): French first.

One system for every layer: gettext catalogues (`venueplans/locale/<lang>/LC_MESSAGES/venueplans.po`),
because the command line and the printed briefing may not import Qt and must speak French too. The GUI
uses the same `tr()`; Qt's own stock texts (standard buttons) come from Qt's translations, loaded by ui/.

Use:
    from venueplans.i18n import tr, tr_n, N_
    tr("Exit {number}").format(number=4)          # translate where the text is shown, named fields only
    tr_n("{n} storey", "{n} storeys", n).format(n=n)
    KINDS = {"exit": N_("Emergency exit")}         # module-level tables: mark with N_, tr() when shown

Numbers, lengths and dates are written the language's way through Babel (12,5 m; 2 décembre 2026):
`format_number`, `format_length`, `format_date`.

Catalogues: `.po` sources are committed; `.mo` files are compiled by the build (`locale_build.py`) and never
committed. When a `.mo` is missing or older than its `.po` (a source checkout), the `.po` is compiled with
Babel and the result kept beside it (git-ignored) for the next start. Workflow: `make translations` (extract + update), translate, `pytest tests/i18n`.

Like errors.py and paths.py this module sits outside the layers: every layer may import it.
"""

from __future__ import annotations

import datetime as _dt
import gettext
import io
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
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        for value in os.environ.get(var, "").split(":"):
            code = value.split(".")[0].split("_")[0].lower()
            if code in LANGUAGES:
                return code
            if code in ("c", "posix"):
                return "en"
    return DEFAULT_LANGUAGE


def _windows_language() -> str:
    """The Windows display language (Windows sets no LANG), e.g. "fr"; "" elsewhere or when unknown."""
    if os.name != "nt":
        return ""
    import ctypes
    import locale

    try:
        lcid = ctypes.windll.kernel32.GetUserDefaultUILanguage()  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        return ""
    return locale.windows_locale.get(lcid, "").split("_")[0].lower()


def choose_language(setting: str = "") -> str:
    """The language to use: $VENUEPLANS_LANG (one run), else the `language` setting, else the system's."""
    for wanted in (os.environ.get("VENUEPLANS_LANG", ""), setting):
        code = wanted.strip().lower()[:2]
        if code in LANGUAGES:
            return code
    windows = _windows_language()
    if windows in LANGUAGES and not any(os.environ.get(v) for v in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")):
        return windows
    return system_language()


def _catalogue(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of *lang*: its .mo when up to date, else its .po compiled in memory."""
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    if not po.is_file():
        return gettext.NullTranslations()
    try:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po
    except ImportError:  # a build that shipped sources without Babel or .mo files: English, never a crash
        return gettext.NullTranslations()

    with po.open("rb") as fh:
        catalog = read_po(fh, locale=lang, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)  # fuzzy entries left out, as msgfmt does
    _keep_compiled(mo, buffer.getvalue())
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _keep_compiled(mo: Path, data: bytes) -> None:
    """Saves the compiled catalogue beside its source (git-ignored) so the next start skips Babel (~0.6 s);
    a read-only install simply compiles again."""
    tmp = mo.with_name(f".{mo.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, mo)
    except OSError:
        tmp.unlink(missing_ok=True)


_cache: dict[str, gettext.NullTranslations] = {}


def set_language(language: str | None = None) -> str:
    """Switch every later `tr()` to *language* (None: the system's); returns the language in force."""
    global _translations, _language
    lang = language if language in LANGUAGES else choose_language()
    if lang == "en":
        _translations = gettext.NullTranslations()
    else:
        if lang not in _cache:
            _cache[lang] = _catalogue(lang)
        _translations = _cache[lang]
    _language = lang
    return lang


def setup_language() -> str:
    """At start (command line, desktop app): the language the user chose or the system's; returns it."""
    from venueplans import settings

    return set_language(choose_language(settings.load().language))


def language() -> str:
    """The language `tr()` translates into."""
    return _language


# -- numbers, lengths, dates in the language's format (Babel) ----------------------------------------------


def _locale() -> str:
    return "fr_FR" if _language == "fr" else "en_GB" if _language == "en" else _language


def format_number(value: float, decimals: int = 1, *, exact: bool = False, signed: bool = False) -> str:
    """*value* with the language's separators: 1 234,5 / 1,234.5. Up to *decimals* decimals, or exactly
    *decimals* with *exact* (0,90); *signed* writes the sign of positive values too (+3,50)."""
    from babel.numbers import format_decimal

    digits = ("0" if exact else "#") * decimals
    pattern = "#,##0" + ("." + digits if decimals > 0 else "")
    if signed:
        pattern = f"+{pattern};-{pattern}"
    return format_decimal(round(value, decimals), format=pattern, locale=_locale())


def format_length(metres: float, decimals: int = 1, *, exact: bool = False, signed: bool = False) -> str:
    """A length in metres, the language's way: "12,5 m" in French, "12.5 m" in English."""
    return f"{format_number(metres, decimals, exact=exact, signed=signed)} m"


def _as_datetime(value):
    if isinstance(value, str):
        try:
            return _dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    if isinstance(value, _dt.datetime):
        return value
    if isinstance(value, _dt.date):
        return _dt.datetime(value.year, value.month, value.day)
    return None


def format_date(value: _dt.date | _dt.datetime | str | None) -> str:
    """A date the language's way: "2 décembre 2026" in French; ISO "2026-12-02" in English (unambiguous
    for British and American readers alike). ISO text is parsed; anything else is returned unchanged."""
    moment = _as_datetime(value)
    if moment is None:
        return "" if value is None else str(value)
    if _language != "fr":
        return moment.date().isoformat()
    from babel.dates import format_date as babel_date

    return babel_date(moment.date(), format="long", locale=_locale())


def format_datetime(value: _dt.datetime | str | None) -> str:
    """Date and time to the minute: "2 décembre 2026 à 06:10" / "2026-12-02 06:10"."""
    moment = _as_datetime(value)
    if moment is None:
        return "" if value is None else str(value)
    if _language != "fr":
        return moment.strftime("%Y-%m-%d %H:%M")
    return tr("{date} at {time}").format(date=format_date(moment), time=moment.strftime("%H:%M"))
