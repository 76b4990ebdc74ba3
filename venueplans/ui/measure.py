"""Measuring: click points in the 3D view (Measure tool, M); the panel shows each segment, the distance
between the first two points and the polyline's total length. The line is drawn in the scene."""

from __future__ import annotations

import math

from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QPushButton, QVBoxLayout, QWidget

from venueplans.i18n import format_length, tr
from venueplans.ui.errors import guarded

Point = tuple[float, float, float]
LINE_COLOUR = "#d7191c"


class MeasureModel:
    """Picked points and their lengths (no Qt)."""

    def __init__(self):
        self.points: list[Point] = []
        self._listeners = []

    def subscribe(self, fn) -> None:
        self._listeners.append(fn)

    def _emit(self) -> None:
        for fn in list(self._listeners):
            fn()

    def add(self, point: Point) -> None:
        self.points.append(tuple(float(c) for c in point))
        self._emit()

    def undo(self) -> None:
        if self.points:
            self.points.pop()
            self._emit()

    def clear(self) -> None:
        self.points = []
        self._emit()

    def segments(self) -> list[float]:
        return [math.dist(a, b) for a, b in zip(self.points, self.points[1:], strict=False)]

    @property
    def distance(self) -> float | None:
        """Between the first two points."""
        return math.dist(self.points[0], self.points[1]) if len(self.points) >= 2 else None

    @property
    def length(self) -> float:
        return sum(self.segments())


class MeasureOverlay:
    """Draws the measured polyline (red, its points as dots) in the 3D view."""

    def __init__(self, plotter):
        self.plotter = plotter
        self._actor = None

    def update(self, points: list[Point]) -> None:
        if self._actor is not None:
            self.plotter.renderer.RemoveActor(self._actor)
            self._actor = None
        if not points:
            return
        from venueplans.render.meshes import flat_actor, polyline_polydata
        from venueplans.render.style import rgb

        self._actor = flat_actor(polyline_polydata(points), rgb(LINE_COLOUR), line_width=4, point_size=12)
        self.plotter.renderer.AddActor(self._actor)


class MeasurePanel(QWidget):
    def __init__(self, model: MeasureModel, parent=None):
        super().__init__(parent)
        self.setObjectName("measure_panel")
        self.model = model
        self.help = QLabel(tr("Measure tool (M): click points on the model. Esc leaves the tool."))
        self.help.setWordWrap(True)
        self.result = QLabel()
        self.result.setObjectName("measure_result")
        font = self.result.font()
        font.setPointSize(font.pointSize() + 3)
        font.setBold(True)
        self.result.setFont(font)
        self.list = QListWidget()
        undo = QPushButton(tr("Undo point"))
        undo.clicked.connect(guarded(model.undo))
        clear = QPushButton(tr("Clear"))
        clear.clicked.connect(guarded(model.clear))
        buttons = QHBoxLayout()
        buttons.addWidget(undo)
        buttons.addWidget(clear)
        layout = QVBoxLayout(self)
        layout.addWidget(self.help)
        layout.addWidget(self.result)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        model.subscribe(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        m = self.model
        self.list.clear()
        for i, d in enumerate(m.segments(), start=1):
            self.list.addItem(f"{i}: {format_length(d, 2, exact=True)}")
        if m.distance is None:
            self.result.setText("—" if not m.points else tr("pick a second point"))
        elif len(m.points) == 2:
            self.result.setText(tr("Distance: {distance}").format(distance=format_length(m.distance, 2, exact=True)))
        else:
            self.result.setText(tr("Length: {length} ({count} segments)").format(length=format_length(m.length, 2, exact=True),
                                                                            count=len(m.points) - 1))
