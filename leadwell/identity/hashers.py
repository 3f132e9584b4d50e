"""How sign-in passwords are hashed: Argon2id at a cost sized for the machines Leadwell runs on.

Django's own Argon2 parameters (100 MiB, 2 passes, 8 lanes) take about half a second per
sign-in on a 2-core machine, where 8 lanes buy nothing. These are OWASP's recommended minimum
for Argon2id (19 MiB, 2 passes, 1 lane): memory-hard enough that guessing on a graphics card
gains little, tens of milliseconds on a laptop, and several workers signing people in at once
stay well within memory. docs/decisions.md, "Passwords are hashed with Argon2id", says why;
`bench/signin.py` measures it against the PBKDF2 hasher Leadwell used before.

A hash made with other parameters (Django's defaults, or these changed later) still verifies,
and Django rehashes it with these at the next sign-in (`must_update`).
"""

from django.contrib.auth.hashers import Argon2PasswordHasher as DjangoArgon2PasswordHasher


class Argon2PasswordHasher(DjangoArgon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
