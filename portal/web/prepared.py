"""Querysets built and compiled once per process, run many times with new values.

A reader page's queries are the same every time but for a few values (the
time now, a slug): building the queryset and compiling it to SQL is a third
of an uncached front page's cost in Python. A `PreparedQuery` builds it
once per database (and per *shape*, the arguments that change the SQL
itself), finds where its variable values sit in the parameters, and from
then on only swaps the values in, runs the SQL through Django's cursor (so
query counts and logging still see it), and makes the model instances the
way Django's own iterator does, `select_related` and annotations included.
With server-side binding on PostgreSQL (DATABASE_PREPARED_STATEMENTS) the
same SQL text also becomes a prepared statement: no planning either.

    by_slug = PreparedQuery(lambda now, slug: Article.objects.published(now=now).filter(slug=slug),
                            now=datetime, slug=str)
    by_slug(now=timezone.now(), slug="oil")  # -> [Article]
"""

import datetime

from django.db import connections, router
from django.db.models.query import get_related_populators

#: Stand-ins no real value equals, one per type of variable value.
MARKERS = {
    datetime.datetime: lambda n: datetime.datetime(1903, 2, 3, 4, 5, 6, 1000 + n, tzinfo=datetime.UTC),
    str: lambda n: f"\ue000prepared-{n}\ue000",
    int: lambda n: -7_300_000_000 - n,
}


class Compiled:
    """One compiled form: the SQL, its parameters with the slots to fill, how to make the rows into objects."""

    def __init__(self, queryset, markers, using):
        connection = connections[using]
        compiler = queryset.query.get_compiler(using=using)
        self.sql, params = compiler.as_sql()
        self.params = list(params)
        self.slots = {}  # name -> [(position, adapt)]
        for name, marker in markers.items():
            forms = {marker: None}
            if isinstance(marker, datetime.datetime):
                # SQLite gets the time as text; PostgreSQL as it is.
                forms[connection.ops.adapt_datetimefield_value(marker)] = connection.ops.adapt_datetimefield_value
            slots = [(i, forms[p]) for i, p in enumerate(self.params) if _hashable(p) and p in forms]
            if not slots:
                raise ValueError(f"The value {name!r} does not reach the SQL of this query.")
            self.slots[name] = slots
        self.compiler = compiler
        self.klass_info = compiler.klass_info
        self.select = compiler.select
        self.annotations = compiler.annotation_col_map
        fields = [column[0] for column in compiler.select[0 : compiler.col_count]]
        self.converters = compiler.get_converters(fields)
        start, end = self.klass_info["select_fields"][0], self.klass_info["select_fields"][-1] + 1
        self.model_columns = (start, end)
        self.init_list = [column[0].target.attname for column in compiler.select[start:end]]

    def run(self, using, values):
        params = list(self.params)
        for name, slots in self.slots.items():
            value = values[name]
            for position, adapt in slots:
                params[position] = adapt(value) if adapt else value
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        return self.instances(using, rows)

    def instances(self, using, rows):
        """Model instances from rows, as django.db.models.query.ModelIterable makes them."""
        model = self.klass_info["model"]
        start, end = self.model_columns
        populators = get_related_populators(self.klass_info, self.select, using)
        objects = []
        for row in rows:
            obj = model.from_db(using, self.init_list, row[start:end])
            for populator in populators:
                populator.populate(row, obj)
            for name, position in (self.annotations or {}).items():
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects


def _hashable(value):
    try:
        hash(value)
    except TypeError:
        return False
    return True


class PreparedQuery:
    """`build(**values, **shape)` -> queryset; called with the values (and shape) -> list of instances."""

    #: Shapes kept per query: each is one compiled form per database; a few exist in practice.
    MAX_SHAPES = 64

    def __init__(self, build, **types):
        self.build = build
        self.markers = {name: MARKERS[kind](n) for n, (name, kind) in enumerate(types.items())}
        self.model = None
        self._compiled = {}

    def __call__(self, *, shape=(), **values):
        shape = tuple(sorted(dict(shape).items()))
        if self.model is None:
            self.model = self.build(**self.markers, **dict(shape)).model
        using = router.db_for_read(self.model)  # a replica when the router sends reads there
        compiled = self._compiled.get((shape, using))
        if compiled is None:
            compiled = Compiled(self.build(**self.markers, **dict(shape)), self.markers, using)
            if len(self._compiled) >= self.MAX_SHAPES:
                self._compiled.clear()
            self._compiled[(shape, using)] = compiled
        return compiled.run(using, values)
