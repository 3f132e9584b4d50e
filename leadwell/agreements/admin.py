"""Nothing of operating agreements is in the Django admin: what a leader commits to is read by
the people concerned and the leader's line, never by administrators as administrators."""
