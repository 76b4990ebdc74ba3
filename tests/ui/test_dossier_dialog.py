"""File > Print / export dossier…: the dialog writes the PDF with the chosen storeys, paper and
scenario phase off the GUI thread (then opens it with the system viewer), prints through a QPrinter,
and a cancel leaves no file."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog

from tests.plans.test_scenario_overlay import NAME, build_exercise
from venueplans.catalogue import read

pytestmark = pytest.mark.gui

A3_LANDSCAPE_PT = 420 / 25.4 * 72


@pytest.fixture
def window(catalogue, make_window):
    build_exercise(catalogue, catalogue.test_venue_id)
    return make_window(catalogue)


@pytest.fixture
def opened(monkeypatch):
    urls = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: urls.append(url.toLocalFile()) or True))
    return urls


def _dialog(window, qtbot):
    if window.venue_id != window.cat.test_venue_id:
        with qtbot.waitSignal(window.venue_opened, timeout=60_000):  # the venue is read off the GUI thread
            window.open_venue(window.cat.test_venue_id)
    action = window.act_dossier
    assert action.isEnabled() and action in window.menuBar().actions()[0].menu().actions()
    action.trigger()
    qtbot.waitUntil(lambda: window.dossier_dialog is not None)  # its choices are read off the GUI thread
    dialog = window.dossier_dialog
    qtbot.waitExposed(dialog)
    return dialog


def test_save_pdf_with_the_chosen_storey_paper_and_phase(window, qtbot, tmp_path, monkeypatch, opened):
    dialog = _dialog(window, qtbot)
    storeys = read.load_storeys(window.cat, window.cat.test_venue_id)
    assert dialog.storeys.count() == len(storeys) == 2
    dialog.storeys.item(1).setCheckState(Qt.CheckState.Unchecked)  # the ground floor only
    dialog.paper.setCurrentIndex(dialog.paper.findData("A3"))
    dialog.scenario.setCurrentIndex(dialog.scenario.findText(NAME))
    dialog.phase.setCurrentIndex(1)  # phase 2, "Entrée"
    out = tmp_path / "dossier"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(out), "PDF (*.pdf)")))
    with qtbot.waitSignal(dialog.done, timeout=60_000) as done:
        dialog.save_button.click()
        assert dialog.busy and not dialog.save_button.isEnabled() and dialog.cancel_button.isEnabled()
    pdf = out.with_suffix(".pdf")
    assert done.args[0].startswith("Wrote ") and opened == [str(pdf)]
    reader = PdfReader(pdf)
    # reflex sheet, site plan, table, one storey, update table; A3 landscape
    assert len(reader.pages) == 5
    assert float(reader.pages[0].mediabox.width) == pytest.approx(A3_LANDSCAPE_PT, abs=0.5)
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "PHASE 2/3" in text and "Entrée" in text and storeys[0].name in text
    assert f"Storey 2 of 2: {storeys[1].name}" not in text
    qtbot.waitUntil(lambda: not dialog.busy and dialog.save_button.isEnabled())
    dialog.close()


def test_print_sends_every_page_to_the_printer(window, qtbot, tmp_path):
    dialog = _dialog(window, qtbot)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # a printer that writes a file we can read
    target = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(target))
    with qtbot.waitSignal(dialog.done, timeout=60_000) as done:
        dialog.print_to(printer)
    assert done.args[0] == "Sent 6 pages to the printer."  # reflex, site, table, both storeys, updates
    assert len(PdfReader(target).pages) == 6
    dialog.close()


def test_cancel_writes_nothing(window, qtbot, tmp_path, opened):
    dialog = _dialog(window, qtbot)
    out = tmp_path / "cancelled.pdf"
    with qtbot.waitSignal(dialog.done, timeout=60_000) as done:
        dialog.export(out)
        dialog.cancel()
    assert done.args[0] == "" and not out.exists() and not opened
    assert not list(Path(tmp_path).glob(".dossier-*"))
    qtbot.waitUntil(lambda: not dialog.busy)
    dialog.close()


def test_closing_the_dialog_stops_its_export(window, qtbot, tmp_path, opened, settle):
    dialog = _dialog(window, qtbot)
    out = tmp_path / "closed.pdf"
    lines = []
    dialog.done.connect(lines.append)
    dialog.export(out)  # a QueryOp on the window's runner, with a Progress
    assert dialog.busy
    dialog.close()
    settle(window)  # the export stopped at its next step; its answer was dropped
    assert not out.exists() and not opened and lines == []
    assert not list(Path(tmp_path).glob(".dossier-*")) and not window.errors_shown
