"""The catalogue owns every SQL statement: no other package of venueplans touches the connection.

Import contracts cannot see attribute access (`cat.conn.execute(...)`), so this test reads the source
of every module outside `venueplans/catalogue/` and fails on the connection or sqlite-utils handle
(`.conn`, `.db`), on `execute(`/`executemany(`/`executescript(` calls, on opening a connection of
its own (`sqlite3.connect`, sqlite-utils), and on string literals that are SQL statements. New SQL belongs in a function of a `catalogue/` module.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import venueplans

PACKAGE = Path(venueplans.__file__).parent
FORBIDDEN_ATTRIBUTES = {"conn", "db"}
FORBIDDEN_CALLS = {"execute", "executemany", "executescript"}
# Statements as the catalogue writes them: an upper-case keyword followed by its SQL structure.
SQL = re.compile(
    r"^\s*(SELECT\b[\s\S]*\bFROM\b|INSERT\s+(OR\s+\w+\s+)?INTO\b|UPDATE\s+[\w.\[\]\"]+\s+SET\b|DELETE\s+FROM\b|"
    r"(CREATE|DROP)\s+(TEMP\s+|TEMPORARY\s+|VIRTUAL\s+|UNIQUE\s+)?(TABLE|INDEX|TRIGGER|VIEW)\b|PRAGMA\s+\w+|"
    r"ATTACH\s+DATABASE\b|DETACH\s+DATABASE\b|ALTER\s+TABLE\b|BEGIN(\s+(IMMEDIATE|EXCLUSIVE|DEFERRED))?\s*;?\s*$|"
    r"COMMIT\s*;?\s*$|ROLLBACK\b|SAVEPOINT\b|WITH\s+\w+\s+AS\s*\()",
)


def leaks(source: str, name: str = "<source>") -> list[str]:
    """Every place in *source* that reaches the database directly, as "name:line: what"."""
    found = []
    for node in ast.walk(ast.parse(source, name)):
        if isinstance(node, ast.Attribute) and node.attr in FORBIDDEN_ATTRIBUTES:
            found.append(f"{name}:{node.lineno}: .{node.attr}")
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            if any(n.split(".")[0] == "sqlite_utils" for n in names):
                found.append(f"{name}:{node.lineno}: import sqlite_utils")
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "connect" and \
                    isinstance(func.value, ast.Name) and func.value.id in ("sqlite3", "sqlcipher3", "dbapi2"):
                found.append(f"{name}:{node.lineno}: {func.value.id}.connect(")
            called = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if called in FORBIDDEN_CALLS:
                found.append(f"{name}:{node.lineno}: {called}(")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.match(node.value):
            found.append(f"{name}:{node.lineno}: SQL {node.value.strip()[:40]!r}")
    return found


def _outside_catalogue() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "catalogue" not in p.relative_to(PACKAGE).parts[:-1])


def test_no_module_outside_the_catalogue_touches_the_database():
    files = _outside_catalogue()
    scanned = {p.relative_to(PACKAGE).parts[0] for p in files}
    assert {"ops", "ui", "cli", "briefing", "render", "importers", "errors.py"} <= scanned
    assert "catalogue" not in scanned
    problems = [hit for p in files for hit in leaks(p.read_text(encoding="utf-8"), str(p.relative_to(PACKAGE)))]
    assert problems == [], "SQL outside venueplans/catalogue/ (move it into a catalogue function):\n" + "\n".join(
        problems)


def test_the_scan_sees_each_kind_of_leak():
    source = '''
cat.conn.execute("SELECT 1")
session.cat.db["features"].insert({})
cursor.executemany(sql, rows)
executescript(script)
QUERY = "SELECT id, name FROM venues WHERE id = ?"
other = f"DELETE FROM {table} WHERE rowid = ?"
"UPDATE features SET number = ? WHERE id = ?"
"INSERT INTO audit (venue_id) VALUES (?)"
"PRAGMA foreign_keys = ON"
import sqlite_utils
conn = sqlite3.connect("elsewhere.sqlite")
'''
    hits = leaks(source)
    assert [h.split(": ", 1)[1][:6] for h in hits].count(".conn") == 1
    assert any(".db" in h for h in hits)
    assert sum("execute" in h for h in hits) == 3
    assert sum("SQL" in h for h in hits) == 5
    assert any("import sqlite_utils" in h for h in hits) and any("sqlite3.connect(" in h for h in hits)


def test_the_scan_leaves_ordinary_text_alone():
    source = '''
label = "Select a venue from the list"
tip = "Update the plan, then sign it off"
msg = tr("Delete this phase?")
tree.query(points, predicate="contains")
'''
    assert leaks(source) == []


WRITER = re.compile(r"^(insert|update|delete|set|touch|write|add|reindex|replay|install|recording|import|export)_?")
WRITES_ALLOWED = {"catalogue", "ops"}


def writes(source: str, name: str = "<source>") -> list[str]:
    """Places in *source* that write to the catalogue without an op: a catalogue writer imported or
    called through a catalogue module, `cat.atomic()`, `cat.set_setting()`."""
    tree = ast.parse(source, name)
    aliases: set[str] = set()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("venueplans.catalogue"):
            for a in node.names:
                if node.module == "venueplans.catalogue" and a.name[0].islower() and a.name != "open_catalogue":
                    aliases.add(a.asname or a.name)  # a catalogue module
                elif WRITER.match(a.name):
                    found.append(f"{name}:{node.lineno}: imports {node.module}.{a.name}")
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("venueplans.catalogue.") and a.asname:
                    aliases.add(a.asname)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            if isinstance(node.value, ast.Name) and node.value.id in aliases and WRITER.match(node.attr):
                found.append(f"{name}:{node.lineno}: {node.value.id}.{node.attr}")
            elif node.attr in ("atomic", "set_setting"):
                found.append(f"{name}:{node.lineno}: .{node.attr}")
    return found


def test_only_ops_write_to_the_catalogue():
    """The UI, the command line, render and briefing change the catalogue only through an op (audited,
    undoable, one transaction): they import catalogue readers, never its writers."""
    files = [p for p in _outside_catalogue() if p.relative_to(PACKAGE).parts[0] not in WRITES_ALLOWED]
    problems = [hit for p in files for hit in writes(p.read_text(encoding="utf-8"), str(p.relative_to(PACKAGE)))]
    assert problems == [], "catalogue writes outside ops/ (write an op):\n" + "\n".join(problems)


def test_the_write_scan_sees_each_kind_of_write():
    source = '''
from venueplans.catalogue import read, store
from venueplans.catalogue.scenarios import insert_scenario, load_phases
from venueplans.catalogue.bundle import import_bundle
store.update_venue(cat, 1, thumbnail=png)
with cat.atomic():
    cat.set_setting("x", "1")
read.get_venue(cat, 1)
'''
    hits = writes(source)
    assert {h.split(": ", 1)[1] for h in hits} == {
        "imports venueplans.catalogue.scenarios.insert_scenario", "imports venueplans.catalogue.bundle.import_bundle",
        "store.update_venue", ".atomic", ".set_setting"}
