"""Leadwell: the operating system of a front-line sales leader."""

__version__ = "0.1.0"
