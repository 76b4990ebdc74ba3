"""Storage of the venues' walking networks (table walk_networks): one opaque blob per venue.

The catalogue does not interpret the blob (geometry.walknet does); it only keeps it with the venue, so a
removed venue takes its network with it and a rebuild happens in the caller's transaction.
"""

from __future__ import annotations

import hashlib

from venueplans.catalogue.db import Catalogue, now


def save_network(cat: Catalogue, venue_id: int, *, version: int, n_nodes: int, n_edges: int, data: bytes) -> None:
    cat.conn.execute(
        """INSERT INTO walk_networks (venue_id, version, built, n_nodes, n_edges, digest, data)
           VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT(venue_id) DO UPDATE SET version = excluded.version, built = excluded.built,
               n_nodes = excluded.n_nodes, n_edges = excluded.n_edges, digest = excluded.digest,
               data = excluded.data""",
        (venue_id, version, now(), n_nodes, n_edges, features_digest(cat, venue_id), data),
    )


def features_digest(cat: Catalogue, venue_id: int) -> str:
    """A digest of what the network takes from the venue's features and rooms: a network whose digest
    differs (an undo, a restored backup, an edit by an older version) is rebuilt before use."""
    h = hashlib.sha256()
    for row in cat.conn.execute(
        """SELECT id, kind, label, number, storey_idx, x, y, z, element_idx, verified, leads_to, direction
           FROM features WHERE venue_id = ? ORDER BY id""", (venue_id,)):
        h.update(repr(tuple(row)).encode())
    n = cat.conn.execute("SELECT count(*), coalesce(sum(length(footprint)), 0) FROM spaces WHERE venue_id = ?",
                         (venue_id,)).fetchone()
    h.update(repr(tuple(n)).encode())
    return h.hexdigest()


def load_network(cat: Catalogue, venue_id: int) -> tuple[int, str, str, bytes] | None:
    """(format version, built timestamp, digest, blob) or None when the venue has no stored network."""
    r = cat.conn.execute("SELECT version, built, digest, data FROM walk_networks WHERE venue_id = ?",
                         (venue_id,)).fetchone()
    return None if r is None else (int(r[0]), str(r[1]), str(r[2]), bytes(r[3]))


def delete_network(cat: Catalogue, venue_id: int) -> None:
    cat.conn.execute("DELETE FROM walk_networks WHERE venue_id = ?", (venue_id,))


def element_labels(cat: Catalogue, venue_id: int, categories: list[str]) -> tuple[dict[int, str], dict[int, str]]:
    """(element index -> name, element index -> IFC class) for the elements of *categories* and every door
    (some exporters nest doors in curtain walls: stored as walls)."""
    names, classes = {}, {}
    marks = ", ".join("?" * len(categories))
    for r in cat.conn.execute(
        f"""SELECT idx, name, ifc_class FROM elements WHERE venue_id = ?
            AND (category IN ({marks}) OR ifc_class LIKE 'IfcDoor%')""",
        (venue_id, *categories),
    ):
        names[int(r[0])] = r[1] or ""
        classes[int(r[0])] = r[2] or ""
    return names, classes


def area_annotations(cat: Catalogue, venue_id: int, label: str) -> list[tuple[int | None, str]]:
    """(storey index, JSON points) of the scenario areas of the venue labelled *label* (any case)."""
    return [(r[0], r[1]) for r in cat.conn.execute(
        """SELECT a.storey_idx, a.geometry FROM annotations a JOIN scenarios s ON s.id = a.scenario_id
           WHERE s.venue_id = ? AND a.type = 'area' AND a.label = ? COLLATE NOCASE ORDER BY a.id""",
        (venue_id, label.strip()))]
