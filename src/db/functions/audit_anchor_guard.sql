-- Purge anchors are append-only (migration 2026-11-29T03).
CREATE OR REPLACE FUNCTION audit_anchor_guard()
  RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    RAISE EXCEPTION 'audit_anchor is append-only';
  END
$$
