"""Import a model file into the catalogue as a new venue, or replace the model of an existing one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from venueplans.catalogue import Catalogue, CatalogueError, read, store
from venueplans.catalogue.write_guard import write_problem, write_transaction
from venueplans.geometry.numbering import feature_numbers
from venueplans.i18n import tr
from venueplans.importers import ImportFailed, import_file
from venueplans.importers.registry import file_sha256, importer_for
from venueplans.model import FEATURE_KINDS, VENUE_KINDS, Venue
from venueplans.model.imported import ImportedModel
from venueplans.model.messages import translated_all
from venueplans.ops.changes import Changes
from venueplans.ops.identity import current_user
from venueplans.ops.routes import rebuild_network
from venueplans.ops.signoff import invalidate_sign_off


def import_venue(
    cat: Catalogue,
    *,
    path: str | Path,
    name: str | None = None,
    kind: str = "other",
    address: str = "",
    city: str = "",
    unit: str | None = None,
    up: str | None = None,
    replace: bool = False,
    progress: Callable[[float, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    who: str | None = None,
    sample_key: str | None = None,
    model: ImportedModel | None = None,
) -> Changes:
    """Read *path* and store it as one venue, in one transaction: a failure leaves no trace.

    The same file (same sha256) already in the catalogue is refused unless *replace*; with *replace*
    its venue keeps its id, metadata and the features operators added or reviewed, and gets the new
    model. A *name* that is already a venue is refused unless *replace* (then that venue is the target).
    *model* skips reading (samples shipped pre-tessellated).
    """
    path = Path(path)
    if kind not in VENUE_KINDS:
        raise ImportFailed(path, tr("unknown venue kind {kind!r} (one of {value})").format(kind=kind, value=', '.join(VENUE_KINDS)))
    if model is None:
        if not path.is_file():
            raise ImportFailed(path, tr("no such file") if not path.exists() else tr("not a regular file"))
        importer_for(path)  # unsupported suffix: fail before hashing a large file
        sha = file_sha256(path)
    else:
        sha = model.source.sha256
    # Checked now to refuse before reading the model, and again inside the write transaction, where
    # they still hold at commit (two imports of one file at once must not make two venues).
    _target(cat, path, sha, name, replace)
    if model is None:
        problem = write_problem(cat)  # a read-only catalogue is found out before minutes of reading
        if problem:
            raise ImportFailed(
                path, tr("could not write the catalogue {path}: {problem}").format(path=cat.path, problem=problem)
            )
        model = import_file(path, unit=unit, up=up, progress=progress, cancelled=cancelled)
    venue_name = (name or model.suggested_name or path.stem).strip() or path.stem
    if cancelled and cancelled():
        raise ImportFailed(path, tr("import cancelled"))
    if progress:
        progress(0.97, "writing to the catalogue")
    who = who or current_user()
    _number_features(model)
    try:
        with write_transaction(cat):
            target = _target(cat, path, sha, venue_name, replace)
            if target is None:
                venue = Venue(name=venue_name, kind=kind, address=address, city=city)
                target = store.insert_venue(cat, venue, sample_key=sample_key)
                action = "import"
            else:
                store.delete_model(cat, target)
                invalidate_sign_off(cat, venue_id=target, who=who, cause="reimport")
                meta = {k: v for k, v in (("kind", kind if kind != "other" else None), ("address", address),
                                          ("city", city)) if v}
                store.update_venue(cat, target, **meta)
                action = "reimport"
            store.write_model(cat, target, model)
            store.reindex_venue(cat, target)
            rebuild_network(cat, venue_id=target)
            store.add_audit(
                cat, target, who=who, action=action,
                details={"file": model.source.file_name, "sha256": sha, "format": model.source.format,
                         "elements": len(model.elements), "triangles": model.n_triangles},
            )
    except CatalogueError:
        raise
    except OSError as exc:  # disk full, read-only catalogue...
        raise ImportFailed(path, tr("could not write the catalogue {path}: {value}").format(path=cat.path, value=exc.strerror or exc)) from None
    except Exception as exc:
        import sqlite3

        if isinstance(exc, sqlite3.Error):
            raise ImportFailed(path, tr("could not write the catalogue {path}: {exc}").format(path=cat.path, exc=exc)) from None
        raise
    if progress:
        progress(1.0, "done")
    counts = read.venue_counts(cat, target)
    message = (
        tr("imported {file_name} as venue {target} ({venue_name}): {storeys} storeys, {elements} elements, {triangles} triangles, {exits} exits").format(file_name=model.source.file_name, target=target, venue_name=venue_name, storeys=counts['storeys'], elements=counts['elements'], triangles=counts['triangles'], exits=counts['exits'])
    )
    return Changes(
        venue_id=target, venue=True, catalogue=True, geometry=True, features=True, message=message,
        warnings=translated_all(model.source.warnings),  # stored language-neutral, shown in the reader's
    )


def _target(cat: Catalogue, path: Path, sha: str, venue_name: str | None, replace: bool) -> int | None:
    """The venue an import replaces (None: a new venue); refuses the same file or name unless *replace*."""
    same_file = read.venue_with_source(cat, sha)
    if same_file:
        if not replace:
            vid = same_file[0]
            raise ImportFailed(
                path, tr("already imported as venue {vid} ({name}); use --replace to re-import").format(
                    vid=vid, name=read.get_venue(cat, vid).name)
            )
        return same_file[0]
    if not venue_name or venue_name.isdigit():
        return None
    try:
        target = read.resolve_venue(cat, venue_name)
    except read.VenueNotFound:
        return None
    if not replace:
        raise ImportFailed(
            path, tr("a venue named {venue_name!r} already exists (id {target}); use --replace or another --name").format(
                venue_name=venue_name, target=target)
        )
    return target


def _number_features(model: ImportedModel) -> None:
    """Number the detected exits, gates, access points and vomitories by the venue's one rule
    (`geometry.numbering.feature_numbers`), as `ops.features.renumber_exits` does later for edited exits.
    Numbers an importer set stay."""
    from venueplans.ops.features import main_entrance

    bbox = model.bbox()
    centre = (0.0, 0.0) if bbox is None else ((bbox[0][0] + bbox[1][0]) / 2, (bbox[0][1] + bbox[1][1]) / 2)
    entrance = main_entrance(model.features)
    start = entrance.position[:2] if entrance else None
    for kind in (k for k in FEATURE_KINDS.values() if k.numbered):
        todo = [f for f in model.features if f.kind == kind.key and f.number is None]
        if not todo:
            continue
        taken = {f.number for f in model.features if f.kind == kind.key and f.number is not None}
        numbers = feature_numbers([(f.label, f.storey, f.position[0], f.position[1]) for f in todo], centre, start,
                                  taken=taken)
        for f, n in zip(todo, numbers, strict=True):
            f.number = n
