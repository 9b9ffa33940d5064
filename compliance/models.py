"""Models arrive with their issue; the app is installed from the start (DESIGN.md)."""
