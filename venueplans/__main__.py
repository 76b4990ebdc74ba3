if __name__ == "__main__":  # guarded: spawned import workers re-import this module
    from venueplans.launcher import main

    raise SystemExit(main())
