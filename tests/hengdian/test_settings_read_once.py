"""The settings are one file read from top to bottom: each setting is said once (issue 19)."""

from __future__ import annotations

import ast
from pathlib import Path

SETTINGS = Path(__file__).resolve().parents[2] / "hengdian" / "settings" / "__init__.py"


def _module_statements(tree: ast.Module):
    """Statements at the module's level, those inside its ifs and elses included."""
    stack = list(tree.body)
    while stack:
        node = stack.pop(0)
        yield node
        if isinstance(node, ast.If):
            stack[:0] = [*node.body, *node.orelse]


def _is_setting(node: ast.expr) -> bool:
    while isinstance(node, ast.Subscript):
        node = node.value
    return isinstance(node, ast.Name) and node.id.isupper() and not node.id.startswith("_")


def test_no_setting_is_changed_after_it_is_defined():
    tree = ast.parse(SETTINGS.read_text(encoding="utf-8"))
    defined_at: dict[str, int] = {}
    later = []
    for node in _module_statements(tree):
        if isinstance(node, ast.AugAssign):
            later.append(f"line {node.lineno}: {ast.unparse(node.target)} +=")
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Subscript) and _is_setting(target.value):
                    later.append(f"line {node.lineno}: {ast.unparse(target)} =")
                elif isinstance(target, ast.Name) and target.id.isupper():
                    if target.id in defined_at:
                        later.append(f"line {node.lineno}: {target.id} again")
                    defined_at[target.id] = node.lineno
    assert later == []
