"""The soak's report: requests and answers, failures explained or not, plan runs, faults and
the invariant check, as a Markdown table (``bench/soak.py``)."""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench.soak_clients import Recorder, Sample
from bench.soak_faults import Faults

# A request in flight when its web worker was SIGKILLed ends within this much after the kill.
KILL_SLACK_SECONDS = 1.0


@dataclass
class Summary:
    seconds: float
    commit: str
    requests: int
    answered: int
    by_status: dict[str, int]
    failures: dict[str, int]  # kind -> count, explained or not
    explained: dict[str, int]  # "web worker killed: reset" -> count
    unexplained: dict[str, int]
    unexplained_examples: list[str]
    by_kind: dict[str, dict[str, int]]
    runs_requested: int
    runs_by_trigger: dict[str, int]
    runs_by_status: dict[str, int]
    runs_settled: bool
    runs_failed_why: dict[str, int]
    faults: list[dict]
    invariants_rc: int | None
    violations: int | None  # lines the check printed, one per violation
    invariants_output: str
    logs: str
    load: str = field(default_factory=lambda: " / ".join(f"{n:.1f}" for n in os.getloadavg()))
    when: str = field(default_factory=lambda: dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M"))

    @property
    def passed(self) -> bool:
        return (
            not self.unexplained
            and self.runs_settled
            and self.invariants_rc == 0
            and self.violations == 0
            and self.answered > 0
        )

    def as_dict(self) -> dict:
        return {**asdict(self), "passed": self.passed}


def _explanation(sample: Sample, kills: list[float]) -> str | None:
    """Which injected fault accounts for this failed request, if any."""
    if sample.injected and sample.failure == "timeout":
        return "client timeout (injected)"
    in_flight = any(sample.started - KILL_SLACK_SECONDS <= kill <= sample.ended for kill in kills)
    broken = sample.failure in ("reset", "closed") or (sample.failure or "").startswith("error")
    if in_flight and (broken or (sample.status or 0) >= 500):
        return "in flight to the killed web worker"
    return None


def summarise(
    *,
    recorder: Recorder,
    faults: Faults,
    runs: list[dict],
    settled: bool,
    invariants_rc: int | None,
    violations: int | None,
    invariants_output: str,
    seconds: float,
    commit: str,
    logs: Path,
) -> Summary:
    samples = list(recorder.samples)
    kills = [f.at for f in faults.done if f.kind == "web_worker_kill" and f.injected]
    by_status: Counter = Counter()
    failures: Counter = Counter()
    explained: Counter = Counter()
    unexplained: Counter = Counter()
    examples: list[str] = []
    by_kind: dict[str, Counter] = {}
    for sample in samples:
        outcome = str(sample.status) if sample.status is not None else sample.failure
        outcome = "error" if outcome.startswith("error") else outcome
        by_kind.setdefault(sample.kind, Counter())[outcome] += 1
        if sample.status is not None:
            by_status[str(sample.status)] += 1
        failed = sample.status is None or sample.status >= 500
        if not failed:
            continue
        what = sample.failure or f"{sample.status}"
        what = "error" if what.startswith("error") else what
        failures[what] += 1
        why = _explanation(sample, kills)
        if why:
            explained[f"{what}: {why}"] += 1
        else:
            unexplained[what] += 1
            if len(examples) < 10:
                kill = min(kills, key=lambda k: abs(k - sample.started), default=None)
                near = (
                    ""
                    if kill is None
                    else f", nearest web worker kill {kill - sample.started:+.1f} s"
                )
                examples.append(
                    f"{sample.kind} -> {sample.failure or what}"
                    f" (took {sample.ended - sample.started:.1f} s{near})"
                )
    answered = sum(1 for s in samples if s.status is not None and s.status < 500)
    requested = {r["id"] for r in runs if r.get("trigger") == "manual"}
    return Summary(
        seconds=seconds,
        commit=commit,
        requests=len(samples),
        answered=answered,
        by_status=dict(sorted(by_status.items())),
        failures=dict(sorted(failures.items())),
        explained=dict(sorted(explained.items())),
        unexplained=dict(sorted(unexplained.items())),
        unexplained_examples=examples,
        by_kind={k: dict(sorted(v.items())) for k, v in sorted(by_kind.items())},
        runs_requested=len(requested),
        runs_by_trigger=dict(sorted(Counter(r.get("trigger", "?") for r in runs).items())),
        runs_by_status=dict(sorted(Counter(r.get("status", "?") for r in runs).items())),
        runs_settled=settled,
        runs_failed_why=dict(
            Counter(_why(r.get("error") or "") for r in runs if r.get("status") == "failed")
        ),
        faults=[asdict(f) for f in faults.done],
        invariants_rc=invariants_rc,
        violations=violations,
        invariants_output=invariants_output,
        logs=str(logs),
    )


def render(summary: Summary) -> str:
    s = summary
    verdict = "PASSED" if s.passed else "FAILED"
    rows = [
        (
            "load",
            f"{s.seconds:.0f} s, commit `{s.commit}`, {s.when} UTC, load average after {s.load}",
        ),
        ("requests made", f"{s.requests:,}"),
        ("answered (any status below 500)", f"{s.answered:,}"),
        ("answers by status", ", ".join(f"{k}: {v:,}" for k, v in s.by_status.items())),
        ("not answered or 5xx, by kind", _pairs(s.failures)),
        ("... explained by an injected fault", _pairs(s.explained)),
        ("... unexplained", _pairs(s.unexplained)),
        ("plan runs requested by operations", f"{s.runs_requested}"),
        ("plan runs by trigger (all)", _pairs(s.runs_by_trigger)),
        ("plan runs by final status", _pairs(s.runs_by_status)),
        ("why runs failed", _pairs(s.runs_failed_why)),
        ("every plan run ended", "yes" if s.runs_settled else "NO"),
        ("faults injected", _pairs(_fault_counts(s.faults))),
        ("invariant check", _invariants(s)),
        ("verdict", verdict),
    ]
    lines = [f"# Soak: {verdict}", "", "| what | figure |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in rows]
    lines += ["", "Faults, in order:", ""]
    lines += [
        f"- {f['kind']}{'' if f['injected'] else ' (not injected)'}: {f['detail']}"
        for f in s.faults
    ]
    lines += ["", "Requests by kind (outcome: count):", "", "| request | outcomes |", "|---|---|"]
    lines += [f"| {k} | {_pairs(v)} |" for k, v in s.by_kind.items()]
    if s.unexplained_examples:
        lines += ["", "Unexplained failures (first ten):", ""]
        lines += [f"- {e}" for e in s.unexplained_examples]
    lines += ["", "The invariant check said:", "", "```", s.invariants_output or "(nothing)", "```"]
    lines += ["", f"Logs of the processes: `{s.logs}`", ""]
    return "\n".join(lines)


def _why(error: str) -> str:
    """A failed run's reason in a line: a traceback's last line, without the run's details."""
    lines = [line.strip() for line in error.strip().splitlines() if line.strip()]
    last = lines[-1] if lines else "(no reason)"
    return last[:160].replace("|", "/")


def _pairs(counts: dict) -> str:
    return ", ".join(f"{k}: {v:,}" for k, v in counts.items()) or "none"


def _fault_counts(faults: list[dict]) -> dict[str, int]:
    return dict(Counter(f["kind"] for f in faults if f["injected"]))


def _invariants(s: Summary) -> str:
    if s.invariants_rc is None:
        return "NOT RUN: `manage.py check_invariants` does not exist in this tree"
    if s.invariants_rc == 0 and s.violations == 0:
        return "no violation (exit 0)"
    return f"{s.violations} VIOLATION(S) (exit {s.invariants_rc}), listed below"
