"""Keep the main window on a laptop screen (1366x768, or 1920x1080 at 150 %: 1280x720 logical pixels).

A QMainWindow grows to its minimum size hint whenever a child's hint grows (a long storey name in a
label, a dock whose panel has many rows), and a window larger than the screen cannot be moved back.
So nothing inside it may impose a large minimum: dock panels scroll (`scrollable`), long labels wrap
(`wrap`), the legend flows onto a second line (`FlowLayout`), and a last guard (`ScreenGuard`) pulls the
window back inside the screen should anything still push it out.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QDockWidget,
    QFrame,
    QLabel,
    QLayout,
    QMainWindow,
    QScrollArea,
    QWidget,
    QWidgetItem,
)

PREFERRED_SIZE = (1440, 900)
DOCK_MIN_WIDTH = 150  # a dock may be narrowed to this; its panel scrolls sideways below its own minimum
DOCK_MIN_HEIGHT = 80
NO_SCROLL_DOCKS = {"dock_plan"}  # the 2D plan pans and zooms itself


def scrollable(widget: QWidget) -> QScrollArea:
    """*widget* in a frameless scroll area: its minimum size no longer constrains the dock or the window."""
    area = QScrollArea()
    area.setObjectName(f"{widget.objectName() or 'panel'}_scroll")
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setMinimumSize(DOCK_MIN_WIDTH, DOCK_MIN_HEIGHT)
    return area


def fit_docks(window: QMainWindow) -> None:
    """Every dock of *window* (now and later: call again after adding docks) can shrink: its panel scrolls."""
    for dock in window.findChildren(QDockWidget):
        widget = dock.widget()
        if widget is None or dock.objectName() in NO_SCROLL_DOCKS or isinstance(widget, QAbstractScrollArea):
            continue
        dock.setWidget(scrollable(widget))


def wrap(label: QLabel) -> QLabel:
    """A label that wraps onto more lines instead of widening its parent."""
    label.setWordWrap(True)
    label.setMinimumWidth(0)
    return label


def share_width(window: QMainWindow, left: list[QDockWidget], right: list[QDockWidget]) -> None:
    """Give the side docks a share of the window's width that leaves the 3D view the largest part: the
    left panels what they need (at most a quarter), the right ones (the 2D plan) under a third."""
    width = window.width()
    need = max((d.widget().widget().minimumSizeHint().width() + 16 if isinstance(d.widget(), QScrollArea)
                else d.minimumSizeHint().width()) for d in left)
    window.resizeDocks(left, [max(DOCK_MIN_WIDTH, min(need, width // 4))] * len(left), Qt.Orientation.Horizontal)
    window.resizeDocks(right, [max(DOCK_MIN_WIDTH, min(560, int(width * 0.3)))] * len(right),
                       Qt.Orientation.Horizontal)


def screen_rect(widget: QWidget) -> QRect:
    """The available geometry (without task bars) of the screen *widget* is on, in logical pixels."""
    screen = widget.screen() if widget.screen() is not None else None
    if screen is None:
        from PySide6.QtGui import QGuiApplication

        screen = QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def initial_geometry(window: QWidget, preferred: tuple[int, int] = PREFERRED_SIZE) -> QRect:
    """The preferred size where it fits, else the whole available screen; centred."""
    avail = screen_rect(window)
    frame_w = max(0, window.frameGeometry().width() - window.width())
    frame_h = max(0, window.frameGeometry().height() - window.height())
    w = min(preferred[0], avail.width() - frame_w)
    h = min(preferred[1], avail.height() - frame_h)
    rect = QRect(0, 0, w, h)
    rect.moveCenter(avail.center())
    return rect


def place_on_screen(window: QWidget, preferred: tuple[int, int] = PREFERRED_SIZE) -> None:
    rect = initial_geometry(window, preferred)
    window.resize(rect.size())
    window.move(rect.topLeft())


def clamp_to_screen(window: QWidget) -> bool:
    """Pull *window* back inside its screen (smaller, then moved). True if it had to."""
    if window.isMaximized() or window.isFullScreen():
        return False
    avail = screen_rect(window)
    frame = window.frameGeometry()
    extra_w, extra_h = frame.width() - window.width(), frame.height() - window.height()
    changed = False
    if frame.width() > avail.width() or frame.height() > avail.height():
        window.resize(min(window.width(), avail.width() - extra_w), min(window.height(), avail.height() - extra_h))
        frame = window.frameGeometry()
        changed = True
    x = min(max(frame.left(), avail.left()), avail.right() - frame.width() + 1)
    y = min(max(frame.top(), avail.top()), avail.bottom() - frame.height() + 1)
    if (x, y) != (frame.left(), frame.top()):
        window.move(QPoint(x, y))
        changed = True
    return changed


class ScreenGuard(QObject):
    """Last line of defence: after the window is shown or resized (a layout that asked for more room),
    keep it on its screen. Moves are the user's: dragging the window partly aside is left alone."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.window = window
        self.pulled_back = 0  # how often it had to (tests, diagnostics)
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self._check)
        window.installEventFilter(self)

    def eventFilter(self, obj, event):  # noqa: N802 - Qt API
        if obj is self.window and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self._timer.start()
        return False

    def _check(self) -> None:
        try:
            if self.window.isVisible() and clamp_to_screen(self.window):
                self.pulled_back += 1
        except RuntimeError:  # the window is being destroyed
            pass


class FlowLayout(QLayout):
    """Items left to right, onto the next line when the width runs out (Qt's flow layout example)."""

    def __init__(self, parent=None, spacing: int = 12):
        super().__init__(parent)
        self._items: list = []
        self._spacing = spacing

    def addItem(self, item) -> None:  # noqa: N802 - Qt API
        self._items.append(item)

    def addWidget(self, widget: QWidget) -> None:  # noqa: N802 - Qt API
        self.addChildWidget(widget)
        self.addItem(QWidgetItem(widget))

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int):  # noqa: N802 - Qt API
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int):  # noqa: N802 - Qt API
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self):  # noqa: N802 - Qt API
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt API
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt API
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        width = sum(i.sizeHint().width() + self._spacing for i in self._items)
        return QSize(width, self.minimumSize().height())

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt API
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y, line = area.x(), area.y(), 0
        for item in self._items:
            if item.widget() is not None and not item.widget().isVisibleTo(self.parentWidget()):
                continue
            hint = item.sizeHint()
            if x > area.x() and x + hint.width() > area.right() + 1:
                x, y, line = area.x(), y + line + self._spacing // 2, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            line = max(line, hint.height())
        return y + line - rect.y() + m.bottom()
