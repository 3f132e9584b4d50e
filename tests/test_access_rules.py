"""The access rules are declared by each app beside its models and collected by the policy:
a new app adds rules without editing the policy, a rule declared twice stops the start-up, the
policy imports no app's models but the org chart's, and docs/access.md is the declared rules."""

import ast
import sys
import textwrap
from pathlib import Path

import pytest
from django.apps import AppConfig, apps
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError

from leadwell import policy
from leadwell.lib.access import Relation as R
from leadwell.lib.access import action, rule
from leadwell.org.models import Person

ROOT = Path(__file__).resolve().parents[1]


def new_app(tmp_path, monkeypatch, name: str, rules: str) -> AppConfig:
    """An app the policy has never heard of, with a rules.py, importable from tmp_path."""
    package = tmp_path / name
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "rules.py").write_text(textwrap.dedent(rules))
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, f"{name}.rules", raising=False)
    __import__(name)
    return AppConfig(name, sys.modules[name])


def test_a_new_apps_rules_are_collected_without_editing_the_policy(tmp_path, monkeypatch):
    pulse = new_app(
        tmp_path,
        monkeypatch,
        "pulse",
        """
        from leadwell.lib.access import Relation as R, action, rule
        from leadwell.org.models import Person

        RULES = (
            action("pulse.send_survey", R.DIRECTOR, who="directors"),
            rule(Person, "view_pulse", R.SELF, R.LINE, person="pk", who="the seller and line"),
        )
        """,
    )
    collected = policy.collect([*apps.get_app_configs(), pulse])
    assert collected["pulse.send_survey"].app == "pulse"
    assert collected[(Person, "view_pulse")].rule.allowed == {R.SELF, R.LINE}
    # Everything the installed apps declare is still there, in the same order.
    assert list(collected)[: len(policy.declared())] == list(policy.declared())


def test_the_same_rule_declared_by_two_apps_stops_the_collection(tmp_path, monkeypatch):
    meddler = new_app(
        tmp_path,
        monkeypatch,
        "meddler",
        """
        from leadwell.lib.access import Relation as R, rule
        from leadwell.org.models import Person

        RULES = (rule(Person, "view_page", R.COLLEAGUE, who="everyone, suddenly"),)
        """,
    )
    with pytest.raises(ImproperlyConfigured, match=r"Person\.view_page is declared twice"):
        policy.collect([*apps.get_app_configs(), meddler])


def test_an_action_about_no_object_is_named_after_the_app_declaring_it(tmp_path, monkeypatch):
    squatter = new_app(
        tmp_path,
        monkeypatch,
        "squatter",
        """
        from leadwell.lib.access import Relation as R, action

        RULES = (action("crm.export_everything", R.ADMIN, who="administrators"),)
        """,
    )
    with pytest.raises(ImproperlyConfigured, match="squatter"):
        policy.collect([squatter])


def test_a_rule_names_the_paths_its_relations_need_and_says_who_in_words():
    with pytest.raises(ValueError, match="needs a path"):
        rule(Person, "view_pulse", R.SELF, who="the person")
    with pytest.raises(ValueError, match="need an object"):
        action("pulse.send_survey", R.SELF, who="the person")
    with pytest.raises(ValueError, match="say who"):
        rule(Person, "view_pulse", R.SELF, person="pk", who=" ")
    with pytest.raises(ValueError, match="at least one relation"):
        action("pulse.send_survey", who="nobody")


def _runtime_imports(source: str) -> set[str]:
    """The modules a module imports when it runs (not those imported for type checking)."""
    tree = ast.parse(source)
    checking_only = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and ast.unparse(block.test) == "TYPE_CHECKING"
        for node in ast.walk(block)
    }
    found = set()
    for node in ast.walk(tree):
        if id(node) in checking_only:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_the_policy_imports_no_apps_models_but_the_org_charts():
    imported = _runtime_imports((ROOT / "leadwell" / "policy.py").read_text())
    ours = {name for name in imported if name.startswith("leadwell")}
    assert ours == {"leadwell.lib.access", "leadwell.org", "leadwell.org.models"}


def test_every_app_with_models_declares_its_rules_beside_them():
    for config in apps.get_app_configs():
        if config.name.startswith("leadwell.") and list(config.get_models()):
            assert (Path(config.path) / "rules.py").exists(), config.name
            assert any(found.app == config.label for found in policy.declared().values())


def test_docs_access_md_is_the_table_of_the_declared_rules():
    assert (ROOT / "docs" / "access.md").read_text() == policy.access_table()
    for found in policy.declared().values():
        assert f"`{found.rule.action}`" in policy.access_table()
    call_command("access_doc", "--check")


def test_the_access_doc_command_writes_the_table_and_its_check_fails_when_stale(tmp_path):
    stale = tmp_path / "access.md"
    stale.write_text("# Who may do what\n\nNobody knows.\n")
    with pytest.raises(CommandError, match="differs"):
        call_command("access_doc", "--check", "--path", str(stale))
    call_command("access_doc", "--path", str(stale))
    assert stale.read_text() == policy.access_table()
