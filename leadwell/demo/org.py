"""Demo step 1: a director, two sales leaders with 5-7 sellers each, offices, accounts."""

import datetime

from leadwell.demo import COMPANY_DOMAIN, DemoContext, Persona
from leadwell.identity.services import user_create
from leadwell.org import services
from leadwell.org.models import Office, Person

CITIES = ["Boston", "Chicago", "Denver", "Austin", "Seattle", "Atlanta", "Toronto", "Phoenix"]
SEGMENTS = ["Enterprise", "Mid-Market", "Commercial"]
SELLER_TITLES = [
    "Account Executive",
    "Account Executive",
    "Senior Account Executive",
    "Account Executive",
    "Strategic Account Executive",
]
HISTORY_QUARTERS = 8

PERSONA_LABELS = {
    "director": "Director of sales",
    "leader": "Sales leader",
    "seller": "Seller on the leader's team",
    "other_seller": "Seller on the other team",
    "other_leader": "The other sales leader",
    "admin": "Administrator",
}


def quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarters_back(day: datetime.date, quarters: int) -> datetime.date:
    start = quarter_start(day)
    months = start.year * 12 + start.month - 1 - 3 * quarters
    return datetime.date(months // 12, months % 12 + 1, 1)


def demo_password(key: str) -> str:
    return f"leadwell-demo-{key.replace('_', '-')}"


def build(context: DemoContext) -> None:
    rng, fake = context.rng, context.fake
    start = quarters_back(context.today, HISTORY_QUARTERS)
    context.history_starts = start
    used_names: set[str] = set()

    def new_person(title: str) -> Person:
        while True:
            name = f"{fake.first_name()} {fake.last_name()}"
            if name not in used_names:
                used_names.add(name)
                break
        local = name.lower().replace(" ", ".").replace("'", "")
        return services.person_create(name=name, email=f"{local}@{COMPANY_DOMAIN}", title=title)

    unit = services.office_create(name="North America", kind=Office.Kind.BUSINESS_UNIT)
    cities = rng.sample(CITIES, 2)
    segments = rng.sample(SEGMENTS, 2)
    context.business_unit = unit
    context.offices = [
        services.office_create(name=f"{city} office", kind=Office.Kind.OFFICE, parent=unit)
        for city in cities
    ]

    director = new_person("Regional Sales Director")
    context.director = director
    leadership = services.team_create(name="North America Leadership", office=unit)
    services.person_lead_team(person=director, team=leadership, on=start)

    # The first team is one larger because one of its sellers moves to the second a year ago.
    team_sizes = [rng.randint(6, 7), rng.randint(5, 6)]
    for office, city, segment, size in zip(
        context.offices, cities, segments, team_sizes, strict=True
    ):
        team = services.team_create(name=f"{city} {segment}", office=office)
        leader = new_person(rng.choice(["Sales Manager", "Area Sales Manager"]))
        services.person_join_team(person=leader, team=leadership, on=start)
        services.person_lead_team(person=leader, team=team, on=start)
        sellers = []
        for _ in range(size):
            seller = new_person(rng.choice(SELLER_TITLES))
            services.person_join_team(person=seller, team=team, on=start)
            sellers.append(seller)
        context.teams.append(team)
        context.leaders.append(leader)
        context.sellers_by_team[team.pk] = sellers

    _move_one_seller(context, start)
    admin = new_person("Sales Operations Manager")
    _give_accounts(context, admin)


def _move_one_seller(context: DemoContext, start: datetime.date) -> None:
    """A seller who changed team a year ago keeps the earlier quarters with the old team."""
    first, second = context.teams
    mover = context.sellers_by_team[first.pk].pop()
    moved_on = quarters_back(context.today, HISTORY_QUARTERS // 2)
    services.person_join_team(person=mover, team=second, on=moved_on)
    context.sellers_by_team[second.pk].append(mover)


def _give_accounts(context: DemoContext, admin: Person) -> None:
    first, second = context.teams
    chosen = {
        "director": context.director,
        "leader": context.leaders[0],
        "seller": context.sellers_by_team[first.pk][0],
        "other_seller": context.sellers_by_team[second.pk][0],
        "other_leader": context.leaders[1],
        "admin": admin,
    }
    for key, person in chosen.items():
        if person is None or not person.email:
            raise RuntimeError(f"The demo step made no {key} with an e-mail")
        password = demo_password(key)
        # Demo passwords are printed for everyone to read, so strength rules do not apply.
        user_create(email=person.email, password=password, is_admin=key == "admin", validate=False)
        person.refresh_from_db()
        context.personas.append(Persona(key, PERSONA_LABELS[key], person, password))
