"""Sign-in benchmark: server time of a sign-in with Argon2 against the PBKDF2 hasher before it.

    python bench/signin.py                 # 15 sign-ins each, in a throwaway SQLite database
    python bench/signin.py --requests 30

It migrates a throwaway database in a temporary directory, creates two accounts, and posts the
real sign-in form with Django's test client (in-process: the server's time, no network),
alternating request by request between:

- the baseline: Leadwell's hashers before issue 13, Django's PBKDF2 first (1,000,000
  iterations of SHA-256 in Django 5.2), an account whose password is stored with it;
- Leadwell's hashers now (leadwell/identity/hashers.py: Argon2id, 19 MiB, 2 passes, 1 lane),
  an account whose password is stored with them.

It prints each median and the ratio Argon2 / PBKDF2 (issue 13's bar: a sign-in well under a
second of server time; the ratio says how much of it the hasher was). It also times, once, the
first sign-in of an account still stored with PBKDF2 under the new settings: Django verifies
the old hash, then rehashes the password with Argon2 and saves it.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

PASSWORD = "bench-only-password-1234"  # a throwaway database
BEFORE = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]


def setup(data_dir: Path) -> None:
    os.environ["LEADWELL_DATA_DIR"] = str(data_dir)
    os.environ["LEADWELL_DEBUG"] = "false"
    os.environ["LEADWELL_LOG_LEVEL"] = "WARNING"  # no line per sign-in
    os.environ["DJANGO_SETTINGS_MODULE"] = "leadwell.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def account(email: str, hashers: list[str]):
    from django.test import override_settings

    from leadwell.identity.services import user_create

    with override_settings(PASSWORD_HASHERS=hashers):
        user = user_create(email=email, password=PASSWORD, name=email.split("@")[0])
    return user


def sign_in(email: str) -> float:
    """Seconds the server takes to answer one sign-in (a new client: nobody signed in)."""
    from django.test import Client
    from django.urls import reverse

    client = Client(HTTP_HOST="localhost")
    started = time.perf_counter()
    response = client.post(reverse("signin"), {"username": email, "password": PASSWORD})
    elapsed = time.perf_counter() - started
    if response.status_code != 302:
        raise SystemExit(f"sign-in of {email} answered {response.status_code}, not 302")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=15, help="timed sign-ins of each kind")
    parser.add_argument("--warmup", type=int, default=2, help="unmeasured sign-ins of each kind")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="leadwell-bench-signin-") as tmp:
        setup(Path(tmp))
        from django.conf import settings
        from django.test import override_settings

        now = list(settings.PASSWORD_HASHERS)
        old = account("pbkdf2@example.com", BEFORE)
        new = account("argon2@example.com", now)
        print(f"stored before: {old.password.split('$')[0]}${old.password.split('$')[1]}")
        print(f"stored now:    {'$'.join(new.password.split('$')[:4])}")

        times: dict[str, list[float]] = {"pbkdf2": [], "argon2": []}
        for n in range(args.warmup + args.requests):
            with override_settings(PASSWORD_HASHERS=BEFORE):
                before = sign_in(old.email)
            after = sign_in(new.email)
            if n >= args.warmup:
                times["pbkdf2"].append(before)
                times["argon2"].append(after)

        # An account stored with PBKDF2 signs in once under the new settings: verify, rehash.
        migrating = account("migrating@example.com", BEFORE)
        first = sign_in(migrating.email)
        migrating.refresh_from_db()
        assert migrating.password.startswith("argon2$"), migrating.password[:20]
        second = sign_in(migrating.email)

    pbkdf2 = statistics.median(times["pbkdf2"])
    argon2 = statistics.median(times["argon2"])
    print(f"sign-in, PBKDF2 (before), median of {args.requests}: {pbkdf2 * 1000:7.1f} ms")
    print(f"sign-in, Argon2 (now),    median of {args.requests}: {argon2 * 1000:7.1f} ms")
    print(f"ratio Argon2 / PBKDF2: {argon2 / pbkdf2:.3f}")
    print(f"first sign-in of a PBKDF2 account, rehashed to Argon2: {first * 1000:.1f} ms")
    print(f"its next sign-in: {second * 1000:.1f} ms")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
