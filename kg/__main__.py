"""``python -m kg``."""

from kg.cli import main

if __name__ == "__main__":  # importing this module (e.g. pkgutil.walk_packages) runs nothing
    main()
