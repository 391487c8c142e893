import time
import uuid

import pytest

from infra.health.models import WorkerHeartbeat
from infra.health.tasks import record_worker_heartbeat_task


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_task_sent_through_the_broker_is_run_by_the_worker(celery_broker):
    worker_name = f"probe-{uuid.uuid4().hex[:8]}"

    result = record_worker_heartbeat_task.apply_async(kwargs={"worker": worker_name})

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if WorkerHeartbeat.objects.filter(worker=worker_name).exists():
            break
        time.sleep(0.2)
    else:
        pytest.fail(
            f"Task {result.id} was not executed within 30 s: is a worker consuming the "
            "'default' queue with DATABASE_URL pointing at the test database?"
        )
    assert WorkerHeartbeat.objects.get(worker=worker_name).beats == 1


@pytest.mark.django_db
def test_eager_heartbeat_counts_every_beat():
    record_worker_heartbeat_task.delay(worker="local")
    record_worker_heartbeat_task.delay(worker="local")

    assert WorkerHeartbeat.objects.get(worker="local").beats == 2
