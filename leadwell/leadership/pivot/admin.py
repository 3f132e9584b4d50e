"""Nothing of the pivot to leadership is in the Django admin: challenges, self-assessments,
answers and responses are confidential to the person and their management line, and an
administrator does not read them by being one. They change through the pages and the API,
whose services record every change in the audit trail."""
