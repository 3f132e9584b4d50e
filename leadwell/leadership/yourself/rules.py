"""Leading yourself: who may do what (collected by leadwell.policy)."""

RULES: tuple = ()
