"""The default skills library and assignment library a new organisation starts with.

Administrators edit both in the admin; the seed migration writes these once and never
overwrites an edited entry.
"""

from typing import Any

# name, kind, description, metrics whose gaps it often explains
DEFAULT_SKILLS: list[tuple[str, str, str, list[str]]] = [
    (
        "Prospecting",
        "behaviour",
        "Finds and opens enough new opportunities, steadily, not only when the pipeline is dry.",
        [
            "pipeline_created",
            "pipeline_coverage",
            "open_pipeline",
            "activities_per_week",
            "calls_per_week",
            "emails_per_week",
            "new_accounts",
            "bookings",
        ],
    ),
    (
        "Discovery",
        "skill",
        "Uncovers the customer's problem, its cost, who decides and why now, before proposing.",
        ["win_rate", "win_rate_value", "avg_deal_size", "meetings_per_opportunity"],
    ),
    (
        "Qualification",
        "skill",
        "Spends time on deals that can be won and lets go early of those that cannot.",
        ["win_rate", "coverage_needed", "slipped_deals", "sales_cycle_days", "forecast_accuracy"],
    ),
    (
        "Negotiation",
        "skill",
        "Holds value under pressure: trades concessions instead of giving discounts away.",
        ["avg_deal_size", "win_rate_value", "quarter_end_share"],
    ),
    (
        "Closing",
        "skill",
        "Agrees clear next steps and a mutual close plan; moves decided deals to signature.",
        ["win_rate", "sales_cycle_days", "slipped_deals"],
    ),
    (
        "Product knowledge",
        "skill",
        "Knows the products, their value and the competition well enough to lead a demo.",
        ["demos_per_week", "win_rate", "avg_deal_size"],
    ),
    (
        "Account planning",
        "skill",
        "Plans the growth of key accounts: whitespace, relationships, and the next three deals.",
        [
            "avg_deal_size",
            "accounts_won",
            "top_account_share",
            "segments_sold_into",
            "pipeline_horizon",
        ],
    ),
    (
        "Forecasting discipline",
        "behaviour",
        "Calls the number honestly: neither sandbagging nor over-calling, updated every week.",
        ["forecast_accuracy", "forecast_bias", "slipped_deals", "pulled_in_deals"],
    ),
    (
        "Pipeline management",
        "behaviour",
        "Keeps close dates and stages true, and works the pipeline two to three quarters ahead.",
        [
            "pipeline_coverage",
            "pipeline_horizon",
            "slipped_deals",
            "weighted_pipeline",
            "quarter_end_share",
        ],
    ),
    (
        "Time management",
        "behaviour",
        "Protects selling time: blocks time for prospecting and customer meetings every week.",
        ["activities_per_week", "meetings_per_week", "calls_per_week"],
    ),
    (
        "Objection handling",
        "skill",
        "Hears an objection as a question and answers the concern behind it.",
        ["win_rate", "sales_cycle_days"],
    ),
    (
        "Customer breadth",
        "behaviour",
        "Widens the number and kind of customers instead of returning to the same few.",
        ["new_accounts", "segments_sold_into", "top_account_share", "accounts_won"],
    ),
]

# title, description, days, skills it develops
DEFAULT_ASSIGNMENTS: list[tuple[str, str, int, list[str]]] = [
    (
        "Shadow a top performer's discovery calls",
        "Join three discovery calls of a top performer, note the questions that worked, and use "
        "them on your next three first meetings.",
        21,
        ["Discovery", "Qualification"],
    ),
    (
        "Rebuild account plans for your top 5 accounts",
        "For each of your five largest accounts: map the decision makers, the whitespace, and "
        "the next three opportunities with dates. Review them with your leader.",
        28,
        ["Account planning", "Customer breadth"],
    ),
    (
        "Prospecting block 3x a week",
        "Block ninety minutes three times a week for prospecting only: calls and e-mails to new "
        "contacts, no internal meetings in those blocks.",
        42,
        ["Prospecting", "Time management"],
    ),
    (
        "Role-play negotiation with your leader",
        "Prepare your give-get list for two live deals and role-play the price conversation "
        "with your leader before each customer meeting.",
        21,
        ["Negotiation", "Objection handling"],
    ),
    (
        "Qualify out three stalled deals",
        "Review every deal older than the team's average cycle; for each, confirm a compelling "
        "event and a decision date with the customer, or close it as lost.",
        14,
        ["Qualification", "Pipeline management"],
    ),
    (
        "Weekly forecast call with evidence",
        "Every week, call commit and best case deal by deal with the evidence behind each "
        "(customer's words, dates, signatures). Compare with the result at quarter end.",
        56,
        ["Forecasting discipline", "Pipeline management"],
    ),
    (
        "Mutual close plans for every deal in commit",
        "Write a close plan with the customer for each committed deal: steps, owners, dates.",
        28,
        ["Closing", "Forecasting discipline"],
    ),
    (
        "Product certification and a demo to the team",
        "Complete the product certification and give a fifteen-minute demo at the team meeting.",
        30,
        ["Product knowledge"],
    ),
    (
        "Open one new segment this quarter",
        "Choose a segment you have not sold into, build a list of ten target accounts and get "
        "three first meetings.",
        60,
        ["Customer breadth", "Prospecting"],
    ),
    (
        "Clean up close dates and stages",
        "Go through every open deal with your leader; correct stages and close dates to what "
        "the customer has said, and move the deals closing two or more quarters out forward.",
        14,
        ["Pipeline management"],
    ),
]


def seed(skill_model: Any, template_model: Any) -> None:
    """Write the default libraries, leaving entries that already exist as they are."""
    skills = {}
    for name, kind, description, metrics in DEFAULT_SKILLS:
        skills[name], _ = skill_model.objects.get_or_create(
            name=name, defaults={"kind": kind, "description": description, "metrics": metrics}
        )
    for title, description, days, skill_names in DEFAULT_ASSIGNMENTS:
        template, created = template_model.objects.get_or_create(
            title=title, defaults={"description": description, "days": days}
        )
        if created:
            template.skills.set([skills[name] for name in skill_names])
