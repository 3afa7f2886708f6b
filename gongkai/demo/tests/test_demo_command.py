"""`gongkai demo --no-serve`: the README's first command, on the test database."""

from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from gongkai.core.models import Agency, User
from gongkai.publishing.queries import public_documents
from gongkai.reports import queries as report_queries
from gongkai.reports.models import AnnualReport
from gongkai.search.params import SearchParams
from gongkai.search.queries import search


def test_demo_loads_a_working_platform(db, client):
    out = StringIO()
    call_command("demo", "--no-serve", stdout=out)
    printed = out.getvalue()

    # One account per role, with the printed password working.
    for username in ("drafter", "reviewer", "approver", "agencyadmin", "admin"):
        line = next(
            line for line in printed.splitlines() if f"用户名 {username} " in line
        )
        password = line.split("密码 ")[1].split()[0]
        assert User.objects.get(username=username).check_password(password)

    # The five seeds and a few hundred corpus documents, public and searchable.
    assert public_documents().count() >= 300
    assert public_documents().filter(doc_number="国办发〔2020〕17号").exists()
    for q in (
        "关于印发2020年政务公开工作要点的通知",
        "国办发[2020]17号",
        "国办发 2020 17",
    ):
        hits = search(SearchParams(q=q)).hits
        assert (
            hits and hits[0].title == "国务院办公厅关于印发2020年政务公开工作要点的通知"
        ), q

    # Every workflow state has an example: the queues and the portal show them.
    from gongkai.publishing.models import Document, Revision

    wuqia = Document.objects.filter(agency__slug="wuqia")
    repealed = wuqia.get(doc_number="乌政发〔2019〕12号")
    assert repealed.validity == "repealed"
    withdrawn = wuqia.get(status=Document.Status.WITHDRAWN)
    assert client.get(withdrawn.get_absolute_url()).status_code == 410
    policy = wuqia.get(title="乌恰县优化营商环境若干措施")
    assert policy.interpretations.get().is_public
    states = set(
        Revision.objects.filter(document__agency__slug="wuqia").values_list(
            "status", flat=True
        )
    )
    assert {"draft", "in_review", "in_approval", "returned", "published"} <= states

    # Last year's applications give a consistent annual report (only the narrative
    # placeholders the staff must fill remain).
    year = timezone.localdate().year - 1
    agency = Agency.objects.get(slug="wuqia")
    report = AnnualReport.objects.get(agency=agency, year=year)
    rules = {v.rule for v in report_queries.check(report)}
    assert not rules & {"C1", "C2", "C3", "C4", "C5", "C6", "C7"}

    # A second run keeps the content and only renews the passwords.
    count = public_documents().count()
    call_command("demo", "--no-serve", stdout=StringIO())
    assert public_documents().count() == count
