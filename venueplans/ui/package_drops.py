"""A venue package (.vpkg) dropped on the main window starts File › Import venue package… on it.

Model files dropped on the window already open the import form (MainWindow.dropEvent); a package is
not a model, so an event filter installed by `protection.install` takes those drops before the window's
own handler sees them. In read-only mode the window accepts no drops at all (packages are then imported
only by an explicit command).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer

from venueplans.ui import errors

PACKAGE_SUFFIX = ".vpkg"


def dropped_package(mime) -> str | None:
    """The first local file of the drag when it is a venue package, else None (left to the window)."""
    if mime is None or not mime.hasUrls():
        return None
    paths = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
    return paths[0] if paths and paths[0].lower().endswith(PACKAGE_SUFFIX) else None


class PackageDrops(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        kind = event.type()
        if kind not in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            return False
        try:
            path = dropped_package(event.mimeData())
            if path is None:
                return False
            event.acceptProposedAction()
            if kind == QEvent.Type.Drop:
                QTimer.singleShot(0, lambda: self._import(path))  # after the drag ends (the source waits)
        except Exception as exc:  # noqa: BLE001 - a bad drop must not take the app down
            errors.report(exc, "drop")
        return True

    def _import(self, path: str) -> None:
        from venueplans.ui.protection import import_package

        try:
            import_package(self.window, path)
        except Exception as exc:  # noqa: BLE001
            errors.report(exc, "import venue package")


def install(window) -> PackageDrops:
    drops = PackageDrops(window)
    window.installEventFilter(drops)
    window.package_drops = drops
    return drops
