"""Nothing of leading yourself is in the Django admin: a person's page, the actions towards their
aspirations and their line's feedback are confidential to them and their management line, and
an administrator as such reads none of it (the aspirations are coaching's personal goals, kept
out of the admin by coaching). Erasing a departed person's content goes through the erasure
page, which counts and never shows it."""
