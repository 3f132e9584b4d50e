"""Writing cells a spreadsheet will open safely."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """A text cell that starts like a formula gets a leading apostrophe, so a spreadsheet shows
    it instead of running it (CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
