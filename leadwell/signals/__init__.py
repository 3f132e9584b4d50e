"""Forecast bias and plan renegotiation signals: whether a seller or a leader calls their
quarters consistently low (sandbagging), and how often a leader asks to lower their plan."""
