"""Synthetic Salesforce-format exports for the benchmarks (written to a temporary folder)."""

import csv
import datetime
import random
from pathlib import Path

HEADER = [
    "Opportunity ID",
    "Opportunity Name",
    "Account Name",
    "Opportunity Owner",
    "Amount",
    "Close Date",
    "Created Date",
    "Stage",
    "Probability (%)",
    "Forecast Category",
    "Type",
]
STAGES = [
    ("Prospecting", "10", "Pipeline"),
    ("Qualification", "10", "Pipeline"),
    ("Needs Analysis", "20", "Pipeline"),
    ("Value Proposition", "50", "Best Case"),
    ("Proposal/Price Quote", "75", "Commit"),
    ("Negotiation/Review", "90", "Commit"),
    ("Closed Won", "100", "Closed"),
    ("Closed Lost", "0", "Omitted"),
]
TYPES = ["New Business", "Existing Business", "Renewal"]
ACTIVITY_HEADER = [
    "Activity ID",
    "Assigned",
    "Task Subtype",
    "Date",
    "Status",
    "Subject",
    "Account Name",
]


def owners(count: int) -> list[str]:
    return [f"Seller {i:05d}" for i in range(count)]


def opportunity_rows(
    n: int, *, sellers: int = 300, accounts: int = 20_000, seed: int = 1, first: int = 0
):
    """`n` opportunities, numbered from `first` (another `first` and `seed`: new deals)."""
    rng = random.Random(seed)
    names = owners(sellers)
    start = datetime.date(2016, 1, 1)
    for i in range(first, first + n):
        created = start + datetime.timedelta(days=rng.randrange(1000))
        close = created + datetime.timedelta(days=rng.randrange(20, 200))
        stage, probability, category = rng.choice(STAGES)
        yield [
            f"006{i:012d}",
            f"Deal {i}",
            f"Account {rng.randrange(accounts):06d}",
            rng.choice(names),
            f"${rng.randrange(1000, 200000):,}.{rng.randrange(100):02d}",
            close.strftime("%m/%d/%Y"),
            created.strftime("%m/%d/%Y"),
            stage,
            probability,
            category,
            rng.choice(TYPES),
        ]


def activity_rows(n: int, *, sellers: int = 300, accounts: int = 20_000, seed: int = 2):
    rng = random.Random(seed)
    names = owners(sellers)
    start = datetime.date(2016, 1, 1)
    kinds = ["Call", "Email", "Meeting", "Demo"]
    for i in range(n):
        day = start + datetime.timedelta(days=rng.randrange(1000))
        yield [
            f"00T{i:012d}",
            rng.choice(names),
            rng.choice(kinds),
            day.strftime("%m/%d/%Y"),
            "Completed",
            f"Touch {i}",
            f"Account {rng.randrange(accounts):06d}",
        ]


def write_csv(path: Path, header: list[str], rows) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path
