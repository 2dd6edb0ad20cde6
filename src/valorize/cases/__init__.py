"""Built-in case files (TOML), listed by ``valorize cases``."""
