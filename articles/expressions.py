"""Query expressions that keep reader pages within their query budget."""

from django.db.models import JSONField, Subquery
from django.db.models.functions import JSONObject


class JSONList(Subquery):
    """A correlated subquery that returns related rows as a JSON list of objects.

    `JSONList(KeyTakeaway.objects.filter(article=OuterRef("pk")), text="text")`
    annotates each article with `[{"text": ...}, ...]` in the order of the
    queryset. Small child lists (takeaways, FAQ, corrections, disclosure
    labels) then come with the article's own row instead of costing a query
    each, so a page's query count stays fixed as features are added.
    Works on SQLite and PostgreSQL.
    """

    output_field = JSONField()

    def __init__(self, queryset, **fields):
        super().__init__(queryset.annotate(_item=JSONObject(**fields)).values("_item"))

    def as_sqlite(self, compiler, connection, **extra):
        template = "(SELECT COALESCE(json_group_array(json(_rows._item)), '[]') FROM (%(subquery)s) AS _rows)"
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_postgresql(self, compiler, connection, **extra):
        # jsonb, not json: Django reads jsonb as text and decodes it itself.
        template = "(SELECT COALESCE(jsonb_agg(_rows._item), '[]'::jsonb) FROM (%(subquery)s) AS _rows)"
        return self.as_sql(compiler, connection, template=template, **extra)
