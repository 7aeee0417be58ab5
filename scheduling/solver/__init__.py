"""The planning optimiser: instances in, plans out. Standard library and OR-Tools only."""
