"""File › Settings…: the user's settings (`venueplans.settings`, shared with the command line).

Language, catalogue location, graphics and read-only mode are read when the application starts: changing
them says so ("restart venueplans"). Units and walking pace are read when something is measured or
timed next; the import stall limit (Advanced › Imports) at the next import, unless
$VENUEPLANS_IMPORT_STALL_LIMIT overrides it. Keys this version does not know (`Settings.extra`: the window layout, recent venues) are kept.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from venueplans import settings
from venueplans.i18n import N_, tr
from venueplans.ui.errors import guarded

LANGUAGES = (("", N_("System language")), ("fr", "Français"), ("en", "English"))
UNITS = (("m", N_("Metres")), ("ft", N_("Feet")))
GRAPHICS = (("auto", N_("Automatic (tested at start-up)")),
            ("software", N_("Software rendering (safe graphics: remote desktop, old driver)")),
            ("2d", N_("2D only (no 3D view)")))
RESTART = ("language", "catalogue_path", "graphics", "read_only")  # read when the application starts
FIELD_NAMES = {"language": N_("language"), "catalogue_path": N_("catalogue location"),
               "graphics": N_("graphics"), "read_only": N_("read-only mode")}


def _combo(choices) -> QComboBox:
    box = QComboBox()
    for value, label in choices:
        box.addItem(tr(label), value)
    return box


def _select(box: QComboBox, value: str) -> None:
    index = box.findData(value)
    box.setCurrentIndex(index if index >= 0 else 0)


class SettingsDialog(QDialog):
    saved = Signal(str)  # what to tell the user (restart needed for...)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("settings_dialog")
        self.setWindowTitle(tr("Settings"))
        self.original = settings.load()
        s = self.original

        self.language = _combo(LANGUAGES)
        _select(self.language, s.language)
        self.units = _combo(UNITS)
        _select(self.units, s.units)
        self.pace = QDoubleSpinBox()
        self.pace.setRange(0.3, 3.0)
        self.pace.setSingleStep(0.1)
        self.pace.setDecimals(1)
        self.pace.setSuffix(" m/s")
        self.pace.setValue(s.walking_pace_m_s)
        self.pace.setToolTip(tr("Walking pace used to time routes (stairs are slower)"))
        self.catalogue = QLineEdit(s.catalogue_path)
        self.catalogue.setPlaceholderText(tr("Default: the user data folder"))
        browse = QPushButton(tr("Browse…"))
        browse.clicked.connect(guarded(self._browse, context=N_("settings")))
        catalogue_row = QWidget()
        row = QHBoxLayout(catalogue_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.catalogue, 1)
        row.addWidget(browse)
        self.graphics = _combo(GRAPHICS)
        _select(self.graphics, s.graphics)
        self.read_only = QCheckBox(tr("Read-only: no editing; packages are imported only by an explicit command"))
        self.read_only.setChecked(s.read_only)

        restart = tr("(restart)")
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(tr("Language {restart}").format(restart=restart), self.language)
        form.addRow(tr("Units"), self.units)
        form.addRow(tr("Walking pace"), self.pace)
        form.addRow(tr("Catalogue {restart}").format(restart=restart), catalogue_row)
        form.addRow(tr("Graphics {restart}").format(restart=restart), self.graphics)
        form.addRow(tr("Mode {restart}").format(restart=restart), self.read_only)
        imports = self._imports_group(s)
        note = QLabel(tr("Settings marked (restart) apply the next time venueplans starts. Settings file: {path}")
                      .format(path=settings.settings_path()))
        note.setWordWrap(True)
        note.setStyleSheet("color:#555")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(guarded(self.save, context=N_("settings")))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(imports)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def _imports_group(self, s: settings.Settings) -> QGroupBox:
        """Advanced › Imports: how long one element may make no progress before it is left out."""
        import os

        from venueplans.importers.worker import STALL_ENV, STALL_RANGE

        group = QGroupBox(tr("Advanced: imports"))
        group.setObjectName("imports_group")
        self.stall_limit = QSpinBox()
        self.stall_limit.setObjectName("stall_limit")
        self.stall_limit.setRange(int(STALL_RANGE[0]), int(STALL_RANGE[1]))
        self.stall_limit.setSingleStep(10)
        self.stall_limit.setSuffix(" s")
        self.stall_limit.setValue(int(round(min(max(s.import_stall_limit_s, STALL_RANGE[0]), STALL_RANGE[1]))))
        self.stall_limit.setToolTip(tr("An element of a model (a wall, a seat) whose geometry makes no progress "
                                       "for this long is left out of the import and listed in its warnings"))
        form = QFormLayout(group)
        form.addRow(tr("Stall limit per element"), self.stall_limit)
        if os.environ.get(STALL_ENV, "").strip():
            self.stall_limit.setEnabled(False)  # what the variable says wins; the setting is kept for later
            overridden = QLabel(tr("Set by {env} for this session.").format(env=STALL_ENV))
            overridden.setObjectName("stall_limit_overridden")
            overridden.setWordWrap(True)
            overridden.setStyleSheet("color:#555")
            form.addRow(overridden)
        return group

    def _browse(self) -> None:
        start = self.catalogue.text() or str(settings.data_dir())
        name, _ = QFileDialog.getSaveFileName(self, tr("Catalogue file"), start, tr("Catalogue (*.sqlite)"),
                                              options=QFileDialog.Option.DontConfirmOverwrite)
        if name:
            self.catalogue.setText(name)

    def values(self) -> settings.Settings:
        """The settings as edited (the unknown keys kept)."""
        latest = settings.load()  # the window may have saved its layout since the dialog opened
        latest.language = self.language.currentData()
        latest.units = self.units.currentData()
        latest.walking_pace_m_s = round(self.pace.value(), 2)
        text = self.catalogue.text().strip()
        latest.catalogue_path = str(Path(text).expanduser()) if text else ""
        latest.graphics = self.graphics.currentData()
        latest.read_only = self.read_only.isChecked()
        if self.stall_limit.isEnabled():
            latest.import_stall_limit_s = float(self.stall_limit.value())
        return latest

    def save(self) -> None:
        new = self.values()
        path = settings.save(new)
        changed = [tr(FIELD_NAMES[name]) for name in RESTART if getattr(new, name) != getattr(self.original, name)]
        if changed:
            message = tr("Settings saved. Restart venueplans to apply: {what}.").format(what=", ".join(changed))
        else:
            message = tr("Settings saved in {path}.").format(path=path)
        self.saved.emit(message)
        self.accept()
