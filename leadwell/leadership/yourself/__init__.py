"""Leading yourself."""
