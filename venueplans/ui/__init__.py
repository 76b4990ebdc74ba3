"""The desktop application (PySide6 + VTK's Qt widget). The only package that imports Qt.

    app.py            entry point: argument parsing, catalogue + sample seeding, `open VENUE --screenshot`
    main_window.py    venue list page / venue page (header, legend, 3D view), docks, menus, shortcuts
    browser.py        catalogue browser: search as you type (FTS), thumbnails, recently opened first
    viewer.py         the 3D view host (vtk_view.VtkView, created with the first venue), picking
    vtk_view.py       VTK's own Qt widget around one renderer (why not pyvistaqt: start-up, see bench/README.md)
    view_state.py     what the view shows, as a Qt-free model the panels edit and the viewer applies
    scene_port.py     what the viewer asks of a scene; render_scene.py adapts render.scene.VenueScene
    storeys.py categories.py section.py properties.py measure.py legend.py   the panels
    navigation.py     shortcuts table (Help › Keyboard shortcuts) and first-person walk mode
    ops_runner.py     the op path: CollectionOp / QueryOp on thread pools with their own connections
    import_dialog.py  File › Import model… form, progress with cancel; workers.py: the import op
    plan_view.py      the 2D plan dock (plan_model, plan_camera, plan_selection, plan_painter, plan_canvas)
    errors.py         one-line messages, `guarded` callbacks, the exception hook
    fit.py            laptop screens: scrolling docks, wrapping labels, flow legend, the screen guard
    graphics.py       OpenGL probe in a child process; software or 2D-only fallback
    logfile.py        the rotating log file; settings_dialog.py File › Settings…
    window_memory.py  geometry, dock layout and recent venues kept between sessions
"""
