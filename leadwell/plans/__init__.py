"""The yearly plan of a team: the leader's input, the director's assigned plan, the leader's
commitment, and every later request to change it (the plan negotiations). A committed plan's
quotas are the quotas the scorecards read.
"""
