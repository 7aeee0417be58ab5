"""Plumbing every app shares: it imports Django but none of the project's apps."""
