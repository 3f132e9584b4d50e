"""Cadences' pages, one module per area: `feeds`, `preferences` (with the notifications list
and unsubscribing), `undelivered` (administrators)."""
