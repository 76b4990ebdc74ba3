"""Numbered migrations, applied in order on PRAGMA user_version (Anki/calibre style).

Never edit a released migration: add a new one. Each runs inside one exclusive transaction together
with the user_version bump, so a crash mid-migration leaves the previous version intact.
"""

MIGRATIONS: list[str] = [
    # 1: initial schema
    """
    CREATE TABLE venues (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL DEFAULT 'other'
            CHECK (kind IN ('theatre', 'stadium', 'arena', 'concert-hall', 'other')),
        address TEXT NOT NULL DEFAULT '',
        city TEXT NOT NULL DEFAULT '',
        lat REAL, lon REAL,
        capacity INTEGER,
        contacts TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL,
        updated TEXT NOT NULL,
        verified_by TEXT,
        verified_on TEXT,
        last_opened TEXT,
        sample_key TEXT UNIQUE,
        thumbnail BLOB
    );
    CREATE TABLE source_models (
        id INTEGER PRIMARY KEY,
        venue_id INTEGER NOT NULL REFERENCES venues(id) ON DELETE CASCADE,
        file_name TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        format TEXT NOT NULL,
        schema TEXT NOT NULL DEFAULT '',
        importer TEXT NOT NULL,
        importer_version TEXT NOT NULL,
        unit TEXT NOT NULL,
        up_axis TEXT NOT NULL DEFAULT 'z',
        origin TEXT NOT NULL,      -- JSON [x, y, z] subtracted from source coordinates
        bbox TEXT,                 -- JSON [[xmin, ymin, zmin], [xmax, ymax, zmax]] local metres
        warnings TEXT NOT NULL,    -- JSON list of messages (model/messages.py; plain strings before)
        stats TEXT NOT NULL,       -- JSON object
        imported_at TEXT NOT NULL
    );
    CREATE INDEX source_models_venue ON source_models(venue_id);
    CREATE INDEX source_models_sha ON source_models(sha256);
    CREATE TABLE storeys (
        id INTEGER PRIMARY KEY,
        venue_id INTEGER NOT NULL REFERENCES venues(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        name TEXT NOT NULL,
        elevation REAL NOT NULL,
        height REAL,
        guid TEXT NOT NULL DEFAULT '',
        inferred INTEGER NOT NULL DEFAULT 0,
        UNIQUE (venue_id, idx)
    );
    CREATE TABLE elements (
        id INTEGER PRIMARY KEY,
        venue_id INTEGER NOT NULL REFERENCES venues(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        guid TEXT NOT NULL,
        ifc_class TEXT NOT NULL,
        name TEXT NOT NULL DEFAULT '',
        type_name TEXT NOT NULL DEFAULT '',
        storey_idx INTEGER,
        category TEXT NOT NULL,
        properties TEXT NOT NULL DEFAULT '{}',
        UNIQUE (venue_id, idx)
    );
    CREATE INDEX elements_class ON elements(venue_id, ifc_class);
    CREATE TABLE spaces (
        id INTEGER PRIMARY KEY,
        venue_id INTEGER NOT NULL REFERENCES venues(id) ON DELETE CASCADE,
        element_idx INTEGER,
        guid TEXT NOT NULL DEFAULT '',
        name TEXT NOT NULL DEFAULT '',
        long_name TEXT NOT NULL DEFAULT '',
        storey_idx INTEGER,
        footprint TEXT NOT NULL,   -- JSON [[x, y], ...] exterior ring
        area REAL NOT NULL DEFAULT 0,
        properties TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX spaces_venue ON spaces(venue_id);
    CREATE TABLE features (
        id INTEGER PRIMARY KEY,
        venue_id INTEGER NOT NULL REFERENCES venues(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        label TEXT NOT NULL DEFAULT '',
        number INTEGER,
        storey_idx INTEGER,
        x REAL NOT NULL, y REAL NOT NULL, z REAL NOT NULL,
        element_idx INTEGER,
        source TEXT NOT NULL,
        verified INTEGER,          -- NULL not reviewed, 1 confirmed, 0 rejected
        verify_reason TEXT NOT NULL DEFAULT '',
        width REAL,
        leads_to TEXT NOT NULL DEFAULT '',
        direction TEXT,            -- JSON [dx, dy] or NULL
        notes TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL,
        updated TEXT NOT NULL
    );
    CREATE INDEX features_venue ON features(venue_id, kind);
    CREATE TABLE feature_photos (
        id INTEGER PRIMARY KEY,
        feature_id INTEGER NOT NULL REFERENCES features(id) ON DELETE CASCADE,
        mime TEXT NOT NULL,
        caption TEXT NOT NULL DEFAULT '',
        data BLOB NOT NULL,
        created TEXT NOT NULL
    );
    CREATE TABLE geometry_batches (
        id INTEGER PRIMARY KEY,
        venue_id INTEGER NOT NULL REFERENCES venues(id) ON DELETE CASCADE,
        storey_idx INTEGER,
        category TEXT NOT NULL,
        n_vertices INTEGER NOT NULL,
        n_triangles INTEGER NOT NULL,
        data BLOB NOT NULL
    );
    CREATE INDEX geometry_batches_venue ON geometry_batches(venue_id);
    CREATE TABLE geometry_instances (
        id INTEGER PRIMARY KEY,
        venue_id INTEGER NOT NULL REFERENCES venues(id) ON DELETE CASCADE,
        storey_idx INTEGER,
        category TEXT NOT NULL,
        n_instances INTEGER NOT NULL,
        n_triangles INTEGER NOT NULL,  -- of the shape, once
        data BLOB NOT NULL             -- shape vertices/triangles + transforms + element indices
    );
    CREATE INDEX geometry_instances_venue ON geometry_instances(venue_id);
    CREATE TABLE scenarios (
        id INTEGER PRIMARY KEY,
        venue_id INTEGER NOT NULL REFERENCES venues(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL,
        updated TEXT NOT NULL,
        UNIQUE (venue_id, name)
    );
    CREATE TABLE phases (
        id INTEGER PRIMARY KEY,
        scenario_id INTEGER NOT NULL REFERENCES scenarios(id) ON DELETE CASCADE,
        ord INTEGER NOT NULL,
        name TEXT NOT NULL,
        time_offset INTEGER NOT NULL DEFAULT 0,   -- seconds after H
        notes TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX phases_scenario ON phases(scenario_id, ord);
    CREATE TABLE annotations (
        id INTEGER PRIMARY KEY,
        scenario_id INTEGER NOT NULL REFERENCES scenarios(id) ON DELETE CASCADE,
        phase_id INTEGER REFERENCES phases(id) ON DELETE SET NULL,
        storey_idx INTEGER,
        type TEXT NOT NULL CHECK (type IN ('marker', 'route', 'area', 'text')),
        symbol TEXT NOT NULL DEFAULT '',
        label TEXT NOT NULL DEFAULT '',
        team TEXT NOT NULL DEFAULT '',
        colour TEXT NOT NULL DEFAULT '',
        geometry TEXT NOT NULL,    -- JSON list of [x, y, z] points
        notes TEXT NOT NULL DEFAULT '',
        ref TEXT NOT NULL DEFAULT ''  -- stable key: a later phase moving a marker shares its ref
    );
    CREATE INDEX annotations_scenario ON annotations(scenario_id);
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        venue_id INTEGER,          -- no foreign key: the trail outlives the venue
        at TEXT NOT NULL,
        who TEXT NOT NULL,
        action TEXT NOT NULL,
        details TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX audit_venue ON audit(venue_id, id);
    CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
    CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE VIRTUAL TABLE venues_fts USING fts5(
        name, kind, address, city, notes, spaces, tokenize = 'unicode61 remove_diacritics 2'
    );
    """,
    # 2: venue packages: a venue's identity across catalogues and where its content came from
    """
    CREATE TABLE venue_origin (
        venue_id INTEGER PRIMARY KEY REFERENCES venues(id) ON DELETE CASCADE,
        uid TEXT NOT NULL UNIQUE,          -- the same venue in every catalogue a package reached
        revision TEXT NOT NULL DEFAULT '', -- revision of the package last imported ('' = made here)
        key_id TEXT NOT NULL DEFAULT '',   -- key that signed that package
        key_name TEXT NOT NULL DEFAULT '',
        trusted INTEGER NOT NULL DEFAULT 1,
        imported_at TEXT
    );
    """,
    # 3: annotation refs are looked up per annotation (same ref in another phase): index them, or a
    # scenario import goes quadratic (20,000 annotations: minutes)
    """
    CREATE INDEX annotations_ref ON annotations(scenario_id, ref);
    """,
    # 4: walking network of each venue (routes and distances): rebuilt from the catalogue's own rows
    """
    CREATE TABLE walk_networks (
        venue_id INTEGER PRIMARY KEY REFERENCES venues(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        built TEXT NOT NULL,
        n_nodes INTEGER NOT NULL,
        n_edges INTEGER NOT NULL,
        digest TEXT NOT NULL,       -- of the feature rows it was built from: a mismatch means out of date
        data BLOB NOT NULL          -- zlib-compressed JSON (geometry.walknet.WalkNetwork.to_bytes)
    );
    """,
]
