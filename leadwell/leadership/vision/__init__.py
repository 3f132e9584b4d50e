"""Vision and goals."""
