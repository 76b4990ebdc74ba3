"""The catalogue browser: search as you type, venues listed recently-opened first, with thumbnails.

`VenueTableModel` is a plain Qt table model over `catalogue.read.list_venues(cat, search)`; the
`BrowserWidget` is a search field above a table. Activating a row (double click, Enter) emits
`open_requested(venue_id)`.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from venueplans.catalogue import Catalogue, read
from venueplans.i18n import N_, format_date, tr, tr_n
from venueplans.model import VENUE_KIND_LABELS
from venueplans.ui.errors import guarded
from venueplans.ui.ops_runner import OpRunner, QueryOp

THUMB = QSize(112, 70)
COLUMNS = (N_("Venue"), N_("Kind"), N_("City"), N_("Storeys"), N_("Exits"), N_("Verified"), N_("Last opened"))
EXITS_GREEN = QColor("#00a651")
SEARCH_DELAY_MS = 120


def _date(stamp: str | None) -> str:
    return format_date((stamp or "")[:10]) or "—"


def _thumb_pixmap(data: bytes | None) -> QPixmap | None:
    """A stored PNG at the screen's pixel density (crisp at 150 % scaling), None when unreadable."""
    if not data:
        return None
    pix = QPixmap()
    if not pix.loadFromData(data):
        return None
    ratio = QGuiApplication.instance().devicePixelRatio()
    pix = pix.scaled(THUMB * ratio, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
    pix.setDevicePixelRatio(ratio)
    return pix


class VenueTableModel(QAbstractTableModel):
    def __init__(self, cat: Catalogue, parent=None):
        super().__init__(parent)
        self.cat = cat
        self.search = ""
        self.venues: list[read.VenueListing] = []
        self._thumbs: dict[tuple[int, bool], QPixmap | None] = {}  # (venue id, has a thumbnail): kept across lists
        self._fetching: set[int] = set()
        self.runner: OpRunner | None = None  # with one, thumbnails are read off the GUI thread
        self.refresh()  # start-up: the window opens on the first list (BrowserWidget reads later ones off-thread)

    def refresh(self, search: str | None = None) -> None:
        if search is not None:
            self.search = search
        self.show(read.list_venues(self.cat, self.search))

    def show(self, venues: list[read.VenueListing]) -> None:
        self.beginResetModel()
        self.venues = venues
        self.endResetModel()

    def venue_id(self, row: int) -> int:
        return self.venues[row].id

    def rowCount(self, parent=None):  # noqa: N802 - Qt API
        return 0 if parent is not None and parent.isValid() else len(self.venues)

    def columnCount(self, parent=None):  # noqa: N802 - Qt API
        return 0 if parent is not None and parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt API
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(COLUMNS[section])
        return None

    def _thumbnail(self, v: read.VenueListing) -> QPixmap | None:
        key = (v.id, v.has_thumbnail)  # a thumbnail stored since the last list is fetched then
        if key not in self._thumbs:
            if not v.has_thumbnail:
                self._thumbs[key] = None
            elif self.runner is not None:  # fetched off the GUI thread, painted when it lands
                self._fetch(v.id)
                return None
            else:
                self._thumbs[key] = _thumb_pixmap(read.thumbnail(self.cat, v.id))
        return self._thumbs[key]

    def _fetch(self, venue_id: int) -> None:
        if venue_id in self._fetching:
            return
        self._fetching.add(venue_id)
        if len(self._fetching) == 1:  # one read for every row painted in this turn
            QTimer.singleShot(0, self._fetch_batch)

    def _fetch_batch(self) -> None:
        ids = sorted(self._fetching)

        def landed(found: dict) -> None:
            self._fetching.difference_update(ids)
            for vid, data in found.items():
                self._thumbs[(vid, True)] = _thumb_pixmap(data)
            rows = [n for n, v in enumerate(self.venues) if v.id in found]
            for row in rows:
                self.dataChanged.emit(self.index(row, 0), self.index(row, 0), [Qt.ItemDataRole.DecorationRole])

        QueryOp(self.runner, lambda cat: {vid: read.thumbnail(cat, vid) for vid in ids}, landed,
                context=N_("thumbnail")).failure(lambda _exc: self._fetching.difference_update(ids)).run_in_background()

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        v = self.venues[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                v.name if not v.address else f"{v.name}\n{v.address}",
                tr(VENUE_KIND_LABELS.get(v.kind, v.kind)), v.city or "—", str(v.storeys), str(v.exits),
                _date(v.verified_on) if v.verified_on else tr("not verified"),
                _date(v.last_opened) if v.last_opened else tr("never"),
            )[col]
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return self._thumbnail(v)
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == 4 and v.exits:
                return EXITS_GREEN
            if col == 5 and not v.verified_on:
                return QColor("#b35900")
        if role == Qt.ItemDataRole.FontRole and col in (0, 4):
            f = QFont()
            f.setBold(True)
            return f
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (3, 4):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if not v.verified_on:
                verified = tr("not verified")
            elif v.verified_by:
                verified = tr("verified: {date} by {who}").format(date=_date(v.verified_on), who=v.verified_by)
            else:
                verified = tr("verified: {date}").format(date=_date(v.verified_on))
            return (tr("{name} ({kind}), {city}\n{storeys} storeys, {exits} exits").format(
                name=v.name, kind=tr(VENUE_KIND_LABELS.get(v.kind, v.kind)), city=v.city or tr("no city"),
                storeys=v.storeys, exits=v.exits) + "\n" + verified)
        if role == Qt.ItemDataRole.UserRole:
            return v.id
        return None


class BrowserWidget(QWidget):
    """Search field + venue table + Open / Import buttons."""

    open_requested = Signal(int)
    import_requested = Signal()

    def __init__(self, cat: Catalogue, parent=None, *, runner: OpRunner | None = None):
        super().__init__(parent)
        self.setObjectName("browser")
        self.model = VenueTableModel(cat, self)  # the first list at once: the window opens on it
        self.runner = runner  # with one, later lists are read off the GUI thread (a QueryOp on "venues")
        self.model.runner = runner

        self.search = QLineEdit(placeholderText=tr("Search venues: name, city, address, room…  (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumHeight(32)
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._apply_search)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self._open_first)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setIconSize(THUMB)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(THUMB.height() + 10)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in range(1, len(COLUMNS)):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        self.table.activated.connect(self._activated)
        self.table.doubleClicked.connect(self._activated)

        self.count = QLabel()
        open_button = QPushButton(tr("Open"))
        open_button.clicked.connect(self._open_selected)
        import_button = QPushButton(tr("Import model…"))
        import_button.clicked.connect(self.import_requested)

        title = QLabel(tr("Venues"))
        tf = title.font()
        tf.setPointSize(tf.pointSize() + 6)
        tf.setBold(True)
        title.setFont(tf)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(16)
        top.addWidget(self.search, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count, 1)
        bottom.addWidget(import_button)
        bottom.addWidget(open_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self._update_count()

    @property
    def cat(self) -> Catalogue:
        return self.model.cat

    def names(self) -> list[str]:
        return [v.name for v in self.model.venues]

    def refresh(self) -> None:
        self._load(self.model.search)

    @guarded(context=N_("search"))
    def _apply_search(self) -> None:
        self._load(self.search.text(), select_first=True)

    def _load(self, search: str, *, select_first: bool = False) -> None:
        def show(venues) -> None:
            self.model.search = search
            self.model.show(venues)
            self._update_count()
            if select_first and self.model.rowCount():
                self.table.selectRow(0)

        if self.runner is None:
            show(read.list_venues(self.cat, search))
            return
        QueryOp(self.runner, lambda cat: read.list_venues(cat, search), show,
                context="search").channel("venues").run_in_background()

    def _update_count(self) -> None:
        n = self.model.rowCount()
        what = tr_n("{count} venue", "{count} venues", n).format(count=n)
        if self.model.search.strip():
            what = tr_n("{count} venue matching “{text}”", "{count} venues matching “{text}”", n).format(
                count=n, text=self.model.search.strip())
        if n == 0 and not self.model.search.strip():
            what = tr("The catalogue is empty: import an IFC or mesh model (File › Import model…, or drop a file "
                      "here).")
        self.count.setText(what)

    @guarded(context=N_("open venue"))
    def _activated(self, index) -> None:
        if index.isValid():
            self.open_requested.emit(self.model.venue_id(index.row()))

    def _open_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.open_requested.emit(self.model.venue_id(rows[0].row()))
        else:
            self._open_first()

    def _open_first(self) -> None:
        if self._timer.isActive():
            self._timer.stop()
            self._apply_search()
        if self.model.rowCount():
            self.open_requested.emit(self.model.venue_id(0))
