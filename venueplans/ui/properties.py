"""Properties of what was clicked: an element (class, name, storey, property sets), a space (name, area)
or a feature marker (exit number, width, where it leads)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from venueplans.catalogue import Catalogue, read
from venueplans.i18n import N_, format_length, format_number, tr
from venueplans.model import FEATURE_KINDS
from venueplans.model.venue import leads_to_text
from venueplans.ui.ops_runner import OpRunner, QueryOp
from venueplans.ui.scene_port import PickResult


def read_names_and_spaces(cat: Catalogue, venue_id: int) -> tuple[dict[int, str], dict[int, object]]:
    """Storey names by index and spaces by element (what a click on a room shows)."""
    return ({s.index: s.name for s in read.load_storeys(cat, venue_id)},
            {s.element: s for s in read.load_spaces(cat, venue_id) if s.element is not None})


class PropertiesPanel(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("properties_panel")
        self.title = QLabel(tr("Click an element in the 3D view."))
        self.title.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([tr("Property"), tr("Value")])
        self.tree.setColumnWidth(0, 150)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.tree, 1)
        self.rows: dict[str, str] = {}  # flat view of what is shown (tests read it)
        self._storey_names: dict[int, str] = {}
        self._spaces: dict[int, object] = {}
        self.cat, self.venue_id, self.runner = None, None, None

    def set_venue(self, cat: Catalogue, venue_id: int, *, runner: OpRunner | None = None) -> None:
        """The venue whose elements are looked up; with a *runner* (the app) its storeys and spaces, and
        each clicked element, are read off the GUI thread (QueryOps on "properties")."""
        self.cat, self.venue_id, self.runner = cat, venue_id, runner
        self.show_pick(None)
        if runner is None:
            self._names_and_spaces(read_names_and_spaces(cat, venue_id))
            return
        QueryOp(runner, lambda c: read_names_and_spaces(c, venue_id),
                lambda result: self._names_and_spaces(result) if self.venue_id == venue_id else None,
                context=N_("properties")).channel("properties.venue").run_in_background()

    def _names_and_spaces(self, result) -> None:
        self._storey_names, self._spaces = result

    def _add(self, key: str, value, parent=None) -> QTreeWidgetItem:
        text = "" if value is None else str(value)
        item = QTreeWidgetItem([tr(key) if parent is None else key, text])  # property names from the model stay
        (parent.addChild(item) if parent is not None else self.tree.addTopLevelItem(item))
        self.rows[key if parent is None else f"{parent.text(0)}.{key}"] = text
        return item

    def show_pick(self, pick: PickResult | None) -> None:
        """What *pick* hit; an element's class, name and property sets once read (off the GUI thread)."""
        if pick is not None and pick.element is not None and self.runner is not None:
            venue_id = self.venue_id
            self._show(pick, None)  # the feature, the room, the point at once; the element's rows follow
            QueryOp(self.runner, lambda cat: read.get_element(cat, venue_id, pick.element),
                    lambda element: self._show(pick, element) if self.venue_id == venue_id else None,
                    context=N_("properties")).channel("properties").run_in_background()
            return
        if self.runner is not None:
            self.runner.supersede("properties")  # an element still being read is no longer the one clicked
        element = read.get_element(self.cat, self.venue_id, pick.element) if pick and pick.element is not None else None
        self._show(pick, element)

    def _show(self, pick: PickResult | None, element) -> None:
        self.tree.clear()
        self.rows = {}
        if pick is None:
            self.title.setText(tr("Nothing here. Click an element in the 3D view."))
            return
        storey = self._storey_names.get(pick.storey, "—") if pick.storey is not None else "—"
        if pick.feature is not None:
            f = pick.feature
            kind = FEATURE_KINDS.get(f.kind)
            number = f" {f.number}" if f.number is not None else ""
            self.title.setText(f"<b>{tr(kind.label) if kind else f.kind}{number}</b> — {f.label or ''}")
            self._add(N_("Kind"), tr(kind.label) if kind else f.kind)
            self._add(N_("Number"), f.number)
            self._add(N_("Label"), f.label)
            self._add(N_("Storey"), self._storey_names.get(f.storey, "—"))
            self._add(N_("Clear width"), format_length(f.width, 2, exact=True) if f.width else tr("unknown"))
            self._add(N_("Leads to"), leads_to_text(f.leads_to) or "—")
            self._add(N_("Evidence"), f.source)
            self._add(N_("Verified"), {None: tr("not reviewed"), True: tr("yes"), False: tr("rejected")}[f.verified])
            self._add(N_("Position"), "  ".join(f"{c:.2f}" for c in f.position))
        if pick.element is not None:
            space = self._spaces.get(pick.element)
            if space is not None:
                self._add(N_("Space"), space.name)
                self._add(N_("Space name"), space.long_name or "—")
                self._add(N_("Area"), tr("{area} m²").format(area=format_number(space.area, 1)))
            if element is not None:
                if pick.feature is None:
                    name = element.name or tr("(unnamed)")
                    self.title.setText(f"<b>{name}</b> — {element.ifc_class}")
                self._add(N_("Class"), element.ifc_class)
                self._add(N_("Name"), element.name)
                if element.type_name:
                    self._add(N_("Type"), element.type_name)
                self._add(N_("Storey"), self._storey_names.get(element.storey, "—") if element.storey is not None
                          else storey)
                self._add(N_("Category"), element.category)
                self._add(N_("GUID"), element.guid)
                for group, values in sorted(element.properties.items()):
                    if isinstance(values, dict):
                        node = self._add(group, "")
                        for k, v in sorted(values.items()):
                            self._add(k, v, node)
                    else:
                        self._add(group, values)
        if pick.point is not None:
            self._add(N_("Clicked at"), "  ".join(f"{c:.2f}" for c in pick.point))
        self.tree.expandAll()
