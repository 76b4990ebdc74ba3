"""Opening the catalogue for a command (and seeding the sample venues on first start)."""

from __future__ import annotations

from venueplans.catalogue import Catalogue, open_catalogue


def read_only_requested(args, *, explicit_write: bool = False) -> bool:
    """`--read-only`, or the `read_only` setting (field laptops) unless the command is an explicit write
    such as `import FILE.vpkg`."""
    if getattr(args, "read_only", False):
        return True
    if explicit_write:
        return False
    from venueplans import settings

    return settings.load().read_only


def catalogue_from_args(args, *, seed: bool = True, explicit_write: bool = False) -> Catalogue:
    cat = open_catalogue(args.catalogue, read_only=read_only_requested(args, explicit_write=explicit_write))
    if seed and not cat.read_only:
        from venueplans.ops.samples import seed_samples

        seed_samples(cat)
    return cat
