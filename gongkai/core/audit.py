"""The single way to write an audit event."""

from __future__ import annotations

from typing import Any

from django.db import models

from gongkai.core.models import Agency, AuditEvent, User


def build(
    subject: models.Model,
    action: str,
    *,
    actor: User | None,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    data: dict[str, Any] | None = None,
    agency: Agency | None = None,
) -> AuditEvent:
    """An unsaved event, for callers that write many at once with bulk_create."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if agency is None:
        agency = getattr(subject, "agency", None)
        if not isinstance(agency, Agency):
            agency = None
    return AuditEvent(
        actor=actor,
        agency=agency,
        subject_type=subject._meta.label_lower,
        subject_id=str(subject.pk),
        subject_label=str(subject)[:300],
        action=action,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        data=data or {},
    )


def record(subject: models.Model, action: str, **kwargs: Any) -> AuditEvent:
    """Write one event now (keyword arguments as for `build`)."""
    event = build(subject, action, **kwargs)
    event.save()
    return event


def events_for(subject: models.Model) -> models.QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        subject_type=subject._meta.label_lower, subject_id=str(subject.pk)
    ).select_related("actor")
