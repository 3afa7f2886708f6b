"""The dependency direction and the single write path, checked on the code itself."""

from __future__ import annotations

import ast
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parents[1]

# Lower number = lower layer. Relations may only point to the same or a lower layer.
LAYER = {
    "core": 2,
    "workdays": 3,
    "search": 4,
    "publishing": 5,
    "foi": 6,
    "reports": 7,
    "portal": 8,
    "demo": 9,
}


def test_model_relations_point_down():
    for model in apps.get_models():
        own = model._meta.app_label
        for field in model._meta.get_fields():
            if not (field.is_relation and field.concrete and field.related_model):
                continue
            other = field.related_model._meta.app_label
            if own in LAYER and other in LAYER and other != own:
                assert LAYER[other] < LAYER[own], (
                    f"{model.__name__}.{field.name} -> {other}"
                )


def _python_files():
    for path in ROOT.rglob("*.py"):
        parts = set(path.relative_to(ROOT).parts)
        if "migrations" in parts or "tests" in parts or path.name == "conftest.py":
            continue
        yield path


def test_status_is_assigned_only_in_actions():
    """Views, forms and commands change state through actions, never `.status =`."""
    offenders = []
    for path in _python_files():
        if path.name == "actions.py" or path.parent.name == "domain":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            targets = []
            if isinstance(node, ast.Assign):
                targets = node.targets
            elif isinstance(node, ast.AugAssign | ast.AnnAssign):
                targets = [node.target]
            for target in targets:
                if isinstance(target, ast.Attribute) and target.attr == "status":
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def test_apps_import_no_views_or_forms_of_other_apps():
    offenders = []
    for path in _python_files():
        own = path.relative_to(ROOT).parts[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                parts = node.module.split(".")
                if (
                    len(parts) >= 3
                    and parts[0] == "gongkai"
                    and parts[1] != own
                    and parts[2] in ("views", "forms")
                ):
                    offenders.append(f"{path.relative_to(ROOT)} imports {node.module}")
    assert offenders == []


def test_domain_modules_import_no_django():
    for path in (ROOT / "domain").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert not name.startswith("django"), f"{path.name} imports {name}"
                assert not name.startswith("gongkai.") or name.startswith(
                    "gongkai.domain"
                ), f"{path.name} imports {name}"
