"""Vision and goals: who may do what (collected by leadwell.policy)."""

RULES: tuple = ()
