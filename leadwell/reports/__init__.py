"""The leader's report to their director: built from the summaries, explained and with
strategies when below plan, frozen when sent, read and discussed in its thread.
"""
