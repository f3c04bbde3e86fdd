-- The code itself and every ancestor, one per level.
CREATE OR REPLACE FUNCTION stat_ancestors(code text)
  RETURNS TABLE(level integer, ancestor text) LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT t.l::int, rpad(left(code, t.len), 12, '0') COLLATE "C"
  FROM unnest(ARRAY[2, 4, 6, 9, 12]) WITH ORDINALITY AS t(len, l)
  WHERE t.l <= stat_level(code)
$$
