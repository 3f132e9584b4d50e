"""The monthly debrief between a director and a leader, and the leader's quarterly talks with
the other departments (Finance, HR and Legal by default).
"""
