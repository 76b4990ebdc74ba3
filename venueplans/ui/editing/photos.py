"""A feature's photos: thumbnails, add from files, remove, double-click to see one full size.

Photos are stored in the catalogue (`ops.photos.add_photo`: JPEG, PNG, WebP or GIF, told by content,
20 MB at most) so they travel with venue bundles; adding and removing are undoable edits.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from venueplans.i18n import N_, format_number, tr
from venueplans.ops.photos import add_photo, list_photos, photo_data, remove_photo
from venueplans.ui.errors import guarded
from venueplans.ui.ops_runner import QueryOp

THUMB = QSize(96, 72)
IMAGE_FILTER = N_("Photos (*.jpg *.jpeg *.png *.webp *.gif);;All files (*)")  # tr() when shown


def _pixmap(data: bytes) -> QPixmap | None:
    pix = QPixmap()
    return pix if pix.loadFromData(data) else None


class PhotoDialog(QDialog):
    def __init__(self, data: bytes, title: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("photo_dialog")
        label = QLabel()
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        pix = _pixmap(data)
        if pix is None:
            label.setText(tr("This image cannot be shown here (format not supported by this Qt)."))
        else:
            label.setPixmap(pix.scaled(QSize(1200, 900), Qt.AspectRatioMode.KeepAspectRatio,
                                       Qt.TransformationMode.SmoothTransformation)
                            if pix.width() > 1200 or pix.height() > 900 else pix)
        area = QScrollArea()
        area.setWidget(label)
        area.setWidgetResizable(True)
        layout = QVBoxLayout(self)
        layout.addWidget(area)
        self.resize(900, 700)


class PhotoStrip(QWidget):
    """Thumbnails of one feature's photos with Add / Remove."""

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.feature_id: int | None = None
        self.list = QListWidget()
        self.list.setObjectName("photo_list")
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(THUMB)
        self.list.setFlow(QListView.Flow.LeftToRight)
        self.list.setWrapping(False)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setFixedHeight(THUMB.height() + 34)
        self.list.itemDoubleClicked.connect(guarded(self._open, context=N_("photo")))
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.add_button = QPushButton(tr("Add photos…"))
        self.add_button.setToolTip(tr("Attach photos of this feature (the key box, the door seen from outside)"))
        self.add_button.clicked.connect(guarded(self.add_from_files, context=N_("add photo")))
        self.remove_button = QPushButton(tr("Remove"))
        self.remove_button.clicked.connect(guarded(self.remove_selected, context=N_("remove photo")))
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self._update_buttons()

    def set_feature(self, feature_id: int | None) -> None:
        """Show *feature_id*'s photos (read only when it is another feature: a list refreshed around the same
        selection keeps its thumbnails; a photo added or removed comes through `apply_changes`)."""
        if feature_id == self.feature_id:
            self._update_buttons()
            return
        self.feature_id = feature_id
        self._update_buttons()  # Add works at once; the thumbnails follow
        self.refresh()

    def refresh(self) -> None:
        """Re-read the feature's photos off the GUI thread (a QueryOp on "photos": another feature chosen
        meanwhile drops the answer); the thumbnails shown stay until it lands."""
        feature_id, runner = self.feature_id, self.session.runner
        if feature_id is None:
            runner.supersede("photos")
            self._show([])
            return

        def load(cat):
            return [(info, photo_data(cat, photo_id=info.id)[1]) for info in list_photos(cat, feature_id=feature_id)]

        QueryOp(runner, load, lambda photos: self._show(photos) if self.feature_id == feature_id else None,
                context=N_("photo")).channel("photos").run_in_background()

    def photo_ids(self) -> set[int]:
        return {self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())}

    def apply_changes(self, changes) -> None:
        """After an edit: re-read only when it added or removed a photo of the feature shown."""
        if self.feature_id is not None and (self.feature_id in changes.feature_ids
                                            or changes.photo_ids & self.photo_ids()):
            self.refresh()

    def _show(self, photos) -> None:
        self.list.clear()
        for info, data in photos:
            pix = _pixmap(data)
            size = (tr("{size} MB").format(size=format_number(info.size / 1e6, 1)) if info.size >= 100_000
                    else tr("{size} kB").format(size=format_number(info.size / 1e3, 0)))
            item = QListWidgetItem(info.caption or size)
            if pix is not None:
                item.setIcon(pix.scaled(THUMB, Qt.AspectRatioMode.KeepAspectRatio,
                                        Qt.TransformationMode.SmoothTransformation))
            item.setToolTip(tr("{mime}, {size:,} bytes, added {value}").format(mime=info.mime, size=info.size, value=info.created[:16].replace('T', ' ')))
            item.setData(Qt.ItemDataRole.UserRole, info.id)
            self.list.addItem(item)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.add_button.setEnabled(self.feature_id is not None)
        self.remove_button.setEnabled(bool(self.list.selectedItems()))

    def add_from_files(self) -> None:
        if self.feature_id is None:
            return
        paths, _ = QFileDialog.getOpenFileNames(self, tr("Add photos"), "", tr(IMAGE_FILTER))
        self._add_next(self.feature_id, list(paths))

    def _add_next(self, feature_id: int, paths: list[str]) -> None:
        """One photo after the other: a refusal (not an image, too big) is said once, the rest not tried."""
        if paths:
            self.session.run(add_photo, feature_id=feature_id, path=paths[0],
                             success=lambda _changes: self._add_next(feature_id, paths[1:]))

    def remove_selected(self) -> None:
        for item in self.list.selectedItems():
            self.session.run(remove_photo, photo_id=item.data(Qt.ItemDataRole.UserRole))

    def _open(self, item: QListWidgetItem) -> None:
        """Full size in a dialog, once the photo is read (off the GUI thread)."""
        photo_id = item.data(Qt.ItemDataRole.UserRole)

        def show(data: bytes) -> None:
            self.dialog = PhotoDialog(data, tr("Photo"), self)
            self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.dialog.open()

        QueryOp(self.session.runner, lambda cat: photo_data(cat, photo_id=photo_id)[1], show,
                context=N_("photo")).channel("photo_full").run_in_background()
