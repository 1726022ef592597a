"""Small database helpers the ORM makes expensive on hot paths."""

from collections.abc import Sequence

from django.db import connections, router
from django.db.models import Model


def rows_update(objs: Sequence[Model], fields: Sequence[str]) -> int:
    """Write ``fields`` of ``objs`` (rows of one model) in one statement:
    ``UPDATE … SET f = CASE pk WHEN … THEN … END … WHERE pk IN (…)``.

    The statement ``QuerySet.bulk_update`` sends, without building an ORM
    expression per row and field: six rows of four fields cost ≈6 ms of CPU
    through ``bulk_update`` and a tenth of that here (the reception's "next",
    issue #16). Meant for a handful of rows (a queue's members), not thousands.
    Like ``bulk_update`` it sends no signals and returns the rows matched.
    """
    if not objs:
        return 0
    meta = type(objs[0])._meta
    connection = connections[router.db_for_write(type(objs[0]))]
    qn = connection.ops.quote_name
    pk = meta.pk
    ids = [pk.get_db_prep_value(obj.pk, connection) for obj in objs]
    sets, params = [], []
    for name in fields:
        field = meta.get_field(name)
        case = " ".join(["WHEN %s THEN %s"] * len(objs))
        expr = f"CASE {qn(pk.column)} {case} ELSE {qn(field.column)} END"
        if connection.features.requires_casted_case_in_updates:  # PostgreSQL
            expr = f"CAST({expr} AS {field.cast_db_type(connection)})"
        sets.append(f"{qn(field.column)} = {expr}")
        for pk_value, obj in zip(ids, objs, strict=True):
            params += [pk_value, field.get_db_prep_save(getattr(obj, field.attname), connection)]
    sql = (
        f"UPDATE {qn(meta.db_table)} SET {', '.join(sets)} "
        f"WHERE {qn(pk.column)} IN ({', '.join(['%s'] * len(ids))})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *ids])
        return cursor.rowcount
