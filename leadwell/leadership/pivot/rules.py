"""The pivot to leadership: who may do what (collected by leadwell.policy)."""

RULES: tuple = ()
