from django import template

from gongkai.lib.dates import local_today
from gongkai.workdays.queries import calendar_warning as _calendar_warning

register = template.Library()


@register.inclusion_tag("workdays/includes/calendar_warning.html")
def calendar_warning() -> dict[str, str | None]:
    """The missing-year warning (from 1 November for next year) for admins' pages."""
    return {"warning": _calendar_warning(local_today())}
