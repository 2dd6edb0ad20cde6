"""Built-in portfolios of projects (TOML)."""
