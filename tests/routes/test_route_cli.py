"""`venueplans route` and `venueplans distances` on the command line (JSON documented in docs/routes.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest


def run(catalogue, *args):
    env = {**os.environ, "VENUEPLANS_NO_SAMPLES": "1"}
    return subprocess.run([sys.executable, "-c", "import sys; from venueplans.launcher import main; sys.exit(main())",
                           "--catalogue", str(catalogue), *args], capture_output=True, text=True, env=env, timeout=300)


def test_route_json(samples_catalogue):
    path, ids = samples_catalogue
    out = run(path, "route", str(ids["theatre"]), "--from", "Balcon", "--to", "exit 1", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert {"from", "to", "length_m", "time_s", "storeys", "via", "points"} <= set(data)
    assert data["storeys"] == ["Premier étage", "Rez-de-chaussée"]
    assert data["length_m"] > 0 and data["time_s"] > data["length_m"] / 1.2 - 1
    assert all(len(p) == 3 for p in data["points"])


def test_route_without_to_is_the_nearest_way_out(samples_catalogue):
    path, ids = samples_catalogue
    out = run(path, "route", str(ids["stadium"]), "--from", "PC sécurité")
    assert out.returncode == 0, out.stderr
    assert "PC sécurité" in out.stdout and "exit" in out.stdout


def test_distances_json(samples_catalogue):
    path, ids = samples_catalogue
    out = run(path, "distances", str(ids["theatre"]), "--storey", "Premier étage", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data) == {"rooms", "unreachable", "findings"}
    assert {r["storey"] for r in data["rooms"]} == {"Premier étage"}
    row = data["rooms"][0]
    assert {"ref", "name", "storey", "nearest_exit", "distance_m", "straight_m"} <= set(row)
    # the ref is a place --from accepts
    again = run(path, "route", str(ids["theatre"]), "--from", row["ref"], "--json")
    assert json.loads(again.stdout)["length_m"] == pytest.approx(row["distance_m"], abs=0.2)


def test_unknown_place_is_one_line(samples_catalogue):
    path, ids = samples_catalogue
    out = run(path, "route", str(ids["theatre"]), "--from", "Salle des machines")
    assert out.returncode != 0
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "Salle des machines" in lines[0]
