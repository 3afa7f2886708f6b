"""Load the official 2004–2026 schedules from chinesecalendar into every new database.

The library is read here and by `gongkai calendar seed` only; requests read the table.
"""

import uuid

from django.db import migrations
from django.utils import timezone


def seed(apps, schema_editor):
    from chinese_calendar import constants

    CalendarEntry = apps.get_model("workdays", "CalendarEntry")
    CalendarYear = apps.get_model("workdays", "CalendarYear")
    CalendarRevision = apps.get_model("workdays", "CalendarRevision")

    # The notices write 清明节、端午节、中秋节; the library abbreviates them.
    notice_names = {"清明": "清明节", "端午": "端午节", "中秋": "中秋节"}
    chinese = {
        h.value: notice_names.get(h.chinese, h.chinese) for h in constants.Holiday
    }
    years = sorted(
        {d.year for d in constants.holidays} | {d.year for d in constants.workdays}
    )
    existing = set(
        CalendarEntry.objects.filter(scope="national").values_list("date", flat=True)
    )
    rows = []
    for kind, table in (
        ("holiday", constants.holidays),
        ("makeup_workday", constants.workdays),
    ):
        for day, name in sorted(table.items()):
            if day in existing:
                continue
            rows.append(
                CalendarEntry(
                    date=day,
                    kind=kind,
                    scope="national",
                    name=chinese.get(name, name)[:60],
                    reason="国务院办公厅关于部分节假日安排的通知（chinesecalendar 1.11.0 整理）",
                    source="seed",
                )
            )
    CalendarEntry.objects.bulk_create(rows, batch_size=500)
    now = timezone.now()
    for year in years:
        CalendarYear.objects.get_or_create(
            year=year,
            defaults={
                "source": "seed",
                "title": "chinesecalendar 1.11.0",
                "loaded_at": now,
            },
        )
    CalendarRevision.objects.update_or_create(
        pk=1, defaults={"token": uuid.uuid4().hex}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("workdays", "0001_calendar_entries_and_years"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
