"""Reads: every non-trivial query, and turning rows into solver input."""
