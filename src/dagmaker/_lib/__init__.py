"""Small pure helpers shared by every layer (no I/O, no settings)."""
