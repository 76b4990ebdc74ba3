"""The operator's review list: every feature of the venue, exits first, and what can be done to them.

The importer detects exits and access points from the model and leaves them *to review*. Here an
operator who knows the building confirms or rejects each one (a rejection needs a reason: it goes into
the audit trail), marks a door the importer missed as an exit, adds what the model cannot show (a key
box, a gas shut-off...) by clicking where it is, corrects label, number, width and notes, renumbers
the exits, and attaches photos. Every action is an ops verb on the undo stack (`EditSession.run`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QBrush, QColor, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QScrollArea,
    QSplitter,
    QToolBar,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from venueplans.catalogue import read
from venueplans.i18n import N_, tr, tr_n
from venueplans.model import FEATURE_KINDS, Feature
from venueplans.ops.edit_support import UNSET
from venueplans.ops.features import (
    add_feature,
    confirm_feature,
    delete_feature,
    edit_feature,
    mark_as_exit,
    reject_feature,
    renumber_exits,
)
from venueplans.ui.editing.dialogs import ReasonDialog
from venueplans.ui.editing.feature_form import FeatureForm
from venueplans.ui.editing.icons import GROUP_TITLES, feature_title, kind_icon, kinds_by_group, status_text
from venueplans.ui.editing.photos import PhotoStrip
from venueplans.ui.editing.pick_tool import Spot
from venueplans.ui.errors import guarded
from venueplans.ui.ops_runner import QueryOp
from venueplans.ui.scene_port import PickResult
from venueplans.ui.view_state import Selection

REVIEW_COLOURS = {None: "#b35900", True: "#00803f", False: "#7a7a7a"}
LINKED_CATEGORIES = ("door", "stair")  # a feature placed on one of these is linked to it


class FeaturesPanel(QWidget):
    """Review list + toolbar + form + photos for the venue on show."""

    FILTERS = (("all", N_("All features")), ("review", N_("To review")), ("exits", N_("Exits and access")),
               ("rejected", N_("Rejected")))

    def __init__(self, session, pick_tool, *, zoom_to: Callable[[Feature], None] | None = None, parent=None):
        super().__init__(parent)
        self.setObjectName("features_panel")
        self.session = session
        self.pick_tool = pick_tool
        self.zoom_to = zoom_to or (lambda f: None)
        self.venue_id: int | None = None
        self.features: list[Feature] = []
        self.last_pick: Selection | None = None
        self._storeys: dict[int, str] = {}

        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.act_confirm = self._tool(tr("Confirm"), self.confirm_selected, tr("Confirm: a person checked it is there and usable"))
        self.act_reject = self._tool(tr("Reject…"), lambda: self.reject_selected(), tr("Reject with a reason (kept in the audit trail)"))
        self.add_menu = QMenu(self)
        for title, keys in kinds_by_group():
            self.add_menu.addSection(title)
            for key in keys:
                act = self.add_menu.addAction(kind_icon(key), tr(FEATURE_KINDS[key].label))
                act.triggered.connect(lambda _=False, k=key: guarded(self.start_add, context=N_("add feature"))(k))
        self.add_button = QToolButton()
        self.add_button.setText(tr("Add ▾"))
        self.add_button.setToolTip(tr("Add a feature the model does not show: choose its kind, then click where it is"))
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.add_button.setMenu(self.add_menu)
        self.toolbar.addWidget(self.add_button)
        self.act_mark = self._tool(tr("Door → exit"), self.mark_picked_door,
                                   tr("Mark the door you clicked in the 3D view as an exit the import missed"))
        self.act_delete = self._tool(tr("Delete"), self.delete_selected,
                                     tr("Delete the feature (for detected ones, rejecting is usually better)"))
        self.act_delete.setShortcut(QKeySequence.StandardKey.Delete)
        self.act_delete.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.act_renumber = self._tool(tr("Renumber"), self.renumber,
                                       tr("Number the exits: the numbers on their signs, then clockwise from the main entrance"))

        self.filter = QComboBox()
        for key, text in self.FILTERS:
            self.filter.addItem(tr(text), key)
        self.filter.currentIndexChanged.connect(lambda _i: self._fill())
        self.summary = QLabel()
        self.summary.setObjectName("features_summary")
        self.summary.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.filter)
        top.addWidget(self.summary, 1)

        self.tree = QTreeWidget()
        self.tree.setObjectName("features_tree")
        self.tree.setHeaderLabels([tr("Feature"), tr("Storey"), tr("Status")])
        self.tree.setColumnWidth(0, 190)
        self.tree.setColumnWidth(1, 70)
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.currentItemChanged.connect(guarded(lambda *_: self._selection_changed(), context=N_("features")))
        self.tree.itemDoubleClicked.connect(guarded(lambda *_: self._zoom_selected(), context=N_("zoom")))

        self.form = FeatureForm()
        self.form.apply_requested.connect(guarded(self.apply_edit, context=N_("edit feature")))
        self.photos = PhotoStrip(session)
        photos_box = QGroupBox(tr("Photos"))
        QVBoxLayout(photos_box).addWidget(self.photos)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.toolbar)
        layout.addLayout(top)
        details = QWidget()
        dl = QVBoxLayout(details)
        dl.setContentsMargins(0, 0, 0, 0)
        dl.addWidget(self.form)
        dl.addWidget(photos_box)
        dl.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(details)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.splitter = QSplitter(Qt.Orientation.Vertical)  # the list keeps its height; the form scrolls
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(scroll)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setSizes([300, 320])
        layout.addWidget(self.splitter, 1)
        self._update_actions()

    def _tool(self, text: str, slot, tip: str) -> QAction:
        action = QAction(text, self)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(guarded(lambda _=False: slot(), context=text.rstrip("…").lower()))
        self.toolbar.addAction(action)
        self.addAction(action)
        return action

    # --- data ---------------------------------------------------------------------------------------------
    def set_venue(self, venue_id: int | None) -> None:
        self.venue_id = venue_id
        self.last_pick = None
        self.refresh()

    def refresh(self, select: int | None = None) -> None:
        """Re-read the features (after any change) off the GUI thread (a QueryOp on the session's runner, a
        newer refresh drops an older one); keep the selection, or select *select*."""
        venue_id = self.venue_id
        if venue_id is None:
            self.session.runner.supersede("features")
            self._storeys, self.features = {}, []
            self._fill(select)
            return

        def load(cat):
            return ({s.index: s.name for s in read.load_storeys(cat, venue_id)},
                    read.load_features(cat, venue_id, include_rejected=True))

        def show(result) -> None:
            if self.venue_id == venue_id:
                self._storeys, self.features = result
                self._fill(select)  # None: the selection at the time it lands is kept

        QueryOp(self.session.runner, load, show, context="features").channel("features").run_in_background()

    def feature(self, feature_id: int) -> Feature | None:
        return next((f for f in self.features if f.id == feature_id), None)

    def _shown(self, f: Feature) -> bool:
        mode = self.filter.currentData()
        kind = FEATURE_KINDS.get(f.kind)
        if mode == "review":
            return f.verified is None
        if mode == "rejected":
            return f.verified is False
        if mode == "exits":
            return kind is not None and kind.group in ("exit", "access")
        return True

    def _fill(self, keep: int | None = None) -> None:
        keep = keep if keep is not None else (self.selected().id if self.selected() else None)
        self.tree.blockSignals(True)
        self.tree.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        order = list(GROUP_TITLES)
        shown = sorted((f for f in self.features if self._shown(f)), key=lambda f: (
            order.index(FEATURE_KINDS[f.kind].group) if f.kind in FEATURE_KINDS else 99, f.kind,
            f.number is None, f.number or 0, f.storey if f.storey is not None else -1, f.label or ""))
        current = None
        for f in shown:
            group = FEATURE_KINDS[f.kind].group if f.kind in FEATURE_KINDS else "other"
            parent = groups.get(group)
            if parent is None:
                parent = QTreeWidgetItem([GROUP_TITLES.get(group, group.title())])
                font = QFont()
                font.setBold(True)
                parent.setFont(0, font)
                parent.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.tree.addTopLevelItem(parent)
                groups[group] = parent
            item = QTreeWidgetItem([feature_title(f), self._storeys.get(f.storey, "—"), status_text(f)])
            item.setIcon(0, kind_icon(f.kind))
            item.setData(0, Qt.ItemDataRole.UserRole, f.id)
            item.setForeground(2, QBrush(QColor(REVIEW_COLOURS[f.verified])))
            item.setToolTip(0, f"{feature_title(f)}\n{f.source}" + (f"\n{f.notes}" if f.notes else ""))
            item.setToolTip(1, self._storeys.get(f.storey, "no storey"))
            item.setToolTip(2, status_text(f))
            if f.verified is False:
                font = item.font(0)
                font.setStrikeOut(True)
                item.setFont(0, font)
                item.setForeground(0, QBrush(QColor("#7a7a7a")))
            parent.addChild(item)
            if f.id == keep:
                current = item
        for group, parent in groups.items():
            n = parent.childCount()
            pending = sum(1 for i in range(n) if self.feature(parent.child(i).data(0, Qt.ItemDataRole.UserRole)).verified is None)
            title = tr(GROUP_TITLES[group]) if group in GROUP_TITLES else group.title()
            parent.setText(0, tr("{title} ({count}, {pending} to review)").format(title=title, count=n, pending=pending)
                           if pending else f"{title} ({n})")
        self.tree.expandAll()
        self.tree.blockSignals(False)
        if current is not None:
            self.tree.setCurrentItem(current)
        self._selection_changed()
        self._update_summary()

    def _update_summary(self) -> None:
        live_exits = [f for f in self.features if f.kind == "exit" and f.verified is not False]
        pending = [f for f in self.features if f.verified is None]
        rejected = [f for f in self.features if f.verified is False]
        exits = tr_n("{count} exit", "{count} exits", len(live_exits)).format(count=len(live_exits))
        parts = [f'<b style="color:{FEATURE_KINDS["exit"].colour}">{exits}</b>']
        if pending:
            parts.append(f'<b style="color:{REVIEW_COLOURS[None]}">' + tr("{count} to review").format(count=len(pending))
                         + "</b>")
        if rejected:
            parts.append(tr("{count} rejected").format(count=len(rejected)))
        self.summary.setText(" · ".join(parts))

    def selected(self) -> Feature | None:
        item = self.tree.currentItem()
        fid = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        return self.feature(fid) if fid is not None else None

    def select(self, feature_id: int | None) -> bool:
        """Select a feature in the list (a marker clicked in 3D); False when it is not listed."""
        for i in range(self.tree.topLevelItemCount()):
            parent = self.tree.topLevelItem(i)
            for j in range(parent.childCount()):
                if parent.child(j).data(0, Qt.ItemDataRole.UserRole) == feature_id:
                    self.tree.setCurrentItem(parent.child(j))
                    return True
        return False

    def rows(self) -> list[str]:
        """The listed features' titles and statuses (tests and the status bar read them)."""
        return [f"{self.tree.topLevelItem(i).child(j).text(0)} | {self.tree.topLevelItem(i).child(j).text(2)}"
                for i in range(self.tree.topLevelItemCount()) for j in range(self.tree.topLevelItem(i).childCount())]

    def _selection_changed(self) -> None:
        f = self.selected()
        self.form.set_feature(f)
        self.photos.set_feature(f.id if f else None)
        self._update_actions()

    def set_pick(self, pick: PickResult | Selection | None) -> None:
        """The last thing clicked (3D view or 2D plan): a door can become an exit; a marker selects its row."""
        self.last_pick = pick if pick is None or isinstance(pick, Selection) else Selection.of(pick)
        if self.last_pick is not None and self.last_pick.feature_id is not None:
            self.select(self.last_pick.feature_id)
        self._update_actions()

    def _picked_door(self) -> int | None:
        p = self.last_pick
        return p.element if p is not None and p.element is not None and p.category == "door" else None

    def _update_actions(self) -> None:
        f = self.selected()
        has_venue = self.venue_id is not None
        self.act_confirm.setEnabled(f is not None and f.verified is not True)
        self.act_reject.setEnabled(f is not None and f.verified is not False)
        self.act_delete.setEnabled(f is not None)
        self.act_renumber.setEnabled(has_venue)
        self.add_button.setEnabled(has_venue)
        door = self._picked_door()
        self.act_mark.setEnabled(has_venue and door is not None)
        self.act_mark.setToolTip(tr("Mark the door you clicked (element {door}) as an exit").format(door=door) if door is not None
                                 else tr("Click a door in the 3D view first, then mark it as an exit"))

    # --- actions ------------------------------------------------------------------------------------------
    def confirm_selected(self) -> None:
        f = self.selected()
        if f is not None:
            self.session.run(confirm_feature, feature_id=f.id)

    def reject_selected(self, reason: str | None = None) -> ReasonDialog | None:
        """Reject the selected feature: with *reason* at once, else through the reason dialog (returned)."""
        f = self.selected()
        if f is None:
            return None
        if reason is not None:
            self.session.run(reject_feature, feature_id=f.id, reason=reason)
            return None
        dialog = ReasonDialog(feature_title(f), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(guarded(lambda: self.session.run(reject_feature, feature_id=f.id,
                                                                 reason=dialog.text()), context=N_("reject")))
        dialog.open()
        return dialog

    def delete_selected(self) -> None:
        f = self.selected()
        if f is not None:
            self.session.run(delete_feature, feature_id=f.id)

    def renumber(self) -> None:
        if self.venue_id is not None:
            self.session.run(renumber_exits, venue_id=self.venue_id)

    def mark_picked_door(self) -> None:
        door = self._picked_door()
        if door is None or self.venue_id is None:
            self.session.refuse(tr("click a door in the 3D view first"))
            return
        self.session.run(mark_as_exit, venue_id=self.venue_id, element=door, initiator=self,
                         success=lambda changes: self.refresh(select=changes.id))  # selected once listed

    def apply_edit(self, feature_id: int, changed: dict) -> None:
        kwargs = {k: changed.get(k, UNSET) for k in ("kind", "label", "number", "width", "leads_to", "notes")
                  if k in changed}
        self.session.run(edit_feature, feature_id=feature_id, **kwargs)

    def start_add(self, kind: str) -> None:
        """Arm the pick tool: the next click on the model places a feature of *kind* there."""
        if self.venue_id is None:
            return
        label = tr(FEATURE_KINDS[kind].label)
        self.pick_tool.arm(tr("Click on the model where the {kind} is.").format(kind=label.lower()),
                           lambda spot: guarded(self.add_at, context=N_("add feature"))(kind, spot))

    def add_at(self, kind: str, spot: Spot) -> None:
        """Add a *kind* feature at a clicked spot (what the pick tool calls); selected once added."""
        element = spot.element if spot.category in LINKED_CATEGORIES else None
        self.session.run(add_feature, venue_id=self.venue_id, kind=kind, position=spot.point,
                         storey=spot.storey, element=element, initiator=self,
                         success=lambda changes: self.refresh(select=changes.id))  # selected once listed

    def _zoom_selected(self) -> None:
        f = self.selected()
        if f is not None:
            self.zoom_to(f)
