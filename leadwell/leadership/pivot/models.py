"""The pivot to leadership: the models."""
