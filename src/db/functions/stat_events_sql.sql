-- The generic event counter's upsert for one source over a row set; EXECUTEd by the caller, where transition
-- tables are visible. Expressions see the source row as `x`; rows count +value on insert, −value on delete, at every
-- ancestor of the division.
CREATE OR REPLACE FUNCTION stat_events_sql(source stat_event_source, rows_sql text)
  RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
  BEGIN
    RETURN format(
      'INSERT INTO stat_rollup AS r (measure, division_code, period, sex, birth_year, detail, value)
       SELECT %L, a.ancestor, to_char(%s, ''YYYY-MM''), '''', 0, coalesce((%s)::text, ''''),
         sum(x.stat_sign * (%s))
       FROM (%s) x, LATERAL stat_ancestors(x.%I) a
       WHERE (%s) IS NOT NULL AND (%s)
       GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.stat_sign * (%s)) <> 0
       ORDER BY 1, 2, 3, 4, 5, 6
       ON CONFLICT (measure, division_code, period, sex, birth_year, detail)
       DO UPDATE SET value = r.value + excluded.value',
      source.measure, source.date_expr, source.detail_expr, source.value_expr, rows_sql, source.division_column,
      source.date_expr, source.filter_expr, source.value_expr);
  END
$$
