"""How editors show features: a kind's map code in its colour as an icon (the legend's look, in lists and
menus), the feature's title ("Emergency exit 3 — Exit east") and its review status."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from venueplans.i18n import N_, tr
from venueplans.model import FEATURE_KINDS, Feature
from venueplans.ui.feature_icons import symbol_icon

GROUP_TITLES = {"exit": N_("Exits"), "access": N_("Access"), "circulation": N_("Circulation"), "safety": N_("Safety"),
                "utility": N_("Utilities"), "outdoor": N_("Outdoor")}


def kind_icon(key: str, px: int = 20) -> QIcon:
    """The kind's plan symbol as an icon: the drawing the plans and the dossier use (ui/feature_icons)."""
    return symbol_icon(key, px)


def kinds_by_group() -> list[tuple[str, list[str]]]:
    """[(group title, [kind keys])] in the legend's order: exits and access first."""
    groups: dict[str, list[str]] = {}
    for key, kind in FEATURE_KINDS.items():
        groups.setdefault(kind.group, []).append(key)
    return [(tr(GROUP_TITLES[g]) if g in GROUP_TITLES else g.title(), keys) for g, keys in groups.items()]


def status_text(f: Feature) -> str:
    if f.verified is None:
        return tr("to review")
    if f.verified:
        return tr("confirmed")
    return tr("rejected: {reason}").format(reason=f.verify_reason) if f.verify_reason else tr("rejected")


def feature_title(f: Feature) -> str:
    kind = FEATURE_KINDS.get(f.kind)
    name = tr(kind.label) if kind else f.kind
    number = f" {f.number}" if f.number is not None else ""
    default_labels = {f"{name}{number}", f"{kind.label if kind else f.kind}{number}"}  # given at creation, in English
    label = f" — {f.label}" if f.label and f.label not in default_labels else ""
    return f"{name}{number}{label}"
