from django.apps import AppConfig
from django.db.models.signals import post_save


def _seed_new_agency_catalogue(sender, instance, created, raw=False, **kwargs):  # type: ignore[no-untyped-def]
    # core sits below publishing and cannot call it; every way of creating an agency
    # (staff console, Django admin, import, shell) still gets the standard 目录.
    if created and not raw:
        from gongkai.publishing.actions import seed_catalogue

        seed_catalogue(instance)


class PublishingConfig(AppConfig):
    name = "gongkai.publishing"
    verbose_name = "主动公开"

    def ready(self) -> None:
        from gongkai.core.models import Agency

        post_save.connect(
            _seed_new_agency_catalogue,
            sender=Agency,
            dispatch_uid="publishing.seed_new_agency_catalogue",
        )
        from gongkai.publishing.actions import iter_search_entries
        from gongkai.search.index import register_source

        register_source("document", iter_search_entries)
