"""How a confidential object names itself wherever Django shows an object by its `str()`: the
admin's delete confirmations and history, error pages, log lines. Its kind and number only,
never its content, which only the policy's selectors hand out."""

from django.db import models


def without_content(obj: models.Model) -> str:
    return f"{obj._meta.verbose_name} #{obj.pk}"
