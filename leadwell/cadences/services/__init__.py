"""Cadences' workflows, one module per area: `feeds` (calendar feed addresses), `choices`
(what a person gets and when, unsubscribing), `outbox` (notifications and the mail that
carries them)."""
