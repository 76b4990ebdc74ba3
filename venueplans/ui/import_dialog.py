"""File › Import model…: a metadata form, then the import in a worker thread with a progress dialog.

The form asks for what a catalogue entry needs (name, kind, address, city) and, for mesh files, the unit
and up axis. `ImportRunner` runs `ops.import_venue` as a `CollectionOp` of the window's op runner, on a
connection of its own (the importer itself runs in a child process), shows progress with a Cancel button and reports the outcome: the new venue's
id on success, a one-line reason on failure — the catalogue is unchanged then (one transaction).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QWidget,
)

from venueplans.i18n import N_, tr, tr_n
from venueplans.importers import SUPPORTED_SUFFIXES
from venueplans.model import VENUE_KINDS
from venueplans.ui.errors import guarded, one_line
from venueplans.ui.ops_runner import CollectionOp, OpRunner, Progress
from venueplans.ui.workers import ImportRequest, import_op

MESH_SUFFIXES = (".obj", ".stl", ".ply", ".gltf", ".glb")
UNITS = ("auto", "m", "cm", "mm", "ft", "in")
UPS = ("auto", "z", "y")
FILE_FILTER = N_("Building models ({patterns});;All files (*)")  # tr(FILE_FILTER).format(patterns=PATTERNS)
PATTERNS = " ".join(f"*{s}" for s in SUPPORTED_SUFFIXES)


def is_supported(path: str | Path) -> bool:
    return Path(path).suffix.lower() in SUPPORTED_SUFFIXES


class ImportDialog(QDialog):
    """The metadata form. `request()` gives the filled-in ImportRequest."""

    def __init__(self, path: str | Path | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("Import a building model"))
        self.setObjectName("import_dialog")
        self.setMinimumWidth(520)
        self.path = QLineEdit()
        self.path.setPlaceholderText(tr("an .ifc, .ifczip, .obj, .stl, .ply, .gltf or .glb file"))
        browse = QPushButton(tr("Browse…"))
        browse.clicked.connect(guarded(self._browse))
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.name = QLineEdit()
        self.name.setPlaceholderText(tr("default: the name in the file, else the file name"))
        self.kind = QComboBox()
        self.kind.addItems(VENUE_KINDS)
        self.address = QLineEdit()
        self.city = QLineEdit()
        self.unit = QComboBox()
        self.unit.addItems(UNITS)
        self.unit.setToolTip(tr("Length unit of a mesh file (IFC files declare their own)"))
        self.up = QComboBox()
        self.up.addItems(UPS)
        self.up.setToolTip(tr("Up axis of a mesh file (auto: y for glTF, z otherwise)"))
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b00020;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Import"))
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(tr("Model file"), row)
        form.addRow(tr("Venue name"), self.name)
        form.addRow(tr("Kind"), self.kind)
        form.addRow(tr("Address"), self.address)
        form.addRow(tr("City"), self.city)
        form.addRow(tr("Unit (meshes)"), self.unit)
        form.addRow(tr("Up axis (meshes)"), self.up)
        form.addRow(self.problem)
        form.addRow(self.buttons)
        self.path.textChanged.connect(self._path_changed)
        if path:
            self.path.setText(str(path))
        self._path_changed(self.path.text())

    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, tr("Import a building model"), "", tr(FILE_FILTER).format(patterns=PATTERNS))
        if name:
            self.path.setText(name)

    def _path_changed(self, text: str) -> None:
        mesh = Path(text).suffix.lower() in MESH_SUFFIXES
        self.unit.setEnabled(mesh)
        self.up.setEnabled(mesh)
        self.problem.setText("")

    def problem_with(self) -> str | None:
        text = self.path.text().strip()
        if not text:
            return tr("choose a model file")
        p = Path(text)
        if not p.is_file():
            return tr("{name}: no such file").format(name=p.name)
        if not is_supported(p):
            return tr("{name}: unsupported file type; supported: {suffixes}").format(name=p.name, suffixes=", ".join(SUPPORTED_SUFFIXES))
        return None

    def _accept(self) -> None:
        problem = self.problem_with()
        if problem:
            self.problem.setText(problem)
            return
        self.accept()

    def request(self) -> ImportRequest:
        mesh = Path(self.path.text()).suffix.lower() in MESH_SUFFIXES
        unit, up = self.unit.currentText(), self.up.currentText()
        return ImportRequest(
            path=Path(self.path.text().strip()), name=self.name.text().strip() or None, kind=self.kind.currentText(),
            address=self.address.text().strip(), city=self.city.text().strip(),
            unit=unit if mesh and unit != "auto" else None, up=up if mesh and up != "auto" else None,
        )


class ImportRunner(QObject):
    """One import in the background with a progress dialog. Emits `done(venue_id | None, message)`.

    The import's Changes are broadcast by the runner like any op's: the browser and any panel see the
    new venue."""

    done = Signal(object, str)

    def __init__(self, runner: OpRunner, request: ImportRequest, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner, self.request = runner, request
        self.tracker = Progress(self)
        self.progress = QProgressDialog(tr("Importing {name}…").format(name=request.path.name), tr("Cancel"), 0, 1000, parent)
        self.progress.setObjectName("import_progress")
        self.progress.setWindowTitle(tr("Importing"))
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(0)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.progress.canceled.connect(self.cancel)
        self.tracker.changed.connect(self._progress)
        self.result: tuple[int | None, str] | None = None
        self.started = False

    def start(self) -> None:
        self.progress.setValue(0)
        self.progress.show()
        self.started = True
        (CollectionOp(self.runner, import_op(self.request, self.tracker)).own_connection()
         .success(self._succeeded).failure(lambda exc: self._finish(None, one_line(exc)))
         .run_in_background(initiator=self))

    @property
    def running(self) -> bool:
        return self.result is None

    @property
    def cancelled(self) -> bool:
        return self.tracker.cancelled()

    def cancel(self) -> None:
        self.progress.setLabelText(tr("Cancelling…"))
        self.tracker.cancel()

    def shutdown(self) -> None:
        """Window closing: cancel a running import (one transaction: nothing is left); the runner's
        shutdown waits for it."""
        if self.running:
            self.tracker.cancel()

    def _progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(int(max(0.0, min(1.0, fraction)) * 1000))
        if message and not self.cancelled:
            self.progress.setLabelText(tr("Importing {name}: {message}").format(name=self.request.path.name, message=message))

    def _succeeded(self, changes) -> None:
        message = changes.message
        if changes.warnings:  # in the reader's language already (ops.import_venue); all: `venueplans show`
            message += tr_n(" — {n} warning: {first}", " — {n} warnings, the first: {first}",
                            len(changes.warnings)).format(n=len(changes.warnings), first=changes.warnings[0])
        self._finish(changes.venue_id, message)

    def _finish(self, venue_id: int | None, message: str) -> None:
        self.result = (venue_id, message)
        self.progress.close()
        self.done.emit(venue_id, message)
