"""Customers' conditioning: how far a customer has learned to wait for the quarter-end ask."""
