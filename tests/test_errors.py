"""One table of exit codes: every code has one meaning, and nothing picks a bare number."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import controlroom
from controlroom.errors import ExitCode, UserError

ROOT = Path(controlroom.__file__).parent
# Run by another interpreter (Debian's python3 with GStreamer), not importable here.
NOT_IMPORTABLE = {"controlroom.video._rtsp_server"}


def _all_user_errors() -> list[type[UserError]]:
    for info in pkgutil.walk_packages([str(ROOT)], "controlroom."):
        if info.name not in NOT_IMPORTABLE and not info.name.endswith("__main__") \
                and not info.name.startswith("controlroom.migrations"):
            importlib.import_module(info.name)
    found: list[type[UserError]] = []
    todo: list[type[UserError]] = [UserError]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return found


def test_every_code_has_one_name() -> None:
    values = [int(c) for c in ExitCode]
    assert len(values) == len(set(values))
    assert ExitCode.OK == 0 and ExitCode.INVALID_INPUT == 2  # argparse's usage code


def test_every_error_names_a_code_of_the_table() -> None:
    """A number has one meaning because it has one name: an error class declares its
    meaning by naming a member (ProbeError and OnvifError both say CAMERA_UNREACHABLE,
    on purpose); a bare number, or two names for one number, is what let 8 and 9 each
    mean three things."""
    for cls in _all_user_errors():
        code = vars(cls).get("exit_code")
        if code is not None:
            assert isinstance(code, ExitCode), f"{cls.__qualname__}.exit_code is a bare number"


def _is_command(node: ast.AST) -> bool:
    """A CLI command function: `def _x(args: argparse.Namespace) -> int`."""
    return isinstance(node, ast.FunctionDef) and any(a.arg == "args" for a in node.args.args)


def _bare_numbers(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    values: list[tuple[int, ast.expr | None]] = []
    for node in ast.walk(tree):
        targets = (node.targets if isinstance(node, ast.Assign)
                   else [node.target] if isinstance(node, ast.AnnAssign) else [])
        if any(isinstance(t, ast.Name) and t.id == "exit_code" for t in targets):
            values.append((node.lineno, getattr(node, "value", None)))
        if path.parent.name == "cli" and _is_command(node):
            values += [(r.lineno, r.value) for r in ast.walk(node) if isinstance(r, ast.Return)]
    out = []
    for line, value in values:
        choices = [value.body, value.orelse] if isinstance(value, ast.IfExp) else [value]
        if any(isinstance(v, ast.Constant) and type(v.value) is int and v.value != 0
               for v in choices):
            out.append(f"{path.relative_to(ROOT)}:{line}")
    return out


def test_exit_codes_come_from_the_table() -> None:
    bare = [hit for p in sorted(ROOT.rglob("*.py"))
            if "migrations" not in p.parts and p.stem != "_rtsp_server"
            for hit in _bare_numbers(p)]
    assert bare == [], "use controlroom.errors.ExitCode, not a number: " + ", ".join(bare)
