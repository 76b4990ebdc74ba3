"""File > Print / export dossier…: the intervention dossier of the open venue, from the app.

The dialog offers what `venueplans plan` offers: which storeys, the paper (A4 / A3, landscape), an
exercise scenario's phase drawn over the plans, and routes (from a place to another, or to the nearest way
out, each avoiding the places typed in its Avoid field; plus, when the Routes dock shows one, that route)
drawn over the storeys with a route cards page. "Save PDF…" writes the file (then opens it with the
system's viewer); "Print…" asks Qt's print dialog for a printer and sends the pages there. The work is a
`QueryOp` on the window's op runner (ui/ops_runner.py: a worker with a read connection of its own runs
`briefing.dossier.write_dossier`), with a `Progress`: a progress bar and a Cancel button, the window stays
responsive, a cancelled export leaves no file.

    install_dossier_action(window)      # ui/dossier_action.py: the menu entry, Ctrl+P, the toolbar
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from venueplans.briefing.dossier import DossierCancelled, DossierOptions, write_dossier
from venueplans.catalogue import read
from venueplans.i18n import tr
from venueplans.ops.scenario_reads import list_scenarios, load_phases
from venueplans.ui.errors import one_line
from venueplans.ui.ops_runner import OpRunner, Progress, QueryOp

PRINT_DPI_MAX = 300  # pages are rasterised for the printer at its resolution, at most this


@dataclass
class _Job:
    venue_id: int
    options: DossierOptions
    path: Path | None  # None: print (the pages come back as images)
    dpi: int = 0


def dossier_query(job: _Job, progress: Progress):
    """The body of one export (or print) on a worker's read connection: the dossier, with page images when
    printing. Raises DossierCancelled when *progress* is cancelled."""

    def run(cat):
        result = write_dossier(cat, job.venue_id, job.options, job.path, progress=progress.report,
                               cancelled=progress.cancelled)
        if job.path is None:
            result.images = _raster_pages(result.pdf, job.dpi, progress.cancelled)
        return result

    return run


def _raster_pages(pdf: bytes, dpi: int, stop) -> list[QImage]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        images = []
        for page in doc:
            if stop():
                raise DossierCancelled(tr("printing cancelled"))
            pil = page.render(scale=dpi / 72).to_pil().convert("RGB")
            data = pil.tobytes("raw", "RGB")
            images.append(QImage(data, pil.width, pil.height, pil.width * 3, QImage.Format.Format_RGB888).copy())
        return images
    finally:
        doc.close()


def print_images(images: list[QImage], printer: QPrinter) -> None:
    """Paint each page image on its own printer page, fitted and centred."""
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError(tr("the printer could not be opened"))
    try:
        for i, image in enumerate(images):
            if i:
                printer.newPage()
            area = painter.viewport()
            size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.setViewport(area.x() + (area.width() - size.width()) // 2,
                                area.y() + (area.height() - size.height()) // 2, size.width(), size.height())
            painter.setWindow(image.rect())
            painter.drawImage(0, 0, image)
            painter.setViewport(area)
            painter.setWindow(area)
    finally:
        painter.end()


@dataclass(frozen=True)
class DossierChoices:
    """What the dialog offers: the venue, its storeys, its scenarios and each one's phases."""

    venue: object
    storeys: list
    scenarios: list
    phases: dict


def read_choices(cat, venue_id: int) -> DossierChoices:
    """Everything the options list, in one read (on a worker in the app)."""
    scenarios = list_scenarios(cat, venue_id=venue_id)
    return DossierChoices(read.get_venue(cat, venue_id), read.load_storeys(cat, venue_id), scenarios,
                          {sc.id: load_phases(cat, scenario_id=sc.id) for sc in scenarios})


class DossierDialog(QDialog):
    """Options, then Save PDF… or Print…; progress and Cancel while the dossier is made."""

    done = Signal(str)  # the status line once an export or a print finished ("" when cancelled)

    def __init__(self, cat, venue_id: int, parent=None, *, runner: OpRunner | None = None, current_route=None,
                 choices: DossierChoices | None = None):
        super().__init__(parent)
        self.cat, self.venue_id = cat, venue_id
        self.runner = runner or OpRunner(cat, self)
        self.channel = f"dossier-{id(self)}"  # a closed dialog drops its export's answer
        # what the options offer, read on a worker by the window (install_dossier_action); now for scripts
        self.choices = choices = choices or read_choices(cat, venue_id)
        venue = choices.venue
        self.setWindowTitle(tr("Print / export dossier - {venue}").format(venue=venue.name))
        self.setMinimumWidth(460)
        self.progress: Progress | None = None  # of the export running, None when idle
        self.last_path: Path | None = None
        self.printer: QPrinter | None = None

        self.storeys = QListWidget()
        for s in choices.storeys:
            item = QListWidgetItem(f"{s.name}  ({s.elevation:+.2f} m)")
            item.setData(Qt.ItemDataRole.UserRole, str(s.index))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.storeys.addItem(item)
        self.storeys.setMaximumHeight(140)
        self.paper = QComboBox()
        self.paper.addItem(tr("A4 landscape"), "A4")
        self.paper.addItem(tr("A3 landscape"), "A3")
        self.scenario = QComboBox()
        self.scenario.addItem(tr("No scenario"), None)
        for sc in choices.scenarios:
            self.scenario.addItem(sc.name, sc.id)
        self.phase = QComboBox()
        self.scenario.currentIndexChanged.connect(self._fill_phases)
        self._fill_phases()

        self.current_route = current_route  # the RouteResult the Routes dock shows, if any
        self.route_from = QLineEdit()
        self.route_from.setPlaceholderText(tr("from: room, exit 4, C7@storey…"))
        self.route_to = QLineEdit()
        self.route_to.setPlaceholderText(tr("to (empty: the nearest way out)"))
        self.route_avoid = QLineEdit()  # for the route being added, like the Routes dock's Avoid field
        self.route_avoid.setObjectName("route_avoid")
        self.route_avoid.setPlaceholderText(tr("avoid: exit 3, Escalier A, zone:Cordon (comma-separated)"))
        self.route_avoid.setToolTip(tr("Places the route being added must not pass: an exit, a door, a stair, a "
                                       "room, or a scenario area as zone:LABEL"))
        self.add_route_button = QPushButton(tr("Add route"))
        self.add_route_button.clicked.connect(self.add_route)
        self.route_from.returnPressed.connect(self.add_route)
        self.route_to.returnPressed.connect(self.add_route)
        self.route_avoid.returnPressed.connect(self.add_route)
        self.remove_route_button = QPushButton(tr("Remove"))
        self.remove_route_button.clicked.connect(self.remove_route)
        self.routes = QListWidget()
        self.routes.setMaximumHeight(80)
        entry = QHBoxLayout()
        entry.addWidget(self.route_from, 1)
        entry.addWidget(self.route_to, 1)
        entry.addWidget(self.add_route_button)
        listed = QHBoxLayout()
        listed.addWidget(self.routes, 1)
        listed.addWidget(self.remove_route_button, 0, Qt.AlignmentFlag.AlignTop)
        routes_box = QVBoxLayout()
        routes_box.addLayout(entry)
        routes_box.addWidget(self.route_avoid)
        routes_box.addLayout(listed)
        self.include_shown = QCheckBox(tr("Include the route shown in the Routes dock"))
        if current_route is not None:
            self.include_shown.setText(tr("Include the route shown in the Routes dock ({summary})").format(
                summary=f"{current_route.origin.label} -> {current_route.destination.label}"))
            self.include_shown.setChecked(True)
        self.include_shown.setVisible(current_route is not None)
        routes_box.addWidget(self.include_shown)

        form = QFormLayout()
        form.addRow(tr("Storeys"), self.storeys)
        form.addRow(tr("Paper"), self.paper)
        form.addRow(tr("Scenario"), self.scenario)
        form.addRow(tr("Phase"), self.phase)
        form.addRow(tr("Routes"), routes_box)

        self.bar = QProgressBar()
        self.bar.setRange(0, 100)
        self.bar.setVisible(False)
        self.status = QLabel(tr("Reflex sheet, site plan, exits and access points, one plan per storey, "
                                "update table."))
        self.status.setWordWrap(True)
        self.save_button = QPushButton(tr("Save PDF…"))
        self.print_button = QPushButton(tr("Print…"))
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.setEnabled(False)
        self.save_button.clicked.connect(self.ask_save)
        self.print_button.clicked.connect(self.ask_print)
        self.cancel_button.clicked.connect(self.cancel)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        layout.addWidget(close)

    # -- options -----------------------------------------------------------------------------------
    def _fill_phases(self) -> None:
        self.phase.clear()
        sid = self.scenario.currentData()
        self.phase.setEnabled(sid is not None)
        if sid is None:
            return
        for ph in self.choices.phases.get(sid, []):
            self.phase.addItem(f"{ph.index + 1}. {ph.name} ({ph.time_label})", ph.index + 1)
        self.phase.setCurrentIndex(max(0, self.phase.count() - 1))  # the last phase, as the CLI does

    def add_route(self) -> None:
        """Add the typed route (from / to, to optional) to the list; the places are checked on export."""
        origin, destination = self.route_from.text().strip(), self.route_to.text().strip()
        if not origin:
            self.status.setText(tr("Type the route's starting place first."))
            return
        avoid = self._typed_avoid()
        text = tr("{origin} -> {destination}").format(
            origin=origin, destination=destination or tr("the nearest way out"))
        if avoid:
            text += " " + tr("(avoiding {places})").format(places=", ".join(avoid))
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, (origin, destination or None, tuple(avoid)))
        self.routes.addItem(item)
        self.route_from.clear()
        self.route_to.clear()
        self.route_avoid.clear()

    def _typed_avoid(self) -> list[str]:
        return [a.strip() for a in self.route_avoid.text().split(",") if a.strip()]

    def remove_route(self) -> None:
        for item in self.routes.selectedItems():
            self.routes.takeItem(self.routes.row(item))

    def options(self) -> DossierOptions:
        chosen = [self.storeys.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.storeys.count())
                  if self.storeys.item(i).checkState() == Qt.CheckState.Checked]
        sid = self.scenario.currentData()
        routes = [tuple(self.routes.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.routes.count())]
        if self.route_from.text().strip():  # typed but not yet added: the user means it
            routes.append((self.route_from.text().strip(), self.route_to.text().strip() or None,
                           tuple(self._typed_avoid())))
        shown = [self.current_route] if self.current_route is not None and self.include_shown.isChecked() else []
        return DossierOptions(storeys=chosen or None, paper=self.paper.currentData(), scenario=sid,
                              phase=self.phase.currentData() if sid is not None else None,
                              routes=routes, route_results=shown)

    # -- actions -----------------------------------------------------------------------------------
    def ask_save(self) -> None:
        name = self.choices.venue.name
        suggested = str(Path.home() / f"{name} - dossier.pdf")
        path, _ = QFileDialog.getSaveFileName(self, tr("Save the dossier"), suggested, tr("PDF (*.pdf)"))
        if path:
            self.export(Path(path) if path.lower().endswith(".pdf") else Path(path + ".pdf"))

    def export(self, path: Path) -> None:
        self._start(_Job(self.venue_id, self.options(), path))

    def ask_print(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        opts = self.options()
        size = QPageSize.PageSizeId.A3 if opts.paper == "A3" else QPageSize.PageSizeId.A4
        printer.setPageLayout(QPageLayout(QPageSize(size), QPageLayout.Orientation.Landscape,
                                          printer.pageLayout().margins()))
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        self.printer = printer
        dpi = max(72, min(PRINT_DPI_MAX, printer.resolution()))
        self._start(_Job(self.venue_id, self.options(), None, dpi))

    def cancel(self) -> None:
        if self.progress is not None:
            self.progress.cancel()
            self.status.setText(tr("Cancelling…"))

    @property
    def busy(self) -> bool:
        return self.progress is not None

    def _start(self, job: _Job) -> None:
        if self.progress is not None:
            return
        progress = self.progress = Progress()  # not the dialog's child: the worker may outlive a closed dialog
        progress.changed.connect(self._progress)
        for w in (self.save_button, self.print_button):
            w.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.bar.setVisible(True)
        self.bar.setValue(0)
        (QueryOp(self.runner, dossier_query(job, progress), lambda result: self._ended(self._succeeded, result))
         .channel(self.channel).failure(lambda exc: self._ended(self._failed_with, exc)).run_in_background())

    def _ended(self, then, value) -> None:
        self._finished()
        then(value)

    def _failed_with(self, exc: BaseException) -> None:
        if isinstance(exc, DossierCancelled):
            self._cancelled()
        else:
            self._failed(one_line(exc))

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt API: closed (Close, Esc, close())
        if self.progress is not None and not event.spontaneous():  # the export stops, its answer is dropped
            self.progress.cancel()
            self.runner.supersede(self.channel)
            self._finished()
        super().hideEvent(event)

    def _progress(self, fraction: float, what: str) -> None:
        self.bar.setValue(round(fraction * 100))
        self.status.setText(what)

    def _succeeded(self, result) -> None:
        if result.path is not None:
            self.last_path = result.path
            line = tr("Wrote {path} ({n} pages).").format(path=result.path, n=result.pages)
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(result.path)))
        else:
            try:
                print_images(result.images, self.printer)
                line = tr("Sent {n} pages to the printer.").format(n=result.pages)
            except OSError as exc:
                line = str(exc)
        self.status.setText(line)
        self.done.emit(line)

    def _failed(self, line: str) -> None:
        self.status.setText(line)
        self.done.emit(line)

    def _cancelled(self) -> None:
        self.status.setText(tr("Cancelled: nothing was written."))
        self.done.emit("")

    def _finished(self) -> None:
        self.progress = None
        for w in (self.save_button, self.print_button):
            w.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.bar.setVisible(False)
