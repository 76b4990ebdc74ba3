"""Opening the catalogue for a command (and seeding the sample venues on first start)."""

from __future__ import annotations

from venueplans.catalogue import Catalogue, open_catalogue


def catalogue_from_args(args, *, seed: bool = True) -> Catalogue:
    cat = open_catalogue(args.catalogue)
    if seed:
        from venueplans.ops.samples import seed_samples

        seed_samples(cat)
    return cat
