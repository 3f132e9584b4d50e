"""Leading yourself: the models."""
