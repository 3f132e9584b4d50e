"""Nothing of extra asks is in the Django admin: an ask, its assessment and its decision are
the leader's and their line's, never administrators' as such."""
