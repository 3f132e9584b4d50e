"""The pivot to leadership."""
