"""Storage: the only code that touches disk and SQL."""
