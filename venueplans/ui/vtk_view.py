"""The 3D view's Qt widget: VTK's own QVTKRenderWindowInteractor around one renderer.

Why not pyvistaqt's QtInteractor (what this replaced): importing it imports pyvista.plotting and, through
pyvista's colour tables, matplotlib.pyplot — 1.3-1.5 s of a 4.4 s launch-to-first-frame on the stadium
(bench/bench_startup.py), where VTK's Qt module costs 0.35 s. The app drives VTK directly anyway
(render.scene builds its own actors on the renderer), so the host only needs a renderer, a camera and an
interactor. VTK's widget renders into a native child window: `QWidget.grab()` sees it black, so images
of the view are read back from the render window (`image()`), and `main_window.screenshot()` paints them
over the grab.

Names follow what the rest of ui/ used on the pyvista plotter (`renderer`, `ren_win`, `iren`, `camera`,
`render()`), with plain VTK objects behind them: `camera` is the renderer's vtkCamera, whose Python
properties (`position`, `focal_point`, `view_up`, `view_angle`, `parallel_projection`, `clipping_range`)
VTK 9.4+ provides.
"""

from __future__ import annotations

import vtkmodules.qt

vtkmodules.qt.PyQtImpl = "PySide6"  # never let VTK pick another binding that happens to be installed

import vtkmodules.vtkRenderingFreeType  # noqa: E402,F401 - text actors (labels, legend)
import vtkmodules.vtkRenderingOpenGL2  # noqa: E402,F401 - registers the OpenGL render window and mappers
from PySide6.QtCore import QCoreApplication, QEvent, Qt  # noqa: E402 - after choosing the binding
from PySide6.QtGui import QImage, QResizeEvent  # noqa: E402
from vtkmodules.qt.QVTKRenderWindowInteractor import QVTKRenderWindowInteractor  # noqa: E402
from vtkmodules.vtkInteractionStyle import vtkInteractorStyleTrackballCamera  # noqa: E402
from vtkmodules.vtkRenderingCore import vtkRenderer, vtkRenderWindow  # noqa: E402


class VtkView(QVTKRenderWindowInteractor):
    """One renderer in a Qt widget, trackball navigation, VTK's own keys silenced."""

    def __init__(self, parent=None):
        # A native child window would otherwise make its siblings native too (docks, panels): slower and
        # flickering moves, for nothing.
        QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_DontCreateNativeWidgetSiblings)
        ren_win = vtkRenderWindow()
        ren_win.SetMultiSamples(0)  # 4x MSAA more than doubles frame times on software OpenGL
        super().__init__(parent, rw=ren_win)
        self.ren_win = ren_win
        self.renderer = vtkRenderer()
        ren_win.AddRenderer(self.renderer)
        self.iren = self._Iren
        self.iren.SetInteractorStyle(vtkInteractorStyleTrackballCamera())
        self._silence_keys()
        self._axes = None
        self.hold = False  # no frames while set (the viewer sets it while it builds a scene)
        self._stale = True  # something asked for a new frame since the last one
        self._framed = False  # a frame was drawn (and can be shown again)
        self.iren.Initialize()

    def _silence_keys(self) -> None:
        """VTK's built-in keys ('q'/'e' exit, 'w' wireframe, 'p' pick, '3' stereo...) must not act inside
        the app: the window's own actions own the keyboard. The style listens to the interactor's key
        events; removing those observers leaves mouse navigation intact."""
        self.iren.RemoveObservers("CharEvent")
        self.iren.RemoveObservers("KeyPressEvent")
        self.iren.RemoveObservers("KeyReleaseEvent")

    def _getPixelRatio(self) -> float:  # noqa: N802 - VTK's name
        """Device pixels per logical pixel of the screen this view is on. VTK's own answer is the ratio of
        the screen under the mouse cursor: wrong on a laptop with an external monitor of another scale
        (a blurred or cropped view)."""
        return self.devicePixelRatioF() or 1.0

    def event(self, event) -> bool:  # noqa: D401 - Qt API
        if event.type() == QEvent.Type.DevicePixelRatioChange:  # moved to a screen of another scale
            self.resizeEvent(QResizeEvent(self.size(), self.size()))  # VTK's window follows the pixel count
        return super().event(event)

    @property
    def camera(self):
        return self.renderer.GetActiveCamera()

    def paintEvent(self, event):  # noqa: N802 - Qt API
        if self.hold:
            return  # a scene half built: the frame comes when it is whole (`hold` off, then `render()`)
        if not self._stale and self._framed and event.rect() != self.rect():
            # a part uncovered (the loading bar gone, a window moved away), nothing asked to change: show
            # the last frame again rather than draw a stadium anew (0.1-0.5 s of software OpenGL)
            self.ren_win.Frame()
            return
        self._stale = False
        super().paintEvent(event)
        self._framed = True

    def render(self) -> None:
        """Ask for a frame: Qt paints the widget (our paintEvent renders) once for any number of requests
        made before it gets to it. A stadium frame is 0.1-0.5 s of software OpenGL; rendering at each
        request drew five frames before the first one a user could see."""
        self._stale = True
        self.update()

    def render_now(self) -> None:
        """A frame now, synchronously (reading pixels back right after)."""
        self.iren.Render()

    def add_axes(self, labels: tuple[str, str, str]) -> None:
        """A small orientation marker in the lower left corner (east, north, up)."""
        from vtkmodules.vtkInteractionWidgets import vtkOrientationMarkerWidget
        from vtkmodules.vtkRenderingAnnotation import vtkAxesActor

        axes = vtkAxesActor()
        axes.SetXAxisLabelText(labels[0])
        axes.SetYAxisLabelText(labels[1])
        axes.SetZAxisLabelText(labels[2])
        axes.SetShaftTypeToLine()
        for prop in (axes.GetXAxisShaftProperty(), axes.GetYAxisShaftProperty(), axes.GetZAxisShaftProperty()):
            prop.SetLineWidth(2)
        widget = vtkOrientationMarkerWidget()
        widget.SetOrientationMarker(axes)
        widget.SetInteractor(self.iren)
        widget.SetViewport(0.0, 0.0, 0.2, 0.2)
        widget.SetEnabled(True)
        widget.InteractiveOff()
        self._axes = widget

    def image(self) -> QImage:
        """The last frame, read back from the render window (a native window: `grab()` would be black)."""
        from vtkmodules.util.numpy_support import vtk_to_numpy
        from vtkmodules.vtkRenderingCore import vtkWindowToImageFilter

        grab = vtkWindowToImageFilter()
        grab.SetInput(self.ren_win)
        grab.SetInputBufferTypeToRGB()
        grab.ReadFrontBufferOff()  # VTK 9 draws into its own framebuffer, which keeps the last frame
        grab.ShouldRerenderOff()
        grab.Update()
        data = grab.GetOutput()
        width, height, _ = data.GetDimensions()
        pixels = vtk_to_numpy(data.GetPointData().GetScalars()).reshape(height, width, 3)[::-1].copy()
        return QImage(pixels.data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()

    def close_view(self) -> None:
        """Stop the interactor's timers and free the OpenGL context."""
        if self._axes is not None:
            self._axes.SetEnabled(False)
            self._axes = None
        self.renderer.RemoveAllViewProps()
        self.Finalize()
