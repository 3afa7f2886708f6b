"""Publishing views change state only through actions and read only through access
and queries."""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[1]
MODELS = {"Document", "Revision", "Attachment", "CatalogueNode", "DocumentRelation"}


def _tree(name: str) -> ast.AST:
    return ast.parse((APP / name).read_text(encoding="utf-8"))


def test_views_and_forms_never_assign_status():
    for name in ("views.py", "forms.py"):
        for node in ast.walk(_tree(name)):
            targets = []
            if isinstance(node, ast.Assign):
                targets = node.targets
            elif isinstance(node, ast.AugAssign | ast.AnnAssign):
                targets = [node.target]
            for target in targets:
                assert not (
                    isinstance(target, ast.Attribute)
                    and target.attr in ("status", "index_number", "validity")
                ), f"{name}:{node.lineno} assigns .{target.attr}"


def test_views_never_use_model_managers_or_save():
    """Objects come from publishing.access (404 for other agencies), changes from
    publishing.actions."""
    for node in ast.walk(_tree("views.py")):
        if isinstance(node, ast.Attribute):
            if node.attr == "objects" and isinstance(node.value, ast.Name):
                assert node.value.id not in MODELS, f"views.py:{node.lineno}"
            assert node.attr not in ("save", "delete", "update", "create"), (
                f"views.py:{node.lineno} calls .{node.attr}()"
            )
