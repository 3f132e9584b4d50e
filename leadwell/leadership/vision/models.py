"""Vision and goals: the models."""
