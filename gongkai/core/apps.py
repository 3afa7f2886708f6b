from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _analyze_sqlite(using: str = "default", **kwargs: object) -> None:
    """Refresh SQLite's planner statistics after migrations.

    A migration that rebuilds a table drops its statistics, and without them SQLite
    can pick a poor index (measured: the FOI overdue page at 0.86 s instead of 5 ms).
    PostgreSQL's autovacuum keeps its own statistics current.
    """
    from django.db import connections

    connection = connections[using]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


class CoreConfig(AppConfig):
    name = "gongkai.core"
    verbose_name = "机构与用户"

    def ready(self) -> None:
        # Once per migrate run, after every app's migrations (core is installed first,
        # but post_migrate fires after all of them).
        post_migrate.connect(
            _analyze_sqlite, sender=self, dispatch_uid="gongkai-analyze"
        )
