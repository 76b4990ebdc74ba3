"""The trainer's drawing tools: place a tactical marker, draw a route or an area, write a note, move a marker.

Each tool arms the shared click-on-the-model tool (`ui.editing.pick_tool`): a marker or a note takes one
click; a route or an area takes clicks until a double click, Enter or Finish (Backspace drops the last
point). A route may change storey: each point keeps the storey it was clicked on (PageUp/PageDown
moves the work to the next floor between two clicks). While drawing, a draft line shows the points.
What is drawn is handed to the scenario panel as `drawn(type, points, options)`; the panel turns it
into an ops call. Symbols in the chooser are milsymbol's SVG rasterised through svglib (ops.symbol_raster).
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPixmap, QPolygonF
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QColorDialog,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from venueplans.i18n import N_, tr
from venueplans.model.scenario import AREA_KINDS, TACTICAL_SYMBOLS
from venueplans.model.symbol_drawing import render_symbol
from venueplans.ops.scenario_limits import TEXT_LIMITS
from venueplans.ops.symbol_raster import symbol_raster
from venueplans.ui.editing.pick_tool import Spot
from venueplans.ui.errors import guarded, report

TOOLS = (("marker", N_("Marker"), N_("Place a tactical symbol: click where it stands")),
         ("route", N_("Route"), N_("Draw a route: click its points, double-click (or Enter) to end; it may change storey")),
         ("area", N_("Area"), N_("Draw a cordon or danger zone: click its corners, double-click (or Enter) to close")),
         ("text", N_("Note"), N_("Write a note on the plan: type it in Label, then click where it goes")),
         ("move", N_("Move"), N_("Move the selected marker in this phase: click its new place")))
DRAFT_COLOUR = "#ff00aa"  # the line being drawn: a colour no annotation uses
DRAFT_LIFT_M = 0.35


@lru_cache(maxsize=64)
def symbol_icon(key: str, px: int = 28) -> QIcon:
    """A tactical symbol (key or SIDC) as an icon: the raster of the drawing the printed plans and the 3D
    billboards use (milsymbol's SVG through svglib, `ops.symbol_raster`), at 2x for sharpness."""
    image = render_symbol(key, 100.0)
    pic, _ = symbol_raster(key, 2 * px / max(image.width, image.height))
    data = pic.tobytes("raw", "RGBA")
    sym = QImage(data, pic.width, pic.height, pic.width * 4, QImage.Format.Format_RGBA8888).copy()
    pix = QPixmap(px * 2, px * 2)
    pix.setDevicePixelRatio(2.0)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    w, h = sym.width() / 2, sym.height() / 2  # its pixels are the icon's device pixels (2x)
    painter.drawImage(QRectF((px - w) / 2, (px - h) / 2, w, h), sym)
    painter.end()
    return QIcon(pix)


@lru_cache(maxsize=16)
def shape_icon(kind: str, colour: str, px: int = 28) -> QIcon:
    """An icon for routes (an arrow), areas (a polygon) and notes (a yellow label)."""
    pix = QPixmap(px * 2, px * 2)
    pix.setDevicePixelRatio(2.0)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    c = QColor(colour)
    if kind == "route":
        pen = p.pen()
        pen.setColor(c)
        pen.setWidthF(3.0)
        p.setPen(pen)
        p.drawPolyline(QPolygonF([QRectF(3, px - 6, 0, 0).topLeft(), QRectF(px * 0.45, px * 0.45, 0, 0).topLeft(),
                                  QRectF(px - 5, 6, 0, 0).topLeft()]))
    elif kind == "area":
        fill = QColor(c)
        fill.setAlpha(110)
        p.setBrush(fill)
        p.setPen(c)
        p.drawPolygon(QPolygonF([QRectF(x, y, 0, 0).topLeft() for x, y in
                                 ((3, px * 0.3), (px * 0.6, 3), (px - 3, px * 0.55), (px * 0.4, px - 3))]))
    else:
        p.setBrush(QColor("#fff6c8"))
        p.setPen(QColor("#b59b00"))
        p.drawRect(QRectF(2, px * 0.25, px - 4, px * 0.5))
    p.end()
    return QIcon(pix)


class DraftOverlay:
    """The route or area being drawn, as a magenta polyline over the model (not part of the scenario)."""

    def __init__(self, plotter):
        self.plotter = plotter
        self._actor = None

    def show(self, points: list, closed: bool) -> None:
        from venueplans.render.meshes import flat_actor, polyline_polydata
        from venueplans.render.style import rgb

        self.clear()
        if not points:
            return
        line = polyline_polydata([p[:3] for p in points], closed=closed)
        self._actor = flat_actor(line, rgb(DRAFT_COLOUR), line_width=4, point_size=11, lighting=False)
        self.plotter.renderer.AddActor(self._actor)

    def clear(self) -> None:
        if self._actor is not None:
            self.plotter.renderer.RemoveActor(self._actor)
            self._actor = None


class ScenarioTools(QWidget):
    """Tool buttons, the symbol / area-kind choosers and label, team, colour for what is drawn next."""

    drawn = Signal(str, list, dict)  # type (marker/route/area/text/move), [(x, y, z, storey)], options
    drawing_changed = Signal()  # a tool was armed or ended, a point was added or dropped

    def __init__(self, pick_tool, state, plotter=None, parent=None):
        super().__init__(parent)
        self.setObjectName("scenario_tools")
        self.pick_tool = pick_tool
        self.state = state
        self.draft = DraftOverlay(plotter) if plotter is not None else None
        self.points: list[tuple[float, float, float, int | None]] = []
        self.active: str | None = None

        self.buttons: dict[str, QToolButton] = {}
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)
        row = QGridLayout()  # three tools a row: five side by side are wider than the dock at 1366x768 in French
        row.setSpacing(2)
        icons = {"route": shape_icon("route", "#0066cc"),  # the symbols' icons: when first shown (showEvent)
                 "area": shape_icon("area", AREA_KINDS["danger_zone"].colour), "text": shape_icon("text", "#000000")}
        for n, (key, text, tip) in enumerate(TOOLS):
            b = QToolButton()
            b.setText(tr(text))
            b.setToolTip(tr(tip))
            b.setCheckable(True)
            b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            b.setIconSize(QSize(20, 20))
            if key in icons:
                b.setIcon(icons[key])
            b.clicked.connect(lambda checked, k=key: guarded(self._button, context=N_("scenario tool"))(k, checked))
            self.group.addButton(b)
            self.buttons[key] = b
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            row.addWidget(b, n // 3, n % 3)

        self.symbol = QComboBox()
        self.symbol.setIconSize(QSize(26, 26))
        for key, sym in TACTICAL_SYMBOLS.items():
            self.symbol.addItem(tr(sym.label), key)
        self._symbol_icons = False
        self.area_kind = QComboBox()
        for box in (self.symbol, self.area_kind):  # long names are elided, not widening the dock
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(8)
        for key, kind in AREA_KINDS.items():
            self.area_kind.addItem(shape_icon("area", kind.colour), tr(kind.label), key)
        self.label = QLineEdit()
        self.label.setMaxLength(TEXT_LIMITS["label"])  # the limits the ops hold them to
        self.label.setPlaceholderText(tr("Label: Alpha, Breach exit 3… (a note's text)"))
        self.team = QLineEdit()
        self.team.setMaxLength(TEXT_LIMITS["team"])
        self.team.setPlaceholderText(tr("Team"))
        self.colour = ""
        self.colour_button = QPushButton(tr("Default"))
        self.colour_button.setToolTip(tr("Colour of what is drawn next (Default: the symbol's or area's own)"))
        self.colour_button.clicked.connect(guarded(self._pick_colour, context=N_("colour")))
        self.every_phase = QCheckBox(tr("Show in every phase"))
        self.every_phase.setToolTip(tr("Not tied to a phase (a fixed command post, a permanent cordon)"))
        self.finish_button = QPushButton(tr("Finish"))
        self.finish_button.clicked.connect(guarded(self.finish, context=N_("draw")))
        self.undo_point_button = QPushButton(tr("Undo point"))
        self.undo_point_button.clicked.connect(guarded(self.undo_point, context=N_("draw")))
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color:#555")

        self.symbol.setToolTip(tr("Tactical symbol of the next marker (MIL-STD-2525D / APP-6D)"))
        self.area_kind.setToolTip(tr("Kind of the next area"))
        self.team.setToolTip(tr("Team of what is drawn next"))
        form = QGridLayout()
        form.addWidget(self.symbol, 0, 0, 1, 2)
        form.addWidget(self.area_kind, 0, 2)
        form.addWidget(self.label, 1, 0)
        form.addWidget(self.team, 1, 1)
        form.addWidget(self.colour_button, 1, 2)
        form.setColumnStretch(0, 3)
        form.setColumnStretch(1, 2)
        drawing = QHBoxLayout()  # the check box on its own line above: with both buttons it is too wide
        drawing.addStretch(1)
        drawing.addWidget(self.undo_point_button)
        drawing.addWidget(self.finish_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addLayout(form)
        layout.addWidget(self.every_phase)
        layout.addLayout(drawing)
        layout.addWidget(self.hint)
        pick_tool.armed_changed.connect(guarded(self._armed_changed, context=N_("scenario tool")))
        self._update()

    # --- options ------------------------------------------------------------------------------------------

    def showEvent(self, event):  # noqa: N802 - Qt API
        """The tactical symbols' icons are drawn when the tools are first shown: loading milsymbol's tables
        takes about a second, which the window's start-up must not pay."""
        super().showEvent(event)
        if not self._symbol_icons:
            self._symbol_icons = True
            try:
                self.buttons["marker"].setIcon(symbol_icon("friendly_team"))
                for row in range(self.symbol.count()):
                    self.symbol.setItemIcon(row, symbol_icon(self.symbol.itemData(row)))
            except Exception as exc:  # noqa: BLE001 - icons are a comfort, never a reason to fail
                report(exc, "symbols")
    def options(self) -> dict:
        return {"symbol": self.symbol.currentData(), "kind": self.area_kind.currentData(),
                "label": self.label.text().strip(), "team": self.team.text().strip(), "colour": self.colour,
                "every_phase": self.every_phase.isChecked()}

    def set_colour(self, colour: str) -> None:
        self.colour = colour
        self.colour_button.setText(colour or tr("Default"))
        self.colour_button.setStyleSheet(f"background:{colour}; color:{'#000' if QColor(colour).lightness() > 150 else '#fff'}"
                                         if colour else "")

    def _pick_colour(self) -> None:
        chosen = QColorDialog.getColor(QColor(self.colour or "#0066cc"), self, tr("Colour"))
        if chosen.isValid():
            self.set_colour(chosen.name())

    # --- drawing ------------------------------------------------------------------------------------------
    def start(self, tool: str) -> None:
        """Arm *tool* ("marker", "route", "area", "text", "move"): the next clicks on the model draw."""
        prompts = {
            "marker": tr("Click where the {symbol} stands.").format(symbol=self.symbol.currentText().lower()),
            "route": tr("Click the route's points; double-click or Enter to end (Backspace: drop the last point)."),
            "area": tr("Click the corners of the {area}; double-click or Enter to close.").format(
                area=self.area_kind.currentText().lower()),
            "text": tr("Click where the note goes."),
            "move": tr("Click the marker's new place in this phase."),
        }
        self.points = []
        multi = tool in ("route", "area")
        self.pick_tool.arm(prompts[tool], guarded(self._spot, context=N_("draw")), multi=multi,
                           on_finish=guarded(self._finished, context=N_("draw")) if multi else None,
                           on_cancel=self._cancelled)
        self.active = tool  # arm() cancelled the previous tool, which cleared it
        self._update()

    def _button(self, tool: str, checked: bool) -> None:
        if checked:
            self.start(tool)
        else:
            self.pick_tool.cancel()

    def _spot(self, spot: Spot) -> None:
        point = (spot.point[0], spot.point[1], self._floor(spot.storey, spot.point[2]), spot.storey)
        tool = self.active
        if tool in ("route", "area"):
            if tool == "area" and self.points and spot.storey != self.points[0][3]:
                point = (point[0], point[1], self.points[0][2], self.points[0][3])  # an area lies on one storey
            last = self.points[-1] if self.points else None
            if last is not None and last[3] == point[3] and abs(last[0] - point[0]) + abs(last[1] - point[1]) < 0.05:
                return  # the first half of the double click that ends the line, on the last point
            self.points.append(point)
            self._show_draft()
            self._update()
            return
        self.active = None
        self._update()
        self.drawn.emit(tool, [point], self.options())

    def finish(self) -> None:
        """End the route or area being drawn (Enter, double click, the Finish button)."""
        if self.active in ("route", "area"):
            self.pick_tool.finish()

    def undo_point(self) -> None:
        if self.points:
            self.points.pop()
            self._show_draft()
            self._update()

    def _finished(self) -> None:
        tool, points = self.active, list(self.points)
        self._reset()
        need = 2 if tool == "route" else 3
        if len(points) < need:
            self.pick_tool.show_status(tr("A {tool} needs at least {need} points: nothing drawn.").format(tool=tool, need=need))
            return
        self.drawn.emit(tool, points, self.options())

    def _cancelled(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self.active = None
        self.points = []
        if self.draft is not None:
            self.draft.clear()
        self._update()

    def _floor(self, storey: int | None, z: float) -> float:
        s = self.state.storey(storey)
        return s.elevation if s is not None else z

    def _show_draft(self) -> None:
        if self.draft is None:
            return
        order = self.state.indices
        lifted = [(x, y, z + DRAFT_LIFT_M + (order.index(s) * self.state.explode if s in order else 0.0))
                  for x, y, z, s in self.points]
        self.draft.show(lifted, closed=self.active == "area")
        self.draft.plotter.render()

    def _armed_changed(self, _armed: bool) -> None:
        self._update()  # another editor may have taken the tool (its cancel reset ours)

    def _update(self) -> None:
        drawing = self.active in ("route", "area")
        for key, b in self.buttons.items():
            b.setChecked(self.pick_tool.armed and self.active == key)
        self.finish_button.setEnabled(drawing and len(self.points) >= (2 if self.active == "route" else 3))
        self.undo_point_button.setEnabled(drawing and bool(self.points))
        if drawing:
            self.hint.setText(tr("{count} point(s). Double-click, Enter or Finish to end; Esc cancels.").format(count=len(self.points)))
        elif self.active:
            self.hint.setText(self.pick_tool.prompt)
        else:
            self.hint.setText(tr("Choose a tool, then click on the model. Markers go into the phase shown."))
        self.drawing_changed.emit()

    def set_move_enabled(self, on: bool) -> None:
        self.buttons["move"].setEnabled(on)
