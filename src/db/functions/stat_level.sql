-- Level of a 12-digit division code, as src/core/divisions.ts levelOf.
CREATE OR REPLACE FUNCTION stat_level(code text)
  RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN substr(code, 10, 3) <> '000' THEN 5 WHEN substr(code, 7, 3) <> '000' THEN 4
    WHEN substr(code, 5, 2) <> '00' THEN 3 WHEN substr(code, 3, 2) <> '00' THEN 2 ELSE 1 END
$$
