"""The pivot to leadership: what is held about a person, for their export and erasure."""

PERSONAL_DATA: tuple = ()
ERASABLE: tuple = ()
