"""The one seam through which services queue background work: a task by its name.

Services sit below tasks (``STYLE.md``: tasks call services, never the other way), yet a
service must sometimes ask for work in the background: a plan run, the outbox. It names the
task (each ``@shared_task`` has an explicit ``name``) and this seam sends it, to the broker, or
in-process when no broker is configured (Celery's eager mode, the embedded default). Callers
send after their transaction commits (``transaction.on_commit``), so a worker never looks for a
row that is not there yet.
"""

from __future__ import annotations

from celery import current_app


def task_send(name: str, *args, task_id: str | None = None) -> None:
    """Sends the task registered under ``name`` with ``args``; raises what the broker raises."""
    current_app.tasks[name].apply_async(args, task_id=task_id, retry=False)


def tasks_run_in_process() -> bool:
    """Whether tasks run here, in the sender's process (no broker configured)."""
    return bool(current_app.conf.task_always_eager)
