"""Set-based checks of a landed CSV, written as SQL over its all-text copy.

A file is first cast in one statement; only when a value refuses is it checked value by
value, with `pg_input_is_valid` on PostgreSQL 16+ and with patterns and ranges on 14 and
15. Each check is a CASE, so a cast only runs on text already accepted.
"""

from __future__ import annotations

from psycopg2 import sql

from loader.music_store import rules
from loader.music_store.schema import BY_NAME, SQL_TYPES, TableSpec

# Used to decide castability only on PostgreSQL 14 and 15, where pg_input_is_valid is missing.
INT_PATTERN = r"^\s*[+-]?[0-9]{1,10}\s*$"
BIGINT_PATTERN = r"^\s*[+-]?[0-9]{1,18}\s*$"
MONEY_PATTERN = r"^\s*[+-]?([0-9]{1,8}(\.[0-9]*)?|\.[0-9]+)\s*$"
TIMESTAMP_PATTERN = (
    r"^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?)?\s*$"
)


def _castable(kind: str, v: sql.Composable, has_input_check: bool) -> sql.Composable:
    """True when the non-null text `v` casts to the column's type without an error."""
    if has_input_check:
        return sql.SQL("pg_input_is_valid({}, {})").format(v, sql.Literal(SQL_TYPES[kind]))
    if kind == "int":
        check = (
            "case when {v} ~ {p} then {v}::bigint between -2147483648 and 2147483647 else false end"
        )
        pattern = INT_PATTERN
    elif kind == "timestamp":
        # The pattern, then a month, a day of that month and a time of day that exist.
        check = (
            "case when not {v} ~ {p} then false "
            "when substr(btrim({v}), 1, 4)::int < 1 "
            "or substr(btrim({v}), 6, 2)::int not between 1 and 12 then false "
            "else substr(btrim({v}), 9, 2)::int between 1 and extract(day from "
            "make_date(substr(btrim({v}), 1, 4)::int, substr(btrim({v}), 6, 2)::int, 1) "
            "+ interval '1 month - 1 day') "
            "and (length(btrim({v})) = 10 or (substr(btrim({v}), 12, 2)::int < 24 "
            "and substr(btrim({v}), 15, 2)::int < 60 "
            "and (length(btrim({v})) < 19 or substr(btrim({v}), 18, 2)::int < 60))) end"
        )
        pattern = TIMESTAMP_PATTERN
    else:
        check = "{v} ~ {p}"
        pattern = BIGINT_PATTERN if kind == "bigint" else MONEY_PATTERN
    return sql.SQL(check).format(v=v, p=sql.Literal(pattern))


def _sane(kind: str, v: sql.Composable) -> sql.Composable | None:
    """What a cast accepts but the store does not: words such as 'now' or 'NaN' where a
    timestamp or an amount belongs, and amounts the cast would round."""
    if kind == "timestamp":
        return sql.SQL("left(btrim({v}), 1) between '0' and '9'").format(v=v)
    if kind == "money":
        return sql.SQL("{v} ~ {p}").format(v=v, p=sql.Literal(rules.MONEY_TEXT))
    return None


def create_checked(
    cur,
    spec: TableSpec,
    text_table: sql.Identifier,
    checked: sql.Identifier,
    check_casts: bool,
    has_input_check: bool,
) -> None:
    """Typed copy of the text table: one row per record, a cast value per column, and
    `reason` saying what is wrong with the record's values (null when nothing is).

    With `check_casts` false every value is cast directly, and the statement fails on the
    first bad one; that is the fast path for files whose types are all good. With it true,
    each value is tested first and a bad one becomes null and a reason.
    """
    typed, reasons = [], []
    for c in spec.columns:
        name = sql.Identifier(c.name)
        v = sql.SQL("nullif({}, '')").format(name)
        if c.kind == "text":
            typed.append(sql.SQL("{} as {}").format(name, name))
        else:
            cast = sql.SQL("{}::{}").format(v, sql.SQL(SQL_TYPES[c.kind]))
            castable = _castable(c.kind, v, has_input_check)
            sane = _sane(c.kind, v)
            if check_casts:
                typed.append(sql.SQL("case when {} then {} end as {}").format(castable, cast, name))
                ok = castable if sane is None else sql.SQL("({} and {})").format(castable, sane)
            else:
                typed.append(sql.SQL("{} as {}").format(cast, name))
                ok = sane
            if ok is not None:
                reasons.append(
                    sql.SQL(
                        "case when {v} is not null and not {ok} "
                        "then {msg} || {q} || replace({v}, {q}, {qq}) || {q} end"
                    ).format(
                        v=v,
                        ok=ok,
                        msg=sql.Literal(rules.not_a(c.name, c.kind)),
                        q=sql.Literal("'"),
                        qq=sql.Literal("''"),
                    )
                )
        if c.minimum is not None:
            in_type = castable if check_casts else sql.SQL("true")
            reasons.append(
                # Nested CASE: the cast runs only on text already known to cast.
                sql.SQL(
                    "case when {v} is not null and {in_type} then "
                    "case when {cast} < {minimum} then {msg} || btrim({v}) end end"
                ).format(
                    v=v,
                    in_type=in_type,
                    cast=cast,
                    minimum=sql.Literal(c.minimum),
                    msg=sql.Literal(rules.below_minimum(c.name, c.minimum)),
                )
            )
        if c.required:
            reasons.append(
                sql.SQL("case when nullif({}, '') is null then {} end").format(
                    name, sql.Literal(rules.missing(c.name))
                )
            )
    cur.execute(
        sql.SQL(
            "create temp table {checked} on commit drop as "
            "select ordinal, coalesce(line_number, ordinal + 1) as line_number, {typed}, "
            "nullif(concat_ws('; ', {reasons}), '') as reason from {text_table}"
        ).format(
            checked=checked,
            typed=sql.SQL(", ").join(typed),
            reasons=sql.SQL(", ").join(reasons) if reasons else sql.SQL("null"),
            text_table=text_table,
        )
    )


def create_bad(cur, spec: TableSpec, checked: sql.Identifier, bad: sql.Identifier) -> None:
    """`bad` lists each record that must not land, with every reason found for it:
    a type or required-value problem, a dangling foreign key, or a repeated primary key
    (the first good occurrence lands, later ones are rejected)."""
    outside = [fk for fk in spec.foreign_keys if fk.parent != spec.name]
    joins, dangling = [], []
    for i, fk in enumerate(outside):
        alias = sql.Identifier(f"p{i}")
        col = sql.Identifier(fk.column)
        joins.append(
            sql.SQL("left join {parent} as {a} on {a}.{pc} = c.{col}").format(
                parent=BY_NAME[fk.parent].relation,
                a=alias,
                pc=sql.Identifier(fk.parent_column),
                col=col,
            )
        )
        dangling.append(
            sql.SQL(
                "case when c.{col} is not null and {a}.{pc} is null then {msg} || c.{col} "
                "|| {tail} end"
            ).format(
                col=col,
                a=alias,
                pc=sql.Identifier(fk.parent_column),
                msg=sql.Literal(rules.dangling(fk)[0]),
                tail=sql.Literal(rules.dangling(fk)[1]),
            )
        )
    pk = sql.SQL(", ").join(map(sql.Identifier, spec.primary_key))
    pk_text = sql.SQL(" || ', ' || ").join(
        sql.SQL("{}::text").format(sql.Identifier(c)) for c in spec.primary_key
    )
    any_dangling = sql.SQL(" or ").join(
        sql.SQL("(c.{col} is not null and p{i}.{pc} is null)").format(
            col=sql.Identifier(fk.column), i=sql.SQL(str(i)), pc=sql.Identifier(fk.parent_column)
        )
        for i, fk in enumerate(outside)
    )
    fk_bad = (
        sql.SQL(
            "select c.ordinal, concat_ws('; ', {dangling}) as reason from {checked} as c {joins} "
            "where c.reason is null and ({any_dangling})"
        ).format(
            dangling=sql.SQL(", ").join(dangling),
            checked=checked,
            joins=sql.SQL(" ").join(joins),
            any_dangling=any_dangling,
        )
        if outside
        else sql.SQL("select null::bigint as ordinal, null::text as reason where false")
    )
    # Repeated keys are found by hashing first; only their records are then ranked.
    cur.execute(
        sql.SQL(
            "create temp table {bad} on commit drop as "
            "with fk_bad as materialized ({fk_bad}), "
            "candidates as ("
            "  select * from {checked} as c where reason is null "
            "  and not exists (select 1 from fk_bad where fk_bad.ordinal = c.ordinal)"
            "), "
            "repeated as (select {pk} from candidates group by {pk} having count(*) > 1), "
            "ranked as ("
            "  select ordinal, {pk_text} as key_text, "
            "  row_number() over (partition by {pk} order by ordinal) as occurrence, "
            "  first_value(line_number) over (partition by {pk} order by ordinal) as first_line "
            "  from candidates join repeated using ({pk})"
            ") "
            "select ordinal, string_agg(reason, '; ') as reason from ("
            "  select ordinal, reason from {checked} where reason is not null "
            "  union all select ordinal, reason from fk_bad "
            "  union all select ordinal, {dup} || key_text || {dup_tail} || first_line "
            "  from ranked where occurrence > 1"
            ") as all_bad group by ordinal"
        ).format(
            bad=bad,
            fk_bad=fk_bad,
            pk_text=pk_text,
            pk=pk,
            checked=checked,
            dup=sql.Literal(rules.duplicate(spec.primary_key)[0]),
            dup_tail=sql.Literal(rules.duplicate(spec.primary_key)[1]),
        )
    )
    cur.execute(sql.SQL("create unique index on {} (ordinal)").format(bad))
    _reject_orphans_of_self_reference(cur, spec, checked, bad)


def _reject_orphans_of_self_reference(
    cur, spec: TableSpec, checked: sql.Identifier, bad: sql.Identifier
) -> None:
    """A self-reference (employee.reports_to) must point at a record that lands. Rejecting
    one record can orphan others, so repeat until nothing changes (an org chart is shallow)."""
    for fk in (fk for fk in spec.foreign_keys if fk.parent == spec.name):
        col, pc = sql.Identifier(fk.column), sql.Identifier(fk.parent_column)
        while True:
            cur.execute(
                sql.SQL(
                    "insert into {bad} (ordinal, reason) "
                    "select c.ordinal, {msg} || c.{col} || {tail} from {checked} as c "
                    "where c.{col} is not null "
                    "and not exists (select 1 from {bad} as b where b.ordinal = c.ordinal) "
                    "and not exists (select 1 from {checked} as p where p.{pc} = c.{col} "
                    "and not exists (select 1 from {bad} as b where b.ordinal = p.ordinal))"
                ).format(
                    bad=bad,
                    checked=checked,
                    col=col,
                    pc=pc,
                    msg=sql.Literal(rules.dangling(fk)[0]),
                    tail=sql.Literal(rules.dangling(fk)[1]),
                )
            )
            if cur.rowcount == 0:
                break


def csv_line(columns: list[str], alias: str) -> sql.Composable:
    """The record rebuilt as a CSV line from its text fields, for raw.load_rejects."""
    fields = [
        sql.SQL(
            "case when {a}.{c} is null then '' "
            "when {a}.{c} = '' or {a}.{c} ~ '[\",\\r\\n]' "
            "then '\"' || replace({a}.{c}, '\"', '\"\"') || '\"' else {a}.{c} end"
        ).format(a=sql.Identifier(alias), c=sql.Identifier(name))
        for name in columns
    ]
    return sql.SQL(" || ',' || ").join(fields)
