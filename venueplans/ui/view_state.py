"""What the 3D view shows, as a plain model (no Qt): panels edit it, the viewer applies it to the scene.

napari's lesson: widgets are built from a model and tested by changing the model. Every setter notifies
listeners with the name of what changed ("storeys", "categories", "explode", "xray", "section",
"mode", "selection"), and the viewer re-applies only that part. The selection is shared by the 3D view
and the 2D plan: whichever view picked, the other one follows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from venueplans.i18n import N_, tr
from venueplans.model import CATEGORIES, Storey
from venueplans.model.venue import PLAN_CUT_ABOVE_FLOOR

STOREY_MODES = ("all", "isolate", "ghost")
CATEGORY_LABELS = {
    "wall": N_("Walls"), "slab": N_("Slabs / floors"), "roof": N_("Roofs"), "door": N_("Doors"), "window": N_("Windows"),
    "stair": N_("Stairs / lifts"), "space": N_("Spaces (rooms)"), "furniture": N_("Furniture / seats"), "other": N_("Other"),
}
DEFAULT_HIDDEN = {"space"}  # room volumes hide the interior until asked for
TOOLS = ("orbit", "measure", "walk", "place")


@dataclass(frozen=True)
class Selection:
    """What the user picked in either view: an element (index within the venue), a feature (an exit...)
    or both, on a storey; `point` is where, in the model frame."""

    element: int | None = None
    feature_id: int | None = None
    storey: int | None = None
    category: str | None = None
    point: tuple[float, float, float] | None = None

    @classmethod
    def of(cls, pick) -> Selection | None:
        """From a pick result (anything with element, point, storey, category, feature); None for a miss."""
        if pick is None or (pick.element is None and pick.feature is None):
            return None
        feature = pick.feature
        storey = feature.storey if feature is not None and feature.storey is not None else pick.storey
        return cls(pick.element, getattr(feature, "id", None), storey, pick.category,
                   tuple(pick.point) if pick.point is not None else None)


@dataclass
class ViewState:
    storeys: list[Storey] = field(default_factory=list)
    focus: int | None = None  # storey index the user is working on; None = whole building
    mode: str = "all"  # all | isolate (only focus) | ghost (focus solid, others translucent)
    with_above: bool = False  # also show the storey above the focus
    with_below: bool = False  # also show the storey below the focus
    explode: float = 0.0  # extra metres between storeys
    categories: dict[str, bool] = field(default_factory=lambda: {c: c not in DEFAULT_HIDDEN for c in CATEGORIES})
    xray: bool = False
    section: bool = False
    section_height: float = PLAN_CUT_ABOVE_FLOOR  # absolute z in metres
    section_box: bool = False
    section_each_floor: bool = False  # plan stack: every storey cut at its own floor + 1.2 m
    tool: str = "orbit"  # orbit | measure | walk | place (an editor takes the next clicks on the model)
    selection: Selection | None = None  # shared by the 3D view and the 2D plan
    _listeners: list[Callable[[str], None]] = field(default_factory=list, repr=False)

    # --- observation -------------------------------------------------------------------------------
    def subscribe(self, listener: Callable[[str], None]) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def _emit(self, what: str) -> None:
        for listener in list(self._listeners):
            listener(what)

    # --- storeys -------------------------------------------------------------------------------------
    def reset(self, storeys: list[Storey]) -> None:
        """A new venue: all storeys, default categories, no section."""
        self.storeys = sorted(storeys, key=lambda s: s.index)
        self.focus, self.mode, self.with_above, self.with_below, self.explode = None, "all", False, False, 0.0
        self.categories = {c: c not in DEFAULT_HIDDEN for c in CATEGORIES}
        self.xray = self.section = self.section_box = self.section_each_floor = False
        self.section_height = self.default_section_height()
        self.tool = "orbit"
        self.selection = None
        self._emit("reset")

    @property
    def indices(self) -> list[int]:
        return [s.index for s in self.storeys]

    def storey(self, index: int | None) -> Storey | None:
        return next((s for s in self.storeys if s.index == index), None)

    def ground_storey(self) -> Storey | None:
        """The storey at street level: elevation nearest 0 m (the higher one on a tie): not the basement."""
        if not self.storeys:
            return None
        return min(self.storeys, key=lambda s: (abs(s.elevation), -s.elevation))

    def focus_storey(self) -> Storey | None:
        """The storey being worked on; the ground floor when the whole building is shown."""
        return self.storey(self.focus) or self.ground_storey()

    def isolate(self, index: int) -> None:
        self._set_focus(index, "isolate")

    def ghost(self, index: int) -> None:
        self._set_focus(index, "ghost")

    def show_all(self) -> None:
        self.mode = "all"
        self._emit("storeys")

    def _set_focus(self, index: int, mode: str) -> None:
        if index not in self.indices:
            raise ValueError(tr("no storey {index}").format(index=index))
        self.focus, self.mode = index, mode
        self.section_height = self.default_section_height()
        self._emit("storeys")
        if self.section:
            self._emit("section")

    def set_neighbours(self, *, above: bool | None = None, below: bool | None = None) -> None:
        if above is not None:
            self.with_above = above
        if below is not None:
            self.with_below = below
        self._emit("storeys")

    def step(self, delta: int) -> None:
        """PageUp / PageDown: move the focus one storey up or down (from the whole building: the ground floor)."""
        if not self.storeys:
            return
        order = self.indices
        if self.focus not in order:
            target = self.ground_storey().index  # first press: the ground floor
        else:
            pos = order.index(self.focus) + delta
            target = order[max(0, min(len(order) - 1, pos))]
        self._set_focus(target, self.mode if self.mode != "all" else "isolate")

    def visible_storeys(self) -> list[int]:
        """Storeys drawn solid."""
        if self.mode == "all" or self.focus is None:
            return self.indices
        order = self.indices
        pos = order.index(self.focus)
        shown = [self.focus]
        if self.with_below and pos > 0:
            shown.insert(0, order[pos - 1])
        if self.with_above and pos + 1 < len(order):
            shown.append(order[pos + 1])
        return shown

    def ghosted_storeys(self) -> list[int]:
        """Storeys drawn translucent (ghost mode)."""
        if self.mode != "ghost" or self.focus is None:
            return []
        solid = set(self.visible_storeys())
        return [i for i in self.indices if i not in solid]

    def set_explode(self, metres: float) -> None:
        self.explode = max(0.0, float(metres))
        self._emit("explode")

    # --- categories, x-ray, section --------------------------------------------------------------------
    def set_category(self, category: str, visible: bool) -> None:
        if category not in self.categories:
            raise ValueError(tr("unknown category {category!r}").format(category=category))
        self.categories[category] = bool(visible)
        self._emit("categories")

    def show_only_categories(self, shown: set[str]) -> None:
        self.categories = {c: c in shown for c in self.categories}
        self._emit("categories")

    def hidden_categories(self) -> list[str]:
        return [c for c, on in self.categories.items() if not on]

    def set_xray(self, on: bool) -> None:
        self.xray = bool(on)
        self._emit("xray")

    def default_section_height(self) -> float:
        s = self.focus_storey()
        return (s.elevation if s else 0.0) + PLAN_CUT_ABOVE_FLOOR

    def set_section(self, on: bool, height: float | None = None) -> None:
        self.section = bool(on)
        if not self.section:
            self.section_each_floor = False
        if height is not None:
            self.section_height = float(height)
        self._emit("section")

    def set_plan_stack(self, on: bool, gap: float = 6.0) -> None:
        """Every storey cut 1.2 m above its own floor and pulled apart: the floor plans stacked in 3D."""
        self.section_each_floor = bool(on)
        self.section = bool(on)
        self.mode = "all"
        self.explode = max(self.explode, gap) if on else 0.0
        self._emit("storeys")
        self._emit("explode")
        self._emit("section")

    def cut_height(self) -> float | None:
        """What the scene cuts at: absolute z, or metres above each floor in a plan stack; None = no cut."""
        if not self.section:
            return None
        return PLAN_CUT_ABOVE_FLOOR if self.section_each_floor else self.section_height

    def set_section_box(self, on: bool) -> None:
        self.section_box = bool(on)
        self._emit("section_box")

    def select(self, selection: Selection | None) -> None:
        if selection != self.selection:
            self.selection = selection
            self._emit("selection")
        self._follow_selection()

    def _follow_selection(self) -> None:
        """The storey worked on (hence the 2D plan) follows the storey of what was selected: with the whole
        building shown only the focus moves; isolated or ghosted, the selected storey becomes the one shown."""
        storey = self.selection.storey if self.selection is not None else None
        if storey is None or storey == self.focus or storey not in self.indices:
            return
        if self.mode == "all":
            self.focus = storey
            self._emit("storeys")
        else:
            self._set_focus(storey, self.mode)

    def set_tool(self, tool: str) -> None:
        if tool not in TOOLS:
            raise ValueError(tr("unknown tool {tool!r}").format(tool=tool))
        if tool != self.tool:
            self.tool = tool
            self._emit("tool")

    def floor_height(self) -> float:
        """Elevation of the storey walked on (the focus, else the lowest)."""
        s = self.focus_storey()
        return s.elevation if s else 0.0
