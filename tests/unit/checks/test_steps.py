"""The step runner behind the gate and verify."""

from nova_glance_v2 import errors
from nova_glance_v2.checks import steps


def _fail():
    raise errors.Unavailable("glance: unreachable")


def test_all_steps_pass():
    result = steps.run([("one", lambda: {"a": 1}), ("two", lambda: "ok")])
    assert result.exit_code == errors.EXIT_OK
    assert result.data["verdict"] == steps.PASS
    assert [s["result"] for s in result.data["steps"]] == ["PASS", "PASS"]
    assert result.data["steps"][0]["details"] == {"a": 1}


def test_first_failure_names_the_step_and_stops_the_run():
    ran = []
    result = steps.run([
        ("catalog", lambda: ran.append("catalog")),
        ("round trip", _fail),
        ("nova", lambda: ran.append("nova")),
    ])
    # The failing step's own exit code: unreachable is 3, not 1.
    assert result.exit_code == errors.EXIT_UNAVAILABLE
    assert result.data["verdict"] == steps.FAIL
    assert ran == ["catalog"]
    rows = {s["step"]: s for s in result.data["steps"]}
    assert rows["round trip"]["result"] == steps.FAIL
    assert rows["round trip"]["details"] == "glance: unreachable"
    assert rows["nova"]["result"] == steps.NOT_RUN


def test_a_failed_check_is_exit_1():
    def wrong():
        raise errors.CheckFailed("glance: v1 still advertised")

    result = steps.run([("discovery", wrong)])
    assert result.exit_code == errors.EXIT_CHECK_FAILED
    assert result.data["verdict"] == steps.FAIL


def test_a_bug_in_a_step_is_a_failed_row_and_exit_4():
    def buggy():
        return {}["missing"]

    result = steps.run([("upgrade", buggy), ("report", lambda: "ok")])
    assert result.exit_code == errors.EXIT_INTERNAL
    assert result.data["verdict"] == steps.FAIL
    rows = {s["step"]: s for s in result.data["steps"]}
    assert rows["upgrade"]["result"] == steps.FAIL
    assert rows["upgrade"]["details"].startswith(
        "internal error: KeyError: 'missing'")
    assert rows["report"]["result"] == steps.NOT_RUN
