"""Leadership itself: the leader's vision and fixed high-level goals with every change explained
(`vision/`), leading yourself with purpose, strengths and career aspirations (`yourself/`), and
every seller's quarterly pivot to leadership (`pivot/`). Each area keeps its models, rules,
services, selectors, pages and API in its own package; the modules at this level gather them
for Django, the policy, the audit trail, the personal data export and the API."""
