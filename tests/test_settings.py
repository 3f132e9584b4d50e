import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from leadwell.lib.env import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parent.parent


def variables_read_by_the_code() -> set[str]:
    found: set[str] = set()
    for path in [*ROOT.joinpath("leadwell").rglob("*.py"), *ROOT.joinpath("tests").rglob("*.py")]:
        if path.name == "test_settings.py":  # its made-up variables test the readers
            continue
        text = path.read_text()
        found |= {
            f"LEADWELL_{name}"
            for name in re.findall(r'env_(?:str|bool|int|list)\("([A-Z_]+)"', text)
        }
        found |= set(re.findall(r'"(LEADWELL_[A-Z_]+)"', text))
    return found


def test_every_leadwell_variable_the_code_reads_is_documented_in_the_readme():
    readme = ROOT.joinpath("README.md").read_text()
    undocumented = {name for name in variables_read_by_the_code() if f"`{name}`" not in readme}
    assert not undocumented


def test_switches_accept_the_usual_words_and_refuse_anything_else(monkeypatch):
    monkeypatch.setenv("LEADWELL_X", "Yes")
    assert env_bool("X", default=False) is True
    monkeypatch.setenv("LEADWELL_X", "off")
    assert env_bool("X", default=True) is False
    monkeypatch.setenv("LEADWELL_X", "maybe")
    with pytest.raises(ImproperlyConfigured, match="LEADWELL_X must be true or false"):
        env_bool("X", default=False)


def test_numbers_and_lists_are_read_with_clear_errors(monkeypatch):
    monkeypatch.setenv("LEADWELL_N", "twelve")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env_int("N", 1)
    monkeypatch.setenv("LEADWELL_HOSTS", " a.example.com, ,b.example.com ")
    assert env_list("HOSTS", []) == ["a.example.com", "b.example.com"]
