"""The seven standards of the pivot to leadership, and the scale a person rates themself on.

Held in code, not in the database: they are the product's definition of leading from any seat
(issue 17), the same for every organisation, and every stored answer names its standard by
number, so changing a word here never changes what someone answered.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Standard:
    number: int
    # What the pages and the aggregate name it by, where room is short.
    title: str
    # The standard in full, as the self-assessment asks it.
    text: str


STANDARDS: tuple[Standard, ...] = (
    Standard(1, "Empowers others", "Empowers and elevates the work of others."),
    Standard(2, "Goes first", "Goes first: leads by example."),
    Standard(
        3,
        "Makes sacrifices",
        "Makes legitimate sacrifices for the good of the organisation.",
    ),
    Standard(4, "Takes ownership", "Takes ownership instead of assigning blame."),
    Standard(
        5,
        "Diversity and depth",
        "Brings diversity and depth: works two to three quarters ahead and widens the number "
        "and kind of customers.",
    ),
    Standard(
        6,
        "Professional with colleagues",
        "Is as professional and dedicated with colleagues as with customers.",
    ),
    Standard(
        7,
        "Builds for the long term",
        "Builds patiently for the long term: the business, relationships, others' careers.",
    ),
)
BY_NUMBER = {s.number: s for s in STANDARDS}
NUMBERS = tuple(BY_NUMBER)
# The standard the CRM data gives objective signals for (pipeline horizon, customer breadth).
WITH_SIGNALS = 5

# The rating scale: each step in words, so that a 3 means the same to everyone who gives one.
RATINGS: tuple[tuple[int, str, str], ...] = (
    (1, "Not yet", "I have not practised this yet this quarter."),
    (2, "Beginning", "Now and then, mostly when asked or reminded."),
    (3, "Growing", "Regularly, in part of my work."),
    (4, "Consistent", "Most of the time, without being asked."),
    (5, "Role model", "Always, and others follow my lead on it."),
)
RATING_WORDS = {value: word for value, word, _ in RATINGS}
RATING_CHOICES = [(value, f"{value} · {word}") for value, word, _ in RATINGS]
STANDARD_CHOICES = [(s.number, s.title) for s in STANDARDS]
QUESTION = "How have you practised leadership this quarter?"
