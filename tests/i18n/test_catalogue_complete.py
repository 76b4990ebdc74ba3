"""Every string a user reads is translated: the French catalogue covers what the sources mark, and the
sources mark what they show. Fix a failure with `make translations`, then translate the new entries in
venueplans/locale/fr/LC_MESSAGES/venueplans.po."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "venueplans"
FRENCH_PO = PACKAGE / "locale" / "fr" / "LC_MESSAGES" / "venueplans.po"
KEYWORDS = {"tr": None, "tr_n": (1, 2), "tr_c": ((1, "c"), 2), "N_": None, "tr_later": None, "tr_n_later": (1, 2)}


def source_messages() -> dict[tuple[str | None, str], str]:
    """{(context, msgid): "file:line"} for every marked string, as `make translations` extracts them."""
    found = {}
    for filename, lineno, message, _comments, context in extract_from_dir(
        str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        found.setdefault((context, msgid), f"{filename}:{lineno}")
    return found


def fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


@pytest.fixture(scope="module")
def french_catalogue():
    with FRENCH_PO.open("rb") as fh:
        return read_po(fh, locale="fr")


def test_every_marked_string_has_a_reviewed_french_translation(french_catalogue):
    problems = []
    for (context, msgid), where in sorted(source_messages().items(), key=lambda kv: kv[1]):
        entry = french_catalogue.get(msgid, context=context)
        if entry is None:
            problems.append(f"{where}: not in the French catalogue: {msgid!r}")
            continue
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if not all(strings):
            problems.append(f"{where}: untranslated: {msgid!r}")
        elif entry.fuzzy:
            problems.append(f"{where}: fuzzy (unreviewed) translation: {msgid!r}")
        else:
            ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
            wanted = set().union(*(fields(i) for i in ids))
            for s in strings:
                if fields(s) != wanted:
                    problems.append(f"{where}: placeholders differ: {msgid!r} -> {s!r}")
    assert not problems, f"{len(problems)} translation problem(s) (run `make translations`):\n" + "\n".join(
        problems[:60]
    )


def test_no_marked_string_hides_where_extraction_cannot_see_it():
    """Babel does not look inside f-strings: tr("...") written in an f-string's braces is never extracted."""
    hidden = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                for call in ast.walk(node):
                    if (isinstance(call, ast.Call) and _call_name(call) in KEYWORDS and call.args
                            and isinstance(call.args[0], ast.Constant)):
                        hidden.append(f"{path.relative_to(REPO)}:{call.lineno}: {call.args[0].value!r}")
    assert not hidden, "take these tr() calls out of the f-string:\n" + "\n".join(hidden)


def test_the_catalogue_has_no_leftover_entries_from_removed_strings(french_catalogue):
    marked = set(source_messages())
    stale = [m.id for m in french_catalogue if m.id and (m.context, m.id if isinstance(m.id, str) else m.id[0])
             not in marked]
    assert not stale, f"entries no source uses any more (run `make translations`): {stale[:20]}"


# -- unmarked literals where the user reads them --------------------------------------------------------

QT_TEXT_CALLS = {
    "QAction", "QLabel", "QPushButton", "QCheckBox", "QRadioButton", "QGroupBox", "QToolButton",
    "setWindowTitle", "setToolTip", "setStatusTip", "setText", "setPlaceholderText", "setTitle",
    "addMenu", "addAction", "addTab", "showMessage", "setWhatsThis", "QDockWidget",
    "information", "warning", "critical", "question", "getText", "getItem", "getSaveFileName",
    "getOpenFileName", "getExistingDirectory", "setLabelText", "addRow", "setHeaderLabels",
}


def _bare_text(node: ast.AST) -> str | None:
    """The literal text of *node* when it is a string a person would read (letters, not an identifier)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
    else:
        return None
    text = re.sub(r"<[^>]*>|&\w+;", "", text)  # markup around translated parts is not text
    words = [w for w in text.replace("&", "").split() if any(c.isalpha() for c in w)]
    if not words or (len(words) == 1 and (text.isidentifier() or text.startswith((".", "*", "#", ":"))
                                          or re.fullmatch(r"[\w-]+\.\w{2,4}", text))):
        return None  # object names, file names, file filters, style sheets
    return text


def _call_name(call: ast.Call) -> str:
    f = call.func
    return f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""


def unmarked_literals(folder: Path, names: set[str], keywords: set[str]) -> list[str]:
    found = []
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            args = list(node.args) if _call_name(node) in names else []
            args += [k.value for k in node.keywords if k.arg in keywords]
            for arg in args:
                text = _bare_text(arg)
                if text is not None:
                    found.append(f"{path.relative_to(REPO)}:{arg.lineno}: {text[:60]!r}")
    return found


def test_qt_widgets_show_no_unmarked_text():
    found = unmarked_literals(PACKAGE / "ui", QT_TEXT_CALLS, {"text", "title", "toolTip", "tooltip"})
    assert not found, "wrap these in tr():\n" + "\n".join(found)


def test_command_line_help_is_marked():
    found = unmarked_literals(PACKAGE / "cli", set(), {"help", "description", "epilog"})
    assert not found, "wrap these help texts in tr():\n" + "\n".join(found)


def user_error_classes() -> set[str]:
    """Names of UserError and its subclasses, found in the sources (no imports: Qt and VTK stay unloaded)."""
    bases: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                names = {b.id if isinstance(b, ast.Name) else b.attr for b in node.bases
                         if isinstance(b, (ast.Name, ast.Attribute))}
                bases.setdefault(node.name, set()).update(names)
    found = {"UserError"}
    while True:
        more = {name for name, parents in bases.items() if parents & found} - found
        if not more:
            return found
        found |= more


def test_the_one_line_reasons_users_read_are_marked():
    """`raise ImportFailed(path, "reason")`, `raise EditRefused(f"...")`: the reason is shown to the user."""
    classes = user_error_classes()
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.parts[-2] == "samples":
            continue  # developer tool
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and _call_name(node.exc) in classes:
                for arg in node.exc.args[:2]:
                    text = _bare_text(arg)
                    if text is not None:
                        found.append(f"{path.relative_to(REPO)}:{arg.lineno}: {text[:60]!r}")
    assert not found, "wrap these reasons in tr():\n" + "\n".join(found)
