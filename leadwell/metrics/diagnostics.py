"""The default diagnostic map: for a gap in a metric, the skills and behaviours that most often
cause it. Seeded into the Diagnosis table by a migration; the table is what gap analysis reads,
so administrators can change the map without a release."""

PROSPECTING = "Prospecting"
DISCOVERY = "Discovery"
QUALIFICATION = "Qualification"
NEGOTIATION = "Negotiation"
CLOSING = "Closing"
ACCOUNT_PLANNING = "Account planning"
FORECASTING = "Forecasting discipline"
TIME = "Time management"
PRODUCT = "Product knowledge"

DEFAULT_MAP: dict[str, list[tuple[str, str]]] = {
    "bookings": [
        (PROSPECTING, "Too few opportunities entering the funnel to reach the number."),
        (CLOSING, "Opportunities reach the end of the funnel but do not sign."),
    ],
    "quota_attainment": [
        (PROSPECTING, "Not enough pipeline was built early enough in the period."),
        (CLOSING, "Deals in the late stages do not convert."),
    ],
    "deals_won": [
        (PROSPECTING, "Too few opportunities to win from."),
        (CLOSING, "Opportunities stall at the last step."),
    ],
    "win_rate": [
        (QUALIFICATION, "Opportunities that were never going to buy stay in the pipeline."),
        (DISCOVERY, "The customer's need and decision process are not understood."),
        (PRODUCT, "The solution is not matched convincingly to the need."),
    ],
    "win_rate_value": [
        (QUALIFICATION, "The large opportunities that are pursued are the wrong ones."),
        (NEGOTIATION, "Large deals are lost on terms and price."),
    ],
    "avg_deal_size": [
        (DISCOVERY, "The full scope of the customer's need is not uncovered."),
        (NEGOTIATION, "Value is given away in discounts."),
        (ACCOUNT_PLANNING, "No plan to expand within the account."),
    ],
    "sales_cycle_days": [
        (QUALIFICATION, "Deals without urgency or budget are worked for months."),
        (CLOSING, "No mutual plan to a decision date."),
        (TIME, "Follow-ups slip between meetings."),
    ],
    "pipeline_created": [
        (PROSPECTING, "Not enough time spent opening new conversations."),
        (TIME, "Prospecting time is crowded out by other work."),
    ],
    "open_pipeline": [(PROSPECTING, "The pipeline for the period is too thin.")],
    "weighted_pipeline": [
        (PROSPECTING, "Too little pipeline."),
        (QUALIFICATION, "Opportunities do not advance to later stages."),
    ],
    "pipeline_coverage": [
        (PROSPECTING, "Pipeline does not cover what is left of the quota."),
        (ACCOUNT_PLANNING, "Existing accounts are not mined for new opportunities."),
    ],
    "slipped_deals": [
        (QUALIFICATION, "Close dates are set without the customer's commitment."),
        (FORECASTING, "Close dates are optimistic."),
        (CLOSING, "No mutual plan to a decision date."),
    ],
    "pulled_in_deals": [
        (FORECASTING, "Deals are pulled forward to make the quarter, not closed on their merits."),
        (ACCOUNT_PLANNING, "Customers are being conditioned to expect a quarter-end ask."),
    ],
    "quarter_end_share": [
        (TIME, "Work is left to the last weeks of the quarter."),
        (CLOSING, "Deals close only under quarter-end pressure."),
    ],
    "activities_per_week": [(TIME, "Selling time is lost to other work.")],
    "calls_per_week": [(PROSPECTING, "Too few calls to open new conversations.")],
    "emails_per_week": [(PROSPECTING, "Too little outreach.")],
    "meetings_per_week": [
        (PROSPECTING, "Outreach does not turn into meetings."),
        (TIME, "Too little time in front of customers."),
    ],
    "demos_per_week": [(DISCOVERY, "Opportunities do not progress to a demonstration.")],
    "meetings_per_opportunity": [
        (DISCOVERY, "Too little contact with each customer to understand the need."),
        (ACCOUNT_PLANNING, "Only one contact is engaged in each account."),
    ],
    "forecast_accuracy": [(FORECASTING, "Forecasts are not based on evidence from the deals.")],
    "forecast_bias": [
        (FORECASTING, "Forecasts are consistently high or consistently low (sandbagging)."),
    ],
    "pipeline_horizon": [
        (PROSPECTING, "Little pipeline is being built for the quarters after next."),
        (ACCOUNT_PLANNING, "No long-term plan for the key accounts."),
    ],
    "accounts_won": [(PROSPECTING, "Wins come from too few customers.")],
    "new_accounts": [(PROSPECTING, "Too little work to open new customers.")],
    "segments_sold_into": [(ACCOUNT_PLANNING, "Selling stays in one familiar segment.")],
    "top_account_share": [(ACCOUNT_PLANNING, "The number depends on a single large customer.")],
}


def seed(diagnosis_model) -> None:
    """Write the default map (leaving causes already there); `diagnosis_model` is the model
    class, so a migration can pass its historical one."""
    diagnosis_model.objects.bulk_create(
        [
            diagnosis_model(metric=metric, cause=cause, explanation=why, order=order)
            for metric, causes in DEFAULT_MAP.items()
            for order, (cause, why) in enumerate(causes)
        ],
        ignore_conflicts=True,
    )
