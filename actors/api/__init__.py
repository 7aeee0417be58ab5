"""The actors' guild REST API."""
