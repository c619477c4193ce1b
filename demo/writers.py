"""Where the generator's rows go: the ORM writer (the demo, tiers S and M) and the
base both writers share. The COPY writer for tier L is in `demo.copy_writer`.

Nothing goes through `save()`, so no audit entries are written: a generated world is
history, not activity.
"""

from __future__ import annotations

import time
from collections import defaultdict

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max

Row = dict[str, object]


class Writer:
    """Buffers rows per model, with ids chosen here, and writes each buffer in batches.

    Choosing ids here means a child never waits for its parent's id, so the big tables
    stream instead of sitting in memory. A row may reach the database before a row it
    points to: foreign keys are checked at commit (Django declares them deferrable), so
    use a writer inside one transaction.
    """

    batch = 5000

    def __init__(self) -> None:
        self.buffers: dict[type[models.Model], list[Row]] = defaultdict(list)
        self.next_id: dict[type[models.Model], int] = {}
        self.counts: dict[type[models.Model], int] = defaultdict(int)
        self.seconds: dict[type[models.Model], float] = defaultdict(float)

    def reserve(self, model: type[models.Model]) -> int:
        """The next id of `model`, for a row added later with `add(model, id=…)`."""
        pk = self.next_id.get(model)
        if pk is None:
            # After the table's highest id: a table that already holds rows keeps them.
            pk = (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
        self.next_id[model] = pk + 1
        return pk

    def add(self, model: type[models.Model], **values) -> int:
        """Buffer one row (field attnames → values) and return its id."""
        if "id" not in values:
            values["id"] = self.reserve(model)
        buffer = self.buffers[model]
        buffer.append(values)
        if len(buffer) >= self.batch:
            self.flush(model)
        return values["id"]

    def flush(self, model: type[models.Model]) -> None:
        rows = self.buffers.pop(model, [])
        if not rows:
            return
        started = time.monotonic()
        self.write(model, rows)
        self.seconds[model] += time.monotonic() - started
        self.counts[model] += len(rows)

    def write(self, model: type[models.Model], rows: list[Row]) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        """Write what is buffered, then move the id sequences past the ids chosen here."""
        for model in list(self.buffers):
            self.flush(model)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), list(self.next_id)):
                cursor.execute(sql)


class OrmWriter(Writer):
    """`bulk_create`: any database; fills auto_now fields and defaults as a save would."""

    def write(self, model: type[models.Model], rows: list[Row]) -> None:
        model.objects.bulk_create([model(**row) for row in rows], batch_size=self.batch)
