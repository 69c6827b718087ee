"""The built-in rule packs: TOML data, one file per family (see README.md, Rules)."""
