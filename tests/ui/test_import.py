"""File › Import model…: the form, the background import, readable failures, an unchanged catalogue."""

from __future__ import annotations

import pytest

from venueplans.catalogue import read
from venueplans.ui.workers import ImportRequest

pytestmark = pytest.mark.gui
IMPORT_TIMEOUT_MS = 120_000


def _venues(cat):
    return sorted(v.name for v in read.list_venues(cat))


def _table_counts(cat):
    return {t: cat.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("venues", "storeys", "elements", "features", "geometry_batches", "source_models")}


def test_import_a_real_small_file(catalogue, make_window, qtbot, shared_venues):
    window = make_window(catalogue)
    door = shared_venues / "kenney-door-stl" / "door.stl"
    dialog = window.import_model(door)
    assert dialog.path.text() == str(door)
    assert dialog.unit.isEnabled() and dialog.up.isEnabled()  # a mesh: unit and up axis apply
    dialog.name.setText("Kenney door")
    dialog.kind.setCurrentText("other")
    dialog.city.setText("Nowhere")
    with qtbot.waitSignal(window.import_finished, timeout=IMPORT_TIMEOUT_MS) as done:
        dialog.buttons.accepted.emit()
        qtbot.waitUntil(lambda: window._runner is not None, timeout=5000)
        assert window._runner.progress.isVisible()  # progress with Cancel while the import runs
    venue_id, message = done.args
    assert venue_id is not None, message
    qtbot.waitUntil(lambda: "Kenney door" in window.browser.names())  # the list is read on the runner
    assert read.get_venue(catalogue, venue_id).city == "Nowhere"
    assert window.venue_id == venue_id  # the imported venue opens


def test_malformed_file_gives_one_line_and_leaves_catalogue_unchanged(catalogue, make_window, qtbot,
                                                                       shared_venues):
    window = make_window(catalogue)
    before = _table_counts(catalogue)
    bad = shared_venues / "malformed" / "ply_empty_header.ply"
    with qtbot.waitSignal(window.import_finished, timeout=IMPORT_TIMEOUT_MS) as done:
        window.run_import(ImportRequest(path=bad, name="Broken"))
    venue_id, message = done.args
    assert venue_id is None
    assert "\n" not in message and message.startswith("ply_empty_header.ply: ")
    assert window.errors_shown[-1] == f"Import failed: {message}"
    assert _table_counts(catalogue) == before
    assert _venues(catalogue) == ["Test Hall"]


def test_unsupported_or_missing_file_is_refused_by_the_form(catalogue, make_window, tmp_path):
    window = make_window(catalogue)
    dialog = window.import_model(tmp_path / "nothing.ifc")
    dialog.buttons.accepted.emit()
    assert dialog.problem.text() == "nothing.ifc: no such file"
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    dialog.path.setText(str(text))
    dialog.buttons.accepted.emit()
    assert "unsupported file type" in dialog.problem.text()
    assert not dialog.unit.isEnabled()
    dialog.reject()
    assert window._runner is None


def test_cancelled_import_leaves_catalogue_unchanged(catalogue, make_window, qtbot, shared_venues):
    window = make_window(catalogue)
    before = _table_counts(catalogue)
    door = shared_venues / "kenney-door-stl" / "door.stl"
    with qtbot.waitSignal(window.import_finished, timeout=IMPORT_TIMEOUT_MS) as done:
        runner = window.run_import(ImportRequest(path=door, name="Cancelled door"))
        runner.cancel()
    venue_id, message = done.args
    assert venue_id is None and "cancelled" in message
    assert _table_counts(catalogue) == before


def test_dropping_a_file_opens_the_import_form(catalogue, make_window, qtbot, shared_venues):
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent
    from PySide6.QtWidgets import QApplication

    window = make_window(catalogue)
    door = shared_venues / "kenney-door-stl" / "door.stl"
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(door))])
    event = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    qtbot.waitUntil(lambda: any(w.objectName() == "import_dialog" and w.isVisible()
                                for w in QApplication.topLevelWidgets()), timeout=3000)
    dialog = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "import_dialog")
    assert dialog.path.text() == str(door)
    dialog.reject()


def test_closing_the_window_during_an_import_cancels_it(catalogue, make_window, qtbot, shared_venues):
    window = make_window(catalogue)
    runner = window.run_import(ImportRequest(path=shared_venues / "kenney-door-stl" / "door.stl", name="Late door"))
    window.close()  # cancels the import and waits for its worker: no crash, no half import
    assert runner.cancelled or not runner.running
    names = _venues(catalogue)
    assert names in (["Test Hall"], ["Late door", "Test Hall"])  # cancelled, or finished just before the close


def test_an_import_with_warnings_says_so_in_the_readers_language(catalogue, make_window, qtbot, tmp_path, french):
    model = tmp_path / "block.obj"  # a 2-vertex face, a missing material library, a nameless usemtl
    model.write_text("mtllib nowhere.mtl\no block\nv 0 0 0\nv 4 0 0\nv 4 3 0\nv 0 3 0\nv 0 0 2.5\n"
                     "usemtl\nf 1 2 3\nf 1 3 4\nf 1 5\n", encoding="utf-8")
    window = make_window(catalogue)
    with qtbot.waitSignal(window.import_finished, timeout=IMPORT_TIMEOUT_MS) as done:
        window.run_import(ImportRequest(path=model, name="Bloc"))
    venue_id, message = done.args
    assert venue_id is not None, message
    assert "3 avertissements, le premier : 1 face de moins de 3 sommets ignorée" in message
    assert message in window.statusBar().currentMessage()
