"""Committed sample files and the deterministic code that regenerates them."""
