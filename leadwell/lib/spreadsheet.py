"""Writing cells a spreadsheet will open safely."""

# The full-width forms (U+FF1D, U+FF0B, U+FF0D, U+FF20) too: spreadsheets with East Asian input
# settings read them as the ASCII signs that start a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def safe_cell(value: object) -> object:
    """A text cell that starts like a formula gets a leading apostrophe, so a spreadsheet shows
    it instead of running it (CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
