import pytest

from hengdian.env import EnvError, env_bool, env_database, env_int, env_list, env_str


def test_env_bool_reads_the_usual_spellings(monkeypatch):
    for raw, expected in [("1", True), ("yes", True), ("On", True), ("0", False), ("off", False)]:
        monkeypatch.setenv("HD_FLAG", raw)
        assert env_bool("HD_FLAG", default=not expected) is expected


def test_env_bool_refuses_a_value_that_is_not_a_boolean(monkeypatch):
    monkeypatch.setenv("HD_FLAG", "maybe")
    with pytest.raises(EnvError) as caught:
        env_bool("HD_FLAG", default=False)
    assert str(caught.value) == (
        "HD_FLAG='maybe' is not a boolean (use 1/0, true/false, yes/no, on/off)"
    )


def test_env_bool_missing_takes_the_default(monkeypatch):
    monkeypatch.delenv("HD_FLAG", raising=False)
    assert env_bool("HD_FLAG", default=True) is True


def test_env_int_refuses_text_and_values_below_the_minimum(monkeypatch):
    monkeypatch.setenv("HD_N", "ten")
    with pytest.raises(EnvError, match="HD_N='ten' is not an integer"):
        env_int("HD_N", 1)
    monkeypatch.setenv("HD_N", "3")
    with pytest.raises(EnvError, match="HD_N=3 must be at least 5"):
        env_int("HD_N", 10, minimum=5)
    monkeypatch.setenv("HD_N", "12")
    assert env_int("HD_N", 10, minimum=5) == 12


def test_env_str_required_without_default(monkeypatch):
    monkeypatch.delenv("HD_SECRET", raising=False)
    with pytest.raises(EnvError, match="HD_SECRET must be set"):
        env_str("HD_SECRET")


def test_env_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("HD_HOSTS", " a.example , b.example,, ")
    assert env_list("HD_HOSTS", []) == ["a.example", "b.example"]


def test_env_database_parses_postgres_and_sqlite(monkeypatch):
    monkeypatch.setenv("HD_DB", "postgres://postgres@127.0.0.1:5432/hengdian")
    config = env_database("HD_DB", "sqlite:///x.db")
    assert (config["ENGINE"], config["NAME"], config["HOST"], config["PORT"], config["USER"]) == (
        "django.db.backends.postgresql",
        "hengdian",
        "127.0.0.1",
        5432,
        "postgres",
    )
    monkeypatch.delenv("HD_DB")
    assert env_database("HD_DB", "sqlite:////tmp/x.db")["ENGINE"] == "django.db.backends.sqlite3"


def test_env_database_refuses_an_unknown_scheme(monkeypatch):
    monkeypatch.setenv("HD_DB", "nosuchdb://host/name")
    with pytest.raises(EnvError, match="HD_DB='nosuchdb://host/name'"):
        env_database("HD_DB", "sqlite:///x.db")
