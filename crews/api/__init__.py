"""The crews' REST API."""
